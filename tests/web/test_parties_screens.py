"""Parties on the case page and the party registry pages.

Linking by search, registering inline with the duplicate hint (use the existing
party instead, or register anyway), the registry list and party page showing
only what the user may see, 404 for parties outside it, personal data masked
for analysts.
"""

import pytest
from django.urls import reverse

from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent, EventKind
from selaras.parties import services as parties
from selaras.parties.models import CaseParty, Party

VALID_NIK = "3273014501900001"  # synthetic


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def case(make_case, kepala):
    return case_services.perform_transition(actor=kepala, case=make_case(), action="verify")


def register(actor, name="Forum Warga Sukasari", region="327301", **extra):
    party, _ = parties.create_party(actor=actor, kind=extra.pop("kind", "kelompok"), name=name,
                                    region=region, **extra)
    return party


def new_party_data(**overrides):
    data = {"newparty-kind": "kelompok", "newparty-name": "Remaja Masjid Al-Ikhlas",
            "newparty-region": "327301", "newparty-role": "pengadu"}
    data.update(overrides)
    return data


def test_search_then_link_a_registered_party(case, kepala, login):
    party = register(kepala, name="Forum Warga Sukasari")
    client = login(kepala)
    page = client.get(reverse("case-detail", args=[case.number]), {"party_q": "warga suka"})
    html = page.content.decode()
    assert f'name="partylink-party" value="{party.pk}"' in html
    response = client.post(reverse("case-party-link", args=[case.number]), {
        "partylink-party": party.pk, "partylink-role": "teradu", "partylink-note": "Ketua"})
    assert response.status_code == 302 and response.url.endswith("#parties")
    link = CaseParty.objects.get(case=case)
    assert (link.party, link.role, link.note) == (party, "teradu", "Ketua")
    assert CaseEvent.objects.filter(case=case, kind=EventKind.PARTY).count() == 1
    html = client.get(response.url).content.decode()
    assert "added Forum Warga Sukasari as Reported party" in html  # timeline sentence


def test_linking_without_a_role_is_refused(case, kepala, login):
    party = register(kepala)
    response = login(kepala).post(reverse("case-party-link", args=[case.number]),
                                  {"partylink-party": party.pk, "partylink-role": ""})
    assert response.status_code == 400
    assert 'href="#id_partylink-role"' in response.content.decode()
    assert not CaseParty.objects.exists()


def test_register_inline_creates_and_links(case, kepala, login):
    response = login(kepala).post(reverse("case-party-create", args=[case.number]),
                                  new_party_data())
    assert response.status_code == 302
    link = CaseParty.objects.get(case=case)
    assert link.party.name == "Remaja Masjid Al-Ikhlas" and link.role == "pengadu"


def test_duplicate_hint_offers_the_existing_party_and_creates_nothing(case, kepala, login):
    existing = register(kepala, name="Remaja Masjid Al-Ikhlas")
    client = login(kepala)
    response = client.post(reverse("case-party-create", args=[case.number]),
                           new_party_data(**{"newparty-name": "remaja masjid al ikhlas"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This party may already be registered" in html
    assert f'name="partylink-party" value="{existing.pk}"' in html  # "Use this party"
    assert 'name="newparty-confirm_new" value="True"' in html  # next submit: register anyway
    assert 'value="remaja masjid al ikhlas"' in html  # typed values kept
    assert Party.objects.count() == 1 and not CaseParty.objects.exists()
    # "Use this party": the hint's button links the existing one with the chosen role.
    client.post(reverse("case-party-link", args=[case.number]), {
        "partylink-party": existing.pk, "partylink-role": "pengadu"})
    assert CaseParty.objects.get(case=case).party == existing
    assert Party.objects.count() == 1


def test_register_anyway_after_the_hint(case, kepala, login):
    register(kepala, name="Remaja Masjid Al-Ikhlas")
    response = login(kepala).post(reverse("case-party-create", args=[case.number]),
                                  new_party_data(**{"newparty-confirm_new": "True"}))
    assert response.status_code == 302
    assert Party.objects.count() == 2


def test_bad_party_input_shows_errors_and_writes_nothing(case, kepala, login):
    response = login(kepala).post(reverse("case-party-create", args=[case.number]),
                                  new_party_data(**{"newparty-kind": "kelompok",
                                                    "newparty-nik": "123",
                                                    "newparty-region_code": "99"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_newparty-nik"' in html
    assert not Party.objects.exists()


def test_analyst_sees_parties_masked_and_no_forms(case, kepala, make_user, login):
    person = register(kepala, name="Budi Santoso", kind="perorangan", nik=VALID_NIK,
                      address="Jl. Sukasari 3")
    parties.link_party_to_case(actor=kepala, case=case, party=person, role="korban")
    client = login(make_user("own", "analis"))
    html = client.get(reverse("case-detail", args=[case.number])).content.decode()
    assert VALID_NIK not in html and "Jl. Sukasari 3" not in html
    assert reverse("case-party-link", args=[case.number]) not in html
    assert client.post(reverse("case-party-create", args=[case.number]),
                       new_party_data()).status_code == 403
    page = client.get(reverse("party-detail", args=[person.pk])).content.decode()
    assert VALID_NIK not in page and "Jl. Sukasari 3" not in page
    assert "Personal data is hidden for your role." in page


def test_reporter_person_is_masked_for_analysts_everywhere(case, kepala, make_user, login):
    person = register(kepala, name="Siti Pelapor", kind="perorangan")
    parties.link_party_to_case(actor=kepala, case=case, party=person, role="pelapor")
    client = login(make_user("own", "analis"))
    for url in (reverse("case-detail", args=[case.number]), reverse("party-list"),
                reverse("party-detail", args=[person.pk])):
        assert "Siti Pelapor" not in client.get(url).content.decode(), url
    assert "Siti Pelapor" in login(kepala).get(reverse("party-list")).content.decode()


def test_party_page_lists_only_visible_cases_with_roles(make_case, pusat_kepala, make_user,
                                                         login):
    party = register(pusat_kepala, name="Forum Lintas Wilayah")
    bandung = make_case(title="Kasus Bandung")
    jakarta = make_case(location="3171011001", title="Kasus Jakarta")
    for case in (bandung, jakarta):
        parties.link_party_to_case(actor=pusat_kepala, case=case, party=party, role="teradu")
    parties.link_party_to_case(actor=pusat_kepala, case=bandung, party=party, role="mediator")
    html = login(make_user("own", "penangan")).get(
        reverse("party-detail", args=[party.pk])).content.decode()
    assert "Kasus Bandung" in html and "Kasus Jakarta" not in html
    assert jakarta.number not in html
    assert "Mediator, Reported party" in html or "Reported party, Mediator" in html


def test_party_outside_what_the_user_may_see_is_404(pusat_kepala, make_user, login):
    jakarta_party = register(pusat_kepala, name="Ormas Jakarta", region="317101")
    client = login(make_user("own", "kepala"))
    assert client.get(reverse("party-detail", args=[jakarta_party.pk])).status_code == 404
    html = client.get(reverse("party-list")).content.decode()
    assert "Ormas Jakarta" not in html


def test_party_list_search(kepala, login):
    register(kepala, name="Forum Warga Sukasari")
    register(kepala, name="Pengurus GKI Sukasari")
    response = login(kepala).get(reverse("party-list"), {"q": "forum"})
    html = response.content.decode()
    assert "Forum Warga Sukasari" in html and "Pengurus GKI" not in html


def test_registry_create_page_with_duplicate_hint(kepala, login):
    existing = register(kepala, name="Forum Warga Sukasari")
    client = login(kepala)
    data = {"kind": "kelompok", "name": "Forum Warga Sukasari", "region": "327301"}
    response = client.post(reverse("party-create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("party-detail", args=[existing.pk]) in html
    assert Party.objects.count() == 1
    response = client.post(reverse("party-create"), {**data, "confirm_new": "True"})
    assert response.status_code == 302
    assert Party.objects.count() == 2


def test_registry_create_refused_for_analysts(make_user, login):
    client = login(make_user("own", "analis"))
    assert client.get(reverse("party-create")).status_code == 403
    assert reverse("party-create") not in client.get(reverse("party-list")).content.decode()
