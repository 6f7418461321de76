import pytest

from selaras.core.errors import PermissionDenied, ValidationError
from selaras.parties import services
from selaras.parties.models import Party, normalise_name

from .conftest import VALID_NIK


def test_registers_a_person_with_nik_religion_and_affiliation(penangan):
    party, duplicates = services.create_party(
        actor=penangan, kind="perorangan", name="  Siti Aminah ", region="3273011001",
        religion="islam", affiliation="Muhammadiyah", nik=VALID_NIK, address="Jl. Contoh 1",
    )
    assert duplicates == []
    party.refresh_from_db()
    assert party.name == "Siti Aminah"
    assert party.district_code == "327301"
    assert party.nik == VALID_NIK
    assert party.religion == "islam" and party.affiliation == "Muhammadiyah"
    assert party.created_by == penangan


def test_registers_a_house_of_worship_with_a_simas_id(penangan):
    party, _ = services.create_party(
        actor=penangan, kind="rumah_ibadah", name="Masjid Al-Ikhlas", region="327301",
        simas_id="01.2.12.01.01.000123",
    )
    assert party.simas_id == "01.2.12.01.01.000123"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nik": "327301450190000"}, "nik"),  # 15 digits
        ({"nik": "32730145019000AB"}, "nik"),
        ({"nik": "3273019913900001"}, "nik"),  # day 99, month 13
        ({"kind": "kelompok", "nik": VALID_NIK}, "nik"),  # only persons have a NIK
        ({"simas_id": "01.2.12"}, "simas_id"),  # only houses of worship
        ({"kind": "rumah_ibadah", "simas_id": "01..2"}, "simas_id"),
        ({"kind": "rumah_ibadah", "simas_id": "MSJ-001"}, "simas_id"),
        ({"region": "32"}, "region"),  # a province is too coarse
        ({"region": "9999"}, "region"),
        ({"region": ""}, "region"),
        ({"kind": "alien"}, "kind"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"religion": "jedi"}, "religion"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(penangan, overrides, field):
    fields = {"kind": "perorangan", "name": "Siti Aminah", "region": "327301"}
    fields.update(overrides)
    with pytest.raises(ValidationError) as exc:
        services.create_party(actor=penangan, **fields)
    assert field in exc.value.message_dict
    assert not Party.objects.exists()


def test_all_problems_are_reported_at_once(penangan):
    with pytest.raises(ValidationError) as exc:
        services.create_party(actor=penangan, kind="", name="", region="")
    assert {"kind", "name", "region"} <= set(exc.value.message_dict)


@pytest.mark.parametrize("role", ["analis", "auditor", "admin"])
def test_roles_that_do_not_register_reports_cannot_register_parties(make_user, role):
    user = make_user("own", role)
    with pytest.raises(PermissionDenied):
        services.create_party(actor=user, kind="kelompok", name="Forum", region="327301")
    assert not Party.objects.exists()


def test_names_fold_for_comparison():
    assert normalise_name("  Masjid  Al-Ikhlas ") == normalise_name("masjid al ikhlas")
    assert normalise_name("Gereja Santo Yusup") != normalise_name("Gereja Santo Yusuf")
