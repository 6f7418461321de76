"""The access log: who looked at a confidential case or at unmasked personal data.

Each entry is a security event in the hash-chained audit trail (``AuditEntry``,
kind ``security``), so the access log is append-only and tamper-evident like the
rest of the trail, and auditors read and filter it in the audit viewer
(``/audit/?action=personal_data_shown`` or ``confidential_case_viewed``).

Views call :func:`log_personal_data_view` once, after the object has been fetched
through the scoped selectors (a 404 is never logged). Repeated views of the same
object by the same user within ``ACCESS_LOG_THROTTLE_SECONDS`` (10 minutes by
default) make one entry, so the log stays readable.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import AuditEntry, AuditKind
from .services import append

CONFIDENTIAL_CASE_VIEWED = "confidential_case_viewed"
PERSONAL_DATA_SHOWN = "personal_data_shown"
ACTIONS = (CONFIDENTIAL_CASE_VIEWED, PERSONAL_DATA_SHOWN)

REASONS = {
    CONFIDENTIAL_CASE_VIEWED: "confidential case viewed",
    PERSONAL_DATA_SHOWN: "personal data shown",
}


def _user_and_address(user_or_request):
    request = user_or_request if hasattr(user_or_request, "META") else None
    if request is None:
        return user_or_request, ""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    return user, request.META.get("REMOTE_ADDR", "")


def case_shows_personal_data(case) -> bool:
    """The case has personal data to show: the reporter, or a person among its parties."""
    if case.reporter_name or case.reporter_contact:
        return True
    from selaras.parties.models import CaseParty, PartyKind

    return CaseParty.objects.filter(case=case, party__kind=PartyKind.PERORANGAN).exists()


def _throttled(user, action: str, object_type: str, object_id: str) -> bool:
    seconds = getattr(settings, "ACCESS_LOG_THROTTLE_SECONDS", 600)
    if seconds <= 0:
        return False
    key = f"access-log:{user.pk}:{action}:{object_type}:{object_id}"
    if not cache.add(key, 1, timeout=seconds):
        return True
    since = timezone.now() - timedelta(seconds=seconds)
    return AuditEntry.objects.filter(
        kind=AuditKind.SECURITY, action=action, actor_id=user.pk, object_type=object_type,
        object_id=object_id, created_at__gte=since,
    ).exists()


def record(user, action: str, *, object_type: str, object_id, case_number: str = "",
           via: str = "", address: str = "") -> AuditEntry | None:
    """Append one access-log entry unless the same one was written moments ago."""
    if user is None or not getattr(user, "pk", None):
        return None
    object_id = str(object_id)
    if _throttled(user, action, object_type, object_id):
        return None
    return append(
        kind=AuditKind.SECURITY, action=action, actor=user, subject_id=user.pk,
        object_type=object_type, object_id=object_id, case_number=case_number,
        data={"reason": REASONS[action], "via": via, "address": address},
    )


def log_personal_data_view(user_or_request, *, case=None, party=None, attachment=None,
                           via: str = "") -> list[AuditEntry]:
    """Log this view if it shows a confidential case or unmasked personal data.

    * ``case``: ``confidential_case_viewed`` when the case is confidential, and
      ``personal_data_shown`` when the user sees its personal data unmasked
      (``cases.access.sees_personal_data``) and it has some.
    * ``attachment`` (of ``attachment.case``): ``confidential_case_viewed`` when
      that case is confidential.
    * ``party``: ``personal_data_shown`` when the party is a person and the user
      sees personal data unmasked (``parties.access.sees_personal_data``).
    """
    user, address = _user_and_address(user_or_request)
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    entries = []

    def add(action, object_type, object_id, case_number=""):
        entry = record(user, action, object_type=object_type, object_id=object_id,
                       case_number=case_number, via=via, address=address)
        if entry is not None:
            entries.append(entry)

    if attachment is not None:
        if attachment.case.confidential:
            add(CONFIDENTIAL_CASE_VIEWED, "attachment", attachment.pk, attachment.case.number)
    elif case is not None:
        from selaras.cases import access

        if case.confidential:
            add(CONFIDENTIAL_CASE_VIEWED, "case", case.number, case.number)
        if access.sees_personal_data(user, case) and case_shows_personal_data(case):
            add(PERSONAL_DATA_SHOWN, "case", case.number, case.number)
    if party is not None:
        from selaras.parties import access as party_access
        from selaras.parties.models import PartyKind

        if party.kind == PartyKind.PERORANGAN and party_access.sees_personal_data(user):
            add(PERSONAL_DATA_SHOWN, "party", party.pk)
    return entries
