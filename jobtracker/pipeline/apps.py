from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "jobtracker.pipeline"
    label = "pipeline"

    def ready(self):
        from jobtracker.pipeline import signals  # noqa: F401 - connects new-user setup
