"""The web pages: upload → dry-run result with the error table → Commit → history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selaras.cases.models import Case
from selaras.imports.models import ImportBatch

from .conftest import case_row, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(client, kepala_kota):
    client.force_login(kepala_kota)
    return client


def _upload(web, content, name="lama.csv", kind="cases"):
    return web.post(reverse("import-home"), {
        "kind": kind, "file": SimpleUploadedFile(name, content)})


def test_upload_check_commit_and_history(web):
    response = _upload(web, csv_file([case_row("W-1"), case_row("W-2")]))
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = web.get(response["Location"])
    assert page.status_code == 200
    assert reverse("import-commit", args=[batch.pk]).encode() in page.content
    assert Case.objects.count() == 0

    done = web.post(reverse("import-commit", args=[batch.pk]), follow=True)
    assert done.status_code == 200
    assert Case.objects.count() == 2
    assert b"lama.csv" in web.get(reverse("import-home")).content
    # Committing again changes nothing.
    web.post(reverse("import-commit", args=[batch.pk]))
    assert Case.objects.count() == 2


def test_errors_are_shown_in_a_table_and_no_commit_button(web):
    rows = [case_row("X-1", **{"Kode Kategori": "tidak_ada"}), case_row("X-2", Judul="")]
    response = _upload(web, csv_file(rows))
    batch = ImportBatch.objects.get()
    page = web.get(response["Location"]).content.decode()
    assert 'id="errors"' in page
    assert "Kode Kategori" in page and "Judul" in page
    assert reverse("import-commit", args=[batch.pk]) not in page


def test_garbage_upload_is_a_page_not_a_500(web):
    response = _upload(web, b"\x00\xff" * 100, name="junk.xlsx")
    assert response.status_code == 302
    assert web.get(response["Location"]).status_code == 200


def test_template_download_and_forbidden_roles(web, client, make_user):
    response = web.get(reverse("import-template", args=["cases", "xlsx"]))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    assert web.get(reverse("import-template", args=["planets", "csv"])).status_code == 404
    # A head at a Kankemenag may import cases but not master data.
    home = web.get(reverse("import-home")).content.decode()
    assert 'value="cases"' in home and 'value="units"' not in home
    assert _upload(web, b"a,b\n1,2\n", kind="units").status_code == 400

    client.force_login(make_user("3273", "penangan"))
    assert client.get(reverse("import-home")).status_code == 403
    assert client.get(reverse("import-template", args=["cases", "csv"])).status_code == 403


def test_counsellor_list(client, make_user):
    from selaras.imports.models import Counsellor
    from selaras.org.models import Unit

    Counsellor.objects.create(name="Ahmad Fauzi", unit=Unit.objects.get(code="327301"))
    Counsellor.objects.create(name="Orang Jakarta", unit=Unit.objects.get(code="317101"))
    client.force_login(make_user("32", "admin"))
    page = client.get(reverse("counsellor-list")).content.decode()
    assert "Ahmad Fauzi" in page and "Orang Jakarta" not in page


def test_menu_link_only_for_those_who_may_import(client, make_user):
    client.force_login(make_user("327301", "kepala"))
    assert reverse("import-home").encode() in client.get(reverse("case-list")).content
    client.force_login(make_user("pusat", "penangan"))
    assert reverse("import-home").encode() not in client.get(reverse("case-list")).content
