import pytest

from selaras.parties import services as party_services

VALID_NIK = "3273014501900001"  # synthetic: 327301, born 05-01-1990 (female: day + 40)


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def make_party(penangan):
    def make(*, actor=None, **overrides):
        fields = {"kind": "kelompok", "name": "Forum Warga Sukasari", "region": "327301"}
        fields.update(overrides)
        party, _duplicates = party_services.create_party(actor=actor or penangan, **fields)
        return party

    return make
