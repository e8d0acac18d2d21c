"""Celery is just another door into the reminder services: tasks load ids and call them."""

from celery import shared_task
from django.db import transaction

from jobtracker.reminders import delivery, planning


@shared_task(name="reminders.tick")
def tick() -> dict:
    """Run by beat every minute: plan what changed, recover what got stuck, queue what is due."""
    planned, recovered = planning.plan_changed(), delivery.sweep()
    queued = delivery.dispatch(
        send_one=lambda pk: transaction.on_commit(lambda: send_delivery.delay(pk)),
        send_digest=lambda pks: transaction.on_commit(lambda: send_digest.delay(pks)),
    )
    return {"planned": planned, "recovered": recovered, "queued": queued}


@shared_task(name="reminders.send_delivery")
def send_delivery(delivery_id: int) -> str:
    return delivery.send_delivery(delivery_id)


@shared_task(name="reminders.send_digest")
def send_digest(delivery_ids: list[int]) -> str:
    return delivery.send_digest(delivery_ids)


@shared_task(name="reminders.plan_user")
def plan_user(user_id: int) -> int:
    from jobtracker.accounts.models import User

    user = User.objects.filter(pk=user_id).first()
    return planning.plan_user(user) if user else 0
