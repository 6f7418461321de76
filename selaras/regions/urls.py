from django.urls import path

from . import views

urlpatterns = [
    path("pilihan/", views.region_options, name="region-options"),
]
