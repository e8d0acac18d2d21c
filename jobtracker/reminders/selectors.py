"""Reads for the reminders page."""

from jobtracker.reminders.models import Delivery

UPCOMING_SHOWN = 15
FAILED_SHOWN = 50
SENT_SHOWN = 10


def deliveries_overview(*, user) -> dict:
    deliveries = Delivery.objects.for_user(user)
    return {
        "upcoming": deliveries.filter(status=Delivery.Status.PENDING).order_by("send_at")[:UPCOMING_SHOWN],
        "failed": deliveries.filter(status=Delivery.Status.FAILED).order_by("-updated_at")[:FAILED_SHOWN],
        "sent": deliveries.filter(status=Delivery.Status.SENT).order_by("-sent_at")[:SENT_SHOWN],
    }
