"""The calendar's month and week grids: which days a page shows and what each day holds.

Pure date math around one agenda read (one query per kind), bounded to the days on the page. Months and weeks
come from the query string, so anything that is not a sane month or day falls back to today's.
"""

import datetime as dt
import re
from dataclasses import dataclass

from jobtracker.core.validators import EARLIEST_DATE, LATEST_DATE
from jobtracker.reminders.calendar import AgendaEntry, agenda

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
DAY_LIMIT = 4  # items a month cell lists before "+N more"
WEEK_DAY_LIMIT = 12  # items a day of the week view lists before "+N more" (the list from that day has them all)
WEEK = dt.timedelta(days=7)


@dataclass
class Day:
    date: dt.date
    entries: list[AgendaEntry]
    is_today: bool
    outside: bool = False  # shown to fill the grid's first or last week, but not in the month
    limit: int = DAY_LIMIT

    @property
    def shown(self) -> list[AgendaEntry]:
        return self.entries[: self.limit]

    @property
    def more(self) -> int:
        return max(0, len(self.entries) - self.limit)


@dataclass
class MonthGrid:
    first: dt.date
    weeks: list[list[Day]]
    previous: dt.date | None
    next: dt.date | None


@dataclass
class WeekGrid:
    monday: dt.date
    days: list[Day]
    previous: dt.date | None
    next: dt.date | None


def _sane(day: dt.date) -> dt.date | None:
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def next_month(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1)


def parse_month(text: str, today: dt.date) -> dt.date:
    """The first day of a 'YYYY-MM' month, or of today's month when the text is not a sane month."""
    match = MONTH.fullmatch(text or "")
    if match and 1 <= int(match[2]) <= 12:
        first = dt.date(int(match[1]), int(match[2]), 1)
        if _sane(first):
            return first
    return today.replace(day=1)


def parse_day(text: str, today: dt.date) -> dt.date:
    """A sane 'YYYY-MM-DD' day, or today."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        day = today
    return _sane(day) or today


def parse_week(text: str, today: dt.date) -> dt.date:
    """The Monday of the week holding a 'YYYY-MM-DD' day, or of today's week."""
    return monday_of(parse_day(text, today))


def _days(user, start: dt.date, count: int, today: dt.date) -> list[Day]:
    by_day = dict(agenda(user=user, start=start, days=count))
    dates = (start + dt.timedelta(days=n) for n in range(count))
    return [Day(day, by_day.get(day, []), day == today) for day in dates]


def month_grid(*, user, first: dt.date, today: dt.date) -> MonthGrid:
    """Whole weeks, Monday first, from the week holding the 1st to the week holding the month's last day."""
    start = monday_of(first)
    after = next_month(first)
    end = monday_of(after) + (WEEK if after.weekday() else dt.timedelta(0))
    days = _days(user, start, (end - start).days, today)
    for day in days:
        day.outside = day.date.month != first.month
    weeks = [days[n : n + 7] for n in range(0, len(days), 7)]
    return MonthGrid(first, weeks, _sane((first - dt.timedelta(days=1)).replace(day=1)), _sane(after))


def week_grid(*, user, monday: dt.date, today: dt.date) -> WeekGrid:
    days = _days(user, monday, 7, today)
    for day in days:
        day.limit = WEEK_DAY_LIMIT
    return WeekGrid(monday, days, _sane(monday - WEEK), _sane(monday + WEEK))
