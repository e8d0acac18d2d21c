"""Every dated item as an iCalendar feed (RFC 5545) that a phone's calendar app subscribes to.

A time stated in a zone stays in that zone (DTSTART;TZID=... with its VTIMEZONE), so "23:59 Pacific" reads as
such in any calendar app and survives daylight-saving changes; a time with no zone of its own is in UTC; a
whole-day item is a DATE. UIDs are built from the kind and the row, so an edited item replaces its old event
instead of adding another. Done and closed items are left out: they disappear from the subscribed calendar.
"""

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from icalendar import Calendar, Event

from jobtracker.reminders.registry import SOURCES, DatedItem

PAST = dt.timedelta(days=90)
AHEAD = dt.timedelta(days=400)
REFRESH = dt.timedelta(hours=1)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _uid(item: DatedItem) -> str:
    return f"{item.kind}-{item.object_id}@{settings.REMINDERS_MESSAGE_DOMAIN}"


def vevent(item: DatedItem, *, label: str, ends_at: dt.datetime | None, now: dt.datetime) -> Event:
    url = settings.SITE_URL.rstrip("/") + item.path
    event = Event.new(
        uid=_uid(item),
        stamp=now,
        summary=item.title,
        url=url,
        description="\n\n".join(part for part in (item.detail, f"Open in jobtracker: {url}") if part),
        categories=[label],
    )
    if item.due.day:
        event.start = item.due.day
        event.end = item.due.day + dt.timedelta(days=1)
        return event
    zone = _zone(item.own_zone)
    event.start = item.due.at.astimezone(zone)
    if ends_at is not None and ends_at > item.due.at:
        event.end = ends_at.astimezone(zone)
    return event


def feed(*, user, now: dt.datetime) -> bytes:
    """The user's calendar from PAST before now to AHEAD after it, one query per kind of dated item."""
    calendar = Calendar.new(
        prodid="-//jobtracker//Calendar feed//EN",
        name="jobtracker",
        description="Deadlines, letters, interviews, follow-ups and offers from jobtracker.",
        refresh_interval=REFRESH,
        uid=f"calendar-{user.pk}@{settings.REMINDERS_MESSAGE_DOMAIN}",
    )
    start, end = now - PAST, now + AHEAD
    for source in SOURCES.values():
        for obj in source.in_range(user, start, end):
            item = source.item(obj)
            if item is None or item.done:
                continue
            # Interviews and visit meetings carry their end; only a timed item can use one.
            ends_at = getattr(obj, "ends_at", None) if item.due.at else None
            calendar.add_component(vevent(item, label=source.label, ends_at=ends_at, now=now))
    calendar.add_missing_timezones(first_date=(start - PAST).date(), last_date=(end + PAST).date())
    return calendar.to_ical()
