from django.contrib import admin
from django.urls import include, path

from jobtracker.core import views as core_views

admin.site.site_header = "jobtracker administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("jobtracker.accounts.urls")),
    path("exports/", include("jobtracker.reports.urls")),
    path("offers/", include("jobtracker.offers.urls")),
    path("help/", core_views.help_page, name="help"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("", include("jobtracker.materials.urls")),
    path("", include("jobtracker.network.urls")),
    path("", include("jobtracker.reminders.urls")),
    path("", include("jobtracker.interviews.urls")),
    path("", include("jobtracker.pipeline.urls")),
]
