"""Writes for registry links. Who may: whoever may ``change`` the case (penangan and
kepala of the handling unit or above). Each write records a CaseEvent (kind
``registry_link``) in its transaction; bad input raises one ``ValidationError``
with a field dict and writes nothing. Closed or rejected cases do not change.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from selaras.cases import access as case_access
from selaras.cases.models import Case, EventKind, Status
from selaras.cases.services import record_event
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.parties.cleaning import Errors, lock_case

from .formats import FORMATS, MAX_EXTERNAL_ID, Registry
from .models import RegistryLink

MAX_LABEL = 200
MAX_REASON = 2000
FROZEN_STATUSES = (Status.DITUTUP, Status.DITOLAK)


def clean_external_id(registry: str, raw, errors: Errors, *, field: str = "external_id"):
    value = errors.text(raw, field=field, max_length=MAX_EXTERNAL_ID, required=True)
    if not value or registry not in FORMATS:
        return None
    id_format = FORMATS[registry]
    value = id_format.normalise(value)
    if not id_format.matches(value):
        errors.add(field, _("%(rule)s For example: %(example)s.") % {
            "rule": id_format.description, "example": id_format.example})
        return None
    return value


def _require_change(actor, case: Case) -> None:
    if not case_access.can(actor, "change", case):
        raise PermissionDenied(_("You may not change the registry links of this case."))


def add_registry_link(*, actor, case: Case, registry: str, external_id: str,
                      label: str = "") -> RegistryLink:
    """Point the case at a record in SIMAS, SIWAK, SIMKAH or EMIS (id format checked)."""
    _require_change(actor, case)
    errors = Errors()
    registry = errors.choice(registry, Registry, field="registry")
    external_id = clean_external_id(registry, external_id, errors)
    label = errors.text(label, field="label", max_length=MAX_LABEL)
    if label and "\x00" in label:
        errors.add("label", _("Contains a character that is not allowed."))
    errors.raise_if_any()
    if case.status in FROZEN_STATUSES:
        raise ActionNotAllowed(_("A closed or rejected case cannot be changed; reopen it first."))
    duplicate = {"external_id": [_("This case already links to this record.")]}
    if RegistryLink.objects.filter(case=case, registry=registry,
                                   external_id=external_id).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic():
            lock_case(case)
            link = RegistryLink.objects.create(case=case, registry=registry,
                                               external_id=external_id, label=label,
                                               created_by=actor)
            record_event(case=case, actor=actor, kind=EventKind.REGISTRY_LINK, action="added",
                         data={"link_id": link.pk, "registry": registry,
                               "external_id": external_id, "label": label})
    except IntegrityError:
        raise ValidationError(duplicate) from None
    return link


def remove_registry_link(*, actor, case: Case, link, reason: str = "") -> None:
    """Remove a link (a wrong id, say); the timeline keeps what it was."""
    _require_change(actor, case)
    errors = Errors()
    reason = errors.text(reason, field="reason", max_length=MAX_REASON)
    pk = link.pk if isinstance(link, RegistryLink) else link
    link_obj = (RegistryLink.objects.filter(pk=pk, case=case).first()
                if str(pk).isdigit() else None)
    if link_obj is None:
        errors.add("link", _("This case has no such registry link."))
    errors.raise_if_any()
    if case.status in FROZEN_STATUSES:
        raise ActionNotAllowed(_("A closed or rejected case cannot be changed; reopen it first."))
    with transaction.atomic():
        lock_case(case)
        data = {"link_id": link_obj.pk, "registry": link_obj.registry,
                "external_id": link_obj.external_id, "label": link_obj.label}
        link_obj.delete()
        record_event(case=case, actor=actor, kind=EventKind.REGISTRY_LINK, action="removed",
                     reason=reason, data=data)
