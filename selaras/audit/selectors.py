"""Which audit entries an auditor sees: their subtree's cases and users (Pusat: all)."""

from datetime import datetime, time

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from selaras.cases.models import Case
from selaras.org.models import PUSAT_CODE, Membership, Role

from .models import AuditEntry, AuditKind


def auditor_units(user):
    if not user.is_authenticated or not user.is_active:
        return []
    return [m.unit for m in Membership.objects.filter(user=user, role=Role.AUDITOR)
            .select_related("unit")]


def visible_entries(user):
    """Entries the auditor may read; 404 for anyone without an auditor membership."""
    units = auditor_units(user)
    if not units:
        raise Http404
    qs = AuditEntry.objects.all()
    if any(u.code == PUSAT_CODE for u in units):
        return qs
    paths = Q()
    for u in units:
        paths |= Q(unit__path__startswith=u.path)
    users = Membership.objects.filter(paths).values("user_id")
    cases = Case.objects.restrict(user, "view").values("number")
    return qs.filter(
        Q(kind=AuditKind.CASE_EVENT, case_number__in=cases)
        | Q(kind=AuditKind.SECURITY, subject_id__in=users)
        | Q(kind=AuditKind.SECURITY, actor_id__in=users)
    )


def _date(value):
    try:
        return datetime.strptime((value or "").strip(), "%Y-%m-%d").date()
    except ValueError:
        return None


def apply_filters(qs, params):
    """Filter by user (username), case number, action, period (YYYY-MM-DD); bad dates ignored."""
    errors = []
    if user := (params.get("user") or "").strip():
        qs = qs.filter(Q(actor_label__iexact=user) | Q(data__username=user))
    if case := (params.get("case") or "").strip():
        qs = qs.filter(case_number__iexact=case)
    if action := (params.get("action") or "").strip():
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    for key, lookup, bound in (("from", "gte", time.min), ("to", "lte", time.max)):
        raw = (params.get(key) or "").strip()
        if not raw:
            continue
        day = _date(raw)
        if day is None:
            errors.append(key)
            continue
        qs = qs.filter(**{f"created_at__{lookup}": datetime.combine(day, bound, tzinfo=tz)})
    return qs, errors
