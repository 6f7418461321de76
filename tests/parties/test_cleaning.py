"""The input cleaners of parties/handling/playbooks: each raises a ValidationError keyed by
its field; ``Errors`` collects them through the shared ``core.errors.collector`` so a
service reports every problem at once."""

from datetime import date

import pytest
from django.utils import translation

from selaras.core.errors import ValidationError
from selaras.parties import cleaning
from selaras.parties.models import PartyKind


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_every_problem_is_collected_and_raised_at_once():
    errors = cleaning.Errors()
    assert errors.text("  Nama  ", field="name", max_length=10) == "Nama"
    assert errors.text("x" * 11, field="name", max_length=10) is None
    assert errors.choice("bukan", PartyKind, field="kind") is None
    assert errors.count("1.500.000", field="loss", grouped=True,
                        maximum=cleaning.MAX_RUPIAH) == 1_500_000
    assert errors.count("-1", field="people") is None
    assert errors.day("2999-01-01", field="on", not_future=True) is None
    assert errors.check(cleaning.clean_day, "1990-05-01", field="born") == date(1990, 5, 1)
    errors.add("people", "Another message.")
    assert errors
    with pytest.raises(ValidationError) as raised:
        errors.raise_if_any()
    assert raised.value.message_dict == {
        "name": ["At most 10 characters (this has 11)."],
        "kind": [f"'bukan' is not one of: {', '.join(PartyKind.values)}."],
        "people": ["Must be zero or more.", "Another message."],
        "on": ["The date cannot be in the future."],
    }


def test_no_problem_raises_nothing():
    errors = cleaning.Errors()
    assert errors.choice("", PartyKind, field="kind", required=False) == ""
    assert errors.count(None, field="n", allow_none=True) is None
    assert not errors
    errors.raise_if_any()


@pytest.mark.parametrize("call, message", [
    (lambda: cleaning.clean_text(5, field="f", max_length=3), "Must be text."),
    (lambda: cleaning.clean_text(" ", field="f", max_length=3, required=True),
     "This field is required."),
    (lambda: cleaning.clean_count(True, field="f"), "Must be a whole number."),
    (lambda: cleaning.clean_count("1.5", field="f"), "Must be a whole number."),
    (lambda: cleaning.clean_count(2_000_000, field="f"), "Must be at most 1,000,000."),
    (lambda: cleaning.clean_day("14/03/2019", field="f"), "Use the date format YYYY-MM-DD."),
    (lambda: cleaning.clean_day("1900-01-01", field="f"), "The date is too far in the past."),
])
def test_each_cleaner_raises_under_its_field(call, message):
    with pytest.raises(ValidationError) as raised:
        call()
    assert raised.value.message_dict == {"f": [message]}
