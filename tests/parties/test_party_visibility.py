import pytest
from django.http import Http404

from selaras.parties import selectors, services
from selaras.parties.access import mask_nik, sees_personal_data
from selaras.parties.models import Party


def visible(user):
    return set(Party.objects.restrict(user, "view").values_list("name", flat=True))


def test_party_page_lists_only_the_cases_the_user_can_see(make_case, make_party, make_user,
                                                          pusat_kepala):
    party = make_party(name="Forum Lintas Wilayah")
    bandung_case = make_case()
    jakarta_case = make_case(location="3171011001")
    for case in (bandung_case, jakarta_case):
        services.link_party_to_case(actor=pusat_kepala, case=case, party=party, role="teradu")
    services.link_party_to_case(actor=pusat_kepala, case=bandung_case, party=party,
                                role="pengadu")

    bandung = make_user("own", "penangan")
    cases = list(selectors.party_cases(bandung, party))
    assert cases == [bandung_case]
    assert [link.role for link in cases[0].party_roles] == ["pengadu", "teradu"]

    jakarta = make_user("other_province", "analis")
    assert list(selectors.party_cases(jakarta, party)) == [jakarta_case]
    assert set(selectors.party_cases(pusat_kepala, party)) == {bandung_case, jakarta_case}


def test_party_cases_respect_confidentiality(make_case, make_party, make_user, pusat_kepala):
    party = make_party()
    # Located in KUA Sukasari's district, handled by the Kankemenag above it.
    open_case = make_case()
    secret_case = make_case(confidential=True)
    for case in (open_case, secret_case):
        services.link_party_to_case(actor=pusat_kepala, case=case, party=party, role="teradu")
    kua_sukasari = make_user("child", "kepala")
    assert list(selectors.party_cases(kua_sukasari, party)) == [open_case]
    assert set(selectors.party_cases(make_user("own", "analis"), party)) == {
        open_case, secret_case}


def test_parties_are_visible_in_area_by_link_or_to_their_creator(make_case, make_party,
                                                                  make_user, pusat_kepala):
    make_party(name="Bandung Party", region="327301")
    jakarta_user = make_user("other_province", "penangan")
    make_party(actor=jakarta_user, name="Own Outside Area", region="327302")
    linked = make_party(name="Linked To Jakarta Case", region="327302")
    services.link_party_to_case(actor=pusat_kepala, case=make_case(location="3171011001"),
                                party=linked, role="korban")

    assert visible(make_user("own", "analis")) == {
        "Bandung Party", "Own Outside Area", "Linked To Jakarta Case"}
    assert visible(jakarta_user) == {"Own Outside Area", "Linked To Jakarta Case"}
    assert visible(make_user("sibling", "kepala")) == set()
    assert visible(make_user("own", "admin")) == set()  # admins manage users, not cases
    assert len(visible(pusat_kepala)) == 3


def test_a_party_outside_what_one_may_see_does_not_exist(make_party, make_user):
    party = make_party()
    with pytest.raises(Http404):
        selectors.get_party(make_user("sibling", "penangan"), party.pk)
    with pytest.raises(Http404):
        selectors.get_party(make_user("own", "penangan"), "not-a-number")
    assert selectors.get_party(make_user("child", "pelapor"), party.pk) == party


def test_party_list_searches_folded_names(make_party, penangan):
    make_party(name="Masjid Al-Ikhlas", kind="rumah_ibadah")
    make_party(name="Gereja Pasundan")
    assert [p.name for p in selectors.party_list(penangan, q="al ikhlas")] == ["Masjid Al-Ikhlas"]
    assert [p.name for p in selectors.party_list(penangan, kind="kelompok")] == [
        "Gereja Pasundan"]


def test_analysts_see_personal_data_masked(make_user):
    assert sees_personal_data(make_user("own", "penangan"))
    assert not sees_personal_data(make_user("own", "analis"))
    assert mask_nik("3273014501900001") == "•" * 16


def test_party_cases_are_only_that_partys_cases(make_case, make_party, penangan):
    party = make_party()
    other = make_party(name="Pihak Lain")
    services.link_party_to_case(actor=penangan, case=make_case(), party=other, role="teradu")
    make_case()  # linked to nobody
    assert list(selectors.party_cases(penangan, party)) == []
