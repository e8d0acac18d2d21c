from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "jobtracker.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from jobtracker.core import health
        from jobtracker.pipeline.events import applications_changed
        from jobtracker.reminders import (
            sources,  # noqa: F401 - registers the built-in kinds of dated items
            status,
        )

        applications_changed.connect(_replan_under_applications, dispatch_uid="reminders-follow-applications")
        health.register("reminders", status.health)


def _replan_under_applications(sender, application_ids, **kwargs):
    """An application changed state: what hangs under it stops or starts reminding in the same transaction."""
    from jobtracker.reminders.planning import plan_under_applications

    plan_under_applications(application_ids)
