"""Wall-clock times stated in a named zone: turn a date, a time and an IANA zone into one instant.

Pure functions, no Django. Two awkward cases come from daylight saving time:

- a time in the spring-forward gap (02:30 in America/Los_Angeles on 8 Mar 2026) never happens; we
  refuse it with a message saying where the clocks jump, rather than guess an hour either way;
- a time in the autumn fold (01:30 on 1 Nov 2026 there) happens twice; we take the first occurrence.

A put-together datetime is in the gap exactly when its round trip through UTC changes the wall time.
"""

import datetime as dt
from zoneinfo import ZoneInfo

AMBIGUOUS_HELP = "When clocks go back and a time happens twice, the first occurrence is used."


class NonexistentTimeError(ValueError):
    """The wall-clock time falls in the hour skipped when clocks go forward."""


def _put_together(day: dt.date, at: dt.time, zone_name: str, fold: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, at.replace(tzinfo=None, fold=fold), tzinfo=ZoneInfo(zone_name))


def is_in_gap(day: dt.date, at: dt.time, zone_name: str) -> bool:
    local = _put_together(day, at, zone_name)
    back = local.astimezone(dt.UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) != local.replace(tzinfo=None)


def is_ambiguous(day: dt.date, at: dt.time, zone_name: str) -> bool:
    """The time happens twice that day (the autumn fold)."""
    if is_in_gap(day, at, zone_name):
        return False
    return _put_together(day, at, zone_name).utcoffset() != _put_together(day, at, zone_name, fold=1).utcoffset()


def _transition(before: dt.datetime, after: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first UTC instant in (before, after] whose offset differs from before's, to the second."""
    offset = before.astimezone(zone).utcoffset()
    low, high = before, after
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def gap_message(day: dt.date, at: dt.time, zone_name: str) -> str | None:
    """Why the time cannot be used, or None when it exists.

    e.g. "02:30 does not exist in America/Los_Angeles on Sun 8 Mar 2026: clocks jump from 02:00 to 03:00"
    """
    if not is_in_gap(day, at, zone_name):
        return None
    zone = ZoneInfo(zone_name)
    first, second = _put_together(day, at, zone_name), _put_together(day, at, zone_name, fold=1)
    # fold=0 reads the time with the offset before the jump, fold=1 with the one after; the jump lies between.
    earlier, later = sorted([first.astimezone(dt.UTC), second.astimezone(dt.UTC)])
    jump = _transition(earlier, later, zone)
    old_wall = (jump + earlier.astimezone(zone).utcoffset()).replace(tzinfo=None)
    new_wall = jump.astimezone(zone).replace(tzinfo=None)
    new_text = f"{new_wall:%H:%M}" if new_wall.date() == old_wall.date() else f"{new_wall:%H:%M} on {_day(new_wall)}"
    return (
        f"{at:%H:%M} does not exist in {zone_name} on {_day(day)} {day.year}: "
        f"clocks jump from {old_wall:%H:%M} to {new_text}"
    )


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def to_instant(day: dt.date, at: dt.time, zone_name: str) -> dt.datetime:
    """The aware UTC instant of a wall-clock time in a zone; the first occurrence when it happens twice."""
    message = gap_message(day, at, zone_name)
    if message:
        raise NonexistentTimeError(message)
    return _put_together(day, at, zone_name).astimezone(dt.UTC)
