"""Completing a step (with evidence) and skipping one (reason required): events and tasks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.cases.models import CaseEvent
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.handling.models import TaskStatus
from selaras.playbooks import services
from selaras.playbooks.models import StepStatus
from selaras.playbooks.services import current_case_playbook


def _first(case, title="Musyawarah"):
    return current_case_playbook(case).progress.select_related("step", "task").get(
        step__title=title)


def test_skipping_needs_a_reason(verified_case, kepala):
    row = _first(verified_case)
    version = verified_case.version
    with pytest.raises(ValidationError) as exc:
        services.skip_step(actor=kepala, case=verified_case, progress=row, reason="  ")
    assert "reason" in exc.value.message_dict
    row.refresh_from_db()
    assert row.status == StepStatus.PENDING and row.task.status == TaskStatus.OPEN
    verified_case.refresh_from_db()
    assert verified_case.version == version


def test_skip_cancels_the_task_and_writes_an_event(verified_case, kepala):
    row = services.skip_step(actor=kepala, case=verified_case, progress=_first(verified_case),
                             reason="Warga sudah bermusyawarah sebelum laporan masuk.")
    assert row.status == StepStatus.SKIPPED
    row.task.refresh_from_db()
    assert row.task.status == TaskStatus.CANCELLED
    event = CaseEvent.objects.get(case=verified_case, kind="playbook", action="step_skipped")
    assert event.reason.startswith("Warga") and event.data["title"] == "Musyawarah"


def test_complete_with_evidence(verified_case, kepala, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES,
                         "attachments": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                         "OPTIONS": {"location": str(tmp_path)}}}
    from selaras.evidence.services import add_attachment

    pdf = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    attachment = add_attachment(actor=kepala, case=verified_case, uploaded_file=pdf,
                                kind="notulen")
    row = services.complete_step(actor=kepala, case=verified_case,
                                 progress=_first(verified_case), attachment=attachment.pk,
                                 note="Musyawarah di balai RW.")
    assert row.status == StepStatus.DONE and row.evidence == attachment and row.done_at
    row.task.refresh_from_db()
    assert row.task.status == TaskStatus.DONE and row.task.done_at is not None
    event = CaseEvent.objects.get(case=verified_case, kind="playbook", action="step_completed")
    assert event.data["attachment_id"] == attachment.pk and event.data["on_time"] is True


def test_evidence_must_be_an_attachment_of_this_case(verified_case, kepala):
    with pytest.raises(ValidationError) as exc:
        services.complete_step(actor=kepala, case=verified_case,
                               progress=_first(verified_case), attachment=999999)
    assert "attachment" in exc.value.message_dict
    assert _first(verified_case).status == StepStatus.PENDING


def test_a_step_is_completed_once(verified_case, kepala):
    services.complete_step(actor=kepala, case=verified_case, progress=_first(verified_case))
    with pytest.raises(ActionNotAllowed):
        services.complete_step(actor=kepala, case=verified_case,
                               progress=_first(verified_case))
    with pytest.raises(ActionNotAllowed):
        services.skip_step(actor=kepala, case=verified_case, progress=_first(verified_case),
                           reason="x")


def test_reporter_may_not_complete_or_skip(verified_case, make_user):
    pelapor = make_user("own", "pelapor")
    with pytest.raises(PermissionDenied):
        services.complete_step(actor=pelapor, case=verified_case,
                               progress=_first(verified_case))
    with pytest.raises(PermissionDenied):
        services.skip_step(actor=pelapor, case=verified_case, progress=_first(verified_case),
                           reason="x")


def test_officer_may_choose_another_playbook_with_a_reason(verified_case, kepala, make_playbook):
    other = make_playbook(category="sengketa_wakaf", title="Wakaf")
    version = other.versions.get()
    with pytest.raises(ValidationError):
        services.attach_playbook(actor=kepala, case=verified_case, version=version.pk)
    old = current_case_playbook(verified_case)
    services.attach_playbook(actor=kepala, case=verified_case, version=version.pk,
                             reason="Ternyata sengketa tanah wakaf masjid.")
    assert current_case_playbook(verified_case).version == version
    assert not old.progress.filter(task__status=TaskStatus.OPEN).exists()
    assert CaseEvent.objects.filter(case=verified_case, kind="playbook",
                                    action__in=["detached", "attached"]).count() == 3
