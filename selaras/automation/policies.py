"""Editing the deadline policies (Pusat only) and applying them to open cases."""

from django.db import transaction
from django.utils.translation import gettext as _

from selaras.cases.deadlines import STEP_BY_STATUS, compute_due_at
from selaras.cases.models import Case
from selaras.core.errors import PermissionDenied, ValidationError
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role, UnitLevel

from .models import DeadlinePolicy

EDITOR_ROLES = frozenset({Role.KEPALA, Role.ADMIN})


def may_edit_policies(user) -> bool:
    """Heads and admins at Pusat."""
    return any(g.role in EDITOR_ROLES and g.unit_level == UnitLevel.PUSAT
               for g in grants_for(user))


def save_policy(*, actor, alert_level: int, category=None, verify_hours: int,
                first_action_hours: int, resolve_days: int) -> DeadlinePolicy:
    """Create or change the policy of (level, category); open cases get the new deadlines."""
    if not may_edit_policies(actor):
        raise PermissionDenied(_("Only Pusat may change the deadlines."))
    errors = {}
    for field, value, high in (("verify_hours", verify_hours, 24 * 365),
                               ("first_action_hours", first_action_hours, 24 * 365),
                               ("resolve_days", resolve_days, 3650)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= high:
            errors[field] = [_("Must be a whole number from 1 to %(high)d.") % {"high": high}]
    if alert_level not in (1, 2, 3):
        errors["alert_level"] = [_("Choose an alert level.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy, _created = DeadlinePolicy.objects.update_or_create(
            alert_level=alert_level, category=category,
            defaults={"verify_hours": verify_hours, "first_action_hours": first_action_hours,
                      "resolve_days": resolve_days, "updated_by": actor},
        )
        transaction.on_commit(lambda: _enqueue_recompute(alert_level), robust=True)
    return policy


def delete_policy(*, actor, policy: DeadlinePolicy) -> None:
    """Remove a category's own policy (the level's default cannot be removed)."""
    if not may_edit_policies(actor):
        raise PermissionDenied(_("Only Pusat may change the deadlines."))
    if policy.category_id is None:
        raise ValidationError({"policy": _("The default of a level cannot be removed.")})
    level = policy.alert_level
    with transaction.atomic():
        policy.delete()
        transaction.on_commit(lambda: _enqueue_recompute(level), robust=True)


def _enqueue_recompute(alert_level: int) -> None:
    from .tasks import recompute_due_dates

    recompute_due_dates.enqueue(alert_level=alert_level)


def recompute_due_dates(alert_level: int) -> int:
    """Give the open cases of one level the deadline the policies now say; count the changes.

    Only ``due_at`` is written (a derived field, not an audited change of the case).
    """
    changed = 0
    cases = Case.objects.filter(alert_level=alert_level, status__in=list(STEP_BY_STATUS))
    for case in cases.iterator(chunk_size=500):
        due_at = compute_due_at(case)
        if due_at != case.due_at:
            case.due_at = due_at
            case.save(update_fields=["due_at"])
            changed += 1
    return changed
