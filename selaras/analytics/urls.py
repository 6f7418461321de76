from django.urls import path

from . import views

urlpatterns = [
    path("dasbor/", views.dashboard, name="analytics-dashboard"),
    path("dasbor/peta/", views.case_map, name="analytics-map"),
    path("dasbor/titik-rawan/", views.hotspot_page, name="analytics-hotspots"),
    path("dasbor/waktu-respons/", views.response_page, name="analytics-response"),
    path("dasbor/kualitas-data/", views.quality_page, name="analytics-quality"),
    path("dasbor/rekap/", views.recap_page, name="analytics-recap"),
]
