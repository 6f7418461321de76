"""A case keeps the version it started with; publishing retires the previous version."""

from selaras.cases import services as case_services
from selaras.playbooks import services
from selaras.playbooks.models import VersionStatus
from selaras.playbooks.services import current_case_playbook

from .conftest import step_data


def test_case_keeps_its_version_after_a_new_publish(verified_case, playbook, editor, make_case,
                                                    kepala):
    v1 = current_case_playbook(verified_case).version
    draft = services.new_draft(actor=editor, playbook=playbook, change_note="Langkah tambahan")
    assert draft.number == 2 and draft.steps.count() == 3  # copied from the latest
    services.add_step(actor=editor, version=draft, data=step_data("Langkah baru"))
    services.publish(actor=editor, version=draft)

    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED and v1.retired_at is not None
    assert current_case_playbook(verified_case).version == v1
    assert current_case_playbook(verified_case).progress.count() == 3

    newer = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    assert current_case_playbook(newer).version == draft
    assert current_case_playbook(newer).progress.count() == 4


def test_published_version_cannot_be_edited(playbook, editor):
    import pytest

    from selaras.core.errors import ActionNotAllowed

    published = playbook.versions.get(status=VersionStatus.PUBLISHED)
    with pytest.raises(ActionNotAllowed):
        services.add_step(actor=editor, version=published, data=step_data("x"))
    with pytest.raises(ActionNotAllowed):
        services.remove_step(actor=editor, step=published.steps.first())


def test_new_draft_twice_returns_the_same_draft(playbook, editor):
    first = services.new_draft(actor=editor, playbook=playbook)
    assert services.new_draft(actor=editor, playbook=playbook) == first


def test_second_version_needs_a_change_note_to_publish(playbook, editor):
    import pytest

    from selaras.core.errors import ValidationError

    draft = services.new_draft(actor=editor, playbook=playbook)
    with pytest.raises(ValidationError) as exc:
        services.publish(actor=editor, version=draft)
    assert "change_note" in exc.value.message_dict
    services.publish(actor=editor, version=draft, change_note="Perbaikan redaksi")


def test_reorder_and_remove_keep_positions_contiguous(playbook, editor):
    draft = services.new_draft(actor=editor, playbook=playbook)
    steps = list(draft.steps.order_by("position"))
    services.move_step(actor=editor, step=steps[2], direction="up")
    assert [s.title for s in draft.steps.order_by("position")] == [
        "Musyawarah", "Pengadilan", "Pendapat FKUB"]
    services.remove_step(actor=editor, step=steps[0])
    assert [(s.position, s.title) for s in draft.steps.order_by("position")] == [
        (1, "Pengadilan"), (2, "Pendapat FKUB")]
