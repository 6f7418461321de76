from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="earlywarning-overview"),
    path("wilayah/<str:code>/", views.area, name="earlywarning-area"),
    path("laporan/", views.report_list, name="earlywarning-reports"),
    path("laporan/baru/", views.report_create, name="earlywarning-report-create"),
    path("laporan/<int:pk>/", views.report_detail, name="earlywarning-report"),
    path("laporan/<int:pk>/bukti/", views.report_evidence, name="earlywarning-report-evidence"),
    path("peringatan/", views.alert_list, name="earlywarning-alerts"),
    path("peringatan/<int:pk>/", views.alert_detail, name="earlywarning-alert"),
    path("kalibrasi/", views.calibration, name="earlywarning-calibration"),
]
