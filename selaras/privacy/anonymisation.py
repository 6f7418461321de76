"""Applying the retention schedule: anonymise closed cases and persons, purge old records.

``anonymise_case`` is the service for one case: in one transaction it removes the
personal data listed in ``retention.CASE_FIELDS`` (through the model, so encrypted
fields work like plain ones), blanks notes and party notes, scrubs the old values of
those fields from the case's earlier "details changed" events, anonymises the persons
linked only to anonymised cases, and records one CaseEvent (``updated``, data
``{"anonymised": [...], "parties": [...]}``) that the audit trail mirrors. It runs at
most once per case (``AnonymisedCase``), so the job can run any number of times.
What stays: category, sub-category, scope, religions, region codes, dates, alert level,
legal stage, status, handling unit, outcome code, impacts and all counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases.models import Case, CaseEvent, EventKind, Status
from selaras.cases.services import record_event
from selaras.core.errors import ActionNotAllowed
from selaras.parties.models import CaseParty, Party, PartyKind

from .models import AnonymisedCase
from .retention import ANONYMISED_TEXT, CASE_FIELDS, PARTY_FIELDS, rule

BATCH = 200


@dataclass
class RetentionRun:
    cases: list[str] = field(default_factory=list)
    parties: list[int] = field(default_factory=list)
    notifications: int = 0
    sessions: int = 0

    def summary(self) -> dict:
        return {"cases_anonymised": len(self.cases), "parties_anonymised": len(self.parties),
                "notifications_deleted": self.notifications,
                "sessions_deleted": self.sessions}


def _derived_fields(model, sources) -> list[str]:
    """Columns computed from the anonymised ones on save (keyed hashes for search)."""
    return [f.name for f in model._meta.concrete_fields
            if getattr(f, "source", None) in sources]


def _party_is_anonymised(party: Party) -> bool:
    return all(getattr(party, name) == value for name, value in PARTY_FIELDS.items())


def anonymise_party(party: Party) -> bool:
    """Remove a person's personal data (once). Callers record why, in their transaction."""
    if party.kind != PartyKind.PERORANGAN or _party_is_anonymised(party):
        return False
    for name, value in PARTY_FIELDS.items():
        setattr(party, name, value)
    party.save()
    return True


def _scrub_events(case: Case) -> None:
    """Old values of anonymised fields must not survive in the case's timeline."""
    for event in CaseEvent.objects.filter(case=case, kind=EventKind.UPDATED):
        changes = (event.data or {}).get("changes")
        if not isinstance(changes, dict):
            continue
        touched = False
        for name in CASE_FIELDS:
            if name in changes:
                changes[name] = [ANONYMISED_TEXT, ANONYMISED_TEXT]
                touched = True
        if touched:
            event.save(update_fields=["data"])


def anonymise_case(*, case: Case, actor) -> AnonymisedCase | None:
    """Anonymise one closed case; None if it already was. See the module docstring."""
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if AnonymisedCase.objects.filter(case=current).exists():
            return None
        if current.status != Status.DITUTUP:
            raise ActionNotAllowed(_("Only closed cases are anonymised."))
        fields = []
        for name, value in CASE_FIELDS.items():
            if getattr(current, name) != value:
                setattr(current, name, value)
                fields.append(name)
        current.version += 1
        current.save(update_fields=[*CASE_FIELDS, *_derived_fields(Case, CASE_FIELDS),
                                    "version", "updated_at"])
        notes = 0
        for note in current.notes.all():
            if note.body != ANONYMISED_TEXT:
                note.body = ANONYMISED_TEXT
                note.save(update_fields=["body"])
                notes += 1
        if notes:
            fields.append("notes")
        links = list(CaseParty.objects.filter(case=current).select_related("party"))
        if any(link.note for link in links):
            fields.append("party_notes")
        for link in links:
            if link.note:
                link.note = ""
                link.save(update_fields=["note"])
        # The source system's free "extra" JSON of an intake (e.g. a chatbot session) is
        # shown only to those who see personal data: it goes with the personal data.
        from selaras.integration.models import ExternalReference

        if ExternalReference.objects.filter(case=current).exclude(extra={}).update(extra={}):
            fields.append("external_ref_extra")
        _scrub_events(current)
        record = AnonymisedCase.objects.create(case=current, fields=fields)
        parties = []
        for party in {link.party for link in links}:
            others = CaseParty.objects.filter(party=party).exclude(case=current).filter(
                case__anonymisation__isnull=True)
            if not others.exists() and anonymise_party(party):
                parties.append(party.pk)
        record.parties = sorted(parties)
        record.save(update_fields=["parties"])
        record_event(
            case=current, actor=actor, kind=EventKind.UPDATED, action="anonymised",
            reason=_("Retention period ended: personal data removed (UU 27/2022)."),
            data={"anonymised": fields, "parties": sorted(parties)},
        )
    case.refresh_from_db()
    return record


def cases_due(now):
    """Closed cases whose retention period has ended and that still hold personal data."""
    period = rule("closed_case_personal_data").period
    if period is None:
        return Case.objects.none()
    return (Case.objects.filter(status=Status.DITUTUP, closed_at__lt=now - period,
                                anonymisation__isnull=True)
            .order_by("closed_at", "pk"))


def unlinked_persons_due(now):
    """Persons linked to no case at all, untouched for longer than the period."""
    period = rule("party_personal_data").period
    if period is None:
        return Party.objects.none()
    linked = CaseParty.objects.filter(party=OuterRef("pk"))
    return (Party.objects.filter(kind=PartyKind.PERORANGAN, updated_at__lt=now - period)
            .exclude(Exists(linked)).exclude(name=ANONYMISED_TEXT))


def _purge_queries(now):
    from django.contrib.sessions.models import Session

    from selaras.notifications.models import Notification

    notifications = Notification.objects.none()
    period = rule("notifications").period
    if period is not None:
        notifications = Notification.objects.filter(created_at__lt=now - period)
    return notifications, Session.objects.filter(expire_date__lt=now)


def plan(now=None) -> RetentionRun:
    """What a run would do, changing nothing (``manage.py anonymise --dry-run``)."""
    now = now or timezone.now()
    notifications, sessions = _purge_queries(now)
    return RetentionRun(
        cases=list(cases_due(now).values_list("number", flat=True)),
        parties=list(unlinked_persons_due(now).values_list("pk", flat=True)),
        notifications=notifications.count(),
        sessions=sessions.count(),
    )


def apply_retention(now=None, *, batch: int = BATCH) -> RetentionRun:
    """One pass of the schedule; idempotent (a second pass right after does nothing)."""
    from selaras.audit.services import security
    from selaras.automation.system import system_user

    now = now or timezone.now()
    run = RetentionRun()
    actor = system_user()
    for case in cases_due(now)[:batch]:
        record = anonymise_case(case=case, actor=actor)
        if record is not None:
            run.cases.append(case.number)
            run.parties.extend(record.parties)
    for party in unlinked_persons_due(now)[:batch]:
        with transaction.atomic():
            if anonymise_party(party):
                security("party_anonymised", actor=actor, object_type="party",
                         object_id=party.pk, data={"reason": "retention"})
                run.parties.append(party.pk)
    notifications, sessions = _purge_queries(now)
    run.notifications = notifications.delete()[1].get("notifications.Notification", 0)
    run.sessions = sessions.delete()[1].get("sessions.Session", 0)
    return run
