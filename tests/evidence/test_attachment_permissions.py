"""Who may attach: the add_note roles on the case (pelapor, penangan, kepala of the
handling unit or above); nobody on a closed or rejected case."""

import pytest
from django.http import Http404

from selaras.cases import selectors as case_selectors
from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent
from selaras.core.errors import ActionNotAllowed, PermissionDenied
from selaras.evidence import services

from .conftest import png_bytes, upload


@pytest.mark.parametrize(("place", "role"), [
    ("own", "penangan"), ("own", "pelapor"), ("kanwil", "kepala"), ("pusat", "penangan"),
])
def test_note_roles_of_the_handling_unit_or_above_may_attach(place, role, case, make_user):
    user = make_user(place, role)
    attachment = services.add_attachment(actor=user, case=case,
                                         uploaded_file=upload("foto.png", png_bytes()),
                                         kind="foto")
    assert attachment.uploaded_by == user


@pytest.mark.parametrize(("place", "role"), [
    ("own", "analis"), ("own", "auditor"), ("own", "admin"), ("child", "kepala"),
    ("sibling", "kepala"), ("other_province", "kepala"),
])
def test_others_may_not_attach(place, role, case, make_user, nothing_stored):
    user = make_user(place, role)
    before = CaseEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.add_attachment(actor=user, case=case,
                                uploaded_file=upload("foto.png", png_bytes()), kind="foto")
    nothing_stored(before)


def test_outsider_does_not_even_see_the_case(case, make_user):
    outsider = make_user("other_province", "kepala")
    with pytest.raises(Http404):
        case_selectors.get_case(outsider, case.number)


@pytest.mark.parametrize("route", [["reject"], ["verify", "start", "resolve", "close"]])
def test_closed_or_rejected_case_takes_no_attachments(route, case, kepala, nothing_stored):
    for action in route:
        extra = {"reject": {"reject_reason": "hoaks"}, "resolve": {"outcome": "damai"}}
        case = case_services.perform_transition(actor=kepala, case=case, action=action,
                                                reason="alasan", **extra.get(action, {}))
    before = CaseEvent.objects.count()
    with pytest.raises(ActionNotAllowed):
        services.add_attachment(actor=kepala, case=case,
                                uploaded_file=upload("foto.png", png_bytes()), kind="foto")
    nothing_stored(before)
