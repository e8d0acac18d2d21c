from django.apps import AppConfig


class FrontConfig(AppConfig):
    """Pages that compose several apps; the top layer, which every other app is below."""

    name = "jobtracker.front"
    label = "front"
