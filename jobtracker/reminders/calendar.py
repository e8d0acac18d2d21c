"""One calendar of everything dated, in the user's own time zone.

Two ways to read it. `agenda()` reads every item of a few days whole (the month and week grids, the reports).
`Window` is the list of the next 60 days, read a page at a time: its cost must not grow with the season.

Order, for both: by local day in the user's zone, then the entry's sort key (a timed item's instant, a day-only
item's local midnight), then title; items that tie on all three keep the kinds' registry order, then each
kind's own model ordering, then pk.

How `Window` reads only the page, exactly:

1. For the whole window, each kind reads only (pk, the columns its due date comes from) as plain tuples, in
   its model's ordering: no model instances, no related rows (a posting's ordering joins its institution's
   name, nothing more). That is enough to know each row's local day and sort
   key (exactly as a loaded row would give them, through the same `Source.due()`), the total for the pager,
   and every row's place up to ties on (day, sort key).
2. Rows tying on (day, sort key) form a run, ordered by title. The titles of the runs the page touches (the
   page's rows, and the rest of the runs across its edges) are read as plain values (`Source.titles()`, the
   same `title()` that `item()` uses), which places every row of the page exactly. Day-only items all tie at
   local midnight, so a busy day's run can be long; its titles are read as tuples, never as rows.
3. Whole rows are loaded, and DatedItems built, for the rows on the page only.

Why not a LIMIT per kind in SQL: SQL orders by instant, but a day-only item sorts at local midnight of a day
that depends on the reader's zone, a visit's thank-you falls on the day after its end (or start) date, and ties
are broken by a title built from other tables; the first read is cheap enough (a few hundred tuples at four
times the heavy account) that doing the ordering in Python, once, is both exact and simple.

Queries: one per kind for the first pass, at most one per kind for titles, at most one per kind for the page,
whatever the data holds.
"""

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils import timezone

from jobtracker.reminders.registry import SOURCES, DatedItem, Source
from jobtracker.reminders.schedule import Due, when_phrase


@dataclass
class AgendaEntry:
    item: DatedItem
    label: str
    when: str
    sort_key: dt.datetime


def _sort_key(due: Due, day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """Where an item sorts within its day: its instant, or local midnight for a day-only item."""
    if due.day:
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
    return due.deadline(zone)


def _entry(source: Source, item: DatedItem, zone: ZoneInfo) -> AgendaEntry:
    day = item.due.local_day(zone)
    return AgendaEntry(item, source.label, when_phrase(item.due, zone), _sort_key(item.due, day, zone))


def _bounds(user, start: dt.date, days: int) -> tuple[ZoneInfo, dt.datetime, dt.datetime, dt.date]:
    zone = ZoneInfo(user.time_zone)
    first = dt.datetime.combine(start, dt.time(0, 0), tzinfo=zone)
    return zone, first, first + dt.timedelta(days=days), start + dt.timedelta(days=days)


def _sources(kinds) -> list[tuple[int, str, Source]]:
    """(registry position, kind, source) of the kinds asked for (all when kinds is None)."""
    chosen = enumerate(SOURCES.items())
    return [(n, kind, source) for n, (kind, source) in chosen if kinds is None or kind in kinds]


def agenda(*, user, start: dt.date, days: int, kinds=None) -> list[tuple[dt.date, list[AgendaEntry]]]:
    """Items due on each day from start, grouped by day in the user's zone (one query per kind; only `kinds`
    when given). Reads every row of the period whole: for a few days (a month, a week, a report)."""
    zone, first, last, end_day = _bounds(user, start, days)
    by_day: dict[dt.date, list[AgendaEntry]] = {}
    for _n, _kind, source in _sources(kinds):
        for obj in source.in_range(user, first, last):
            item = source.item(obj)
            if item is None:
                continue
            day = item.due.local_day(zone)
            if start <= day < end_day:
                by_day.setdefault(day, []).append(_entry(source, item, zone))
    return [(day, sorted(entries, key=lambda e: (e.sort_key, e.item.title))) for day, entries in sorted(by_day.items())]


class Place(NamedTuple):
    """A row's place in the window, known before its title: sorting these tuples sorts by (day, sort key), then
    registry position and the kind's own order, which are unique, so the last two fields are never compared."""

    day: dt.date
    sort_key: dt.datetime
    source: int  # the kind's position in the registry
    rank: int  # the row's position in its kind's own ordering
    kind: str
    pk: int


class Window:
    """Every dated item of `days` days from `start`, as (day, AgendaEntry) pairs in calendar order, for a
    Paginator: its length comes from the first cheap pass, and a slice loads only the rows it holds."""

    def __init__(self, *, user, start: dt.date, days: int, kinds=None):
        zone, first, last, end_day = _bounds(user, start, days)
        self.zone = zone
        places = []
        for n, kind, source in _sources(kinds):
            for rank, (pk, *values) in enumerate(source.dates_in_range(user, first, last)):
                due = source.due(*values)
                if due is None:
                    continue
                day = due.local_day(zone)
                if start <= day < end_day:
                    places.append(Place(day, _sort_key(due, day, zone), n, rank, kind, pk))
        places.sort()
        self.places = places
        # Where each run of places tying on (day, sort key) starts; a run is ordered by title only when read.
        self.runs = [
            i for i, place in enumerate(places) if i == 0 or place[:2] != (places[i - 1].day, places[i - 1].sort_key)
        ]

    def __len__(self) -> int:
        return len(self.places)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        low, high, step = index.indices(len(self))
        if step != 1:
            raise ValueError("a calendar window is sliced in order")
        return self._entries(self._chosen(low, high)) if low < high else []

    def _run(self, at: int) -> tuple[int, int]:
        """(start, end) of the run holding position `at`."""
        n = bisect.bisect_right(self.runs, at) - 1
        return self.runs[n], self.runs[n + 1] if n + 1 < len(self.runs) else len(self.places)

    def _chosen(self, low: int, high: int) -> list[Place]:
        """The places at positions low to high in calendar order: the runs the slice touches, whole, ordered by
        title within each run, then cut."""
        begin, end = self._run(low)[0], self._run(high - 1)[1]
        touched = self.places[begin:end]
        titles = self._titles(touched)
        touched.sort(key=lambda p: (p.day, p.sort_key, titles.get((p.kind, p.pk), ""), p.source, p.rank))
        return touched[low - begin : high - begin]

    def _titles(self, places: list[Place]) -> dict[tuple[str, int], str]:
        titles = {}
        for kind, pks in _by_kind(places).items():
            titles.update(((kind, pk), title) for pk, title in SOURCES[kind].titles(pks).items())
        return titles

    def _entries(self, places: list[Place]) -> list[tuple[dt.date, AgendaEntry]]:
        """The places' rows loaded whole, as entries in calendar order. A row deleted or moved since the first
        pass shows as it is now (or not at all) rather than failing the page."""
        keyed = []
        for kind, pks in _by_kind(places).items():
            source = SOURCES[kind]
            items = source.load_many(pks)
            order = {place.pk: (place.source, place.rank) for place in places if place.kind == kind}
            for pk, item in items.items():
                entry = _entry(source, item, self.zone)
                day = item.due.local_day(self.zone)
                keyed.append(((day, entry.sort_key, item.title, *order[pk]), (day, entry)))
        keyed.sort(key=lambda pair: pair[0])
        return [pair[1] for pair in keyed]


def _by_kind(places: list[Place]) -> dict[str, list[int]]:
    by_kind: dict[str, list[int]] = {}
    for place in places:
        by_kind.setdefault(place.kind, []).append(place.pk)
    return by_kind


def today_for(user) -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(user.time_zone))
