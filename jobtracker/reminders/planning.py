"""Planning: turn dated items into pending delivery rows, and keep them in step when dates move."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.reminders.models import Delivery, PlannerMark, ReminderSettings
from jobtracker.reminders.registry import SOURCES, DatedItem
from jobtracker.reminders.schedule import Preferences, send_times

# Re-read a little before the last mark: a row committed late with an older updated_at is not missed,
# and planning an item twice changes nothing.
OVERLAP = dt.timedelta(seconds=90)
BEGINNING = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def settings_for(user) -> ReminderSettings:
    """The user's settings row, created with the defaults the first time planning needs it (tasks only)."""
    return ReminderSettings.objects.get_or_create(owner=user)[0]


def current_settings(user) -> ReminderSettings:
    """The user's settings for a page: the saved row, or the defaults unsaved (a GET writes nothing)."""
    return ReminderSettings.objects.filter(owner=user).first() or ReminderSettings(owner=user)


def preferences(user, reminder_settings: ReminderSettings) -> Preferences:
    return Preferences(
        zone=ZoneInfo(user.time_zone),
        send_hour=reminder_settings.send_hour,
        leads=reminder_settings.lead_days,
        skip_weekends=reminder_settings.skip_weekends,
    )


def muted(item: DatedItem, user, reminder_settings: ReminderSettings) -> bool:
    return item.done or not user.is_active or item.kind in reminder_settings.disabled_kinds


def wanted(item: DatedItem, user, reminder_settings: ReminderSettings, now: dt.datetime) -> dict[int, dt.datetime]:
    if muted(item, user, reminder_settings):
        return {}
    return send_times(due=item.due, prefs=preferences(user, reminder_settings), now=now)


@transaction.atomic
def plan_item(item: DatedItem, *, user, reminder_settings: ReminderSettings, now: dt.datetime | None = None) -> None:
    """Make the pending deliveries of one item match what its date and the user's preferences ask for.

    A delivery already being retried after a failed send keeps its own schedule; it is only cancelled
    when the item's date moved or the item no longer wants reminders.
    """
    now = now or timezone.now()
    desired = wanted(item, user, reminder_settings, now)
    snapshot = item.due.snapshot()
    rows = Delivery.objects.filter(kind=item.kind, object_id=item.object_id)
    pending = rows.filter(status=Delivery.Status.PENDING)
    if muted(item, user, reminder_settings):
        pending.update(status=Delivery.Status.CANCELLED)  # done, or the user turned this kind off
    else:
        pending.exclude(due_at=snapshot).update(status=Delivery.Status.CANCELLED)  # the date moved
    fresh = rows.filter(due_at=snapshot, attempts=0, send_at__gt=now)
    for delivery in fresh.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.CANCELLED]):
        target = desired.get(delivery.lead)
        if target is None and delivery.status == Delivery.Status.PENDING:
            rows.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(status=Delivery.Status.CANCELLED)
        elif target is not None and (
            delivery.status != Delivery.Status.PENDING
            or delivery.send_at != target
            or delivery.digest != reminder_settings.digest
        ):
            rows.filter(pk=delivery.pk, status=delivery.status).update(
                status=Delivery.Status.PENDING, send_at=target, digest=reminder_settings.digest
            )
    Delivery.objects.bulk_create(
        [
            Delivery(
                owner_id=item.owner_id,
                kind=item.kind,
                object_id=item.object_id,
                lead=lead,
                due_at=snapshot,
                send_at=send_at,
                digest=reminder_settings.digest,
            )
            for lead, send_at in desired.items()
        ],
        ignore_conflicts=True,  # the unique (item, lead, due date) key makes planning idempotent
    )


def plan_objects(kind: str, objects, *, now: dt.datetime) -> int:
    source = SOURCES[kind]
    users: dict[int, tuple] = {}
    count = 0
    for obj in objects:
        item = source.item(obj)
        if item is None:
            continue
        if item.owner_id not in users:
            user = User.objects.get(pk=item.owner_id)
            users[item.owner_id] = (user, settings_for(user))
        user, reminder_settings = users[item.owner_id]
        plan_item(item, user=user, reminder_settings=reminder_settings, now=now)
        count += 1
    return count


def plan_changed(*, now: dt.datetime | None = None) -> int:
    """Plan every item changed since the last run, kind by kind. Cheap when nothing changed."""
    now = now or timezone.now()
    planned = 0
    moved = ReminderSettings.objects.exclude(planned_zone=F("owner__time_zone")).select_related("owner")
    for reminder_settings in moved:  # the user changed time zone on the profile page
        planned += plan_user(reminder_settings.owner, now=now)
    for kind, source in SOURCES.items():
        mark, _ = PlannerMark.objects.get_or_create(kind=kind, defaults={"planned_until": BEGINNING})
        changed = source.changed_since(mark.planned_until - OVERLAP).iterator(chunk_size=500)
        planned += plan_objects(kind, changed, now=now)
        PlannerMark.objects.filter(pk=mark.pk).update(planned_until=now)
    return planned


def plan_user(user, *, now: dt.datetime | None = None) -> int:
    """Everything of one user, e.g. after a change of time zone, send hour or lead times."""
    now = now or timezone.now()
    planned = sum(
        plan_objects(kind, source.for_user(user).iterator(chunk_size=500), now=now) for kind, source in SOURCES.items()
    )
    ReminderSettings.objects.filter(owner=user).update(planned_zone=user.time_zone)
    return planned
