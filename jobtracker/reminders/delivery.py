"""Getting due reminders out: dispatch (start senders), send (claim a batch, then SMTP), sweep (recover).

Every state change is a conditional UPDATE whose row count decides who proceeds, so a re-delivered task, a
second worker or a second beat can never send one reminder twice. A sender claims due rows itself, a small
batch at a time (pending -> sending, stamped with its identity and a heartbeat), and sends them over one
SMTP connection. The dispatcher only starts senders, one per free slot (REMINDERS_SENDERS of them): no row
ever waits in a broker queue, so a long backlog stays pending instead of looking stuck, and a lost task
message costs a slot lease, not a reminder.

The only possible repeat is a message whose data reached the SMTP server while its final reply never came
back (the sender timed out, or its process died mid-send): it is tried once more with the same Message-ID,
which mail clients fold, and never again.
"""

import datetime as dt
import logging
import math
import os
import random
import socket
import time
import uuid
from collections import defaultdict
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from jobtracker.reminders import emails
from jobtracker.reminders.mail import RETRY, SENT, UNKNOWN, Mailer
from jobtracker.reminders.models import Delivery, ReminderSettings, SendSlot
from jobtracker.reminders.registry import MESSAGES, SOURCES

logger = logging.getLogger(__name__)
S = Delivery.Status


def identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def send_lease_seconds() -> float:
    """How long a claimed row may go without a heartbeat before its sender counts as gone.

    Longer than any single send can legitimately take: connecting and the commands before the data (EMAIL_TIMEOUT
    each, twice to be safe) plus the final reply's own timeout, plus a margin.
    """
    return 2 * settings.EMAIL_TIMEOUT + settings.REMINDERS_FINAL_REPLY_SECONDS + settings.REMINDERS_HEARTBEAT_SECONDS


def _due(now: dt.datetime):
    return Delivery.objects.filter(status=S.PENDING, send_at__lte=now)


# Dispatch


def cancel_superseded(now: dt.datetime) -> int:
    """After an outage several lead times of one item can be due at once: only the nearest one goes out."""
    nearer = _due(now).filter(kind=OuterRef("kind"), object_id=OuterRef("object_id"), lead__lt=OuterRef("lead"))
    return (
        _due(now)
        .filter(Exists(nearer))
        .update(status=S.CANCELLED, last_error="Superseded by a nearer reminder for the same item.")
    )


def dispatch(*, start_sender, now: dt.datetime | None = None) -> int:
    """Start a sender for each free slot while due reminders wait; returns how many were started.

    `start_sender(slot_number)` queues the sender task (after commit); tests may run it in-process instead.
    """
    now = now or timezone.now()
    SendSlot.objects.bulk_create(
        [SendSlot(number=n) for n in range(1, settings.REMINDERS_SENDERS + 1)], ignore_conflicts=True
    )
    cancel_superseded(now)
    due = _due(now).count()
    if not due:
        return 0
    wanted = min(settings.REMINDERS_SENDERS, math.ceil(due / settings.REMINDERS_SEND_BATCH))
    # A queued sender that never starts (its message lost) frees its slot when this lease runs out.
    lease = now + dt.timedelta(seconds=settings.REMINDERS_SENDER_START_SECONDS)
    started = 0
    for number in range(1, wanted + 1):
        free = SendSlot.objects.filter(number=number).exclude(lease_until__gt=now)
        if free.update(lease_until=lease, claimed_by=""):
            start_sender(number)
            started += 1
    return started


# Send


def _claim(claim: str, now: dt.datetime) -> list[Delivery]:
    """Claim a batch of due rows for this sender: single reminders, or one user's digest for that send time."""
    with transaction.atomic():
        digest = _due(now).filter(digest=True).order_by("send_at", "pk").values("owner_id", "send_at").first()
        if digest:
            # Digests are claimed a whole group at a time, behind the user's settings row, so two senders can
            # never split one day's digest into two e-mails.
            ReminderSettings.objects.select_for_update().filter(owner_id=digest["owner_id"]).exists()
            ids = list(_due(now).filter(digest=True, **digest).values_list("pk", flat=True))
        else:
            picked = _due(now).filter(digest=False).order_by("send_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                picked = picked.select_for_update(skip_locked=True)
            ids = list(picked.values_list("pk", flat=True)[: settings.REMINDERS_SEND_BATCH])
        Delivery.objects.filter(pk__in=ids, status=S.PENDING).update(
            status=S.SENDING, claimed_by=claim, claimed_at=now, heartbeat_at=now, attempts=F("attempts") + 1
        )
    # Read back by primary key: "claimed_by = ?" has no index, and on SQLite it scanned the whole history.
    mine = Delivery.objects.filter(pk__in=ids, status=S.SENDING, claimed_by=claim)
    return list(mine.select_related("owner").order_by("pk"))


def _current_items(rows: list[Delivery]) -> dict[int, object]:
    """Each row's item as it is now, loaded a kind at a time; rows whose item is gone are left out."""
    by_kind: dict[str, list[Delivery]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    found = {}
    for kind, kind_rows in by_kind.items():
        if kind in MESSAGES:
            found.update(MESSAGES[kind].items_for(kind_rows))
            continue
        source = SOURCES.get(kind)
        items = source.load_many(r.object_id for r in kind_rows) if source else {}
        found.update({row.pk: items.get(row.object_id) for row in kind_rows})
    return found


def _still_wanted(row: Delivery, item, disabled: list[str], now: dt.datetime) -> bool:
    """False when the item no longer wants this reminder: moved, done, closed, deleted, muted or already due."""
    if item is None or item.done or item.due.snapshot() != row.due_at or row.kind in disabled:
        return False
    if not row.owner.is_active:
        return False
    return now < item.due.deadline(ZoneInfo(row.owner.time_zone))  # after an outage, a past reminder is noise


def backoff_seconds(attempts: int) -> float:
    base = settings.REMINDERS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(base, settings.REMINDERS_RETRY_MAX_SECONDS) * random.uniform(0.8, 1.2)


def _mine(rows, claim: str):
    return Delivery.objects.filter(pk__in=[r.pk for r in rows], status=S.SENDING, claimed_by=claim)


def _record(rows: list[Delivery], claim: str, now: dt.datetime, status: str, error=None, **sent) -> None:
    """Record one send's outcome on its row(s); a digest's rows share one outcome and one retry time."""
    if status == SENT:
        _mine(rows, claim).update(status=S.SENT, claimed_by="", **sent)
        return
    text = f"{error.__class__.__name__}: {error}"[:2000]
    attempts = max(r.attempts for r in rows)
    retry_at = now + dt.timedelta(seconds=backoff_seconds(attempts))
    if status == UNKNOWN:
        unknown = max(r.unknown_outcomes for r in rows) + 1
        if unknown >= 2:  # one more attempt was made with the same Message-ID; never a loop
            _mine(rows, claim).update(
                status=S.UNKNOWN, unknown_outcomes=unknown, last_error=f"Outcome unknown twice. {text}"
            )
            return
        _mine(rows, claim).update(status=S.PENDING, unknown_outcomes=unknown, send_at=retry_at, last_error=text)
        return
    if attempts >= settings.REMINDERS_MAX_ATTEMPTS:
        _mine(rows, claim).update(status=S.FAILED, last_error=text)
        logger.warning("Reminder %s failed for good after %s attempts: %s", rows[0].key, attempts, text)
    else:
        _mine(rows, claim).update(status=S.PENDING, send_at=retry_at, last_error=text, claimed_by="")


def _messages(rows: list[Delivery], now: dt.datetime):
    """(rows, build) per e-mail to send, `build()` making the message; rows no longer wanted are cancelled."""
    items = _current_items(rows)
    disabled = {
        s.owner_id: s.disabled_kinds for s in ReminderSettings.objects.filter(owner_id__in={r.owner_id for r in rows})
    }
    wanted, stale = [], []
    for row in rows:
        ok = _still_wanted(row, items.get(row.pk), disabled.get(row.owner_id, []), now)
        (wanted if ok else stale).append(row)
    if stale:
        Delivery.objects.filter(pk__in=[r.pk for r in stale], status=S.SENDING).update(status=S.CANCELLED)
    if not wanted:
        return []
    if wanted[0].digest:
        key = "digest-" + "-".join(str(r.pk) for r in wanted)
        pairs = [(r, items[r.pk]) for r in wanted]
        digest = partial(emails.digest_email, user=wanted[0].owner, deliveries_and_items=pairs, sent_at=now, key=key)
        return [(wanted, digest)]
    return [([r], partial(_builder(r.kind), user=r.owner, delivery=r, item=items[r.pk], sent_at=now)) for r in wanted]


def _builder(kind: str):
    return MESSAGES[kind].email if kind in MESSAGES else emails.reminder_email


def send_due(*, claim: str | None = None, budget: float | None = None, now: dt.datetime | None = None) -> int:
    """Claim and send due reminders in batches over one SMTP connection until none is due or the budget is spent.

    `now` fixes the clock (tests replay a morning); by default each batch reads the time afresh.
    """
    claim = claim or f"{identity()}#{uuid.uuid4().hex[:8]}"
    budget = settings.REMINDERS_SEND_BUDGET_SECONDS if budget is None else budget
    deadline, sent, fixed = time.monotonic() + budget, 0, now
    with Mailer() as mailer:
        while time.monotonic() < deadline:
            now = fixed or timezone.now()
            batch = _claim(claim, now)
            if not batch:
                break
            beat = time.monotonic()
            groups = _messages(batch, now)
            todo = {r.pk for rows, _build in groups for r in rows}
            for rows, build in groups:
                if time.monotonic() - beat > settings.REMINDERS_HEARTBEAT_SECONDS / 3:
                    if not _renew(claim, todo):
                        return sent  # this sender stalled past its lease: another one has its rows now
                    beat = time.monotonic()
                todo -= {r.pk for r in rows}
                try:
                    message = build()
                    outcome = mailer.send(message)
                except Exception as error:  # a template or data fault: counted as an attempt, never a crash loop
                    logger.exception("Reminder %s could not be built or sent", rows[0].key)
                    _record(rows, claim, now, RETRY, error)
                    continue
                _record(rows, claim, now, outcome.status, outcome.error, sent_at=now, subject=message.subject[:300])
                sent += outcome.status == SENT
    return sent


def _renew(claim: str, todo: set[int]) -> bool:
    """Extend the claim on the rows still to send, before sending the next one.

    False when the sweeper has taken any of them back: this process stalled for longer than the lease (starved of
    CPU, paused), so they may be another sender's by now. Sending on would send them twice; what is still ours
    goes back to pending, untried, and this round ends.
    """
    held = Delivery.objects.filter(pk__in=todo, status=S.SENDING, claimed_by=claim)
    if held.update(heartbeat_at=timezone.now()) == len(todo):
        return True
    given_back = held.update(status=S.PENDING, claimed_by="", attempts=F("attempts") - 1)
    logger.warning("Sender %s stalled past its lease; %d reminders handed back, none sent twice", claim, given_back)
    return False


def run_sender(slot_number: int, *, carry_on) -> int:
    """A sender task: hold the slot while sending for one budget; if reminders are still due, `carry_on(slot)`
    queues the next round on the same slot (a backlog keeps its senders busy), else the slot is given back."""
    claim = f"{identity()}#{uuid.uuid4().hex[:8]}"
    budget = settings.REMINDERS_SEND_BUDGET_SECONDS
    hold = timezone.now() + dt.timedelta(seconds=budget + send_lease_seconds())
    SendSlot.objects.filter(number=slot_number).update(lease_until=hold, claimed_by=claim)
    slot = SendSlot.objects.filter(number=slot_number, claimed_by=claim)
    try:
        sent = send_due(claim=claim, budget=budget)
    except BaseException:
        slot.update(lease_until=None, claimed_by="")
        raise
    now = timezone.now()
    if _due(now).exists():
        slot.update(lease_until=now + dt.timedelta(seconds=settings.REMINDERS_SENDER_START_SECONDS), claimed_by="")
        carry_on(slot_number)
    else:
        slot.update(lease_until=None, claimed_by="")
    return sent


# Sweep


def sweep(*, now: dt.datetime | None = None) -> int:
    """Rows whose sender is gone (no heartbeat for longer than any send can take) go back to pending.

    Such a row may have been handed to the SMTP server just before its process died: the recovery counts as an
    unknown outcome, so it is tried once more with the same Message-ID, and after a second loss it stops.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=send_lease_seconds())
    stale = Delivery.objects.filter(status=S.SENDING, heartbeat_at__lt=cutoff)
    gone = "Recovered: its sender stopped answering (a worker died or lost its connection)."
    stale.filter(unknown_outcomes__gte=1).update(status=S.UNKNOWN, last_error=f"{gone} Outcome unknown twice.")
    stale.filter(attempts__gte=settings.REMINDERS_MAX_ATTEMPTS).update(status=S.FAILED, last_error=gone)
    return stale.update(status=S.PENDING, unknown_outcomes=F("unknown_outcomes") + 1, last_error=gone, claimed_by="")
