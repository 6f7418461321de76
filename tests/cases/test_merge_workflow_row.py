"""The ``merge`` row is applied only by merge_duplicate: the plain workflow path (UI
buttons, the API's transitions endpoint) neither offers nor applies it, so a case can
never be rejected as merged without its content moving."""

import pytest

from selaras.cases import services
from selaras.core.errors import ActionNotAllowed

from .conftest import snapshot


@pytest.mark.parametrize("status", ["terverifikasi", "ditangani", "pemantauan"])
def test_plain_transition_refuses_merge(status, make_case, make_user, advance):
    kepala = make_user("own", "kepala")
    case = advance(make_case(), status, kepala)
    original = make_case()
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        services.perform_transition(actor=kepala, case=case, action="merge", reason="Ganda",
                                    reject_reason="duplikat", duplicate_of=original)
    assert snapshot(case) == before


@pytest.mark.parametrize("status", ["terverifikasi", "ditangani", "pemantauan"])
def test_merge_is_not_offered_as_a_plain_action(status, make_case, make_user, advance):
    kepala = make_user("own", "kepala")
    case = advance(make_case(), status, kepala)
    assert "merge" not in {t.action for t in services.available_transitions(kepala, case)}
