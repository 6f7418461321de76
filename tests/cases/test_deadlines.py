"""due_at follows DESIGN's default deadlines: verify within 24 h (6 h at level 3),
first handling within 72 h (24 h at level 3), resolution within 30 days."""

from datetime import timedelta

import pytest

from selaras.cases import services

from .conftest import apply

H = timedelta(hours=1)


@pytest.mark.parametrize("level, hours", [(1, 24), (2, 24), (3, 6)])
def test_reported_case_is_due_for_verification(level, hours, make_case):
    case = make_case(alert_level=level)
    assert case.due_at == case.reported_at + hours * H


@pytest.mark.parametrize("level, hours", [(1, 72), (2, 72), (3, 24)])
def test_verified_case_is_due_for_first_handling(level, hours, make_case, pusat_kepala):
    case = apply(pusat_kepala, make_case(alert_level=level), "verify")
    assert case.due_at == case.verified_at + hours * H


def test_case_in_handling_is_due_for_resolution_in_30_days(make_case, pusat_kepala, advance):
    case = advance(make_case(alert_level=3), "ditangani", pusat_kepala)
    assert case.due_at == case.reported_at + timedelta(days=30)


@pytest.mark.parametrize("status", ["selesai", "pemantauan", "ditutup", "ditolak"])
def test_nothing_is_due_after_handling(status, make_case, pusat_kepala, advance):
    case = advance(make_case(), status, pusat_kepala)
    case.refresh_from_db()
    assert case.due_at is None


def test_raising_the_level_tightens_the_deadline(make_case, make_user):
    case = make_case(alert_level=1)
    kepala = make_user(case.handling_unit.code, "kepala")
    case = services.update_case(actor=kepala, case=case, changes={"alert_level": 3},
                                reason="Eskalasi kekerasan")
    assert case.due_at == case.reported_at + 6 * H
