"""The whole job market as one XLSX workbook: a sheet per kind of record, typed cells, constant memory.

openpyxl's write-only mode streams each sheet's rows to a temporary file as the database hands them over, so a
large account costs no more memory than a small one. Each sheet has a bold, frozen header row, fixed column
widths and an auto filter over its rows. Dates and amounts are real dates and numbers; times are in the user's
zone, named in the header, since a spreadsheet cannot store a zone. Text goes through `safe_cell`: openpyxl
stores any text starting with "=" as a formula, and a name such as "=HYPERLINK(...)" must stay text.

Every sheet but Contacts holds rows of the exported applications. Contacts are the user's address book, not
part of any one application, so a workbook of all the user's applications lists every contact, while a
workbook of some of them lists only the contacts linked to those: a role on one, a letter asked for one, or
met on one's visit. "linked applications" counts the exported applications a contact is linked to that way.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jobtracker.core.csv_files import safe_cell
from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import ApplicationContact, Contact
from jobtracker.offers.compensation import annualise
from jobtracker.offers.models import Offer
from jobtracker.pipeline.models import Application
from jobtracker.reports.scope import in_export_order, stage_events

CHUNK_SIZE = 500
PROGRESS_EVERY = 200
MAX_CELL_CHARS = 32_767  # Excel refuses to open a file with a longer cell

TEXT, DATETIME, DATE, MONEY, NUMBER = "text", "datetime", "date", "money", "number"
FORMATS = {DATETIME: "yyyy-mm-dd hh:mm", DATE: "yyyy-mm-dd", MONEY: "#,##0.00"}
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    kind: str = TEXT


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterator[list]  # raw values, one per column; aware datetimes are turned local when written
    sources: tuple[QuerySet, ...]  # what the rows are read from, counted for the progress total


def write_workbook(*, user, applications: QuerySet[Application], target, progress=None) -> None:
    """Write the workbook of these applications (the user's own) to a path or a binary file object.

    `progress(done, total)`, when given, is called with the rows written so far every few hundred rows and once
    at the end, when done equals total.
    """
    zone = ZoneInfo(user.time_zone)
    applications = applications.filter(owner=user)
    sheets = _sheets(user=user, applications=applications, zone_name=user.time_zone)
    tally = _Tally(progress, sheets)
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet, zone, tally)
    book.save(target)
    tally.finish()


# Writing


class _Tally:
    def __init__(self, progress: Callable[[int, int], None] | None, sheets: list[Sheet]):
        self.progress = progress
        self.done = 0
        self.total = sum(source.count() for sheet in sheets for source in sheet.sources) if progress else 0
        if progress:
            progress(0, self.total)

    def add_row(self) -> None:
        self.done += 1
        if self.progress and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, max(self.total, self.done))

    def finish(self) -> None:
        # Rows added or deleted since the count would leave the bar short of, or past, its end.
        if self.progress:
            self.progress(self.done, self.done)


def _write_sheet(book: Workbook, sheet: Sheet, zone: ZoneInfo, tally: _Tally) -> None:
    ws = book.create_sheet(sheet.title)
    for number, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(number)].width = column.width
    ws.freeze_panes = "A2"
    ws.append([_header_cell(ws, column.header) for column in sheet.columns])
    rows = 0
    for values in sheet.rows:
        ws.append([_cell(ws, column, value, zone) for column, value in zip(sheet.columns, values, strict=True)])
        rows += 1
        tally.add_row()
    # Write-only sheets write the filter after the rows, so it can cover exactly the rows written.
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{rows + 1}"


def _header_cell(ws, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = BOLD
    return cell


def _cell(ws, column: Column, value, zone: ZoneInfo):
    if value is None or value == "":
        return None
    if column.kind == TEXT:
        return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))[:MAX_CELL_CHARS]
    if column.kind == NUMBER:
        return value
    if column.kind == DATETIME:
        value = value.astimezone(zone).replace(tzinfo=None)
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = FORMATS[column.kind]
    return cell


# The sheets


def _sheets(*, user, applications: QuerySet[Application], zone_name: str) -> list[Sheet]:
    ids = applications.values("pk")
    return [
        _applications_sheet(applications, zone_name),
        _history_sheet(user, applications, zone_name),
        _interviews_sheet(user, ids, zone_name),
        _letters_sheet(user, ids),
        _contacts_sheet(user, applications, ids),
        _offers_sheet(user, ids, zone_name),
    ]


def _stream(queryset: QuerySet) -> Iterator:
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def _applications_sheet(applications, zone_name: str) -> Sheet:
    ordered = in_export_order(applications)
    columns = [
        Column("institution", 30),
        Column("department", 24),
        Column("position", 30),
        Column("kind", 22),
        Column("season", 9),
        Column("track", 9),
        Column("stage", 20),
        Column("outcome", 18),
        Column(f"deadline ({zone_name})", 18, DATETIME),
        Column("deadline zone", 20),
        Column("submitted on", 12, DATE),
        Column(f"last change ({zone_name})", 18, DATETIME),
        Column("notes", 50),
    ]

    def values():
        for app in _stream(ordered):
            position = app.position
            yield [
                position.institution.name,
                position.institution.department,
                position.title,
                position.get_kind_display(),
                position.season.name,
                app.get_track_display(),
                app.stage.name,
                app.stage.get_category_display(),
                position.deadline_at,
                position.deadline_tz if position.deadline_at else None,
                app.submitted_on,
                app.stage_changed_at,
                app.notes,
            ]

    return Sheet("Applications", columns, values(), (ordered,))


def _history_sheet(user, applications, zone_name: str) -> Sheet:
    events = stage_events(user=user, applications=applications)
    columns = [
        Column("institution", 30),
        Column("position", 30),
        Column("track", 9),
        Column("from stage", 20),
        Column("to stage", 20),
        Column(f"when ({zone_name})", 18, DATETIME),
        Column("note", 50),
    ]

    # The longest sheet by far: plain tuples, not six model instances per row.
    tracks = dict(Application.Track.choices)
    plain = events.values_list(
        "application__position__institution__name",
        "application__position__title",
        "application__track",
        "from_stage__name",
        "to_stage__name",
        "occurred_at",
        "note",
    )

    def values():
        for institution, title, track, from_stage, to_stage, occurred_at, note in _stream(plain):
            yield [institution, title, tracks.get(track, track), from_stage, to_stage, occurred_at, note]

    return Sheet("Stage history", columns, values(), (events,))


def _interviews_sheet(user, ids, zone_name: str) -> Sheet:
    interviews = (
        Interview.objects.for_user(user)
        .filter(application__in=ids)
        .select_related("application__position__institution")
        .order_by("starts_at", "pk")
    )
    meetings = (
        ItineraryItem.objects.for_user(user)
        .filter(interview__application__in=ids)
        .select_related("interview__application__position__institution")
        .order_by("interview__starts_at", "interview_id", "starts_at", "pk")
    )
    columns = [
        Column("row", 10),
        Column("institution", 30),
        Column("position", 30),
        Column("kind", 24),
        Column(f"starts ({zone_name})", 18, DATETIME),
        Column(f"ends ({zone_name})", 18, DATETIME),
        Column("set in zone", 20),
        Column("location", 30),
        Column("outcome", 24),
    ]

    def values():
        rounds = _each_followed_by_its_own(
            _stream(interviews),
            _stream(meetings),
            parent_key=lambda interview: (interview.starts_at, interview.pk),
            child_key=lambda item: (item.interview.starts_at, item.interview_id),
        )
        for row in rounds:
            if isinstance(row, Interview):
                yield _round_row("interview", row, row, location=row.location, outcome=row.get_outcome_display())
            else:
                yield _round_row("meeting", row.interview, row, location=row.place, outcome=None)

    return Sheet("Interviews and visits", columns, values(), (interviews, meetings))


def _round_row(label: str, interview: Interview, slot, *, location: str, outcome: str | None) -> list:
    """An interview, or one meeting (`slot`) of a visit's itinerary: both have a kind, a start and an end."""
    position = interview.application.position
    return [
        label,
        position.institution.name,
        position.title,
        slot.get_kind_display(),
        slot.starts_at,
        slot.ends_at,
        interview.time_zone,
        location,
        outcome,
    ]


def _each_followed_by_its_own(parents: Iterable, children: Iterable, *, parent_key, child_key) -> Iterator:
    """Each parent, then its children: two streams both sorted by the parent's key, merged without a lookup.

    A child whose parent is not in the stream (added between the two queries) still comes out, a little early.
    """
    children = iter(children)
    child = next(children, None)
    for parent in parents:
        yield parent
        while child is not None and child_key(child) <= parent_key(parent):
            yield child
            child = next(children, None)
    while child is not None:
        yield child
        child = next(children, None)


def _letters_sheet(user, ids) -> Sheet:
    letters = (
        LetterRequest.objects.for_user(user)
        .filter(application__in=ids)
        .select_related("writer", "application__position__institution")
        .order_by("writer__name", "writer_id", "due_date", "pk")
    )
    columns = [
        Column("writer", 26),
        Column("institution", 30),
        Column("position", 30),
        Column("status", 12),
        Column("asked on", 12, DATE),
        Column("due date", 12, DATE),
        Column("confirmed on", 13, DATE),
        Column("delivery", 26),
    ]

    def values():
        for letter in _stream(letters):
            position = letter.application.position
            yield [
                letter.writer.name,
                position.institution.name,
                position.title,
                letter.get_status_display(),
                letter.asked_on,
                letter.due_date,
                letter.confirmed_on,
                letter.get_delivery_display(),
            ]

    return Sheet("Letters", columns, values(), (letters,))


def _contacts_sheet(user, applications, ids) -> Sheet:
    # A contact is linked to an application by a role on it, a letter asked for it, or a meeting on its visit.
    roles = ApplicationContact.objects.for_user(user).filter(application__in=ids)
    letters = LetterRequest.objects.for_user(user).filter(application__in=ids)
    met = ItineraryPerson.objects.for_user(user).filter(item__interview__application__in=ids)
    contacts = Contact.objects.for_user(user)
    if not _all_of_the_users(user, applications):
        contacts = contacts.filter(
            Q(pk__in=roles.values("contact")) | Q(pk__in=letters.values("writer")) | Q(pk__in=met.values("contact"))
        )
    contacts = contacts.select_related("institution").order_by("name", "pk")
    columns = [
        Column("name", 26),
        Column("institution or affiliation", 30),
        Column("title", 30),
        Column("e-mail", 28),
        Column("phone", 16),
        Column("roles", 30),
        Column("linked applications", 10, NUMBER),
    ]

    def values():
        linked = _linked_applications(roles=roles, letters=letters, met=met)
        for contact in _stream(contacts):
            yield [
                contact.name,
                contact.where,
                contact.title,
                contact.email,
                contact.phone,
                ", ".join(contact.tags),
                linked[contact.pk],
            ]

    return Sheet("Contacts", columns, values(), (contacts,))


def _linked_applications(*, roles, letters, met) -> Counter:
    """Contact id -> how many exported applications it is linked to, in one query.

    Counted here rather than per contact in SQL, which took seconds for an address book of thousands. Held in
    memory, but only for linked contacts: a few per application.
    """
    pairs = (
        roles.order_by()
        .values_list("contact", "application")
        .union(
            letters.order_by().values_list("writer", "application"),
            met.order_by().values_list("contact", "item__interview__application"),
        )
    )
    return Counter(contact for contact, _application in pairs.iterator())  # UNION, not UNION ALL: no repeats


def _all_of_the_users(user, applications) -> bool:
    counts = Application.objects.for_user(user).aggregate(
        every=Count("pk"), exported=Count("pk", filter=Q(pk__in=applications.values("pk")))
    )
    return counts["every"] == counts["exported"]


def _offers_sheet(user, ids, zone_name: str) -> Sheet:
    offers = (
        Offer.objects.for_user(user)
        .filter(application__in=ids)
        .select_related("application__position__institution")
        .order_by("received_on", "pk")
    )
    columns = [
        Column("institution", 30),
        Column("position", 30),
        Column("status", 12),
        Column("received on", 12, DATE),
        Column(f"response deadline ({zone_name})", 18, DATETIME),
        Column("response deadline zone", 20),
        Column("currency", 9),
        Column("base salary", 14, MONEY),
        Column("salary period", 20),
        Column("annual cash", 14, MONEY),
        Column("annual cash assumption", 36),
        Column("sign-on", 12, MONEY),
        Column("first-year bonus", 14, MONEY),
        Column("equity", 14, MONEY),
        Column("start date", 12, DATE),
    ]

    def values():
        for offer in _stream(offers):
            position = offer.application.position
            annual, assumption = annualise(
                base_salary=offer.base_salary, period=offer.salary_period, summer_months=offer.summer_months
            )
            yield [
                position.institution.name,
                position.title,
                offer.get_status_display(),
                offer.received_on,
                offer.response_deadline_at,
                offer.response_deadline_tz if offer.response_deadline_at else None,
                offer.currency,
                offer.base_salary,
                offer.get_salary_period_display(),
                annual,
                assumption,
                offer.sign_on,
                offer.bonus,
                offer.equity_amount,
                offer.start_date,
            ]

    return Sheet("Offers", columns, values(), (offers,))
