"""Cases, import batches and regions are written only by services and loaders: even a
superuser may not add, change or delete one in the admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from selaras.cases.models import Case
from selaras.imports.models import ImportBatch
from selaras.regions.models import Region


@pytest.mark.parametrize("model", [Case, ImportBatch, Region])
def test_admin_never_writes(model, django_user_model, db):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("root", password="x-Secret-123")
    model_admin = admin.site._registry[model]
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_view_permission(request) is True
