from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "jobtracker.offers"
    label = "offers"

    def ready(self):
        from jobtracker.offers import signals  # noqa: F401 - connects the default criteria for new users
