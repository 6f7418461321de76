"""Bad input at the service layer: a ValidationError naming each bad field, and
nothing written."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent, CaseNumberSequence
from selaras.core.errors import ValidationError


def counts():
    return Case.objects.count(), CaseEvent.objects.count(), CaseNumberSequence.objects.count()


BAD = {
    "unknown_region": ({"location": "9999999999"}, "location"),
    "malformed_region": ({"location": "32-73"}, "location"),
    "empty_region": ({"location": ""}, "location"),
    "future": ({"occurred_at": timezone.now() + timedelta(days=1)}, "occurred_at"),
    "missing_occurred_at": ({"occurred_at": None}, "occurred_at"),
    "occurred_at_as_text": ({"occurred_at": "kemarin"}, "occurred_at"),
    "missing_title": ({"title": ""}, "title"),
    "blank_title": ({"title": "   "}, "title"),
    "none_title": ({"title": None}, "title"),
    "oversized_title": ({"title": "x" * 201}, "title"),
    "nul_in_title": ({"title": "Judul\x00"}, "title"),
    "missing_chronology": ({"chronology": ""}, "chronology"),
    "oversized_chronology": ({"chronology": "x" * 20001}, "chronology"),
    "unknown_category": ({"category": "perang"}, "category"),
    "subcategory_as_category": ({"category": "paham_aliran_sesat"}, "category"),
    "subcategory_of_other": ({"subcategory": "paham_aliran_sesat"}, "subcategory"),
    "unknown_subcategory": ({"subcategory": "nope"}, "subcategory"),
    "level_0": ({"alert_level": 0}, "alert_level"),
    "level_4": ({"alert_level": 4}, "alert_level"),
    "level_x": ({"alert_level": "x"}, "alert_level"),
    "level_missing": ({"alert_level": None}, "alert_level"),
    "latitude_outside": ({"latitude": 40.0, "longitude": 107.6}, "latitude"),
    "longitude_outside": ({"latitude": -6.9, "longitude": 10.0}, "longitude"),
    "latitude_not_a_number": ({"latitude": "utara"}, "latitude"),
    "bad_religion": ({"religions": ["islam", "jedi"]}, "religions"),
    "religions_not_a_list": ({"religions": "islam"}, "religions"),
    "bad_scope": ({"scope": "semua"}, "scope"),
    "bad_precision": ({"occurred_precision": "year"}, "occurred_precision"),
    "bad_stage": ({"legal_stage": "perang"}, "legal_stage"),
    "bad_channel": ({"source_channel": "merpati"}, "source_channel"),
    "oversized_address": ({"address": "x" * 301}, "address"),
    "oversized_reporter": ({"reporter_name": "x" * 151}, "reporter_name"),
    "reported_in_future": ({"reported_at": timezone.now() + timedelta(days=3)}, "reported_at"),
    "confidential_not_bool": ({"confidential": "ya"}, "confidential"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_field_is_named_and_nothing_written(name, make_case):
    overrides, field = BAD[name]
    before = counts()
    with pytest.raises(ValidationError) as exc:
        make_case(**overrides)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert all(exc.value.message_dict[field])
    assert counts() == before


def test_all_errors_are_reported_at_once(make_case):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        make_case(title="", chronology="", category="perang", location="0000",
                  occurred_at=timezone.now() + timedelta(days=2), alert_level=7,
                  latitude=99, religions=["jedi"])
    assert set(exc.value.message_dict) >= {
        "title", "chronology", "category", "location", "occurred_at", "alert_level",
        "latitude", "religions"}
    assert counts() == before


def test_limits_are_inclusive(make_case):
    case = make_case(title="x" * 200, chronology="y" * 20000, latitude=-6.9, longitude=107.6,
                     religions=["islam", "kristen", "islam"], scope="antar")
    assert len(case.title) == 200
    assert case.religions == ["islam", "kristen"]


def test_a_date_is_accepted_as_occurred_at(make_case):
    case = make_case(occurred_at=date.today() - timedelta(days=1), occurred_precision="day")
    assert case.occurred_at.date() <= date.today()


def test_valid_subcategory_is_accepted(make_case):
    case = make_case(category="paham_aliran", subcategory="paham_aliran_sesat")
    assert case.subcategory_id == "paham_aliran_sesat"


def test_text_is_trimmed(make_case):
    assert make_case(title="  Judul  ").title == "Judul"


@pytest.mark.parametrize(
    "changes, field",
    [({"title": ""}, "title"), ({"location": "32"}, "location"), ({"alert_level": 9},
     "alert_level"), ({"number": "X"}, "number"), ({"subcategory": "paham_aliran_sesat"},
     "subcategory"), ({"confidential": "ya"}, "confidential")],
)
def test_bad_edit_is_refused_and_changes_nothing(changes, field, make_case, make_user):
    case = make_case()
    kepala = make_user("own", "kepala")
    version, events = case.version, CaseEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.update_case(actor=kepala, case=case, changes=changes)
    assert field in exc.value.message_dict
    case.refresh_from_db()
    assert case.version == version
    assert CaseEvent.objects.count() == events


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_bad_note_is_refused(body, make_case, make_user):
    from selaras.cases.models import Note

    case = make_case()
    with pytest.raises(ValidationError) as exc:
        services.add_note(actor=make_user("own", "penangan"), case=case, body=body)
    assert "body" in exc.value.message_dict
    assert Note.objects.count() == 0
