"""Who may edit playbooks and who sees the compliance figures.

* Editing (drafts, steps, publishing) is for Pusat only: a ``kepala`` or ``admin``
  membership at the directorate. The directorate owns the SOPs; regional offices
  apply them. (``admin`` is included because keeping the reference content of
  the system up to date is administration work at Pusat.)
* Reading playbooks is for every signed-in member of any unit: an SOP is guidance,
  not case data.
* Compliance figures are for Pusat and Kanwil members with a case-reading role;
  the figures themselves are computed over ``Case.objects.restrict(user, "view")``,
  so a Kanwil sees its province only.
"""

from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role, UnitLevel

EDIT_ROLES = frozenset({Role.KEPALA, Role.ADMIN})
COMPLIANCE_ROLES = frozenset({Role.KEPALA, Role.PENANGAN, Role.ANALIS, Role.AUDITOR})
COMPLIANCE_LEVELS = frozenset({UnitLevel.PUSAT, UnitLevel.PROVINSI})


def may_edit(user) -> bool:
    return any(g.unit_level == UnitLevel.PUSAT and g.role in EDIT_ROLES for g in grants_for(user))


def may_read(user) -> bool:
    return bool(grants_for(user))


def may_see_compliance(user) -> bool:
    return any(g.unit_level in COMPLIANCE_LEVELS and g.role in COMPLIANCE_ROLES
               for g in grants_for(user))
