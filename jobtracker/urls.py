"""The URL map. Each app serves the URLs whose first segment it owns (README.md, "URL map"):

  /                      front: dashboard, calendar, and the pages composing several apps
  /accounts/             accounts
  /institutions/ /positions/ /applications/ /stages/ /seasons/    pipeline
  /contacts/             network
  /materials/ /letters/  materials (and a posting's requirements, an application's checklist)
  /interviews/           interviews (and scheduling one from its application)
  /offers/               offers
  /reminders/            reminders
  /exports/ /reports/ /shared/    reports
  /backups/ /imports/ /leave/    transfer: backup, restore, spreadsheet import, deleting the account
  /help/ /healthz/       core

Front's pages sit at their object's URL (/applications/<id>/, /positions/<id>/, /contacts/<id>/) and are
listed in jobtracker/front/urls.py; tests/test_architecture.py checks this map against the URL patterns.
"""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "jobtracker administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("jobtracker.front.urls")),
    path("", include("jobtracker.core.urls")),
    path("accounts/", include("jobtracker.accounts.urls")),
    path("", include("jobtracker.pipeline.urls")),
    path("", include("jobtracker.network.urls")),
    path("", include("jobtracker.materials.urls")),
    path("", include("jobtracker.interviews.urls")),
    path("offers/", include("jobtracker.offers.urls")),
    path("", include("jobtracker.reminders.urls")),
    path("", include("jobtracker.reports.urls")),
    path("", include("jobtracker.transfer.urls")),
]
