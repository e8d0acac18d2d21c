"""One calendar of everything dated, in the user's own time zone."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from jobtracker.reminders.registry import SOURCES, DatedItem
from jobtracker.reminders.schedule import when_phrase


@dataclass
class AgendaEntry:
    item: DatedItem
    label: str
    when: str
    sort_key: dt.datetime


def agenda(*, user, start: dt.date, days: int, kinds=None) -> list[tuple[dt.date, list[AgendaEntry]]]:
    """Items due on each day from start, grouped by day in the user's zone (one query per kind; only `kinds`
    when given)."""
    zone = ZoneInfo(user.time_zone)
    first = dt.datetime.combine(start, dt.time(0, 0), tzinfo=zone)
    last = first + dt.timedelta(days=days)
    by_day: dict[dt.date, list[AgendaEntry]] = {}
    for kind, source in SOURCES.items():
        if kinds is not None and kind not in kinds:
            continue
        for obj in source.in_range(user, first, last):
            item = source.item(obj)
            if item is None:
                continue
            day = item.due.local_day(zone)
            if not start <= day < start + dt.timedelta(days=days):
                continue
            entry = AgendaEntry(item, source.label, when_phrase(item.due, zone), item.due.deadline(zone))
            if item.due.day:
                entry.sort_key = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
            by_day.setdefault(day, []).append(entry)
    return [(day, sorted(entries, key=lambda e: (e.sort_key, e.item.title))) for day, entries in sorted(by_day.items())]


def today_for(user) -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(user.time_zone))
