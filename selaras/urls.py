from django.contrib import admin
from django.urls import include, path

from selaras.api import api
from selaras.cases.views_offline import service_worker
from selaras.core import views as core_views
from selaras.core import views_help
from selaras.core.metrics import metrics_view

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("sw.js", service_worker, name="service-worker"),  # offline intake (issue #9)
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("selaras.accounts.urls")),
    path("wilayah/", include("selaras.regions.urls")),
    path("notifikasi/", include("selaras.notifications.urls")),
    path("", include("selaras.parties.urls")),
    path("", include("selaras.handling.urls")),
    path("", include("selaras.evidence.urls")),
    path("", include("selaras.registry.urls")),
    path("", include("selaras.reports.urls")),
    path("", include("selaras.playbooks.urls")),
    path("", include("selaras.analytics.urls")),
    path("", include("selaras.automation.urls")),
    path("", include("selaras.audit.urls")),
    path("integrasi/", include("selaras.webhooks.urls")),
    path("deteksi-dini/", include("selaras.earlywarning.urls")),  # early warning (issue #10)
    path("impor/", include("selaras.imports.urls")),
    path("privasi/", include("selaras.privacy.urls")),
    path("panduan/", include("selaras.guide.urls")),  # in-app guide (issue #9)
    path("bantuan/istilah/", views_help.glossary, name="glossary"),  # glossary (issue #9)
    path("", include("selaras.cases.urls")),
]
