"""The shared error collector: every problem is kept, in order, and raised at once."""

import pytest

from selaras.core.errors import ErrorCollector, ValidationError


def test_raises_nothing_without_errors():
    ErrorCollector().raise_if_any()


def test_collects_every_field_then_raises_one_validation_error():
    errors = ErrorCollector()
    assert errors.text(None, "a", max_length=5, required=True) == ""
    assert errors.text(" abcdefg ", "b", max_length=5) == "abcdefg"
    assert errors.text(42, "c", max_length=5) == ""
    assert errors.text("x\x00", "d", max_length=5) == "x\x00"
    assert errors.text("  ok ", "e", max_length=5, required=True) == "ok"
    errors.add("a", "second")
    with pytest.raises(ValidationError) as caught:
        errors.raise_if_any()
    assert list(caught.value.message_dict) == ["a", "b", "c", "d"]
    assert len(caught.value.message_dict["a"]) == 2
    assert caught.value.message_dict["a"][1] == "second"
    assert errors.fields() == {"a", "b", "c", "d"}


def test_a_subclass_chooses_the_exception():
    class Oops(Exception):
        pass

    class Rows(ErrorCollector):
        def exception(self):
            return Oops(self.items)

    rows = Rows()
    rows.add(None, "bad row")
    with pytest.raises(Oops):
        rows.raise_if_any()
