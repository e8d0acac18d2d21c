"""Reads for the reminders page: each reminder named by its item, with a link to it."""

from collections import defaultdict

from jobtracker.reminders.models import Delivery
from jobtracker.reminders.registry import SOURCES

UPCOMING_SHOWN = 15
FAILED_SHOWN = 50
SENT_SHOWN = 10


def with_items(deliveries) -> list[Delivery]:
    """The deliveries with `item` (the DatedItem they remind of, or None when it is gone).

    One query per kind of item, every kind every time, so the page costs the same whatever it lists.
    """
    rows = list(deliveries)
    by_kind: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        by_kind[row.kind].add(row.object_id)
    items = {kind: source.load_many(by_kind[kind] or [0]) for kind, source in SOURCES.items()}
    for row in rows:
        row.item = items.get(row.kind, {}).get(row.object_id)
    return rows


def deliveries_overview(*, user) -> dict:
    deliveries = Delivery.objects.for_user(user)
    return {
        "upcoming": with_items(deliveries.filter(status=Delivery.Status.PENDING).order_by("send_at")[:UPCOMING_SHOWN]),
        "failed": with_items(
            deliveries.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.UNKNOWN]).order_by("-updated_at")[
                :FAILED_SHOWN
            ]
        ),
        "sent": deliveries.filter(status=Delivery.Status.SENT).order_by("-sent_at")[:SENT_SHOWN],
    }
