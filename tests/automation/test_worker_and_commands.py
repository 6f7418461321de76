"""The worker settings, the periodic-job commands and their heartbeat, the system actor."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import task_backends
from django.utils import timezone

from selaras.automation import scheduler
from selaras.automation.models import JobHeartbeat
from selaras.automation.system import system_user
from tests.conftest import PASSWORD


def test_tests_run_tasks_immediately_and_deployments_use_the_database():
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"
    from selaras import settings as project_settings

    assert project_settings.TASKS["default"]["BACKEND"] in (
        "django_tasks_db.DatabaseBackend", __import__("os").environ.get("TASKS_BACKEND"))
    assert "django_tasks_db" in settings.INSTALLED_APPS


def test_run_periodic_jobs_runs_every_job_once_and_prints_a_summary(db, make_case, clock):
    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    out = StringIO()
    call_command("run_periodic_jobs", stdout=out)  # raises CommandError (exit 1) on failure
    text = out.getvalue()
    assert "check_deadlines: ok (reminded=1" in text
    assert "failed." in text and " 0 failed" in text
    beat = JobHeartbeat.objects.get(name="check_deadlines")
    assert beat.last_ok and beat.runs == 1 and beat.last_summary["reminded"] == 1
    assert beat.last_finished_at >= beat.last_started_at


def test_a_second_run_reminds_nobody_again(db, make_case, clock):
    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    call_command("run_periodic_jobs", stdout=StringIO())
    out = StringIO()
    call_command("run_periodic_jobs", "--job", "check_deadlines", stdout=out)
    assert "check_deadlines: ok (reminded=0, escalated=0" in out.getvalue()


def test_unknown_job_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Unknown job"):
        call_command("run_periodic_jobs", "--job", "nope", stdout=StringIO())


def test_a_failing_job_is_reported_and_does_not_stop_the_others(db, monkeypatch):
    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setitem(scheduler.JOBS, "broken_job", scheduler.PeriodicJob(
        "broken_job", broken, timedelta(minutes=1)))
    monkeypatch.setattr(scheduler, "discover", lambda: scheduler.JOBS)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("run_periodic_jobs", stdout=out, stderr=err)
    assert "broken_job: FAILED RuntimeError: boom" in err.getvalue()
    assert "check_deadlines: ok" in out.getvalue()
    beat = JobHeartbeat.objects.get(name="broken_job")
    assert not beat.last_ok and "boom" in beat.last_error


def test_scheduler_runs_only_due_jobs(db, clock):
    now = clock.at(timezone.now())
    assert {r.name for r in scheduler.run_pass(only_due=True)} >= {"check_deadlines"}
    clock.at(now + timedelta(minutes=2))
    assert "check_deadlines" not in {r.name for r in scheduler.run_pass(only_due=True)}
    clock.at(now + timedelta(minutes=5))
    assert "check_deadlines" in {r.name for r in scheduler.run_pass(only_due=True)}


def test_scheduler_loop_passes_and_beats(db):
    ticks = []
    scheduler.loop(interval=1, stop=lambda: len(ticks) >= 2, sleep=ticks.append)
    assert ticks == [1, 1]
    assert JobHeartbeat.objects.get(name=scheduler.SCHEDULER_HEARTBEAT).last_ok


def test_system_actor_cannot_log_in(client, db, unit):
    user = system_user()
    assert user.is_service_account and not user.has_usable_password()
    assert user.memberships.filter(unit=unit("pusat"), role="kepala").exists()
    assert not client.login(username="sistem", password="")
    assert not client.login(username="sistem", password=PASSWORD)
    assert system_user().pk == user.pk  # created once
