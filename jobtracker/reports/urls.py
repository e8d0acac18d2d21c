from django.urls import path

from jobtracker.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.export_index, name="export_index"),
    path("applications.csv", views.applications_csv, name="applications_csv"),
    path("stage-history.csv", views.stage_history_csv, name="stage_history_csv"),
]
