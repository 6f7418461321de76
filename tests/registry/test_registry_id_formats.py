"""Registry ids are checked against the (assumed) format of their registry."""

import pytest
from django.utils import translation

from selaras.cases.models import CaseEvent
from selaras.core.errors import ValidationError
from selaras.registry import services
from selaras.registry.formats import FORMATS, Registry
from selaras.registry.models import RegistryLink

VALID = [
    ("simas", "01.2.12.01.01.000123", "01.2.12.01.01.000123"),
    ("simas", "ID 01.2.12", "01.2.12"),
    ("simas", "000123", "000123"),
    ("siwak", "10.05.01.02.4.00123", "10.05.01.02.4.00123"),
    ("siwak", "w.2 / 123 / 2020", "W.2/123/2020"),
    ("simkah", "0123/045/VI/2024", "0123/045/VI/2024"),
    ("simkah", "7/12/xii/1998", "7/12/XII/1998"),
    ("emis", "111232730001", "111232730001"),
    ("emis", "5100 3273 0001", "510032730001"),
    ("emis", "123456789012345678", "123456789012345678"),
    ("emis", "20219292", "20219292"),
]
INVALID = [
    ("simas", "Masjid Al-Ikhlas"), ("simas", "01..2"), ("simas", "1.2.3.4.5.6.7.8.9"),
    ("siwak", "WAKAF"), ("siwak", "../etc/passwd1"), ("siwak", "<script>1"),
    ("simkah", "0123/045/13/2024"), ("simkah", "0123/045/XIII/2024"), ("simkah", "0123-045"),
    ("simkah", "1/2/VI/1850"),
    ("emis", "1234567890"), ("emis", "12345678901"), ("emis", "NSM111232730001"),
]


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def test_every_registry_has_a_format_whose_example_fits():
    assert set(FORMATS) == set(Registry.values)
    for registry, id_format in FORMATS.items():
        assert id_format.matches(id_format.normalise(id_format.example)), registry


@pytest.mark.parametrize(("registry", "typed", "stored"), VALID)
def test_valid_ids_are_stored_normalised(registry, typed, stored, make_case, make_user):
    case = make_case()
    link = services.add_registry_link(actor=make_user("own", "penangan"), case=case,
                                      registry=registry, external_id=typed, label="Masjid")
    assert (link.registry, link.external_id) == (registry, stored)


@pytest.mark.parametrize(("registry", "typed"), INVALID)
def test_invalid_ids_are_refused_with_an_example(registry, typed, make_case, make_user):
    case = make_case()
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_registry_link(actor=make_user("own", "penangan"), case=case,
                                   registry=registry, external_id=typed)
    message = exc.value.message_dict["external_id"][0]
    assert FORMATS[registry].example in message
    assert RegistryLink.objects.count() == 0
    assert CaseEvent.objects.count() == before


@pytest.mark.parametrize(("registry", "external_id", "label", "fields"), [
    ("simpeg", "123", "", {"registry"}),
    ("", "123", "", {"registry"}),
    ("emis", "", "", {"external_id"}),
    ("emis", None, "x" * 201, {"external_id", "label"}),
    ("emis", "x" * 61, "", {"external_id"}),
    ("emis", "111232730001", "a\x00b", {"label"}),
])
def test_bad_input_is_reported_per_field(registry, external_id, label, fields, make_case,
                                         make_user):
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        services.add_registry_link(actor=make_user("own", "penangan"), case=case,
                                   registry=registry, external_id=external_id, label=label)
    assert set(exc.value.message_dict) == fields
    assert RegistryLink.objects.count() == 0
