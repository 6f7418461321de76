from datetime import timedelta

import pytest
from django.utils import timezone

from selaras.cases import services as case_services
from selaras.parties import services as party_services


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def verified_case(make_case, kepala):
    case = make_case()
    return case_services.perform_transition(actor=kepala, case=case, action="verify")


@pytest.fixture
def handled_case(verified_case, kepala):
    return case_services.perform_transition(actor=kepala, case=verified_case, action="start")


@pytest.fixture
def resolve():
    def resolve(case, actor):
        return case_services.perform_transition(
            actor=actor, case=case, action="resolve", outcome="damai",
            reason="Kesepakatan damai ditandatangani.",
        )

    return resolve


@pytest.fixture
def case_party(penangan):
    """A registered party linked to the case in a role."""

    def make(case, *, name="Pengurus Musala Al-Ikhlas", role="pengadu", kind="kelompok"):
        party, _ = party_services.create_party(actor=penangan, kind=kind, name=name,
                                               region="327301")
        party_services.link_party_to_case(actor=penangan, case=case, party=party, role=role)
        return party

    return make


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def next_week():
    return timezone.localdate() + timedelta(days=7)
