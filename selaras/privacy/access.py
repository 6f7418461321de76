"""Who acts as the Data Protection Officer (Pejabat Pelindung Data Pribadi).

Selaras has no DPO role. The DPO's duties (registers, record of processing) go to
the ``admin`` role at Pusat: the directorate's administrators already manage the
users who can see personal data, and they see no case contents themselves, which
keeps the DPO independent of case handling (least privilege). Give the ministry's
designated DPO an ``admin`` membership at Pusat (``manage.py adduser NAME --unit
pusat --role admin``). Everyone else gets 403 on the privacy pages.
"""

from django.utils.translation import gettext as _

from selaras.core.errors import PermissionDenied
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role, UnitLevel

DPO_ROLE = Role.ADMIN
DPO_UNIT_LEVEL = UnitLevel.PUSAT


def is_dpo(user) -> bool:
    return any(g.role == DPO_ROLE and g.unit_level == DPO_UNIT_LEVEL for g in grants_for(user))


def require_dpo(user) -> None:
    if not is_dpo(user):
        raise PermissionDenied(_("Only the data protection officer (Pusat admin) may do this."))
