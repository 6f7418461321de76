"""Who may see and act where: a user's memberships turned into query filters.

A membership at unit U sees the cases located in the regions covered by U and its
descendant units (Pusat sees everything), and may act on cases whose handling
unit is U or one of U's descendants — if its role allows the action.
The result is cached on the user object for the duration of a request.
"""

from dataclasses import dataclass, field

from .models import Membership, Role, Unit, UnitLevel


@dataclass(frozen=True)
class Grant:
    unit_id: int
    unit_code: str
    unit_path: str
    unit_level: int
    role: str
    # Minimal set of region-code prefixes this membership sees; None = everything.
    area_prefixes: tuple[str, ...] | None = field(default=())


def minimal_prefixes(codes: set[str]) -> tuple[str, ...]:
    """Drop every code already covered by a shorter code in the set."""
    result: list[str] = []
    for code in sorted(codes, key=len):
        if not any(code.startswith(p) for p in result):
            result.append(code)
    return tuple(sorted(result))


def subtree_area_codes(unit: Unit) -> set[str]:
    through = Unit.areas.through
    return set(
        through.objects.filter(unit__path__startswith=unit.path).values_list(
            "region_id", flat=True
        )
    )


def grants_for(user) -> list[Grant]:
    """All grants of an active user; cached on the instance."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_selaras_grants", None)
    if cached is not None:
        return cached
    grants: list[Grant] = []
    memberships = Membership.objects.filter(user=user, unit__is_active=True).select_related("unit")
    area_cache: dict[int, tuple[str, ...] | None] = {}
    for membership in memberships:
        unit = membership.unit
        if unit.pk not in area_cache:
            if unit.level == UnitLevel.PUSAT:
                area_cache[unit.pk] = None
            else:
                area_cache[unit.pk] = minimal_prefixes(subtree_area_codes(unit))
        grants.append(
            Grant(
                unit_id=unit.pk,
                unit_code=unit.code,
                unit_path=unit.path,
                unit_level=unit.level,
                role=membership.role,
                area_prefixes=area_cache[unit.pk],
            )
        )
    user._selaras_grants = grants
    return grants


def roles_of(user) -> set[str]:
    return {g.role for g in grants_for(user)}


def forget_grants(user) -> None:
    if hasattr(user, "_selaras_grants"):
        del user._selaras_grants


def units_where(user, roles: set[str] | frozenset[str]) -> list[Unit]:
    """Units where the user holds one of ``roles`` (for choosing an intake or acting unit)."""
    ids = {g.unit_id for g in grants_for(user) if g.role in roles}
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))


def grant_covers_unit(grant: Grant, unit: Unit) -> bool:
    """Membership unit is ``unit`` or one of its ancestors."""
    return unit.path.startswith(grant.unit_path)


ALL_ROLES = frozenset(Role.values)
