"""Planning a spreadsheet of applications: what each row would do, decided before anything is written.

A row is new (a posting and its application, and the institution or season if missing), already there (the same
institution, title and season: importing a file twice adds nothing), or refused with its line and the reason;
one refused row blocks the whole import.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.core.validators import URLValidator
from django.utils import timezone

from jobtracker.network.importer import Table, repair_url
from jobtracker.pipeline.models import Institution, Position, Season, Stage
from jobtracker.transfer import sheet_values as values
from jobtracker.transfer.tables import guess_columns

# Field -> (label, header names it is guessed from). Our own CSV export's header is recognised as it is
# (reports/csv_export.APPLICATION_HEADER), and so are the usual names in job trackers' and people's own sheets.
FIELDS = {
    "institution": (
        "Institution",
        ("institution", "university", "company", "employer", "organization", "organisation", "school"),
    ),
    "department": ("Department", ("department", "dept", "team", "department or team")),
    "title": ("Position title", ("position", "position title", "title", "job title", "role", "job")),
    "kind": ("Kind", ("kind", "position kind", "type", "job type")),
    "track": ("Track", ("track", "pipeline")),
    "season": ("Season", ("season",)),
    "stage": ("Stage", ("stage", "status", "list")),
    "deadline": ("Deadline (date, or date and time)", ("deadline", "deadline date", "due", "due date", "apply by")),
    "deadline_time": ("Deadline time", ("deadline time", "time")),
    "deadline_tz": ("Deadline time zone", ("deadline time zone", "time zone", "timezone", "zone")),
    "submitted": ("Submitted on", ("submitted on", "submitted", "date applied", "applied on", "applied")),
    "url": ("Posting URL", ("url", "posting url", "link", "job url", "job link", "posting")),
    "priority": ("Priority (1-5)", ("priority", "rank", "fit")),
    "notes": ("Notes", ("notes", "note", "comments")),
    "last_change": ("Last change", ("last change", "last changed", "updated", "stage changed")),
}
REQUIRED = {"institution"}
URL = URLValidator()


def guess_mapping(header: list[str]) -> dict[str, int]:
    return guess_columns(header, {name: names for name, (_label, names) in FIELDS.items()})


@dataclass
class RowPlan:
    line: int
    institution: str
    title: str
    outcome: str  # "new", "exists" or "refused"
    detail: str = ""
    values: dict = field(default_factory=dict)  # what committing writes (JSON-ready)


@dataclass
class _Known:
    institutions: dict  # (lower name, lower department) -> pk
    positions: set  # (institution pk, lower title, season start year)
    stages: dict  # (track, lower name) -> (pk, name)
    first_stage: dict  # track -> pk
    seasons: set


def _known(owner) -> _Known:
    institutions = {
        (name.lower(), department.lower()): pk
        for pk, name, department in Institution.objects.for_user(owner).values_list("pk", "name", "department")
    }
    positions = {
        (institution, title.lower(), year)
        for institution, title, year in Position.objects.for_user(owner).values_list(
            "institution_id", "title", "season__start_year"
        )
    }
    stages, first = {}, {}
    for stage in Stage.objects.for_user(owner).order_by("track", "order", "pk"):
        stages[(stage.track, stage.name.lower())] = (stage.pk, stage.name)
        if not stage.is_archived:
            first.setdefault(stage.track, stage.pk)
    seasons = set(Season.objects.for_user(owner).values_list("start_year", flat=True))
    return _Known(institutions, positions, stages, first, seasons)


def plan(*, owner, table: Table, mapping: dict[str, int], zone: str, create_institutions: bool, day_first=False):
    """Every row's outcome, in file order. Writes nothing."""
    known = _known(owner)
    seen: dict[tuple, int] = {}
    rows = []
    for line, cells in zip(table.lines, table.rows, strict=True):
        cell = {name: (cells[index].strip() if index < len(cells) else "") for name, index in mapping.items()}
        row = RowPlan(line, cell.get("institution", "")[:200], cell.get("title", "")[:200], "new")
        try:
            row.values = _values(cell, known, zone=zone, day_first=day_first)
        except ValueError as error:
            row.outcome, row.detail = "refused", str(error)
            rows.append(row)
            continue
        v = row.values
        row.title = v["title"]
        key = (v["institution"].lower(), v["department"].lower())
        institution_pk = _institution(known, *key)
        v["institution_pk"] = institution_pk
        identity = (key, v["title"].lower(), v["season"])
        if identity in seen:
            row.outcome, row.detail = "refused", f"repeats line {seen[identity]} (same institution, title and season)"
        elif institution_pk and (institution_pk, v["title"].lower(), v["season"]) in known.positions:
            row.outcome, row.detail = "exists", "already in your list; left as it is"
        elif institution_pk is None and not create_institutions:
            row.outcome, row.detail = "refused", f"{v['institution']} is not one of your institutions (tick “create”)"
        elif institution_pk is None:
            row.detail = "new institution"
        seen.setdefault(identity, line)
        rows.append(row)
    return rows


def _institution(known: _Known, name: str, department: str) -> int | None:
    """Matched by name and department; a row without a department matches the one institution of that name."""
    found = known.institutions.get((name, department))
    if found is None and not department:
        same_name = [pk for (other, _dept), pk in known.institutions.items() if other == name]
        found = same_name[0] if len(same_name) == 1 else None
    return found


def _values(cell: dict, known: _Known, *, zone: str, day_first: bool) -> dict:
    institution = " ".join(cell.get("institution", "").split())
    if not institution:
        raise ValueError("has no institution")
    if len(institution) > 200 or len(cell.get("department", "")) > 200 or len(cell.get("title", "")) > 200:
        raise ValueError("a name or title is longer than 200 characters")
    kind = values.kind(cell["kind"]) if cell.get("kind") else None
    track = values.track(cell["track"]) if cell.get("track") else None
    if track is None:
        track = Stage.Track.INDUSTRY if kind in Position.INDUSTRY_KINDS else Stage.Track.FACULTY
    kind = kind or (Position.Kind.RESEARCH_SCIENTIST if track == Stage.Track.INDUSTRY else Position.Kind.TENURE_TRACK)
    result = {
        "institution": institution,
        "department": " ".join(cell.get("department", "").split()),
        "title": " ".join(cell.get("title", "").split()) or Position.Kind(kind).label,
        "kind": kind,
        "track": track,
        "stage": _stage(cell.get("stage", ""), track, known),
        "notes": cell.get("notes", ""),
        "priority": _priority(cell.get("priority", "")),
        "posting_url": _url(cell.get("url", "")),
        "submitted_on": None,
        "changed_at": None,
    }
    result.update(_deadline(cell, zone=zone, day_first=day_first))
    if cell.get("submitted"):
        result["submitted_on"] = values.parse_date(cell["submitted"], day_first=day_first).isoformat()
    if cell.get("last_change"):
        day, time, written = values.parse_moment(cell["last_change"], day_first=day_first)
        result["changed_at"] = values.zoned_instant(day, time or dt.time(12), zone, written).isoformat()
    if cell.get("season"):
        result["season"] = values.season_year(cell["season"])
    else:
        deadline = dt.date.fromisoformat(result["deadline_date"]) if result["deadline_date"] else timezone.localdate()
        result["season"] = Season.start_year_for(deadline)
    return result


def _stage(name: str, track: str, known: _Known) -> int:
    if not name:
        return known.first_stage[track]
    found = known.stages.get((track, name.strip().lower()))
    if found is None:
        names = ", ".join(n for (t, _lower), (_pk, n) in known.stages.items() if t == track)
        raise ValueError(f"stage “{name[:40]}” is not one of your {Stage.Track(track).label} stages ({names})")
    return found[0]


def _priority(text: str) -> int:
    if not text:
        return 3
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise ValueError(f"priority “{text[:10]}” is not a number from 1 to 5")
    return int(text)


def _url(text: str) -> str:
    if not text:
        return ""
    url = repair_url(text)
    try:
        URL(url)
    except Exception:
        raise ValueError(f"posting URL “{text[:60]}” is not a valid address") from None
    if len(url) > 500:
        raise ValueError("posting URL is longer than 500 characters")
    return url


def _deadline(cell: dict, *, zone: str, day_first: bool) -> dict:
    """The deadline in the posting's zone. A time written with its zone ("23:59 PST", as our export writes it) is in
    the file's zone and is converted; a bare time is in the row's deadline zone, or the file's."""
    row_zone = zone
    if cell.get("deadline_tz"):
        row_zone = values.known_zone(cell["deadline_tz"])
        if row_zone is None:
            raise ValueError(f"time zone “{cell['deadline_tz'][:40]}” is not an IANA zone such as America/New_York")
    if not cell.get("deadline"):
        return {"deadline_date": None, "deadline_time": None, "deadline_tz": row_zone}
    day, time, written = values.parse_moment(cell["deadline"], day_first=day_first)
    if time is None and cell.get("deadline_time"):
        time = values.parse_time(cell["deadline_time"])
    if time is not None and written:
        local = _written_in(day, time, written, zones=[row_zone, zone]).astimezone(values.ZoneInfo(row_zone))
        day, time = local.date(), local.time().replace(second=0, microsecond=0)
    if time == dt.time(23, 59):
        time = None  # a date alone means 23:59 where the posting is: the same instant, said the simple way
    return {
        "deadline_date": day.isoformat(),
        "deadline_time": time.isoformat() if time else None,
        "deadline_tz": row_zone,
    }


def _written_in(day, time, written: str, *, zones: list[str]):
    """A time marked with its zone ("23:59 PST") is in whichever of these zones it names: the posting's own
    (as the export writes the deadline) or the file's (as older exports did)."""
    problem = None
    for candidate in dict.fromkeys(zones):
        try:
            return values.zoned_instant(day, time, candidate, written)
        except ValueError as error:
            problem = problem or error
    raise problem


def to_data(rows: list[RowPlan]) -> dict:
    return {"version": 1, "rows": [asdict(row) for row in rows]}


def from_data(data: dict | None) -> list[RowPlan] | None:
    if not data or data.get("version") != 1:
        return None
    return [RowPlan(**row) for row in data["rows"]]


def counts(rows: list[RowPlan]) -> dict[str, int]:
    found = {"new": 0, "exists": 0, "refused": 0}
    for row in rows:
        found[row.outcome] += 1
    return found
