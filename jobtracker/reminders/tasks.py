"""Celery is just another door into the reminder services: tasks load ids and call them.

Beat runs plan, sweep and dispatch as three tasks every tick on the app's queue, so a long planning run never
delays dispatching; senders run on their own queue (REMINDERS_SEND_QUEUE), at most REMINDERS_SENDERS at once.
"""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.reminders import delivery, planning
from jobtracker.reminders.models import Beat


def _ran(name: str) -> None:
    Beat.objects.update_or_create(name=name, defaults={"ran_at": timezone.now()})


@shared_task(name="reminders.plan")
def plan() -> int:
    _ran("plan")
    return planning.plan_changed()


@shared_task(name="reminders.sweep")
def sweep() -> int:
    _ran("sweep")
    return delivery.sweep()


@shared_task(name="reminders.dispatch")
def dispatch() -> int:
    _ran("dispatch")
    return delivery.dispatch(start_sender=lambda slot: transaction.on_commit(lambda: send.delay(slot)))


@shared_task(
    name="reminders.send",
    soft_time_limit=None,  # a send is never interrupted between the data and its reply
    time_limit=settings.REMINDERS_SEND_BUDGET_SECONDS + delivery.send_lease_seconds() + 60,
)
def send(slot: int) -> int:
    return delivery.run_sender(slot, carry_on=lambda number: send.delay(number))


@shared_task(name="reminders.plan_messages")
def plan_messages() -> int:
    _ran("plan_messages")
    return planning.plan_messages()


@shared_task(name="reminders.plan_user")
def plan_user(user_id: int) -> int:
    user = User.objects.filter(pk=user_id).first()
    return planning.plan_user(user) if user else 0
