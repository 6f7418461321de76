"""resolve records one of DESIGN's outcome codes; 'lainnya' needs a note."""

import pytest

from selaras.cases import services
from selaras.core.errors import ValidationError

from .conftest import snapshot

DESIGN_OUTCOMES = ["damai", "mereda", "dirujuk_hukum", "tidak_terbukti", "lainnya"]


@pytest.fixture
def handled(make_case, make_user, advance):
    kepala = make_user("own", "kepala")
    return kepala, advance(make_case(), "ditangani", kepala)


@pytest.mark.parametrize("outcome", DESIGN_OUTCOMES)
def test_each_design_outcome_is_accepted(outcome, handled):
    kepala, case = handled
    note = "Pihak sepakat berdamai lewat FKUB." if outcome == "lainnya" else ""
    case = services.perform_transition(actor=kepala, case=case, action="resolve",
                                       reason="Selesai", outcome=outcome, outcome_note=note)
    case.refresh_from_db()
    assert case.status == "selesai"
    assert case.outcome == outcome
    assert case.outcome_note == note
    assert case.events.last().data["outcome"] == outcome


@pytest.mark.parametrize(
    "outcome, note, field",
    [
        ("", "", "outcome"),
        (None, "", "outcome"),
        ("berhasil", "", "outcome"),
        ("DAMAI", "", "outcome"),
        ("lainnya", "", "outcome_note"),
        ("lainnya", "   ", "outcome_note"),
    ],
)
def test_bad_outcome_is_refused_and_changes_nothing(outcome, note, field, handled):
    kepala, case = handled
    before = snapshot(case)
    with pytest.raises(ValidationError) as exc:
        services.perform_transition(actor=kepala, case=case, action="resolve",
                                    reason="Selesai", outcome=outcome, outcome_note=note)
    assert field in exc.value.message_dict
    assert snapshot(case) == before
