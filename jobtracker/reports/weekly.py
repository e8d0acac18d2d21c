"""The weekly status e-mail: Mondays at the user's send hour, in their zone, for those who opt in.

What changed last week (stage changes and new applications), what is due this week, and what is waiting for
an answer. It travels through the reminders' claimed rows (a MessageKind): planned a week ahead as one
Delivery per user and Monday, so two beats or two planners can never send it twice, a lost send is retried,
and it carries the same unsubscribe link.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from jobtracker.core.email import build_email
from jobtracker.pipeline.models import StageEvent
from jobtracker.pipeline.selectors import current_season
from jobtracker.reminders import emails
from jobtracker.reminders.calendar import agenda
from jobtracker.reminders.models import ReminderSettings
from jobtracker.reminders.registry import DatedItem, MessageKind, register_message
from jobtracker.reminders.schedule import Due, local_datetime
from jobtracker.reports import options as report_options
from jobtracker.reports import season

KIND = "weekly"
QUIET_KINDS = {"visit_item"}  # a visit's dozen meetings are summed up by the visit itself


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


@dataclass
class Change:
    when: dt.date
    text: str


@dataclass
class WeeklyStatus:
    monday: dt.date
    changes: list[Change]
    due: list[tuple[dt.date, str, str]]  # (day, what, when)
    waiting: list[tuple[str, int]]  # (application, weeks since submission)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.due or self.waiting)


def status_for(user, monday: dt.date) -> WeeklyStatus:
    zone = ZoneInfo(user.time_zone)
    start = dt.datetime.combine(monday - dt.timedelta(days=7), dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(monday, dt.time(0), tzinfo=zone)
    events = (
        StageEvent.objects.for_user(user)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .select_related("application__position__institution", "from_stage", "to_stage")
        .order_by("occurred_at", "pk")
    )
    changes = []
    for event in events:
        place = event.application.position.institution.name
        if event.from_stage_id:
            text = f"{place}: {event.from_stage.name} → {event.to_stage.name}"
        else:
            text = f"{place}: new application ({event.to_stage.name})"
        changes.append(Change(event.occurred_at.astimezone(zone).date(), text))
    due = [
        (day, entry.item.title, entry.when)
        for day, entries in agenda(user=user, start=monday, days=7)
        for entry in entries
        if not entry.item.done and entry.item.kind not in QUIET_KINDS
    ]
    return WeeklyStatus(monday, changes, due, _waiting(user, monday))


def _waiting(user, monday: dt.date) -> list[tuple[str, int]]:
    """Submitted and open, with no answer yet: the season report's rule, from a week of waiting."""
    chosen = report_options.from_values(
        season=current_season(user=user), tracks=None, sections=[report_options.SUMMARY], stale_weeks=1
    )
    now = dt.datetime.combine(monday, dt.time(0), tzinfo=ZoneInfo(user.time_zone))
    report = season.build(user=user, options=chosen, now=now)
    rows = [(row.application.label, row.weeks) for summary in report.summaries for row in summary.stale]
    return sorted(rows, key=lambda row: -row[1])


@register_message
class WeeklyStatusMessage(MessageKind):
    kind = KIND
    label = "Weekly status e-mail"
    setting = "weekly_status"

    def wanted(self, *, now: dt.datetime, owner_ids=None) -> list[tuple[int, Due, dt.datetime]]:
        subscribed = ReminderSettings.objects.filter(weekly_status=True, owner__is_active=True)
        if owner_ids is not None:
            subscribed = subscribed.filter(owner_id__in=list(owner_ids))
        planned = []
        for owner_id, zone_name, send_hour in subscribed.values_list("owner_id", "owner__time_zone", "send_hour"):
            zone = ZoneInfo(zone_name)
            due = Due(day=monday_on_or_after(now.astimezone(zone).date()))
            if now < due.deadline(zone):
                planned.append((owner_id, due, local_datetime(due.day, send_hour, zone)))
        return planned

    def items_for(self, rows) -> dict[int, DatedItem]:
        """Each row is about the week starting on its own day; it stays wanted while the user is subscribed."""
        owner_ids = {row.owner_id for row in rows}
        subscribed = set(
            ReminderSettings.objects.filter(owner_id__in=owner_ids, weekly_status=True).values_list(
                "owner_id", flat=True
            )
        )
        items = {}
        for row in rows:
            monday = row.due_at.date()
            items[row.pk] = DatedItem(
                kind=KIND,
                object_id=row.object_id,
                owner_id=row.owner_id,
                title=f"Your week from {monday:%A %-d %B}",
                due=Due(day=monday),
                done=row.owner_id not in subscribed,
                path=reverse("reports:report"),
            )
        return items

    def email(self, *, user, delivery, item: DatedItem, sent_at: dt.datetime):
        status = status_for(user, item.due.day)
        context = {
            "user": user,
            "status": status,
            "report_url": emails.absolute(reverse("reports:report")),
            "settings_url": emails.absolute(reverse("reminders:settings")),
            "stop_url": emails.unsubscribe_url(user.pk, KIND),
        }
        message_id = f"<weekly.{delivery.key}@{settings.REMINDERS_MESSAGE_DOMAIN}>"
        headers = emails.headers_for(message_id=message_id, key=delivery.key, user_id=user.pk, kind=KIND)
        return build_email(template="weekly_status", context=context, to=[user.email], headers=headers)
