"""Which import batches a user sees: their own; heads and admins at Pusat see all."""

from django.http import Http404
from django.utils.translation import gettext as _

from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role, UnitLevel

from .models import Counsellor, ImportBatch

OVERSEER_ROLES = frozenset({Role.KEPALA, Role.ADMIN})


def sees_all_batches(user) -> bool:
    return any(g.role in OVERSEER_ROLES and g.unit_level == UnitLevel.PUSAT
               for g in grants_for(user))


def batch_list(user):
    batches = ImportBatch.objects.select_related("created_by", "committed_by").defer("content")
    if sees_all_batches(user):
        return batches
    return batches.filter(created_by=user)


def get_batch(user, pk) -> ImportBatch:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("No such import.")) from None
    batch = batch_list(user).filter(pk=pk).first()
    if batch is None:
        raise Http404(_("No such import."))
    return batch


def counsellor_list(user):
    """Counsellors of the offices in the user's subtrees (Pusat: all)."""
    grants = grants_for(user)
    queryset = Counsellor.objects.select_related("unit").prefetch_related("districts")
    if any(g.unit_level == UnitLevel.PUSAT for g in grants):
        return queryset
    paths = sorted({g.unit_path for g in grants})
    if not paths:
        return queryset.none()
    from django.db.models import Q

    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path__startswith=path)
    return queryset.filter(q)
