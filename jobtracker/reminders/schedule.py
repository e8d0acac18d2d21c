"""When reminders go out: pure rules, no database.

A dated item is due either at an instant (a deadline with a time) or on a day (a letter's due date).
Each lead time (14, 7, 2, 1 days before, 0 = the morning of) becomes one send time at the user's
send hour on that day in the user's own zone, moved back to Friday when weekends are skipped, and
dropped when it is already past or would arrive after the item is due.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DEFAULT_LEADS = (14, 7, 2, 1, 0)
DEFAULT_SEND_HOUR = dt.time(8, 0)


@dataclass(frozen=True)
class Due:
    """An instant (aware datetime) or a whole day (date); exactly one is set."""

    at: dt.datetime | None = None
    day: dt.date | None = None

    def local_day(self, zone: ZoneInfo) -> dt.date:
        return self.at.astimezone(zone).date() if self.at else self.day

    def deadline(self, zone: ZoneInfo) -> dt.datetime:
        """The moment after which a reminder is pointless: the instant, or the end of the day."""
        if self.at:
            return self.at
        return local_datetime(self.day + dt.timedelta(days=1), dt.time(0, 0), zone)

    def snapshot(self) -> dt.datetime:
        """A stable UTC value identifying this due date, stored with each delivery."""
        if self.at:
            return self.at.astimezone(dt.UTC)
        return dt.datetime.combine(self.day, dt.time(0, 0), tzinfo=dt.UTC)


@dataclass(frozen=True)
class Preferences:
    zone: ZoneInfo
    send_hour: dt.time = DEFAULT_SEND_HOUR
    leads: tuple[int, ...] = DEFAULT_LEADS
    skip_weekends: bool = False


def local_datetime(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """Wall-clock time on a day in a zone. A time inside a spring-forward gap moves to after the gap."""
    # fold=0 reads a time in the gap with the offset before the change, which lands after the gap;
    # an ambiguous (repeated) time takes its first occurrence.
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def send_day(day: dt.date, skip_weekends: bool) -> dt.date:
    if skip_weekends and day.weekday() >= 5:
        return day - dt.timedelta(days=day.weekday() - 4)
    return day


def send_times(*, due: Due, prefs: Preferences, now: dt.datetime) -> dict[int, dt.datetime]:
    """Lead (days before) -> UTC send time, for the reminders that are still worth sending."""
    due_day = due.local_day(prefs.zone)
    deadline = due.deadline(prefs.zone)
    chosen: dict[dt.datetime, int] = {}
    for lead in sorted(set(prefs.leads)):
        day = send_day(due_day - dt.timedelta(days=lead), prefs.skip_weekends)
        at = local_datetime(day, prefs.send_hour, prefs.zone).astimezone(dt.UTC)
        if now < at < deadline and at not in chosen:  # two leads on one Friday: keep the nearer one
            chosen[at] = lead
    return {lead: at for at, lead in chosen.items()}


def days_phrase(due: Due, sent_at: dt.datetime, zone: ZoneInfo) -> str:
    days = (due.local_day(zone) - sent_at.astimezone(zone).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def when_phrase(due: Due, zone: ZoneInfo) -> str:
    """'Fri 5 Dec 23:59 EST' in the reader's zone, or 'Fri 5 Dec' for a whole-day item."""
    if due.at:
        local = due.at.astimezone(zone)
        return f"{local:%a} {local.day} {local:%b %H:%M} {local.tzname()}"
    return f"{due.day:%a} {due.day.day} {due.day:%b}"
