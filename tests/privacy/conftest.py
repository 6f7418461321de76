from datetime import timedelta

import pytest
from django.utils import timezone

from selaras.cases import services
from selaras.parties import services as party_services
from selaras.privacy.retention import rule

ROUTE_TO_CLOSED = [("verify", {}), ("start", {}), ("resolve", {"outcome": "damai"}),
                   ("close", {})]


@pytest.fixture
def close_case():
    def close(case, actor):
        for action, extra in ROUTE_TO_CLOSED:
            case = services.perform_transition(actor=actor, case=case, action=action,
                                               reason=f"alasan {action}", **extra)
        return case

    return close


@pytest.fixture
def after_retention():
    """A moment just after the closed-case retention period of a case closed now."""
    return timezone.now() + rule("closed_case_personal_data").period + timedelta(days=1)


@pytest.fixture
def person(pusat_kepala):
    def make(name="Ahmad Fauzi", nik="3273010101800001", address="Jl. Merdeka 1", **extra):
        party, _similar = party_services.create_party(
            actor=pusat_kepala, kind=extra.pop("kind", "perorangan"), name=name,
            region="3273011001", nik=nik, address=address, religion="islam", **extra)
        return party

    return make


@pytest.fixture
def dpo(make_user):
    return make_user("pusat", "admin", username="dpo")
