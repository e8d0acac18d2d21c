"""Cell values of an application spreadsheet: dates and times in common formats, zones, kinds, tracks."""

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.pipeline.models import Position, Stage

DATE_FORMATS = ["%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d.%m.%Y", "%Y/%m/%d"]
SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# "2026-12-15 23:59", "2026-12-15T23:59:00", optionally followed by a zone abbreviation or offset ("PST", "+03").
DATE_TIME = re.compile(
    r"^(?P<date>.+?)[ T](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?)"
    r"(?:\s*(?P<zone>[A-Za-z]{2,6}|[+-]\d{2}(?::?\d{2})?))?$",
    re.IGNORECASE,
)
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def known_zone(name: str) -> str | None:
    """The IANA zone the user may pick with this name (any case), or None."""
    wanted = name.strip().lower()
    found = next((zone for zone, _label in timezone_choices() if zone.lower() == wanted), None) if wanted else None
    if found:
        try:
            ZoneInfo(found)
        except ZoneInfoNotFoundError:
            return None
    return found


def parse_date(text: str, *, day_first: bool) -> dt.date:
    """A date in one of the common formats; ValueError otherwise. 03/04/2026 follows `day_first`."""
    text = " ".join(text.split())
    slashed = SLASHED.match(text)
    if slashed:
        a, b, year = (int(part) for part in slashed.groups())
        day, month = (a, b) if day_first else (b, a)
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text[:40]}” is not a date I can read (use 2026-12-15)")


def parse_time(text: str) -> dt.time:
    match = TIME.match(text.strip())
    if not match:
        raise ValueError(f"“{text[:20]}” is not a time I can read (use 23:59)")
    hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower().replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"“{text[:20]}” is not a time")
        hour = hour % 12 + (12 if half == "pm" else 0)
    return dt.time(hour, minute)


def parse_moment(text: str, *, day_first: bool) -> tuple[dt.date, dt.time | None, str]:
    """(date, time or None, the zone abbreviation or offset written after it, if any)."""
    match = DATE_TIME.match(" ".join(text.split()))
    if match:
        return parse_date(match["date"], day_first=day_first), parse_time(match["time"]), match["zone"] or ""
    return parse_date(text, day_first=day_first), None, ""


def zoned_instant(day: dt.date, time: dt.time, zone: str, written: str) -> dt.datetime:
    """The instant of a wall-clock time in `zone`; when the cell names its zone ("PST"), it must be that zone's."""
    instant = dt.datetime.combine(day, time, tzinfo=ZoneInfo(zone))
    if written:
        abbreviation = instant.strftime("%Z")
        offset = instant.strftime("%z")
        given = written.replace(":", "")
        if written.upper() != abbreviation.upper() and given not in (offset, offset[:3]):
            raise ValueError(
                f"the time is marked {written} but the file's zone {zone} says {abbreviation} on that day: "
                "choose the zone the file was written in"
            )
    return instant


def choice(text: str, choices, what: str) -> str:
    """A choice's value from its value or its label, without regard to case."""
    lowered = text.strip().lower()
    for value, label in choices:
        if lowered in (value.lower(), str(label).lower()):
            return value
    shown = ", ".join(str(label) for _value, label in choices)
    raise ValueError(f"{what} “{text[:40]}” is not one of: {shown}")


def kind(text: str) -> str:
    return choice(text, Position.Kind.choices, "kind")


def track(text: str) -> str:
    return choice(text, Stage.Track.choices, "track")


def season_year(text: str) -> int:
    """ "2026-27", "2026/27" or "2026" -> 2026."""
    match = re.match(r"^\s*(\d{4})(?:\s*[-/–]\s*\d{2,4})?\s*$", text)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValueError(f"season “{text[:20]}” is not a season such as 2026-27")
    return int(match.group(1))
