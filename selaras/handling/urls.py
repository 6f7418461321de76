from django.urls import path

from . import views

urlpatterns = [
    path("kasus/<str:number>/dampak/", views.impact_update, name="case-impact"),
    path("kasus/<str:number>/tindakan/", views.action_add, name="case-action-add"),
    path("kasus/<str:number>/tugas/", views.task_add, name="case-task-add"),
    path("kasus/<str:number>/tugas/<int:task_id>/selesai/", views.task_complete,
         name="case-task-complete"),
    path("kasus/<str:number>/tugas/<int:task_id>/batal/", views.task_cancel,
         name="case-task-cancel"),
    path("kasus/<str:number>/kesepakatan/", views.agreement_add, name="case-agreement-add"),
    path("kasus/<str:number>/kesepakatan/<int:agreement_id>/ditepati/", views.agreement_kept,
         name="case-agreement-kept"),
    path("kasus/<str:number>/kesepakatan/<int:agreement_id>/dilanggar/",
         views.agreement_breached, name="case-agreement-breached"),
    path("kasus/<str:number>/rujukan/", views.referral_add, name="case-referral-add"),
    path("kasus/<str:number>/rujukan/<int:referral_id>/", views.referral_update,
         name="case-referral-update"),
    path("kasus/<str:number>/terkait/", views.related_add, name="case-related-add"),
    path("kasus/<str:number>/terkait/hapus/", views.related_remove, name="case-related-remove"),
    path("kasus/<str:number>/gabung/", views.merge, name="case-merge"),
]
