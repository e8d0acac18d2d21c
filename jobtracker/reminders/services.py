"""Writes for reminder settings, retries and unsubscribing. Planning and delivery have their own modules."""

from celery import current_app
from django.db import transaction
from django.utils import timezone

from jobtracker.reminders import planning
from jobtracker.reminders.models import Delivery, ReminderSettings


@transaction.atomic
def save_settings(*, user, data: dict) -> ReminderSettings:
    """Save the preferences and re-plan the user's reminders (in a task, after commit)."""
    settings = ReminderSettings.objects.select_for_update().filter(owner=user).first() or ReminderSettings(owner=user)
    for name, value in data.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    transaction.on_commit(lambda: current_app.send_task("reminders.plan_user", args=[user.pk]))
    return settings


def retry(*, delivery: Delivery) -> bool:
    """Send a failed reminder again at the next tick."""
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, attempts=0, send_at=timezone.now()
        )
    )


@transaction.atomic
def unsubscribe(*, user, kinds: list[str]) -> None:
    """Stop these kinds of reminders, and cancel the ones already planned."""
    settings = planning.settings_for(user)
    settings.disabled_kinds = sorted(set(settings.disabled_kinds) | set(kinds))
    settings.save(update_fields=["disabled_kinds", "updated_at"])
    Delivery.objects.filter(owner=user, kind__in=kinds, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.CANCELLED
    )
