from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="notification-inbox"),
    path("pengaturan/", views.preferences, name="notification-preferences"),
    path("baca-semua/", views.mark_all_read, name="notification-read-all"),
    path("<int:notification_id>/baca/", views.mark_read, name="notification-read"),
]
