"""Getting due reminders out: dispatch (claim and queue), send (claim again, then SMTP), sweep (recover).

Every state change is a conditional UPDATE whose row count decides who proceeds, so a re-delivered
task, a second worker or a second beat can never send one reminder twice. The only possible repeat
is a message handed to the SMTP server by a process that died before recording it; it carries the
same Message-ID, so mail clients fold it.
"""

import datetime as dt
import logging
import random
import smtplib
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.reminders import emails
from jobtracker.reminders.models import Delivery
from jobtracker.reminders.planning import settings_for
from jobtracker.reminders.registry import SOURCES

logger = logging.getLogger(__name__)
S = Delivery.Status


def dispatch(*, send_one, send_digest, now: dt.datetime | None = None) -> int:
    """Claim due pending deliveries and hand each to `send_one(pk)` (a digest's ids to `send_digest(pks)`).

    The callers decide how sending happens: the tick queues Celery tasks after commit, tests call directly.
    """
    now = now or timezone.now()
    queued = 0
    due = list(
        Delivery.objects.filter(status=S.PENDING, send_at__lte=now)
        .order_by("send_at")
        .values_list("pk", "owner_id", "digest", "send_at", "kind", "object_id", "lead")[
            : settings.REMINDERS_DISPATCH_BATCH
        ]
    )
    # After an outage several lead times of one item can be due at once: only the nearest one goes out.
    nearest: dict[tuple[str, int], tuple] = {}
    for row in due:
        key = (row[4], row[5])
        if key not in nearest or row[6] < nearest[key][6]:
            nearest[key] = row
    superseded = [row[0] for row in due if nearest[(row[4], row[5])][0] != row[0]]
    digests: dict[tuple[int, dt.datetime], list[int]] = defaultdict(list)
    with transaction.atomic():
        Delivery.objects.filter(pk__in=superseded, status=S.PENDING).update(
            status=S.CANCELLED, last_error="Superseded by a nearer reminder for the same item."
        )
        for pk, owner_id, digest, send_at, *_ in nearest.values():
            if not Delivery.objects.filter(pk=pk, status=S.PENDING).update(status=S.QUEUED, claimed_at=now):
                continue  # another dispatcher got it first
            queued += 1
            if digest:
                digests[(owner_id, send_at)].append(pk)
            else:
                send_one(pk)
        for ids in digests.values():
            send_digest(ids)
    return queued


def sweep(*, now: dt.datetime | None = None) -> int:
    """Deliveries stuck in queued or sending (a worker died, the broker lost a message) go back to pending."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.REMINDERS_STUCK_AFTER_SECONDS)
    recovered = 0
    for status in (S.QUEUED, S.SENDING):  # one status at a time, so each query uses its partial index
        stuck = Delivery.objects.filter(status=status, claimed_at__lt=cutoff)
        # A delivery that keeps dying mid-send must end up visible as failed rather than loop for ever.
        stuck.filter(attempts__gte=settings.REMINDERS_MAX_ATTEMPTS).update(
            status=S.FAILED, last_error="Gave up: the send kept failing without an SMTP error (see the worker log)."
        )
        recovered += stuck.filter(attempts__lt=settings.REMINDERS_MAX_ATTEMPTS).update(
            status=S.PENDING, last_error="Recovered after a worker or broker failure."
        )
    return recovered


def _claim(pk: int) -> bool:
    now = timezone.now()
    return bool(
        Delivery.objects.filter(pk=pk, status=S.QUEUED).update(
            status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _current_item(delivery: Delivery, user, reminder_settings, now: dt.datetime):
    """The item as it is now; None when it no longer wants this reminder (moved, done, deleted, muted, past)."""
    source = SOURCES.get(delivery.kind)
    item = source.load(delivery.object_id) if source else None
    if item is None or item.done or item.due.snapshot() != delivery.due_at:
        return None
    if delivery.kind in reminder_settings.disabled_kinds:
        return None
    if now >= item.due.deadline(ZoneInfo(user.time_zone)):
        return None  # after an outage, a reminder about something already due is noise
    return item


def backoff_seconds(attempts: int) -> float:
    base = settings.REMINDERS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(base, settings.REMINDERS_RETRY_MAX_SECONDS) * random.uniform(0.8, 1.2)


def _failed(pks: list[int], error: Exception) -> None:
    text = f"{error.__class__.__name__}: {error}"[:2000]
    # One retry time for the whole call, so a failed digest comes back as one digest.
    attempts = max(Delivery.objects.filter(pk__in=pks).values_list("attempts", flat=True), default=1)
    retry_at = timezone.now() + dt.timedelta(seconds=backoff_seconds(attempts))
    for delivery in Delivery.objects.filter(pk__in=pks, status=S.SENDING):
        if delivery.attempts >= settings.REMINDERS_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk, status=S.SENDING).update(status=S.FAILED, last_error=text)
            logger.warning("Reminder %s failed for good after %s attempts: %s", delivery.key, delivery.attempts, text)
        else:
            Delivery.objects.filter(pk=delivery.pk, status=S.SENDING).update(
                status=S.PENDING, send_at=retry_at, last_error=text
            )


def _send(message) -> None:
    with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection:
        connection.send_messages([message])


SEND_ERRORS = (smtplib.SMTPException, OSError)


def send_delivery(pk: int) -> str:
    if not _claim(pk):
        return "not claimed"
    try:
        return _send_one(pk)
    except Exception as error:  # anything else (a template, the data, a time limit) counts as an attempt too
        _failed([pk], error)
        raise


def _send_one(pk: int) -> str:
    delivery = Delivery.objects.select_related("owner").get(pk=pk)
    user = delivery.owner
    sent_at = timezone.now()
    item = _current_item(delivery, user, settings_for(user), sent_at) if user.is_active else None
    if item is None:
        Delivery.objects.filter(pk=pk, status=S.SENDING).update(status=S.CANCELLED)
        return "cancelled"
    message = emails.reminder_email(user=user, delivery=delivery, item=item, sent_at=sent_at)
    try:
        _send(message)
    except SEND_ERRORS as error:
        _failed([pk], error)
        return "retry"
    Delivery.objects.filter(pk=pk, status=S.SENDING).update(
        status=S.SENT, sent_at=sent_at, subject=message.subject[:300]
    )
    return "sent"


def send_digest(pks: list[int]) -> str:
    claimed = [pk for pk in pks if _claim(pk)]
    if not claimed:
        return "not claimed"
    try:
        return _send_digest(claimed)
    except Exception as error:
        _failed(claimed, error)
        raise


def _send_digest(claimed: list[int]) -> str:
    deliveries = list(Delivery.objects.filter(pk__in=claimed).order_by("pk"))
    user = User.objects.get(pk=deliveries[0].owner_id)
    reminder_settings = settings_for(user)
    sent_at = timezone.now()
    pairs, stale = [], []
    for delivery in deliveries:
        item = _current_item(delivery, user, reminder_settings, sent_at) if user.is_active else None
        (pairs.append((delivery, item)) if item else stale.append(delivery.pk))
    Delivery.objects.filter(pk__in=stale, status=S.SENDING).update(status=S.CANCELLED)
    if not pairs:
        return "cancelled"
    key = "digest-" + "-".join(str(d.pk) for d, _ in pairs)
    message = emails.digest_email(user=user, deliveries_and_items=pairs, sent_at=sent_at, key=key)
    try:
        _send(message)
    except SEND_ERRORS as error:
        _failed([d.pk for d, _ in pairs], error)
        return "retry"
    Delivery.objects.filter(pk__in=[d.pk for d, _ in pairs], status=S.SENDING).update(
        status=S.SENT, sent_at=sent_at, subject=message.subject[:300]
    )
    return "sent"
