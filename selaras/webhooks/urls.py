from django.urls import path

from . import views

urlpatterns = [
    path("webhooks/", views.subscription_list, name="webhook-list"),
    path("webhooks/baru/", views.subscription_create, name="webhook-create"),
    path("webhooks/<int:pk>/", views.subscription_detail, name="webhook-detail"),
    path("webhooks/<int:pk>/ubah/", views.subscription_edit, name="webhook-edit"),
    path("webhooks/<int:pk>/aktif/", views.subscription_toggle, name="webhook-toggle"),
    path("webhooks/<int:pk>/rahasia/", views.subscription_rotate, name="webhook-rotate"),
    path("webhooks/<int:pk>/ping/", views.subscription_ping, name="webhook-ping"),
    path("webhooks/<int:pk>/hapus/", views.subscription_delete, name="webhook-delete"),
    path("webhooks/<int:pk>/pengiriman/<uuid:delivery_id>/ulang/", views.delivery_replay,
         name="webhook-replay"),
]
