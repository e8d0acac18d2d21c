"""What a season report contains: the choices a person makes on /reports/ (or a share link stores).

Options travel as a query string, so the page, its PDF, its workbook and a share link all build the same
report from the same few values. Parsing never fails: anything odd falls back to the default.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.http import QueryDict

from jobtracker.pipeline.models import Season, Stage

SUMMARY = "summary"
APPLICATIONS = "applications"
UPCOMING = "upcoming"
LETTERS = "letters"
OFFERS = "offers"
MATERIALS = "materials"

SECTIONS = {
    SUMMARY: "Pipeline summary",
    APPLICATIONS: "Applications",
    UPCOMING: "Next 30 days",
    LETTERS: "Letters outstanding",
    OFFERS: "Offers",
    MATERIALS: "Materials sent",
}
TRACKS = dict(Stage.Track.choices)
DEFAULT_STALE_WEEKS = 6
MAX_STALE_WEEKS = 52


@dataclass(frozen=True)
class ReportOptions:
    season: Season
    tracks: tuple[str, ...] = tuple(TRACKS)
    start: dt.date | None = None  # the period covered; None means the season's own bounds
    end: dt.date | None = None
    sections: tuple[str, ...] = tuple(SECTIONS)
    private: bool = False  # notes, compensation and contact details
    stale_weeks: int = DEFAULT_STALE_WEEKS
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def season_start(self) -> dt.date:
        return dt.date(self.season.start_year, 8, 1)

    @property
    def season_end(self) -> dt.date:
        return dt.date(self.season.start_year + 1, 7, 31)

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return self.start or self.season_start, self.end or self.season_end

    def shows(self, section: str) -> bool:
        return section in self.sections

    def without_private(self) -> "ReportOptions":
        return replace(self, private=False)

    def query(self) -> str:
        """The options as a query string, the form /reports/ reads them back from."""
        data = QueryDict(mutable=True)
        data["season"] = str(self.season.pk)
        data.setlist("track", list(self.tracks))
        data.setlist("section", list(self.sections))
        if self.start:
            data["start"] = self.start.isoformat()
        if self.end:
            data["end"] = self.end.isoformat()
        if self.private:
            data["private"] = "1"
        if self.stale_weeks != DEFAULT_STALE_WEEKS:
            data["stale_weeks"] = str(self.stale_weeks)
        return data.urlencode()

    def as_stored(self) -> dict:
        """For a share link: everything but the private switch, which a link never has."""
        return {
            "tracks": list(self.tracks),
            "sections": list(self.sections),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "stale_weeks": self.stale_weeks,
        }


def _date(value: str | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day and 2000 <= day.year <= 2100 else None


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def from_values(
    *, season: Season, tracks, sections, start=None, end=None, private=False, stale_weeks=None
) -> ReportOptions:
    """Options from loose values (a query string's lists, a stored link's JSON); the unknown is dropped."""
    chosen_tracks = tuple(t for t in TRACKS if t in set(tracks or ())) or tuple(TRACKS)
    chosen_sections = tuple(s for s in SECTIONS if s in set(sections or ())) or tuple(SECTIONS)
    first, last = _date(start), _date(end)
    warnings = [
        f"“{raw}” is not a date between 2000 and 2100; the season's {which} is used."
        for raw, parsed, which in ((start, first, "start"), (end, last, "end"))
        if raw and parsed is None
    ]
    if first and last and first > last:
        first, last = last, first
        warnings.append("The period's dates were the wrong way round; they have been swapped.")
    return ReportOptions(
        season=season,
        tracks=chosen_tracks,
        start=first,
        end=last,
        sections=chosen_sections,
        private=bool(private),
        stale_weeks=_int(stale_weeks, DEFAULT_STALE_WEEKS, 1, MAX_STALE_WEEKS),
        warnings=tuple(warnings),
    )


def from_query(data: QueryDict, *, season: Season) -> ReportOptions:
    return from_values(
        season=season,
        tracks=data.getlist("track"),
        sections=data.getlist("section"),
        start=data.get("start"),
        end=data.get("end"),
        private=data.get("private") in {"1", "on", "true"},
        stale_weeks=data.get("stale_weeks"),
    )


def from_stored(stored: dict, *, season: Season) -> ReportOptions:
    """A share link's options; private fields are never part of them, whatever the JSON says."""
    stored = stored if isinstance(stored, dict) else {}
    return from_values(
        season=season,
        tracks=stored.get("tracks"),
        sections=stored.get("sections"),
        start=stored.get("start"),
        end=stored.get("end"),
        private=False,
        stale_weeks=stored.get("stale_weeks"),
    )
