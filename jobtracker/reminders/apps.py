from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "jobtracker.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from jobtracker.reminders import sources  # noqa: F401 - registers the built-in kinds of dated items
