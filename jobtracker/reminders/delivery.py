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


def dispatch(*, now: dt.datetime | None = None, enqueue=None) -> int:
    """Claim due pending deliveries and queue a send task for each (one per digest) after commit."""
    from jobtracker.reminders import tasks

    now = now or timezone.now()
    enqueue = enqueue or (lambda task, *args: transaction.on_commit(lambda: task.delay(*args)))
    queued = 0
    due = list(
        Delivery.objects.filter(status=S.PENDING, send_at__lte=now)
        .order_by("send_at")
        .values_list("pk", "owner_id", "digest", "send_at")[: settings.REMINDERS_DISPATCH_BATCH]
    )
    digests: dict[tuple[int, dt.datetime], list[int]] = defaultdict(list)
    with transaction.atomic():
        for pk, owner_id, digest, send_at in due:
            if not Delivery.objects.filter(pk=pk, status=S.PENDING).update(status=S.QUEUED, claimed_at=now):
                continue  # another dispatcher got it first
            queued += 1
            if digest:
                digests[(owner_id, send_at)].append(pk)
            else:
                enqueue(tasks.send_delivery, pk)
        for ids in digests.values():
            enqueue(tasks.send_digest, ids)
    return queued


def sweep(*, now: dt.datetime | None = None) -> int:
    """Deliveries stuck in queued or sending (a worker died, the broker lost a message) go back to pending."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.REMINDERS_STUCK_AFTER_SECONDS)
    return Delivery.objects.filter(status__in=[S.QUEUED, S.SENDING], claimed_at__lt=cutoff).update(
        status=S.PENDING, last_error="Recovered after a worker or broker failure."
    )


def _claim(pk: int) -> bool:
    now = timezone.now()
    return bool(
        Delivery.objects.filter(pk=pk, status=S.QUEUED).update(
            status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _current_item(delivery: Delivery, reminder_settings):
    """The item as it is now; None when it no longer wants this reminder (moved, done, deleted, muted)."""
    source = SOURCES.get(delivery.kind)
    item = source.load(delivery.object_id) if source else None
    if item is None or item.done or item.due.snapshot() != delivery.due_at:
        return None
    if delivery.kind in reminder_settings.disabled_kinds:
        return None
    return item


def backoff_seconds(attempts: int) -> float:
    base = settings.REMINDERS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(base, settings.REMINDERS_RETRY_MAX_SECONDS) * random.uniform(0.8, 1.2)


def _failed(pks: list[int], error: Exception) -> None:
    text = f"{error.__class__.__name__}: {error}"[:2000]
    now = timezone.now()
    for delivery in Delivery.objects.filter(pk__in=pks, status=S.SENDING):
        if delivery.attempts >= settings.REMINDERS_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk, status=S.SENDING).update(status=S.FAILED, last_error=text)
            logger.warning("Reminder %s failed for good after %s attempts: %s", delivery.key, delivery.attempts, text)
        else:
            retry_at = now + dt.timedelta(seconds=backoff_seconds(delivery.attempts))
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
    delivery = Delivery.objects.select_related("owner").get(pk=pk)
    user = delivery.owner
    item = _current_item(delivery, settings_for(user)) if user.is_active else None
    if item is None:
        Delivery.objects.filter(pk=pk, status=S.SENDING).update(status=S.CANCELLED)
        return "cancelled"
    sent_at = timezone.now()
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
    deliveries = list(Delivery.objects.filter(pk__in=claimed).order_by("pk"))
    user = User.objects.get(pk=deliveries[0].owner_id)
    reminder_settings = settings_for(user)
    pairs, stale = [], []
    for delivery in deliveries:
        item = _current_item(delivery, reminder_settings) if user.is_active else None
        (pairs.append((delivery, item)) if item else stale.append(delivery.pk))
    Delivery.objects.filter(pk__in=stale, status=S.SENDING).update(status=S.CANCELLED)
    if not pairs:
        return "cancelled"
    sent_at = timezone.now()
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
