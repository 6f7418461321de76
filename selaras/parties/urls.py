from django.urls import path

from . import views

urlpatterns = [
    path("pihak/", views.party_list, name="party-list"),
    path("pihak/baru/", views.party_create, name="party-create"),
    path("pihak/<int:pk>/", views.party_detail, name="party-detail"),
    path("kasus/<str:number>/pihak/", views.case_party_link, name="case-party-link"),
    path("kasus/<str:number>/pihak/baru/", views.case_party_create, name="case-party-create"),
    path("kasus/<str:number>/pihak/<int:link_id>/hapus/", views.case_party_unlink,
         name="case-party-unlink"),
]
