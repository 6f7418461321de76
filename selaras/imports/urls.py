from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_home, name="import-home"),
    path("<int:pk>/", views.import_detail, name="import-detail"),
    path("<int:pk>/simpan/", views.import_commit, name="import-commit"),
    path("template/<str:kind>.<str:fmt>", views.import_template, name="import-template"),
    path("penyuluh/", views.counsellor_list, name="counsellor-list"),
]
