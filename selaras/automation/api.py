"""API v1: deadline policies (how long each step may take), Pusat's heads and admins only.

The same rules as the settings page /pengaturan/tenggat/: everybody else gets 403; the
service ``policies.save_policy`` / ``delete_policy`` validates and applies the change.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from selaras.cases.models import Category
from selaras.core.api import ErrorOut
from selaras.core.errors import NotFound, PermissionDenied, ValidationError

from . import policies
from .models import DeadlinePolicy

router = Router(tags=["deadlines"])

ERRORS = {401: ErrorOut, 403: ErrorOut}


class DeadlinePolicyOut(Schema):
    id: int
    alert_level: int
    category: str | None = Field(description="Category code; null = the level's default.")
    verify_hours: int
    first_action_hours: int
    resolve_days: int
    updated_at: str | None = None


class DeadlinePolicyList(Schema):
    items: list[DeadlinePolicyOut]
    count: int


class DeadlinePolicyIn(Schema):
    alert_level: int = Field(description="1, 2 or 3")
    category: str | None = Field(None, description="An active category code; empty or null "
                                                   "for the level's default.")
    verify_hours: int = Field(description="1 to 8760")
    first_action_hours: int = Field(description="1 to 8760, after verification")
    resolve_days: int = Field(description="1 to 3650, after the report")


def _require_editor(user) -> None:
    if not policies.may_edit_policies(user):
        raise PermissionDenied(_("Only heads and admins at Pusat may change the deadlines."))


def _data(policy: DeadlinePolicy) -> dict:
    updated = getattr(policy, "updated_at", None)
    return {"id": policy.pk, "alert_level": policy.alert_level,
            "category": policy.category_id, "verify_hours": policy.verify_hours,
            "first_action_hours": policy.first_action_hours,
            "resolve_days": policy.resolve_days,
            "updated_at": updated.isoformat() if updated else None}


@router.get("/deadline-policies", response={200: DeadlinePolicyList, **ERRORS},
            summary="Deadline policies")
def list_policies(request: HttpRequest):
    """Every policy, by level then category (the level's default first)."""
    _require_editor(request.auth)
    rows = DeadlinePolicy.objects.select_related("category").order_by(
        "alert_level", "category__position", "category_id")
    items = [_data(p) for p in rows]
    return {"items": items, "count": len(items)}


@router.post("/deadline-policies",
             response={200: DeadlinePolicyOut, **ERRORS, 422: ErrorOut},
             summary="Set the deadlines of a level or of a category")
def save_policy(request: HttpRequest, payload: DeadlinePolicyIn):
    """Creates or changes the policy of (alert_level, category); open cases get the new
    deadlines shortly after."""
    _require_editor(request.auth)
    category = None
    if payload.category:
        category = Category.objects.filter(pk=payload.category, is_active=True).first()
        if category is None:
            raise ValidationError({"category": [_("Unknown category.")]})
    policy = policies.save_policy(
        actor=request.auth, alert_level=payload.alert_level, category=category,
        verify_hours=payload.verify_hours, first_action_hours=payload.first_action_hours,
        resolve_days=payload.resolve_days)
    return _data(policy)


@router.delete("/deadline-policies/{policy_id}",
               response={204: None, **ERRORS, 404: ErrorOut, 422: ErrorOut},
               summary="Remove a category's own deadlines")
def delete_policy(request: HttpRequest, policy_id: int):
    """The category follows its level's default again; a level's default cannot be removed
    (422)."""
    _require_editor(request.auth)
    policy = DeadlinePolicy.objects.filter(pk=policy_id).first() \
        if 0 < policy_id < 2**63 else None
    if policy is None:
        raise NotFound(_("No such deadline policy."))
    policies.delete_policy(actor=request.auth, policy=policy)
    return 204, None
