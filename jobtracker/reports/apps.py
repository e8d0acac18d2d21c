from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jobtracker.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from jobtracker.reports import weekly  # noqa: F401 - registers the weekly status e-mail with reminders
