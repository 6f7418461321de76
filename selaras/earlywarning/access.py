"""Who may see and write early-warning data: the case rules applied to areas.

* Seeing reports, scores and alerts of an area: a membership with a case-viewing
  role (``access.VIEW_ROLES``) whose area covers it; Pusat sees everything. Outside
  it the area does not exist for the user (404).
* Filing a situation report or sending an external signal for a district: a role
  that may register cases (``access.CREATE_ROLES``) in that district.
* Calibrating the score: heads and admins at Pusat.
"""

from django.db.models import Q

from selaras.cases import access as case_access
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role, UnitLevel

CALIBRATION_ROLES = frozenset({Role.KEPALA, Role.ADMIN})


def prefixes(user, roles=case_access.VIEW_ROLES):
    """Region-code prefixes the user sees with ``roles``: None = everywhere, () = nowhere."""
    found: set[str] = set()
    for grant in grants_for(user):
        if grant.role not in roles:
            continue
        if grant.area_prefixes is None:
            return None
        found.update(grant.area_prefixes)
    return tuple(sorted(found))


def covers(area_prefixes, code: str) -> bool:
    if area_prefixes is None:
        return True
    return any(code.startswith(p) for p in area_prefixes)


def may_view(user, code: str) -> bool:
    return covers(prefixes(user), code)


def may_report(user, code: str) -> bool:
    return covers(prefixes(user, case_access.CREATE_ROLES), code)


def may_report_anywhere(user) -> bool:
    return prefixes(user, case_access.CREATE_ROLES) != ()


def may_calibrate(user) -> bool:
    return any(g.role in CALIBRATION_ROLES and g.unit_level == UnitLevel.PUSAT
               for g in grants_for(user))


def area_q(user, field: str = "district__code") -> Q:
    """Rows whose district lies inside what the user sees."""
    area_prefixes = prefixes(user)
    if area_prefixes is None:
        return Q()
    q = Q(pk__in=[])
    for prefix in area_prefixes:
        q |= Q(**{f"{field}__startswith": prefix})
    return q
