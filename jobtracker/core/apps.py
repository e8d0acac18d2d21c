from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jobtracker.core"
    label = "core"
