"""Fields the lifecycle maintains: verified_at, closed_at, outcome cleared on reopen."""

import pytest

from selaras.cases.models import Status

from .conftest import apply


def test_verify_sets_verified_at(make_case, make_user):
    kepala = make_user("own", "kepala")
    case = make_case()
    assert case.verified_at is None
    case = apply(kepala, case, "verify")
    case.refresh_from_db()
    assert case.verified_at is not None


@pytest.mark.parametrize("status", ["selesai", "pemantauan", "ditutup"])
def test_reopen_clears_the_outcome(status, make_case, make_user, advance):
    kepala = make_user("own", "kepala")
    case = advance(make_case(), "ditangani", kepala)
    case = apply(kepala, case, "resolve", outcome="lainnya", outcome_note="Tenang kembali")
    if status != "selesai":
        for action in {"pemantauan": ["monitor"], "ditutup": ["close"]}[status]:
            case = apply(kepala, case, action)
    case = apply(kepala, case, "reopen")
    case.refresh_from_db()
    assert case.status == Status.DITANGANI
    assert case.outcome == ""
    assert case.outcome_note == ""
    assert case.closed_at is None


def test_close_sets_closed_at(make_case, make_user, advance):
    kepala = make_user("own", "kepala")
    case = advance(make_case(), "ditutup", kepala)
    case.refresh_from_db()
    assert case.closed_at is not None


def test_stale_version_is_refused(make_case, make_user):
    from selaras.cases import services
    from selaras.core.errors import ActionNotAllowed

    from .conftest import snapshot

    kepala = make_user("own", "kepala")
    case = make_case()
    old_version = case.version
    services.add_note(actor=kepala, case=case, body="Catatan")
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        services.perform_transition(actor=kepala, case=case, action="verify",
                                    expected_version=old_version)
    assert snapshot(case) == before
