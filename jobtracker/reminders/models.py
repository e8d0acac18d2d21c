"""Reminder preferences and deliveries. Reminders are rows, not timers."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from jobtracker.core.models import OwnedModel
from jobtracker.reminders.schedule import DEFAULT_LEADS


def parse_leads(text: str) -> tuple[int, ...]:
    try:
        leads = sorted({int(part) for part in text.replace(" ", "").split(",") if part}, reverse=True)
    except ValueError:
        raise ValidationError("Give whole numbers of days separated by commas, e.g. 14, 7, 2, 1, 0.") from None
    if not leads:
        raise ValidationError("Give at least one lead time (0 = the morning of).")
    if any(lead < 0 or lead > 60 for lead in leads):
        raise ValidationError("Lead times go from 0 (the morning of) to 60 days before.")
    return tuple(leads)


def default_disabled_kinds() -> list[str]:
    # Every meeting of a campus visit would be a dozen e-mails a day; the visit itself reminds.
    return ["visit_item"]


class ReminderSettings(models.Model):
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings")
    leads = models.CharField(
        "lead times (days before)",
        max_length=60,
        default=", ".join(str(d) for d in DEFAULT_LEADS),
        help_text="Days before each due date, separated by commas; 0 means the morning of.",
    )
    send_hour = models.TimeField(default=dt.time(8, 0), help_text="When reminders go out, in your own time zone.")
    digest = models.BooleanField(
        "one daily digest", default=False, help_text="One e-mail a day instead of one per reminder."
    )
    skip_weekends = models.BooleanField(
        default=False, help_text="A reminder that falls on a weekend comes on the Friday before."
    )
    disabled_kinds = models.JSONField(default=default_disabled_kinds, blank=True)
    weekly_status = models.BooleanField(
        "weekly status e-mail",
        default=False,
        help_text="Mondays at your send hour: what changed last week, what is due this week, what awaits an answer.",
    )
    # The time zone the current deliveries were planned in; a change on the profile re-plans them all.
    planned_zone = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self):
        return f"Reminder settings of {self.owner}"

    def clean(self):
        parse_leads(self.leads)

    @property
    def lead_days(self) -> tuple[int, ...]:
        return parse_leads(self.leads)


class Delivery(OwnedModel):
    """One reminder e-mail for one dated item and one lead time. Claimed with a conditional UPDATE."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        QUEUED = "queued", "Queued"  # no longer used: senders claim pending rows straight into "sending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNKNOWN = "unknown", "Outcome unknown"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    lead = models.PositiveSmallIntegerField(help_text="Days before the due date; 0 = the morning of.")
    due_at = models.DateTimeField(help_text="Snapshot of the item's due date when this delivery was planned.")
    send_at = models.DateTimeField()
    digest = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Who holds a row in "sending", and when it last said it is alive; the sweeper recovers only stale claims.
    claimed_by = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Sends whose final reply never came (the server may have kept the message): at most one more attempt.
    unknown_outcomes = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    subject = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["send_at", "pk"]
        constraints = [
            models.UniqueConstraint("kind", "object_id", "lead", "due_at", name="delivery_item_lead_due_unique"),
        ]
        indexes = [
            # Dispatcher: WHERE status = 'pending' AND send_at <= now ORDER BY send_at. Partial, so its size
            # (and the scan) depends on pending rows only, never on the sent or cancelled history.
            models.Index(fields=["send_at"], name="delivery_pending_send_idx", condition=models.Q(status="pending")),
            # Sweeper: WHERE status = 'queued' AND claimed_at < cutoff, then the same for 'sending'. One
            # partial index per status: SQLite matches a partial index against a bound "status = ?" but
            # not against "status IN (?, ?)", which scanned the whole delivery history every tick.
            models.Index(fields=["claimed_at"], name="delivery_queued_idx", condition=models.Q(status="queued")),
            # Sweeper: WHERE status = 'sending' AND heartbeat_at < cutoff.
            models.Index(fields=["heartbeat_at"], name="delivery_sending_idx", condition=models.Q(status="sending")),
            # Re-planning one item: WHERE kind = ? AND object_id = ? AND status = 'pending'.
            models.Index(fields=["kind", "object_id"], name="delivery_item_idx"),
            # The user's failed reminders page: WHERE owner_id = ? AND status = 'failed'.
            models.Index(fields=["owner", "status"], name="delivery_owner_status_idx"),
        ]

    def __str__(self):
        return f"{self.kind}#{self.object_id} lead {self.lead} at {self.send_at:%Y-%m-%d %H:%M}Z ({self.status})"

    @property
    def key(self) -> str:
        """Stable across retries and repeats: identifies this reminder in headers and Message-ID."""
        return f"{self.kind}-{self.object_id}-{self.lead}-{int(self.due_at.timestamp())}"


class PlannerMark(models.Model):
    """How far the planner has read each kind of dated item, as a (updated_at, id) position in its rows.

    Saved after every chunk, so a planner stopped by its time budget (or killed) resumes where it was.
    `lease_until` is claimed with a conditional UPDATE: one planner per kind at a time.
    """

    kind = models.CharField(max_length=20, unique=True)
    planned_until = models.DateTimeField()
    last_id = models.PositiveBigIntegerField(default=0)
    caught_up = models.BooleanField(default=True, help_text="The last run read every changed row.")
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.kind} planned until {self.planned_until} (#{self.last_id})"


class SendSlot(models.Model):
    """One of the few senders allowed at once; the dispatcher queues a sender only for a free slot.

    This is the backpressure: at most `REMINDERS_SENDERS` send tasks exist at any time, each claiming due
    rows itself in small batches, so no row waits in a queue where a sweeper could mistake it for lost.
    """

    number = models.PositiveSmallIntegerField(unique=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"sender slot {self.number}"


class Beat(models.Model):
    """When each periodic chore last ran (the health page reads it)."""

    name = models.CharField(max_length=40, unique=True)
    ran_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.ran_at}"


class CalendarFeed(OwnedModel):
    """A private calendar address a phone subscribes to: every dated item, authorised by its token alone.

    Only the SHA-256 of the token is stored, so the address is shown once, when it is made. Making a new one
    revokes the old; at most one live row per owner.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    fetch_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(revoked_at__isnull=True), name="calendarfeed_one_live_per_owner"
            ),
        ]

    def __str__(self):
        state = "live" if self.revoked_at is None else f"revoked {self.revoked_at:%Y-%m-%d}"
        return f"Calendar feed of {self.owner} ({state})"
