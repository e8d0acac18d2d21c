from django.urls import path

from jobtracker.core import views

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; send them to the real icon.
    path("favicon.ico", views.favicon, name="favicon"),
    path("help/", views.help_page, name="help"),
    path("healthz/", views.healthz, name="healthz"),
    path("healthz/detail/", views.healthz_detail, name="healthz_detail"),
]
