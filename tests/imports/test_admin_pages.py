"""Django admin: counsellors are listed and editable; import batches are read-only."""

import pytest
from django.urls import reverse

from selaras.imports import services

from .conftest import case_row, csv_file

pytestmark = pytest.mark.django_db


def test_admin_pages(client, django_user_model, kepala_kota):
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="a.csv",
                                  content=csv_file([case_row("AD-1")]))
    root = django_user_model.objects.create_superuser("root", "root@example.org",
                                                      "kata-sandi-admin-panjang")
    client.force_login(root)
    assert client.get(reverse("admin:imports_counsellor_changelist")).status_code == 200
    assert client.get(reverse("admin:imports_counsellor_add")).status_code == 200
    assert client.get(reverse("admin:imports_importbatch_changelist")).status_code == 200
    assert client.get(reverse("admin:imports_importbatch_change",
                              args=[batch.pk])).status_code == 200
    assert client.post(reverse("admin:imports_importbatch_change", args=[batch.pk]),
                       {"file_name": "x"}).status_code == 403
    assert client.get(reverse("admin:imports_importbatch_add")).status_code == 403
