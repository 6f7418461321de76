from django.urls import path

from . import views

urlpatterns = [
    path("kasus/<str:number>/lampiran/", views.attachment_add, name="case-attachment-add"),
    path("kasus/<str:number>/lampiran/<int:attachment_id>/", views.attachment_download,
         name="case-attachment-download"),
]
