"""Compliance per office on a hand-computed fixture, scoped to what the user may see."""

from datetime import timedelta

from django.utils import timezone

from selaras.cases import services as case_services
from selaras.handling.models import Task
from selaras.playbooks import services
from selaras.playbooks.selectors import compliance
from selaras.playbooks.services import current_case_playbook
from selaras.regions.models import Region


def _rows(case):
    return {r.step.title: r for r in
            current_case_playbook(case).progress.select_related("step", "task")}


def _due(row, days):
    Task.objects.filter(pk=row.task_id).update(due_date=timezone.localdate() + timedelta(days))


def _fixture(make_case, kepala, make_user):
    a = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    b = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    ra, rb = _rows(a), _rows(b)
    _due(ra["Musyawarah"], +2)
    services.complete_step(actor=kepala, case=a, progress=ra["Musyawarah"])  # on time
    _due(ra["Pendapat FKUB"], -1)
    services.complete_step(actor=kepala, case=a, progress=ra["Pendapat FKUB"])  # late
    services.skip_step(actor=kepala, case=a, progress=ra["Pengadilan"], reason="Sudah damai.")
    services.skip_step(actor=kepala, case=b, progress=rb["Pendapat FKUB"], reason="FKUB hadir.")
    _due(rb["Musyawarah"], -1)  # pending and overdue
    _due(rb["Pengadilan"], +5)  # pending, not yet due
    # A case in another province, with a skipped step: only Pusat counts it.
    village = Region.objects.filter(parent_id="317101").order_by("code").first()
    far_kepala = make_user("31", "kepala")
    c = make_case(location=village.code, alert_level=3)
    c = case_services.perform_transition(actor=far_kepala, case=c, action="verify")
    services.skip_step(actor=far_kepala, case=c, progress=_rows(c)["Musyawarah"],
                       reason="Tidak relevan.")


def test_figures_for_the_kanwil(make_case, kepala, make_user, playbook):
    _fixture(make_case, kepala, make_user)
    units, skipped = compliance(make_user("kanwil", "analis"))
    by_code = {u.unit_code: u for u in units}
    assert set(by_code) == {"32", "3273"}
    own = by_code["3273"]
    assert (own.steps, own.done, own.on_time, own.skipped, own.overdue) == (4, 2, 1, 1, 1)
    assert own.on_time_share == 50.0
    kanwil = by_code["32"]
    assert (kanwil.steps, kanwil.done, kanwil.skipped, kanwil.overdue) == (2, 0, 1, 0)
    assert kanwil.on_time_share is None
    assert [(s.step, s.skipped) for s in skipped] == [("Pendapat FKUB", 1), ("Pengadilan", 1)]


def test_pusat_sees_every_province(make_case, kepala, make_user, playbook):
    _fixture(make_case, kepala, make_user)
    units, skipped = compliance(make_user("pusat", "analis"))
    assert "31" in {u.unit_code for u in units}
    assert sum(s.skipped for s in skipped) == 3  # one each in cases a, b and c


def test_another_kanwil_sees_nothing_of_this_province(make_case, kepala, make_user, playbook):
    _fixture(make_case, kepala, make_user)
    units, _skipped = compliance(make_user("other_province", "analis"))
    assert {u.unit_code for u in units} == {"31"}
