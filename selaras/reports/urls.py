from django.urls import path

from . import views

urlpatterns = [
    path("kasus/<str:number>/laporan.pdf", views.case_report, name="case-report-pdf"),
    path("kasus/<str:number>/laporan-<slug:level>.pdf", views.level_report_pdf,
         name="case-level-report-pdf"),
]
