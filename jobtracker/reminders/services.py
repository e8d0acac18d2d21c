"""Writes for reminder settings, retries and unsubscribing. Planning and delivery have their own modules."""

from celery import current_app
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobtracker.reminders.models import Delivery, ReminderSettings
from jobtracker.reminders.registry import MESSAGES, SOURCES


@transaction.atomic
def save_settings(*, user, data: dict) -> ReminderSettings:
    """Save the preferences and re-plan the user's reminders (in a task, after commit)."""
    # get_or_create survives the planner creating the row at the same moment; the lock serialises writers.
    settings, _ = ReminderSettings.objects.select_for_update().get_or_create(owner=user)
    for name, value in data.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    transaction.on_commit(lambda: current_app.send_task("reminders.plan_user", args=[user.pk]))
    return settings


def retry(*, delivery: Delivery) -> None:
    """Send a failed reminder (or one whose outcome stayed unknown) again at the next tick."""
    retried = Delivery.objects.filter(
        pk=delivery.pk, status__in=[Delivery.Status.FAILED, Delivery.Status.UNKNOWN]
    ).update(status=Delivery.Status.PENDING, attempts=0, unknown_outcomes=0, send_at=timezone.now())
    if not retried:
        raise ValidationError("This reminder is not waiting to be tried again.")


@transaction.atomic
def unsubscribe(*, user, kinds: list[str]) -> None:
    """Stop these kinds of reminders (or recurring e-mails), and cancel the ones already planned."""
    settings, _ = ReminderSettings.objects.select_for_update().get_or_create(owner=user)
    settings.disabled_kinds = sorted(set(settings.disabled_kinds) | {k for k in kinds if k in SOURCES})
    for kind in kinds:
        if kind in MESSAGES:
            setattr(settings, MESSAGES[kind].setting, False)
    settings.save()
    Delivery.objects.filter(owner=user, kind__in=kinds, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.CANCELLED
    )
