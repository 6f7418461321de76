"""Moving a unit rewrites its subtree's paths; jurisdiction follows the move."""

import pytest

from selaras.cases import access
from selaras.core.errors import ValidationError
from selaras.org.models import Unit

pytestmark = pytest.mark.django_db


def test_moving_a_unit_rewrites_its_subtree():
    kota_bandung = Unit.objects.get(code="3273")
    kota_bandung.parent = Unit.objects.get(code="31")
    kota_bandung.save()
    assert Unit.objects.get(code="3273").path == "/pusat/31/3273/"
    kuas = Unit.objects.filter(parent__code="3273")
    assert kuas.exists()
    assert all(u.path == f"/pusat/31/3273/{u.code}/" for u in kuas)
    assert not Unit.objects.filter(path__startswith="/pusat/32/3273/").exists()


def test_moving_a_leaf_unit():
    kua = Unit.objects.get(code="327301")
    kua.parent = Unit.objects.get(code="3204")
    kua.save()
    assert Unit.objects.get(code="327301").path == "/pusat/32/3204/327301/"


def test_saving_without_moving_keeps_paths():
    before = dict(Unit.objects.values_list("code", "path"))
    unit = Unit.objects.get(code="32")
    unit.name = "Kanwil Jabar"
    unit.save()
    assert dict(Unit.objects.values_list("code", "path")) == before


@pytest.mark.parametrize("new_parent", ["3273", "327301"])
def test_a_unit_cannot_move_under_itself(new_parent):
    unit = Unit.objects.get(code="3273")
    unit.parent = Unit.objects.get(code=new_parent)
    with pytest.raises(ValidationError):
        unit.save()
    assert Unit.objects.get(code="3273").path == "/pusat/32/3273/"


def test_jurisdiction_follows_a_moved_unit(make_case, make_user):
    case = make_case(alert_level=1)
    assert case.handling_unit.code == "327301"
    neighbour = make_user("3204", "kepala")
    assert not access.can(neighbour, "verify", case)
    kua = Unit.objects.get(code="327301")
    kua.parent = Unit.objects.get(code="3204")
    kua.save()
    case.refresh_from_db()
    neighbour = type(neighbour).objects.get(pk=neighbour.pk)
    assert access.can(neighbour, "verify", case)
