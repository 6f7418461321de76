from django.urls import path

from . import views

urlpatterns = [
    path("kasus/<str:number>/registri/", views.link_add, name="case-registry-add"),
    path("kasus/<str:number>/registri/<int:link_id>/hapus/", views.link_remove,
         name="case-registry-remove"),
]
