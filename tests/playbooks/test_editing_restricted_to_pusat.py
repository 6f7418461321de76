"""Only kepala or admin at Pusat edit playbooks; everyone else is refused and nothing changes."""

import pytest

from selaras.core.errors import PermissionDenied, ValidationError
from selaras.playbooks import services
from selaras.playbooks.models import Playbook

from .conftest import step_data


@pytest.mark.parametrize("unit_key,role", [
    ("kanwil", "kepala"), ("own", "kepala"), ("pusat", "analis"), ("pusat", "penangan"),
    ("pusat", "auditor"),
])
def test_others_may_not_edit(make_user, playbook, unit_key, role):
    user = make_user(unit_key, role)
    with pytest.raises(PermissionDenied):
        services.create_playbook(actor=user, category="pemakaman", title="x")
    with pytest.raises(PermissionDenied):
        services.new_draft(actor=user, playbook=playbook)
    assert Playbook.objects.count() == 1 and playbook.versions.count() == 1


def test_admin_at_pusat_may_edit(make_user):
    admin = make_user("pusat", "admin")
    pb = services.create_playbook(actor=admin, category="pemakaman", title="Pemakaman")
    services.add_step(actor=admin, version=pb.versions.get(), data=step_data("Dialog"))
    services.publish(actor=admin, version=pb.versions.get())


def test_bad_step_input_lists_every_problem(playbook, editor):
    draft = services.new_draft(actor=editor, playbook=playbook)
    with pytest.raises(ValidationError) as exc:
        services.add_step(actor=editor, version=draft, data={
            "title": "", "guidance": "", "responsible_level": "9", "anchor": "kapan-kapan",
            "offset_hours": "-3", "legal_verified": "on"})
    fields = set(exc.value.message_dict)
    assert {"title", "guidance", "responsible_level", "anchor", "offset_hours",
            "legal_verified"} <= fields
    assert draft.steps.count() == 3


def test_empty_draft_cannot_be_published(editor):
    pb = services.create_playbook(actor=editor, category="pemakaman", title="Kosong")
    with pytest.raises(ValidationError):
        services.publish(actor=editor, version=pb.versions.get())
