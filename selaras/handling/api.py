"""API v1: what an officer does on a case — impact, actions, tasks, agreements, referrals —
and "my tasks".

Thin handlers: the case comes from ``visible_case`` (404 outside jurisdiction), rows of
the case from ``selectors``, every write from ``services`` (which check the role, the
case's state and the values, and record the timeline event). A task, agreement or
referral id that is unknown or belongs to another case is 404.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from selaras.cases.api_handling import READ_ERRORS, WRITE_ERRORS, in_case, visible_case
from selaras.core.api import ErrorOut, paginate
from selaras.parties.schemas import CaseMasking

from . import selectors, services
from .models import Agreement, Referral, Task
from .schemas import (
    ActionIn,
    ActionList,
    ActionOut,
    AgreementIn,
    AgreementList,
    AgreementOut,
    ImpactIn,
    ImpactOut,
    MyTaskPage,
    MyTasksQuery,
    NoteIn,
    ReasonIn,
    ReferralIn,
    ReferralList,
    ReferralOut,
    ReferralUpdateIn,
    TaskCompleteIn,
    TaskIn,
    TaskList,
    TaskOut,
    action_data,
    agreement_data,
    impact_data,
    my_task_data,
    referral_data,
    task_data,
)

router = Router(tags=["case handling"])


# --------------------------------------------------------------------------- impact


@router.get("/cases/{number}/impact", response={200: ImpactOut, **READ_ERRORS},
            summary="The case's impact")
def get_impact(request: HttpRequest, number: str):
    """Dead, injured, displaced, children involved, property damaged. Before anything is
    recorded every count is 0 and `recorded` is false."""
    case = visible_case(request.auth, number)
    return impact_data(selectors.case_impact(case))


@router.put("/cases/{number}/impact", response={200: ImpactOut, **WRITE_ERRORS},
            summary="Record or correct the case's impact")
def set_impact(request: HttpRequest, number: str, payload: ImpactIn):
    """Only the figures sent change (send at least one); the timeline records each changed
    figure old → new, with `reason`."""
    user = request.auth
    case = visible_case(user, number)
    changes = payload.model_dump(exclude_unset=True)
    reason = changes.pop("reason", "")
    impact = services.set_impact(actor=user, case=case, reason=reason, **changes)
    return impact_data(impact)


# --------------------------------------------------------------------------- actions


@router.get("/cases/{number}/actions", response={200: ActionList, **READ_ERRORS},
            summary="The handling log")
def list_actions(request: HttpRequest, number: str):
    user = request.auth
    case = visible_case(user, number)
    masking = CaseMasking(user, case)
    items = [action_data(action, masking) for action in selectors.case_actions(case)]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/actions", response={201: ActionOut, **WRITE_ERRORS},
             summary="Record a handling action")
def record_action(request: HttpRequest, number: str, payload: ActionIn):
    """Logs what was done. The first action on a verified case (`terverifikasi`) moves it to
    `ditangani`. A report must be verified first (409); `participants` must be parties of
    this case (422)."""
    user = request.auth
    case = visible_case(user, number)
    action = services.record_action(actor=user, case=case, **payload.model_dump())
    action = selectors.case_actions(case).get(pk=action.pk)
    return Status(201, action_data(action, CaseMasking(user, case)))


# --------------------------------------------------------------------------- tasks


def _tasks(case):
    return selectors.case_tasks(case).select_related("closed_by", "created_by")


def _task(case, task_id) -> Task:
    return in_case(_tasks(case), case, task_id, _("This case has no such task."))


@router.get("/cases/{number}/tasks", response={200: TaskList, **READ_ERRORS},
            summary="The case's tasks")
def list_tasks(request: HttpRequest, number: str):
    case = visible_case(request.auth, number)
    items = [task_data(task) for task in _tasks(case)]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/tasks", response={201: TaskOut, **WRITE_ERRORS},
             summary="Create a task")
def create_task(request: HttpRequest, number: str, payload: TaskIn):
    """Assigns something to do by a date to one person (`assignee_user`, a username) or one
    office (`assignee_unit`, a unit code) — not both."""
    user = request.auth
    case = visible_case(user, number)
    fields = payload.model_dump()
    fields["assignee_user"] = _user_by_username(fields["assignee_user"])
    task = services.create_task(actor=user, case=case, **fields)
    return Status(201, task_data(_task(case, task.pk)))


# A value the services cannot turn into a user id, so that they answer "Unknown user."
# together with every other problem of the request.
_UNKNOWN_USER = object()


def _user_by_username(name: str | None):
    if name in (None, ""):
        return name
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name, is_active=True).first()
    return user if user is not None else _UNKNOWN_USER


@router.post("/cases/{number}/tasks/{task_id}/complete",
             response={200: TaskOut, **WRITE_ERRORS}, summary="Mark a task done")
def complete_task(request: HttpRequest, number: str, task_id: str, payload: TaskCompleteIn):
    """The assignee may, and so may whoever may handle the case. 409 when the task is no
    longer open."""
    user = request.auth
    case = visible_case(user, number)
    task = services.complete_task(actor=user, task=_task(case, task_id), note=payload.note)
    return task_data(_task(case, task.pk))


@router.post("/cases/{number}/tasks/{task_id}/cancel",
             response={200: TaskOut, **WRITE_ERRORS}, summary="Cancel a task")
def cancel_task(request: HttpRequest, number: str, task_id: str, payload: ReasonIn):
    """Withdraws a task that is no longer needed; `reason` is required."""
    user = request.auth
    case = visible_case(user, number)
    task = services.cancel_task(actor=user, task=_task(case, task_id), reason=payload.reason)
    return task_data(_task(case, task.pk))


@router.get("/tasks/mine", response={200: MyTaskPage, 401: ErrorOut, 422: ErrorOut},
            summary="My tasks")
def my_tasks(request: HttpRequest, params: Query[MyTasksQuery]):
    """Tasks assigned to you or to an office where you are penangan or kepala, on cases you
    can see: open ones first, overdue first among them, then by due date."""
    user = request.auth
    queryset = selectors.my_tasks(user, open_only=params.open).select_related(
        "closed_by", "created_by")
    page = paginate(request, queryset, page=params.page, page_size=params.page_size)
    page["items"] = [my_task_data(task) for task in page["items"]]
    return page


# --------------------------------------------------------------------------- agreements


def _agreements(case):
    return selectors.case_agreements(case).select_related("created_by")


def _agreement(case, agreement_id) -> Agreement:
    return in_case(_agreements(case), case, agreement_id, _("This case has no such agreement."))


@router.get("/cases/{number}/agreements", response={200: AgreementList, **READ_ERRORS},
            summary="The case's agreements")
def list_agreements(request: HttpRequest, number: str):
    user = request.auth
    case = visible_case(user, number)
    masking = CaseMasking(user, case)
    items = [agreement_data(a, masking) for a in _agreements(case)]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/agreements", response={201: AgreementOut, **WRITE_ERRORS},
             summary="Record an agreement")
def record_agreement(request: HttpRequest, number: str, payload: AgreementIn):
    """A signed agreement (kesepakatan) between parties of this case, with follow-up dates.
    Record the handling action that led to it first (409 on a case not yet handled)."""
    user = request.auth
    case = visible_case(user, number)
    agreement = services.record_agreement(actor=user, case=case, **payload.model_dump())
    return Status(201, agreement_data(_agreement(case, agreement.pk), CaseMasking(user, case)))


@router.post("/cases/{number}/agreements/{agreement_id}/kept",
             response={200: AgreementOut, **WRITE_ERRORS}, summary="Mark an agreement kept")
def agreement_kept(request: HttpRequest, number: str, agreement_id: str, payload: NoteIn):
    user = request.auth
    case = visible_case(user, number)
    services.mark_agreement_kept(actor=user, agreement=_agreement(case, agreement_id),
                                 note=payload.note)
    return agreement_data(_agreement(case, agreement_id), CaseMasking(user, case))


@router.post("/cases/{number}/agreements/{agreement_id}/breached",
             response={200: AgreementOut, **WRITE_ERRORS},
             summary="Mark an agreement breached")
def agreement_breached(request: HttpRequest, number: str, agreement_id: str,
                       payload: ReasonIn):
    """`reason` is required. On a resolved, monitored or closed case this reopens the case
    (back to `ditangani`, with the breach as the reason) — which only the head (kepala)
    may do: a handler gets 403 and nothing changes."""
    user = request.auth
    case = visible_case(user, number)
    services.mark_agreement_breached(actor=user, agreement=_agreement(case, agreement_id),
                                     reason=payload.reason)
    return agreement_data(_agreement(case, agreement_id), CaseMasking(user, case))


# --------------------------------------------------------------------------- referrals


def _referrals(case):
    return selectors.case_referrals(case).select_related("created_by")


def _referral(case, referral_id) -> Referral:
    return in_case(_referrals(case), case, referral_id, _("This case has no such referral."))


@router.get("/cases/{number}/referrals", response={200: ReferralList, **READ_ERRORS},
            summary="The case's referrals")
def list_referrals(request: HttpRequest, number: str):
    case = visible_case(request.auth, number)
    items = [referral_data(r) for r in _referrals(case)]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/referrals", response={201: ReferralOut, **WRITE_ERRORS},
             summary="Record a referral to an outside agency")
def create_referral(request: HttpRequest, number: str, payload: ReferralIn):
    user = request.auth
    case = visible_case(user, number)
    referral = services.create_referral(actor=user, case=case, **payload.model_dump())
    return Status(201, referral_data(_referral(case, referral.pk)))


@router.patch("/cases/{number}/referrals/{referral_id}",
              response={200: ReferralOut, **WRITE_ERRORS}, summary="Update a referral")
def update_referral(request: HttpRequest, number: str, referral_id: str,
                    payload: ReferralUpdateIn):
    """Records the agency's progress: only the fields sent change; the status only moves
    forward (sent → acknowledged → answered → closed)."""
    user = request.auth
    case = visible_case(user, number)
    services.update_referral(actor=user, referral=_referral(case, referral_id),
                             **payload.model_dump(exclude_unset=True))
    return referral_data(_referral(case, referral_id))
