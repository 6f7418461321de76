from selaras.parties import selectors, services

from .conftest import VALID_NIK


def test_same_name_in_same_district_is_hinted(make_party, penangan):
    first = make_party(name="Masjid Al-Ikhlas", kind="rumah_ibadah", region="3273011001")
    # Other village of the same district, other spelling.
    second, duplicates = services.create_party(
        actor=penangan, kind="rumah_ibadah", name="masjid  al ikhlas", region="327301"
    )
    assert duplicates == [first]
    assert second.pk != first.pk  # a hint, not a refusal


def test_same_name_in_another_district_is_not_hinted(make_party, penangan):
    make_party(name="Masjid Al-Ikhlas", region="327301")
    _party, duplicates = services.create_party(
        actor=penangan, kind="rumah_ibadah", name="Masjid Al-Ikhlas", region="327302"
    )
    assert duplicates == []


def test_same_nik_is_hinted_whatever_the_name(make_party, penangan):
    first = make_party(kind="perorangan", name="Siti Aminah", nik=VALID_NIK)
    _party, duplicates = services.create_party(
        actor=penangan, kind="perorangan", name="Siti Aminah Lubis", region="327302",
        nik=VALID_NIK,
    )
    assert duplicates == [first]


def test_hint_never_reveals_parties_the_user_cannot_see(make_user, make_party):
    make_party(name="Forum Warga", region="327301")  # Kota Bandung
    outsider = make_user("sibling", "penangan")  # Kabupaten Bandung: cannot see it
    assert selectors.possible_duplicates(outsider, name="Forum Warga", region="327301") == []


def test_hint_is_available_before_saving(make_party, penangan):
    first = make_party(name="Forum Warga Sukasari", region="327301")
    assert selectors.possible_duplicates(
        penangan, name="FORUM WARGA SUKASARI", region="3273011001") == [first]
