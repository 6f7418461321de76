from django.urls import path

from . import views, views_duplicates, views_export, views_guided, views_offline

urlpatterns = [
    path("", views.home, name="home"),
    path("kasus/", views.case_list, name="case-list"),
    path("kasus/baru/", views.case_create, name="case-create"),
    path("kasus/lapor/", views_guided.guided_intake, name="guided-intake"),
    # Offline intake (issue #9): before the guided steps, whose <step> would catch "luring".
    path("kasus/lapor/luring/", views_offline.offline_intake, name="offline-intake"),
    path("kasus/lapor/luring/wilayah.json", views_offline.offline_regions,
         name="offline-regions"),
    path("kasus/lapor/luring/sesi.json", views_offline.offline_session, name="offline-session"),
    path("kasus/lapor/<slug:step>/", views_guided.guided_intake, name="guided-intake-step"),
    path("kasus/ekspor/", views_export.case_export, name="case-export"),
    path("kasus/baru/kemiripan/", views_duplicates.duplicate_check, name="case-duplicate-check"),
    path("kasus/<str:number>/", views.case_detail, name="case-detail"),
    path("kasus/<str:number>/ubah/", views.case_edit, name="case-edit"),
    path("kasus/<str:number>/catatan/", views.case_note, name="case-note"),
    path("kasus/<str:number>/aksi/<slug:action>/", views.case_transition, name="case-transition"),
]
