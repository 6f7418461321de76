"""Attachments are reached only through a visible case, and leave as downloads."""

import pytest
from django.http import Http404

from selaras.core.errors import PermissionDenied
from selaras.evidence import services
from selaras.evidence.http import attachment_response, content_disposition
from selaras.evidence.selectors import case_attachments, open_attachment

from .conftest import ACCEPTED, png_bytes, upload


@pytest.fixture
def attachment(case, kepala):
    return services.add_attachment(actor=kepala, case=case,
                                   uploaded_file=upload("foto lokasi.png", png_bytes()),
                                   kind="foto")


@pytest.mark.parametrize(("place", "role"), [
    ("own", "kepala"), ("own", "pelapor"), ("child", "penangan"), ("kanwil", "penangan"),
    ("pusat", "kepala"),
])
def test_who_sees_the_case_and_its_personal_data_may_open(place, role, attachment, case,
                                                          make_user):
    user = make_user(place, role)
    found, handle = open_attachment(user, case.number, attachment.pk)
    with handle:
        assert found.pk == attachment.pk
        assert handle.read() == png_bytes()


@pytest.mark.parametrize(("place", "role"), [
    ("other_province", "kepala"), ("sibling", "kepala"), ("sibling_kua", "penangan"),
    ("own", "admin"),
])
def test_outside_jurisdiction_the_attachment_does_not_exist(place, role, attachment, case,
                                                            make_user):
    with pytest.raises(Http404):
        open_attachment(make_user(place, role), case.number, attachment.pk)


@pytest.mark.parametrize("role", ["analis", "auditor"])
def test_masked_roles_see_the_list_but_may_not_open_files(role, attachment, case, make_user):
    user = make_user("own", role)
    assert list(case_attachments(case)) == [attachment]
    with pytest.raises(PermissionDenied):
        open_attachment(user, case.number, attachment.pk)


def test_attachment_is_only_found_under_its_own_case(attachment, make_case, kepala):
    other = make_case(title="Kasus lain")
    with pytest.raises(Http404):
        open_attachment(kepala, other.number, attachment.pk)


@pytest.mark.parametrize("bad_id", ["abc", "", None, "999999", "-1"])
def test_unknown_attachment_id_is_404(bad_id, attachment, case, kepala):
    with pytest.raises(Http404):
        open_attachment(kepala, case.number, bad_id)


def test_missing_file_is_404_not_500(attachment, case, kepala, media_root):
    (media_root / "attachments" / attachment.stored_name).unlink()
    with pytest.raises(Http404):
        open_attachment(kepala, case.number, attachment.pk)


def test_response_is_a_sandboxed_download(attachment, case, kepala):
    found, handle = open_attachment(kepala, case.number, attachment.pk)
    response = attachment_response(found, handle)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"foto lokasi.png\"; filename*=UTF-8''foto%20lokasi.png")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == png_bytes()
    response.close()


def test_text_is_served_as_utf8_text(case, kepala):
    make, _type, _ext = ACCEPTED["catatan.txt"]
    attachment = services.add_attachment(actor=kepala, case=case,
                                         uploaded_file=upload("catatan.txt", make()),
                                         kind="notulen")
    response = attachment_response(attachment)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    response.close()


@pytest.mark.parametrize(("name", "header"), [
    ("notulen.pdf", "attachment; filename=\"notulen.pdf\"; filename*=UTF-8''notulen.pdf"),
    ("Berita acara “final”.pdf",
     "attachment; filename=\"Berita acara _final_.pdf\"; "
     "filename*=UTF-8''Berita%20acara%20%E2%80%9Cfinal%E2%80%9D.pdf"),
    ('a"b;c%.pdf', "attachment; filename=\"a_b_c_.pdf\"; filename*=UTF-8''a%22b%3Bc%25.pdf"),
])
def test_content_disposition_is_quoted_safely(name, header):
    assert content_disposition(name) == header
