"""The demo shows situation reports, a risk map and an alert that led to a case."""

from django.core.management import call_command

from selaras.earlywarning.models import (
    DistrictRisk,
    ExternalSignal,
    RiskAlert,
    RiskSnapshot,
    SituationReport,
)


def test_seed_demo_includes_early_warning_and_is_idempotent(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    counts = (SituationReport.objects.count(), ExternalSignal.objects.count(),
              RiskAlert.objects.count())
    assert counts[0] == 9 and counts[1] == 1
    sukasari = DistrictRisk.objects.get(district_id="327301")
    assert sukasari.level >= 2
    assert RiskSnapshot.objects.filter(district_id="327301").count() >= 6  # the trend
    alert = RiskAlert.objects.filter(district_id="327301", case__isnull=False).get()
    assert alert.case.district_code == "327301" and alert.reports.exists()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (SituationReport.objects.count(), ExternalSignal.objects.count(),
            RiskAlert.objects.count()) == counts
