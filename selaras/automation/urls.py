from django.urls import path

from . import views

urlpatterns = [
    path("pengaturan/tenggat/", views.deadline_policies, name="deadline-policies"),
    path("pengaturan/tenggat/<int:pk>/hapus/", views.deadline_policy_delete,
         name="deadline-policy-delete"),
]
