"""Filing situation reports: who may, for which district, and what is refused."""

import pytest

from selaras.core.errors import PermissionDenied, ValidationError
from selaras.earlywarning import services
from selaras.earlywarning.models import Indicator, ReportRating, SituationReport

from .conftest import DISTRICT, SIBLING_DISTRICT


def test_indicators_are_seeded_by_the_migration(db):
    kinds = dict(Indicator.objects.values_list("code", "kind"))
    assert {c for c, k in kinds.items() if k == "conflict"} == {
        "provokasi", "ujaran_kebencian", "penolakan", "mobilisasi", "ancaman", "kekerasan"}
    assert {c for c, k in kinds.items() if k == "peace"} == {
        "dialog", "kegiatan_bersama", "mediasi_fkub", "seruan_tokoh"}


def test_kua_reporter_files_a_report_for_its_district(frozen, make_user):
    kua = make_user("child", "pelapor")
    report = services.create_report(actor=kua, district=DISTRICT, ratings={
        "provokasi": 2, "dialog": (1, "Pertemuan RW")}, note="Situasi kondusif.")
    assert report.week.isoformat() == "2026-03-02"  # Monday of T's week
    assert report.observed_at == frozen
    ratings = dict(report.ratings.values_list("indicator__code", "rating"))
    assert ratings == {"provokasi": 2, "dialog": 1}
    assert report.ratings.get(indicator__code="dialog").note == "Pertemuan RW"


@pytest.mark.parametrize("role", ["pelapor", "penangan", "kepala"])
def test_regency_office_roles_that_create_cases_may_report_in_their_districts(
        frozen, make_user, role):
    user = make_user("own", role)
    assert services.create_report(actor=user, district=DISTRICT, ratings={}).pk


@pytest.mark.parametrize(("unit", "role"), [
    ("child", "analis"), ("child", "auditor"), ("child", "admin"),  # roles that do not report
    ("sibling", "kepala"), ("other_kua", "pelapor"),  # offices elsewhere
])
def test_others_may_not_report_and_nothing_is_written(frozen, make_user, unit, role):
    user = make_user(unit, role)
    with pytest.raises(PermissionDenied):
        services.create_report(actor=user, district=DISTRICT, ratings={"ancaman": 3})
    assert not SituationReport.objects.exists()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"district": "999999"}, "district"),
    ({"district": "3273011001"}, "district"),  # a village, not a district
    ({"district": "3273"}, "district"),
    ({"district": "32\x0001"}, "district"),
    ({"ratings": {"nope": 1}}, "ratings.nope"),
    ({"ratings": {"ancaman": 4}}, "ratings.ancaman"),
    ({"ratings": {"ancaman": "x"}}, "ratings.ancaman"),
    ({"ratings": {"ancaman": True}}, "ratings.ancaman"),
    ({"ratings": ["ancaman"]}, "ratings"),
    ({"kind": "monthly"}, "kind"),
    ({"observed_at": "2030-01-01T00:00:00+07:00"}, "observed_at"),
    ({"observed_at": "yesterday"}, "observed_at"),
    ({"note": "x" * 5001}, "note"),
])
def test_bad_input_is_refused_field_by_field(frozen, make_user, kwargs, field):
    kua = make_user("child", "pelapor")
    values = {"district": DISTRICT, "ratings": {}, **kwargs}
    with pytest.raises(ValidationError) as raised:
        services.create_report(actor=kua, **values)
    assert field in raised.value.message_dict
    assert not SituationReport.objects.exists() and not ReportRating.objects.exists()


def test_a_district_outside_and_a_bad_code_are_told_apart(frozen, make_user):
    kua = make_user("child", "pelapor")
    with pytest.raises(PermissionDenied):
        services.create_report(actor=kua, district=SIBLING_DISTRICT, ratings={})
