"""Reads for case handling, shared by the web UI and the API.

Rows of one case are read through a case the caller already fetched with the
case selectors (``get_case``: 404 outside jurisdiction). Cross-case reads
(``my_tasks``) start from ``Case.objects.restrict(user, "view")``.
"""

from django.db import models
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from selaras.cases.models import Case
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role

from .models import Agreement, HandlingAction, Impact, Referral, Task, TaskStatus

HANDLER_ROLES = (Role.PENANGAN, Role.KEPALA)


def my_tasks(user, *, open_only: bool = False) -> QuerySet:
    """Tasks assigned to the user, or to an office where they are penangan/kepala, on cases
    they can see. Open tasks first, overdue ones first among them, then by due date."""
    unit_ids = {g.unit_id for g in grants_for(user) if g.role in HANDLER_ROLES}
    mine = Q(assignee_user=user) if getattr(user, "pk", None) else Q(pk__in=[])
    if unit_ids:
        mine |= Q(assignee_unit_id__in=unit_ids)
    today = timezone.localdate()
    queryset = (
        Task.objects.filter(mine, case__in=Case.objects.restrict(user, "view"))
        .select_related("case", "assignee_user", "assignee_unit")
        .annotate(
            open_rank=models.Case(When(status=TaskStatus.OPEN, then=Value(0)), default=Value(1),
                            output_field=IntegerField()),
            overdue_rank=models.Case(
                When(status=TaskStatus.OPEN, due_date__lt=today, then=Value(0)),
                default=Value(1), output_field=IntegerField(),
            ),
        )
        .order_by("open_rank", "overdue_rank", "due_date", "id")
    )
    if open_only:
        queryset = queryset.filter(status=TaskStatus.OPEN)
    return queryset


def case_impact(case: Case) -> Impact | None:
    return Impact.objects.filter(case=case).first()


def case_actions(case: Case) -> QuerySet:
    return (
        HandlingAction.objects.filter(case=case)
        .select_related("created_by")
        .prefetch_related("participant_parties")
        .order_by("date", "id")
    )


def case_tasks(case: Case) -> QuerySet:
    return (
        Task.objects.filter(case=case)
        .select_related("assignee_user", "assignee_unit")
        .order_by("status", "due_date", "id")
    )


def case_agreements(case: Case) -> QuerySet:
    return (
        Agreement.objects.filter(case=case)
        .prefetch_related("parties", "follow_ups")
        .order_by("signed_on", "id")
    )


def case_referrals(case: Case) -> QuerySet:
    return Referral.objects.filter(case=case).order_by("referred_on", "id")
