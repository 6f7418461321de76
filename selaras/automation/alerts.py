"""Level 3 (Awas): the Kanwil of the province and Pusat are told at once.

``services.create_case`` (a level-3 report) and ``services.update_case`` (a case
raised to level 3) call ``alert_level3_on_commit`` inside their transaction; once
the change is committed a background task notifies the heads and handlers of both
offices and records on the timeline that it did. A failure there never undoes the
case change (it happens after the commit, in the worker).
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent, EventKind
from selaras.org.models import Role, Unit, UnitLevel

from .notify import notify
from .system import system_user

logger = logging.getLogger(__name__)

ALERT_ROLES = [Role.KEPALA, Role.PENANGAN]


def alert_level3_on_commit(*, case, event) -> None:
    """After the current transaction commits, enqueue the level-3 alert for this change
    (nothing inside ``selaras.notifications.quiet.silenced()``, e.g. an import)."""
    from selaras.notifications.quiet import is_silenced

    if is_silenced():
        return
    transaction.on_commit(partial(enqueue_level3_alert, case.pk, event.pk), robust=True)


def enqueue_level3_alert(case_id: int, event_id: int) -> None:
    from .tasks import alert_level3

    alert_level3.enqueue(case_id=case_id, event_id=event_id)


def alert_units(case: Case) -> list[Unit]:
    """The Kanwil of the case's province and Pusat (each once, active ones only)."""
    units = list(
        Unit.objects.filter(is_active=True, code=case.province_code, level=UnitLevel.PROVINSI)
    ) + list(Unit.objects.filter(is_active=True, level=UnitLevel.PUSAT).order_by("pk")[:1])
    return units


def send_level3_alert(case_id: int, event_id: int) -> dict:
    """Notify the Kanwil and Pusat of one level-3 change; idempotent per change (event)."""
    case = Case.objects.select_related("handling_unit").filter(pk=case_id).first()
    if case is None:
        return {"sent": []}
    units = alert_units(case)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Alert level 3 (Awas): %(number)s — %(title)s") % {
            "number": case.number, "title": case.title}
        body = _("Case %(number)s in %(place)s is at alert level 3 (violence, damage, "
                 "casualties or spreading). Handling office: %(office)s.") % {
            "number": case.number, "place": case.location_id, "office": case.handling_unit.name}
        names = ", ".join(u.name for u in units)
        reason = _("Alert level 3: %(offices)s notified at once.") % {"offices": names}
    with transaction.atomic():
        already = CaseEvent.objects.filter(case=case, kind=EventKind.AUTOMATION,
                                           action="level3_alert", data__trigger=event_id)
        if not already.exists():
            services.record_event(case=case, actor=system_user(), kind=EventKind.AUTOMATION,
                                  action="level3_alert", reason=reason,
                                  data={"trigger": event_id,
                                        "units": [u.code for u in units]})
    sent, failed = [], []
    for unit in units:
        try:
            notify(unit=unit, roles=ALERT_ROLES, kind="case_level3", case=case,
                   subject=subject, body=body,
                   dedupe_key=f"level3-alert:{case.pk}:{event_id}:{unit.code}")
            sent.append(unit.code)
        except Exception:  # noqa: BLE001 - one office's failure must not stop the other's
            logger.exception("level-3 alert for %s to %s failed", case.number, unit.code)
            failed.append(unit.code)
    if failed:
        raise RuntimeError(f"level-3 alert for {case.number} failed for {', '.join(failed)}")
    return {"sent": sent}
