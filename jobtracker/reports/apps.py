from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jobtracker.reports"
    label = "reports"
