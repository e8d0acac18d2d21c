"""Planning: turn dated items into pending delivery rows, and keep them in step when dates move.

Set-based and resumable. The planner reads changed rows kind by kind in chunks ordered by (updated_at, id),
plans a whole chunk with a handful of queries (the chunk's users and settings, its existing deliveries,
then bulk inserts and updates), and saves its bookmark with the chunk, in one transaction. It stops within
a time budget well inside Celery's limit; the next tick resumes at the bookmark. A first deploy on existing
data, a bulk import or a migration touching updated_at is simply a long backlog worked through in steps.
"""

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.reminders.models import Delivery, PlannerMark, ReminderSettings
from jobtracker.reminders.registry import MESSAGES, SOURCES, DatedItem
from jobtracker.reminders.schedule import Preferences, send_times

# Re-read a little before the bookmark: a row committed late with an older updated_at is not missed,
# and planning an item twice changes nothing.
OVERLAP = dt.timedelta(seconds=90)
BEGINNING = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
S = Delivery.Status


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


def _owners(owner_ids: Iterable[int]) -> dict[int, tuple[User, ReminderSettings]]:
    """Users and their settings in two queries; settings rows missing so far are created with the defaults."""
    users = {user.pk: user for user in User.objects.filter(pk__in=set(owner_ids))}
    found = {s.owner_id: s for s in ReminderSettings.objects.filter(owner_id__in=users)}
    missing = [ReminderSettings(owner_id=pk) for pk in users if pk not in found]
    if missing:
        ReminderSettings.objects.bulk_create(missing, ignore_conflicts=True)
        created = ReminderSettings.objects.filter(owner_id__in=[m.owner_id for m in missing])
        found.update({s.owner_id: s for s in created})
    return {pk: (user, found[pk]) for pk, user in users.items()}


def plan_items(items: list[DatedItem], *, now: dt.datetime, owners=None) -> int:
    """Make the deliveries of these items (one kind) match what their dates and their users' settings ask for.

    A delivery already being retried after a failed send keeps its own schedule; it is only cancelled when
    the item's date moved or the item no longer wants reminders. A cancelled delivery whose reminder is
    wanted again (a date moved back, an application reopened) is brought back rather than duplicated.
    """
    if not items:
        return 0
    kind = items[0].kind
    owners = owners or _owners(item.owner_id for item in items)
    existing: dict[int, list[Delivery]] = defaultdict(list)
    for row in Delivery.objects.filter(
        kind=kind, object_id__in=[item.object_id for item in items], status__in=[S.PENDING, S.CANCELLED]
    ):
        existing[row.object_id].append(row)
    cancel, revive, create = [], [], []
    for item in items:
        user, reminder_settings = owners[item.owner_id]
        silenced = muted(item, user, reminder_settings)
        desired = {} if silenced else send_times(due=item.due, prefs=preferences(user, reminder_settings), now=now)
        snapshot = item.due.snapshot()
        digest = reminder_settings.digest
        covered = set()
        for row in existing[item.object_id]:
            target = desired.get(row.lead) if row.due_at == snapshot else None
            if row.status == S.PENDING:
                if row.due_at != snapshot or silenced:
                    cancel.append(row.pk)  # the date moved, or the item is done or muted
                    continue
                if row.send_at <= now or row.attempts:
                    pass  # due (a sender decides) or being retried on its own schedule
                elif target is None:
                    cancel.append(row.pk)  # this lead time is no longer wanted
                    continue
                elif row.send_at != target or row.digest != digest:
                    row.send_at, row.digest = target, digest
                    revive.append(row)
            elif target is not None and row.send_at > now and row.attempts == 0:
                row.status, row.send_at, row.digest = S.PENDING, target, digest
                revive.append(row)
            if row.due_at == snapshot:
                covered.add(row.lead)
        create += [
            Delivery(
                owner_id=item.owner_id,
                kind=kind,
                object_id=item.object_id,
                lead=lead,
                due_at=snapshot,
                send_at=send_at,
                digest=digest,
            )
            for lead, send_at in desired.items()
            if lead not in covered
        ]
    if cancel:
        # Only rows still pending: a row a sender claimed meanwhile re-checks its item before sending.
        Delivery.objects.filter(pk__in=cancel, status=S.PENDING).update(status=S.CANCELLED)
    if revive:
        Delivery.objects.bulk_update(revive, ["status", "send_at", "digest"], batch_size=500)
    # The unique (item, lead, due date) key makes planning idempotent: a row planned twice is kept once.
    Delivery.objects.bulk_create(create, ignore_conflicts=True, batch_size=500)
    return len(items)


def _items(kind: str, objects) -> list[DatedItem]:
    source = SOURCES[kind]
    return [item for item in (source.item(obj) for obj in objects) if item is not None]


def plan_objects(kind: str, objects, *, now: dt.datetime) -> int:
    return plan_items(_items(kind, objects), now=now)


@transaction.atomic
def plan_under_applications(application_ids: list[int], *, now: dt.datetime | None = None) -> int:
    """Re-plan everything that hangs under these applications (their state changed), in this transaction."""
    now = now or timezone.now()
    return sum(
        plan_objects(kind, source.under_applications(application_ids), now=now) for kind, source in SOURCES.items()
    )


def plan_changed(*, now: dt.datetime | None = None, budget: float | None = None) -> int:
    """Plan what changed since each kind's bookmark, chunk by chunk, until done or the budget is spent."""
    now = now or timezone.now()
    budget = settings.REMINDERS_PLAN_BUDGET_SECONDS if budget is None else budget
    started = time.monotonic()
    planned = 0
    moved = ReminderSettings.objects.exclude(planned_zone=F("owner__time_zone")).select_related("owner")
    for reminder_settings in moved:  # the user changed time zone on the profile page
        planned += plan_user(reminder_settings.owner, now=now)
    for kind in SOURCES:  # every kind gets at least one chunk per run, so none starves behind a long backlog
        planned += plan_kind(kind, now=now, deadline=started + budget)
    return planned


def _start(mark: PlannerMark, now: dt.datetime) -> tuple[dt.datetime, int]:
    """Where this run reads from: exactly at the bookmark when the last run stopped mid-way; after a run
    that caught up, also the last OVERLAP of time again, for rows committed late with an older updated_at."""
    if not mark.caught_up or mark.planned_until < now - OVERLAP:
        return mark.planned_until, mark.last_id
    return now - OVERLAP, 0


def plan_kind(kind: str, *, now: dt.datetime, deadline: float) -> int:
    """Work through one kind's changed rows in chunks, saving the bookmark after each, until caught up or
    past the deadline (a time.monotonic() value); always at least one chunk, so every run progresses."""
    mark, _ = PlannerMark.objects.get_or_create(kind=kind, defaults={"planned_until": BEGINNING})
    lease = now + dt.timedelta(seconds=min(max(deadline - time.monotonic(), 0), 3600) + 60)
    if not PlannerMark.objects.filter(pk=mark.pk).exclude(lease_until__gt=now).update(lease_until=lease):
        return 0  # another planner (a second beat, a slow tick) is on this kind right now
    source, planned = SOURCES[kind], 0
    at, last_id = _start(mark, now)
    caught_up = False
    try:
        while True:
            with transaction.atomic():
                rows = list(source.changed_since(at, last_id)[: settings.REMINDERS_PLAN_CHUNK])
                planned += plan_objects(kind, rows, now=now)
                if rows:
                    at, last_id = rows[-1].updated_at, rows[-1].pk
                caught_up = len(rows) < settings.REMINDERS_PLAN_CHUNK
                # Re-reading the overlap must not move the bookmark back: keep the furthest position.
                furthest = max((at, last_id), (mark.planned_until, mark.last_id))
                PlannerMark.objects.filter(pk=mark.pk).update(
                    planned_until=furthest[0], last_id=furthest[1], caught_up=caught_up
                )
            if caught_up or time.monotonic() >= deadline:
                break
    finally:
        PlannerMark.objects.filter(pk=mark.pk).update(lease_until=None)
    return planned


def plan_user(user, *, now: dt.datetime | None = None) -> int:
    """Everything of one user, e.g. after a change of time zone, send hour or lead times."""
    now = now or timezone.now()
    owners = _owners([user.pk])
    planned = 0
    for kind, source in SOURCES.items():
        items = _items(kind, source.for_user(user).iterator(chunk_size=500))
        planned += plan_items(items, now=now, owners=owners)
    planned += plan_messages(now=now, owner_ids=[user.pk])
    ReminderSettings.objects.filter(owner=user).update(planned_zone=user.time_zone)
    return planned


def plan_messages(*, now: dt.datetime | None = None, owner_ids=None) -> int:
    """Plan the recurring e-mails (the weekly status) of everyone who asked for them, or of these users.

    Idempotent: an e-mail already planned is the same (kind, user, lead 0, due day) row, so the insert is
    skipped. Planning for given users (their settings just changed) also moves a pending e-mail to its new time.
    """
    now = now or timezone.now()
    rows = [
        Delivery(owner_id=owner_id, kind=kind, object_id=owner_id, lead=0, due_at=due.snapshot(), send_at=send_at)
        for kind, message in MESSAGES.items()
        for owner_id, due, send_at in message.wanted(now=now, owner_ids=owner_ids)
    ]
    planned = len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
    if owner_ids is not None:  # their settings changed: an e-mail already planned moves to the new hour or zone
        for row in rows:
            same = Delivery.objects.filter(kind=row.kind, object_id=row.object_id, lead=0, due_at=row.due_at)
            # One already due stays due, as in plan_items: a sender may be about to claim it.
            waiting = same.filter(status=Delivery.Status.PENDING, send_at__gt=now)
            waiting.exclude(send_at=row.send_at).update(send_at=row.send_at)
    return planned
