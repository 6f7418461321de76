"""API v1: the office tree and the caller's own memberships."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from selaras.core.api import ErrorOut

from .models import Membership, Unit

router = Router(tags=["reference data"])


class UnitOut(Schema):
    code: str
    name: str
    level: int = Field(description="0 Pusat, 1 Kanwil, 2 Kankemenag, 3 KUA.")
    parent: str | None


class UnitList(Schema):
    items: list[UnitOut]
    count: int


class MembershipOut(Schema):
    unit: str
    unit_name: str
    unit_level: int
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    is_service_account: bool
    memberships: list[MembershipOut]
    token_scope: str | None = Field(
        None, description="The bearer token's scope: `read` (GET only) or `write`; "
                          "null for a web session.")


@router.get("/units", response={200: UnitList, 401: ErrorOut, 404: ErrorOut},
            summary="Offices: the root(s), or the children of one office")
def list_units(request: HttpRequest, parent: str | None = None):
    """Without `parent`: the root office(s) (Pusat). With `parent=CODE`: the active
    offices directly under it. An unknown parent is 404."""
    code = (parent or "").strip()
    if code:
        parent_unit = (
            None if "\x00" in code
            else Unit.objects.filter(code=code[:20], is_active=True).first()
        )
        if parent_unit is None:
            raise Http404(_("Unknown office '%(code)s'.") % {"code": code[:20]})
        units = Unit.objects.filter(parent=parent_unit, is_active=True)
        items = [_unit(u, parent_unit.code) for u in units.order_by("code")]
    else:
        units = Unit.objects.filter(parent__isnull=True, is_active=True)
        items = [_unit(u, None) for u in units.order_by("code")]
    return {"items": items, "count": len(items)}


def _unit(unit: Unit, parent_code: str | None) -> dict:
    return {"code": unit.code, "name": unit.name, "level": unit.level, "parent": parent_code}


@router.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["account"],
            summary="Who am I: the caller and their memberships")
def me(request: HttpRequest):
    user = request.auth
    memberships = (
        Membership.objects.filter(user=user, unit__is_active=True)
        .select_related("unit")
        .order_by("unit__path", "role")
    )
    return {
        "username": user.username,
        "full_name": user.display_name,
        "is_service_account": user.is_service_account,
        "memberships": [
            {"unit": m.unit.code, "unit_name": m.unit.name, "unit_level": m.unit.level,
             "role": m.role}
            for m in memberships
        ],
        "token_scope": getattr(getattr(request, "api_token", None), "scope", None),
    }
