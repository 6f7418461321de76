from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="privacy-overview"),
    path("permintaan/", views.request_list, name="privacy-request-list"),
    path("permintaan/baru/", views.request_create, name="privacy-request-create"),
    path("permintaan/<int:pk>/", views.request_detail, name="privacy-request-detail"),
    path("insiden/", views.breach_list, name="privacy-breach-list"),
    path("insiden/baru/", views.breach_create, name="privacy-breach-create"),
    path("insiden/<int:pk>/", views.breach_detail, name="privacy-breach-detail"),
    path("ropa/", views.ropa, name="privacy-ropa"),
]
