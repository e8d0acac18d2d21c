from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jobtracker.core"
    label = "core"

    def ready(self):
        from jobtracker.core import fragments

        fragments.connect_signals()
