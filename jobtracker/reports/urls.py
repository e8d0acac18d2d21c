from django.urls import path

from jobtracker.reports import views

app_name = "reports"

urlpatterns = [
    path("exports/", views.export_index, name="export_index"),
    path("exports/applications.csv", views.applications_csv, name="applications_csv"),
    path("exports/stage-history.csv", views.stage_history_csv, name="stage_history_csv"),
]
