from django.urls import path

from jobtracker.core import views

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("healthz/", views.healthz, name="healthz"),
    path("healthz/detail/", views.healthz_detail, name="healthz_detail"),
]
