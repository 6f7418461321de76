"""Related cases and merging a duplicate into its original.

Related cases
    ``link_related`` / ``unlink_related`` record that two cases belong together
    (the same actors, the same place, one conflict flaring up again). The link has
    no direction and is listed from both sides (``related_cases``). Rule: both
    cases must be visible to the actor, and the actor may ``change`` the case they
    act from (``case``); the other case only needs to be visible. Each write puts
    an event (kind ``relation``) on BOTH timelines.

Merging a duplicate (``merge_duplicate``)
    The duplicate becomes ``ditolak`` with ``reject_reason="duplikat"`` and
    ``duplicate_of=original``, and its parties, notes and attachments move to the
    original; both timelines list what moved. The status change is a row of the
    workflow table, applied through ``services.perform_transition``:

    * a duplicate still ``dilaporkan`` goes through ``reject`` (the foundation's
      duplicate rejection);
    * a duplicate further along (``terverifikasi``, ``ditangani``,
      ``pemantauan``) goes through ``merge``, a row of the table with those
      sources, target ``ditolak``, role kepala and a required reason. That row is
      applied only from here (``extra["service"]``; ``perform_transition``
      refuses it otherwise and ``available_transitions`` does not offer it), so
      merging can never change the status without moving the content.
    * a duplicate that is ``selesai``, ``ditutup`` or ``ditolak`` cannot be merged
      (reopen it first, or it is already rejected).

    Who may merge: whoever may apply that row to the duplicate (kepala of its
    handling unit or above). The original only needs to be visible: a KUA that
    finds the same conflict already handled by its Kankemenag merges into it.
    Refused (``ValidationError`` on ``original``, nothing changed): an original
    the actor cannot see (the same message as an unknown number — it does not
    exist for them), the duplicate itself, a rejected case (a duplicate is merged
    into the original of that one instead), a closed case (reopen it first), a
    case whose chain of ``duplicate_of`` leads back to the duplicate, and a
    confidential duplicate into a case that is not confidential (its notes and
    evidence would reach a wider audience).

    Party links that the original already has (same party, same role) stay on
    the duplicate and are listed as skipped. Moved rows are re-pointed one by one
    with ``save()`` (no ``QuerySet.update()`` on audited models).
"""

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError

from . import access
from .models import Case, CaseRelation, EventKind, Note, RelationKind, Status
from .services import _clean_text, perform_transition, record_event
from .workflow import TRANSITIONS

MAX_REASON = 2000
MAX_DUPLICATE_CHAIN = 50


def _visible_case(actor, value, *, field: str) -> Case:
    """A case given as instance or number that the actor can see; else the same message
    as for a number that does not exist."""
    number = value.number if isinstance(value, Case) else str(value or "").strip()
    if not number:
        raise ValidationError({field: [_("Give the number of the other case.")]})
    found = (Case.objects.restrict(actor, "view").select_related("handling_unit")
             .filter(number=number).first())
    if found is None:
        raise ValidationError({field: [_("No case '%(number)s' that you can see.") % {
            "number": number[:60]}]})
    return found


def _lock(*cases: Case) -> None:
    """Lock the cases' rows in primary-key order (two merges never deadlock) and bump
    their versions; every service write does (ETags rely on it)."""
    for current in (Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases])
                    .order_by("pk")):
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        for case in cases:
            if case.pk == current.pk:
                case.version = current.version


def _relation_q(a: Case, b: Case) -> Q:
    low, high = sorted((a.pk, b.pk))
    return Q(from_case_id=low, to_case_id=high, kind=RelationKind.RELATED)


# --------------------------------------------------------------------------- related cases


def related_cases(user, case: Case) -> QuerySet:
    """The cases linked to ``case`` (either side of the link) that ``user`` can see."""
    linked = CaseRelation.objects.filter(Q(from_case=case) | Q(to_case=case))
    ids = {pk for pair in linked.values_list("from_case_id", "to_case_id") for pk in pair}
    ids.discard(case.pk)
    return (Case.objects.restrict(user, "view").with_list_related().filter(pk__in=ids)
            .order_by("-reported_at", "-id"))


def link_related(*, actor, case: Case, other, reason: str = "") -> CaseRelation:
    """Link ``case`` (which the actor may change) with ``other`` (a visible case or number)."""
    if not access.can(actor, "change", case):
        raise PermissionDenied(_("You may not change this case."))
    reason = _clean_text(reason, field="reason", required=False, max_length=MAX_REASON)
    other_case = _visible_case(actor, other, field="other")
    if other_case.pk == case.pk:
        raise ValidationError({"other": [_("A case cannot be related to itself.")]})
    already = {"other": [_("These cases are already linked.")]}
    if CaseRelation.objects.filter(_relation_q(case, other_case)).exists():
        raise ValidationError(already)
    low, high = sorted((case, other_case), key=lambda c: c.pk)
    try:
        with transaction.atomic():
            _lock(case, other_case)
            relation = CaseRelation.objects.create(from_case=low, to_case=high,
                                                   created_by=actor)
            for this, that in ((case, other_case), (other_case, case)):
                record_event(case=this, actor=actor, kind=EventKind.RELATION, action="linked",
                             reason=reason, data={"relation_id": relation.pk,
                                                  "other_case": that.number})
    except IntegrityError:
        raise ValidationError(already) from None
    return relation


def unlink_related(*, actor, case: Case, other, reason: str = "") -> None:
    """Remove the link between ``case`` (which the actor may change) and ``other``."""
    if not access.can(actor, "change", case):
        raise PermissionDenied(_("You may not change this case."))
    reason = _clean_text(reason, field="reason", required=False, max_length=MAX_REASON)
    other_case = _visible_case(actor, other, field="other")
    relation = CaseRelation.objects.filter(_relation_q(case, other_case)).first()
    if relation is None:
        raise ValidationError({"other": [_("These cases are not linked.")]})
    with transaction.atomic():
        _lock(case, other_case)
        relation_id = relation.pk
        relation.delete()
        for this, that in ((case, other_case), (other_case, case)):
            record_event(case=this, actor=actor, kind=EventKind.RELATION, action="unlinked",
                         reason=reason, data={"relation_id": relation_id,
                                              "other_case": that.number})


# --------------------------------------------------------------------------- merging


def merge_action(duplicate: Case) -> str:
    """The workflow row that rejects this duplicate: ``reject`` at intake, else ``merge``."""
    return "reject" if duplicate.status == Status.DILAPORKAN else "merge"


def _check_original(duplicate: Case, original: Case) -> None:
    if original.pk == duplicate.pk:
        raise ValidationError({"original": [_("A case cannot be merged into itself.")]})
    if original.status == Status.DITOLAK:
        if original.duplicate_of_id:
            message = _("Case %(number)s was rejected as a duplicate of %(original)s; merge "
                        "into %(original)s instead.") % {
                "number": original.number, "original": original.duplicate_of.number}
        else:
            message = _("Case %(number)s was rejected; a case cannot be merged into it.") % {
                "number": original.number}
        raise ValidationError({"original": [message]})
    if original.status == Status.DITUTUP:
        raise ValidationError({"original": [
            _("Case %(number)s is closed; reopen it first.") % {"number": original.number}]})
    # duplicate_of chains end at a case that is not rejected; guard against a loop anyway.
    seen, step = set(), original
    while step is not None and step.duplicate_of_id and len(seen) < MAX_DUPLICATE_CHAIN:
        if step.duplicate_of_id == duplicate.pk:
            raise ValidationError({"original": [
                _("Case %(number)s is already merged into this one; merging back would make "
                  "a loop.") % {"number": original.number}]})
        seen.add(step.pk)
        step = Case.objects.filter(pk=step.duplicate_of_id).first()
    if duplicate.confidential and not original.confidential:
        raise ValidationError({"original": [
            _("This case is confidential and case %(number)s is not: its notes and "
              "attachments would become visible to more people. Mark %(number)s "
              "confidential first, or link the cases as related instead.") % {
                "number": original.number}]})


def merge_duplicate(*, actor, duplicate: Case, original, reason: str) -> Case:
    """Reject ``duplicate`` as a duplicate of ``original`` and move its parties, notes and
    attachments there. Returns the updated duplicate. See the module docstring for the
    rules; refusals change nothing."""
    from selaras.evidence.models import Attachment
    from selaras.parties.models import CaseParty

    action = merge_action(duplicate)
    transition = TRANSITIONS[action]
    if not access.can(actor, action, duplicate):
        raise PermissionDenied(_("Your role does not allow merging this case."))
    reason = _clean_text(reason, field="reason", required=True, max_length=MAX_REASON)
    original_case = _visible_case(actor, original, field="original")
    _check_original(duplicate, original_case)
    if duplicate.status not in transition.sources:
        raise ActionNotAllowed(
            _("A case that is '%(status)s' cannot be merged; only an open case can.") % {
                "status": duplicate.get_status_display()})

    with transaction.atomic():
        _lock(duplicate, original_case)
        # Judge the original again under the lock: it may have changed meanwhile.
        original_case.refresh_from_db()
        _check_original(duplicate, original_case)
        updated = perform_transition(
            actor=actor, case=duplicate, action=action, reason=reason,
            reject_reason="duplikat", duplicate_of=original_case,
            via_service=bool(transition.extra.get("service")),
        )
        moved_parties, skipped_parties = [], []
        taken = set(CaseParty.objects.filter(case=original_case)
                    .values_list("party_id", "role"))
        for link in CaseParty.objects.filter(case=duplicate).order_by("id"):
            entry = {"link_id": link.pk, "party_id": link.party_id, "role": link.role}
            if (link.party_id, link.role) in taken:
                skipped_parties.append(entry)
                continue
            link.case = original_case
            link.save(update_fields=["case"])
            taken.add((link.party_id, link.role))
            moved_parties.append(entry)
        moved_notes = []
        for note in Note.objects.filter(case=duplicate).order_by("id"):
            note.case = original_case
            note.save(update_fields=["case"])
            moved_notes.append(note.pk)
        moved_attachments = []
        for attachment in Attachment.objects.filter(case=duplicate).order_by("id"):
            attachment.case = original_case
            attachment.save(update_fields=["case"])
            moved_attachments.append({"attachment_id": attachment.pk,
                                      "sha256": attachment.sha256})
        moved = {"parties": moved_parties, "parties_skipped": skipped_parties,
                 "notes": moved_notes, "attachments": moved_attachments}
        record_event(case=updated, actor=actor, kind=EventKind.RELATION, action="merged_into",
                     reason=reason, data={"original": original_case.number, **moved})
        record_event(case=original_case, actor=actor, kind=EventKind.RELATION,
                     action="merged_from", reason=reason,
                     data={"duplicate": updated.number, **moved})
    updated.refresh_from_db()
    duplicate.refresh_from_db()
    return updated
