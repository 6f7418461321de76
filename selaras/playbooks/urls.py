from django.urls import path

from . import views

urlpatterns = [
    path("playbook/", views.playbook_list, name="playbook-list"),
    path("playbook/baru/", views.playbook_create, name="playbook-create"),
    path("playbook/kepatuhan/", views.compliance, name="playbook-compliance"),
    path("playbook/<int:pk>/", views.playbook_detail, name="playbook-detail"),
    path("playbook/<int:pk>/draf/", views.draft_create, name="playbook-draft"),
    path("playbook/<int:pk>/versi/<int:number>/", views.version_detail, name="playbook-version"),
    path("playbook/<int:pk>/versi/<int:number>/catatan/", views.change_note,
         name="playbook-change-note"),
    path("playbook/<int:pk>/versi/<int:number>/langkah/", views.step_add,
         name="playbook-step-add"),
    path("playbook/<int:pk>/versi/<int:number>/terbitkan/", views.version_publish,
         name="playbook-publish"),
    path("playbook/langkah/<int:step_id>/", views.step_edit, name="playbook-step-edit"),
    path("playbook/langkah/<int:step_id>/pindah/", views.step_move, name="playbook-step-move"),
    path("playbook/langkah/<int:step_id>/hapus/", views.step_remove,
         name="playbook-step-remove"),
    path("kasus/<str:number>/playbook/", views.case_playbook_attach,
         name="case-playbook-attach"),
    path("kasus/<str:number>/playbook/langkah/<int:progress_id>/selesai/",
         views.case_step_complete, name="case-playbook-step-complete"),
    path("kasus/<str:number>/playbook/langkah/<int:progress_id>/lewati/",
         views.case_step_skip, name="case-playbook-step-skip"),
]
