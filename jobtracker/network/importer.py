"""CSV import of contacts: parse, plan (a dry run that writes nothing), then apply all or nothing
(import_writes.apply).

The CSRankings faculty format (name,affiliation,homepage,scholarid) is recognised without mapping.
Rows describing one person (several spellings of a name) are merged when they share a homepage or
a scholar id; an existing contact with that homepage or scholar id (or, failing both, the same name
and affiliation) receives the row instead of a duplicate, so importing a file twice adds nothing.

The plan is computed once (on upload, and again when the user changes the columns) and stored as plain
data (plan_to_data / plan_from_data), so the preview and the row report never read the file again.
Absurd files are refused while they are read, before anything big is built: see MAX_BYTES, MAX_ROWS,
MAX_COLUMNS and MAX_CELL.
"""

import csv
import functools
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.db.models import Count, Max

from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Institution

CSRANKINGS_HEADER = ["name", "affiliation", "homepage", "scholarid"]
FIELDS = ["name", "email", "phone", "title", "affiliation", "department", "homepage", "scholar_id", "notes"]
REQUIRED = {"name"}
NO_SCHOLAR = "NOSCHOLARPAGE"
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
# A contact has nine fields; real contact exports have far fewer columns than 200 (LinkedIn about 7, Outlook
# about 90, Google Contacts under 100 with several phones and addresses). Every column is an <option> in each of
# the nine mapping menus, so 10,000 columns made a page of 90,000 options; 200 make at most 1,800.
MAX_COLUMNS = 200
# The longest field kept is the notes (free text); the others are capped at 500 characters or less (MAX_LENGTHS).
# 10,000 characters is four printed pages of notes in one cell: generous for people, small for memory.
MAX_CELL = 10_000
# No row within those limits is longer than this, even quoted with every character a doubled quote.
MAX_LINE = MAX_COLUMNS * (2 * MAX_CELL + 3)
MAX_LENGTHS = {
    "name": 200,
    "email": 254,
    "phone": 40,
    "title": 200,
    "affiliation": 200,
    "department": 200,
    "homepage": 500,
    "scholar_id": 40,
}
BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\udc80-\udcff]")
HEADER_GUESSES = {
    "name": ("name", "full name", "fullname"),
    "email": ("email", "e-mail", "mail"),
    "phone": ("phone", "telephone", "mobile"),
    "title": ("title", "position", "role"),
    "affiliation": ("affiliation", "institution", "organisation", "organization", "university", "company"),
    "department": ("department", "dept"),
    "homepage": ("homepage", "website", "url", "home page"),
    "scholar_id": ("scholarid", "scholar id", "scholar", "google scholar"),
    "notes": ("notes", "note", "comments"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read as CSV."""


@dataclass
class RowOutcome:
    number: int  # 1-based line number in the file where the row starts, header included
    name: str
    outcome: str  # "created", "merged" or "rejected"
    detail: str = ""
    warned: bool = False


@dataclass
class Person:
    values: dict
    other_names: list[str] = field(default_factory=list)
    existing: "Known | None" = None


@dataclass
class Plan:
    rows: list[RowOutcome]
    people: list[Person]
    unmatched_affiliations: dict[str, int]
    basis: list = field(default_factory=list)  # contacts_state() of the owner just before planning
    institutions_basis: list = field(default_factory=list)  # institutions_state() then (not stored with the plan)

    @property
    def rejected(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome == "rejected"]

    @property
    def warned(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.warned]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def new_people(self) -> list[Person]:
        return [p for p in self.people if p.existing is None]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # the line of the file each row starts on (1-based; blank lines and line breaks in cells count)


def scan_table(raw: bytes) -> Table:
    """Header, rows and where each row starts, checking the limits while the csv module reads.

    Undecodable bytes survive as surrogates so the row holding them can be reported.
    """
    if len(raw) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // 1048576} MB; split it into smaller files.")
    if b"\x00" in raw[:1024] and raw[:4] in (b"%PDF", b"PK\x03\x04"):
        raise ImportFileError("This is not a CSV file.")
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(_bounded_lines(text))
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > MAX_COLUMNS:
                raise ImportFileError(_too_many_columns(len(cells), line))
            if max(map(len, cells)) > MAX_CELL:
                raise ImportFileError(_cell_too_long(line))
            if header is None:
                header = [cell.strip() for cell in cells]
                continue
            if len(rows) == MAX_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS:,} rows; split it into files of at most {MAX_ROWS:,}."
                )
            rows.append(cells)
            lines.append(line)
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # the csv module's own cap (131,072) is above ours
            raise ImportFileError(_cell_too_long(reader.line_num)) from None
        raise ImportFileError(f"The file is not valid CSV: {error}.") from None
    if header is None:
        raise ImportFileError("The file is empty.")
    return Table(header, rows, lines)


def read_table(raw: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows (see scan_table)."""
    table = scan_table(raw)
    return table.header, table.rows


def _bounded_lines(text: str):
    """The physical lines of the text, refusing the absurd ones before the csv module builds a row from them."""
    quotes_seen = False
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE:
            raise ImportFileError(
                f"Line {number} is {len(line):,} characters long; a row may have at most {MAX_COLUMNS} cells "
                f"of at most {MAX_CELL:,} characters."
            )
        quotes_seen = quotes_seen or '"' in line
        if not quotes_seen:  # no quoted cell so far, so every comma separates two cells: count them now
            commas = line.count(",")
            if commas >= MAX_COLUMNS:
                raise ImportFileError(_too_many_columns(commas + 1, number))
        yield line


def _too_many_columns(count: int, line: int) -> str:
    return (
        f"Line {line} has {count:,} columns; a contact file may have at most {MAX_COLUMNS} "
        "(remove the columns you do not need)."
    )


def _cell_too_long(line: int) -> str:
    return f"Line {line} has a cell longer than {MAX_CELL:,} characters; shorten it or remove that column."


def detect_format(header: list[str]) -> str:
    return "csrankings" if [h.lower() for h in header] == CSRANKINGS_HEADER else "generic"


def guess_mapping(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    mapping = {}
    for target, names in HEADER_GUESSES.items():
        for index, column in enumerate(lowered):
            if column in names and index not in mapping.values():
                mapping[target] = index
                break
    return mapping


CSRANKINGS_MAPPING = {"name": 0, "affiliation": 1, "homepage": 2, "scholar_id": 3}


def _clean(cells: list[str], columns: list[tuple[str, int]]) -> dict:
    """The mapped cells (a missing one is empty) with runs of whitespace made one space; no NOSCHOLARPAGE."""
    width = len(cells)
    values = {key: " ".join(cells[index].split()) if index < width else "" for key, index in columns}
    if values.get("scholar_id", "").upper() == NO_SCHOLAR:
        values["scholar_id"] = ""
    return values


def _problem(values: dict, raw_cells: list[str]) -> str:
    """What makes a row unusable; such a row blocks the whole import."""
    if BINARY.search(",".join(raw_cells)):
        return "contains binary data (not UTF-8 text)"
    if not values.get("name"):
        return "has no name"
    for key, limit in MAX_LENGTHS.items():
        if len(values.get(key, "")) > limit:
            return f"{key.replace('_', ' ')} is longer than {limit} characters"
    return ""


DOUBLED_SCHEME = re.compile(r"^(https?://)+(https?://)", re.IGNORECASE)
HALF_SCHEME = re.compile(r"^(https?):/(?!/)", re.IGNORECASE)
SCHEME = re.compile(r"^https?://", re.IGNORECASE)
URL_VALIDATOR = URLValidator()
EMAIL_VALIDATOR = EmailValidator()


def repair_url(value: str) -> str:
    """Common slips in real lists: "http://https://x", "http:/x", a missing scheme, a space in the host."""
    url = value.strip()
    if url.startswith(("http://", "https://")):  # the usual case, which needs nothing unless a scheme follows
        after = url[8:12] if url[4] == "s" else url[7:11]
        if after.isascii() and after.lower() != "http":
            return url
    url = DOUBLED_SCHEME.sub(r"\2", url)
    url = HALF_SCHEME.sub(r"\1://", url)
    if "://" not in url:
        url = "http://" + url
    return url


def _repair(values: dict) -> str:
    """Fix what can be fixed in place; what cannot be used moves to the notes. Returns a warning, if any."""
    warnings = []
    if values.get("homepage"):
        fixed = repair_url(values["homepage"])
        if _valid_url(fixed) and len(fixed) <= MAX_LENGTHS["homepage"]:
            if fixed != values["homepage"]:
                warnings.append(f"homepage repaired to {fixed}")
            values["homepage"] = fixed
        else:
            warnings.append("homepage is not a valid address; kept in the notes")
            values["notes"] = "\n".join(
                filter(None, [values.get("notes", ""), f"Homepage as given: {values['homepage']}"])
            )
            values["homepage_as_given"], values["homepage"] = values["homepage"], ""
    if values.get("email"):
        try:
            EMAIL_VALIDATOR(values["email"])
        except ValidationError:
            warnings.append("e-mail is not valid; kept in the notes")
            values["notes"] = "\n".join(filter(None, [values.get("notes", ""), f"E-mail as given: {values['email']}"]))
            values["email"] = ""
    return "; ".join(warnings)


def _printable(text: str) -> str:
    """Undecodable bytes (kept as surrogates) become U+FFFD so a rejected row can still be shown."""
    return BINARY.sub("\ufffd", text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


# URLs of the plainest shape, which URLValidator accepts whatever else it checks: http(s), an ASCII host of
# labels that start and end with a letter or digit (at most 63 characters) under an alphabetic top-level domain,
# no user, port, query or fragment before the path, and a path of visible ASCII characters. Nine homepages in ten
# in real lists are so; URLValidator costs about 18 us each (its Unicode-aware regular expression and urlsplit).
PLAIN_URL = re.compile(
    r"https?://(?P<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})(?:/[!-~]*)?\Z"
)


def _valid_url(value: str) -> bool:
    """URLValidator's answer; the plain shape (PLAIN_URL) is known valid without asking it."""
    plain = PLAIN_URL.match(value) if value.isascii() and len(value) <= URL_VALIDATOR.max_length else None
    if plain and len(plain["host"]) <= 253:  # URLValidator's limit on the host name
        return True
    return _validated_url(value)


@functools.lru_cache(maxsize=4096)  # the spellings of one person share a homepage
def _validated_url(value: str) -> bool:
    try:
        URL_VALIDATOR(value)
    except ValidationError:
        return False
    return True


def homepage_key(url: str) -> str:
    """Homepages that differ only in scheme, case of the host, "www." or a trailing slash are one page."""
    url = url.strip()
    scheme = url[:8].lower()  # SCHEME.sub("", url) without a regular expression (called per contact and file)
    if not scheme.isascii():  # SCHEME ignores case the Unicode way: "\u017f" (long s) matches "s"
        url = SCHEME.sub("", url)
    elif scheme.startswith("http://"):
        url = url[7:]
    elif scheme == "https://":
        url = url[8:]
    host, _, path = url.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}".rstrip("/")


def _identity_keys(values: dict) -> list[str]:
    keys = []
    homepage = values.get("homepage") or values.get("homepage_as_given")
    if homepage:
        keys.append("h:" + homepage_key(homepage))
    if values.get("scholar_id"):
        keys.append("s:" + values["scholar_id"])
    if not keys or values.get("homepage_as_given"):
        # Without a usable homepage or scholar id, the name at an affiliation identifies the person.
        keys.append("n:" + values["name"].lower() + "|" + values.get("affiliation", "").lower())
    return keys


BATCH = 900  # values in one IN (...): within SQLite's 999 parameters


@dataclass
class Known:
    """An existing contact, as much of it as matching needs."""

    pk: int
    name: str
    other_names: str


def _existing_index(owner, wanted: set[str]) -> dict[str, Known]:
    """The owner's contact with each of these identity keys that one has, by key.

    A contact's keys are those _identity_keys() gives its own values; where several contacts have one key
    (entered twice by hand, say), the first by name, then pk, has it. Every contact is read for every file, so
    this is work per contact that grows with each file imported (23,566 contacts read 26 times for the
    CSRankings lists): only the columns the keys need, in no order, fetched at once (sorting by name cost
    PostgreSQL more than reading the rows, and a server-side cursor made it hold the whole result first);
    the names of the few contacts that match are read afterwards.
    """
    contacts = Contact.objects.for_user(owner).order_by()
    holders: dict[str, list[int]] = {}  # key -> the pks of the contacts with it
    with_ids = contacts.exclude(homepage="", scholar_id="").values_list("pk", "homepage", "scholar_id")
    for pk, homepage, scholar_id in with_ids:
        if homepage and (key := "h:" + homepage_key(homepage)) in wanted:
            holders.setdefault(key, []).append(pk)
        if scholar_id and (key := "s:" + scholar_id) in wanted:
            holders.setdefault(key, []).append(pk)
    without_ids = contacts.filter(homepage="", scholar_id="").values_list(
        "pk", "name", "affiliation", "institution__name"
    )
    for pk, name, affiliation, institution in without_ids:
        if (key := "n:" + name.lower() + "|" + (institution or affiliation).lower()) in wanted:
            holders.setdefault(key, []).append(pk)
    pks = list({pk for found in holders.values() for pk in found})
    known: dict[int, Known] = {}
    for start in range(0, len(pks), BATCH):
        rows = contacts.filter(pk__in=pks[start : start + BATCH]).values_list("pk", "name", "other_names")
        known.update((pk, Known(pk, name, other_names)) for pk, name, other_names in rows)
    shared = {pk for found in holders.values() if len(found) > 1 for pk in found}
    if shared:  # the database's order by name, then pk, decides
        ordered = contacts.filter(pk__in=shared) if len(shared) <= BATCH else contacts
        rank = {pk: position for position, pk in enumerate(ordered.order_by("name", "pk").values_list("pk", flat=True))}
        return {key: known[min(found, key=rank.__getitem__)] for key, found in holders.items()}
    return {key: known[found[0]] for key, found in holders.items()}


def _group(keyed_rows: list[tuple[int, list[str]]]) -> list[list[int]]:
    """Rows that share any identity key, directly or through other rows, form one group (union-find)."""
    parent = list(range(len(keyed_rows)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with_key: dict[str, int] = {}
    for position, (_number, keys) in enumerate(keyed_rows):
        for key in keys:
            if key in first_with_key:
                parent[root(position)] = root(first_with_key[key])
            else:
                first_with_key[key] = position
    groups: dict[int, list[int]] = {}
    for position in range(len(keyed_rows)):
        groups.setdefault(root(position), []).append(position)
    return sorted(groups.values(), key=lambda members: members[0])


def _fingerprint(rows: models.QuerySet) -> list:
    state = rows.aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    return [state["count"], state["last"], state["changed"].isoformat() if state["changed"] else None]


def contacts_state(owner) -> list:
    """A cheap fingerprint of the owner's contacts: adding, deleting or editing any contact changes it.

    A stored plan whose basis differs from the state at commit time is stale and is planned again.
    """
    return _fingerprint(Contact.objects.for_user(owner))


def institutions_state(owner) -> list:
    """The same for the owner's institutions, which decide the affiliations a plan lists as unmatched."""
    return _fingerprint(Institution.objects.for_user(owner))


def plan(
    *, owner, header: list[str], rows: list[list[str]], mapping: dict[str, int], lines: list[int] | None = None
) -> Plan:
    """Decide what each row would do. Writes nothing.

    `lines` are the file lines the rows start on (Table.lines); without them row n is taken to be on line n + 1.
    """
    basis = contacts_state(owner)  # before reading the contacts, so a change made meanwhile makes the plan stale
    institutions_basis = institutions_state(owner)
    institutions = {name.lower() for name in Institution.objects.for_user(owner).values_list("name", flat=True)}
    outcomes: dict[int, RowOutcome] = {}
    warnings: dict[int, str] = {}
    valid: list[tuple[int, dict, list[str]]] = []
    columns = list(mapping.items())
    numbers = lines if lines is not None else range(2, len(rows) + 2)
    for number, cells in zip(numbers, rows, strict=True):
        values = _clean(cells, columns)
        problem = _problem(values, cells)
        if problem:
            outcomes[number] = RowOutcome(number, _printable(values.get("name", ""))[:80], "rejected", problem)
        else:
            warnings[number] = _repair(values)
            valid.append((number, values, _identity_keys(values)))

    existing = _existing_index(owner, {key for _number, _values, keys in valid for key in keys})
    people: list[Person] = []
    unmatched: dict[str, int] = {}
    for members in _group([(number, keys) for number, _values, keys in valid]):
        rows_of_person = [valid[i] for i in members]
        match = next((existing[k] for _n, _v, keys in rows_of_person for k in keys if k in existing), None)
        first_number, first_values, _keys = rows_of_person[0]
        person = Person(values=dict(first_values), existing=match)
        if match:  # every spelling in the file that the existing contact does not know yet is kept
            known = {match.name.lower(), *(n.strip().lower() for n in match.other_names.splitlines())}
        else:
            known = {first_values["name"].lower()}
        for number, values, _keys in rows_of_person:
            if values["name"].lower() not in known:
                person.other_names.append(values["name"])
                known.add(values["name"].lower())
            if values is not first_values:  # later rows fill gaps left by earlier ones
                for key, value in values.items():
                    if value and not person.values.get(key):
                        person.values[key] = value
            if match:
                outcomes[number] = RowOutcome(number, values["name"], "merged", f"into existing contact {match.name}")
            elif number == first_number:
                outcomes[number] = RowOutcome(number, values["name"], "created")
            else:
                outcomes[number] = RowOutcome(
                    number, values["name"], "merged", f"another spelling of {first_values['name']}"
                )
        affiliation = person.values.get("affiliation", "")
        if match is None and affiliation and affiliation.lower() not in institutions:
            unmatched[affiliation] = unmatched.get(affiliation, 0) + 1
        people.append(person)
    for number, warning in warnings.items():
        if warning:
            row = outcomes[number]
            row.detail = f"{row.detail}; {warning}" if row.detail else warning
            row.warned = True
    ordered = [outcomes[number] for number in sorted(outcomes)]
    return Plan(ordered, people, dict(sorted(unmatched.items())), basis, institutions_basis)


# The plan as stored on the ContactImport (a JSONField). Lists rather than objects keep it compact (28,443 rows
# take about 5 MB) and keep their order (PostgreSQL's jsonb sorts the keys of an object).
PLAN_VERSION = 1


def plan_to_data(plan: Plan) -> dict:
    return {
        "version": PLAN_VERSION,
        "basis": plan.basis,
        "rows": [[r.number, r.name, r.outcome, r.detail, r.warned] for r in plan.rows],
        "people": [
            [{k: v for k, v in p.values.items() if v}, p.other_names, p.existing.pk if p.existing else None]
            for p in plan.people
        ],
        "unmatched": [[name, count] for name, count in plan.unmatched_affiliations.items()],
    }


def plan_from_data(data: dict | None) -> Plan | None:
    """The stored plan, or None when there is none or it was stored in another shape (plan it again)."""
    if not data or data.get("version") != PLAN_VERSION:
        return None
    return Plan(
        rows=[RowOutcome(*row) for row in data["rows"]],
        people=[
            Person(values, other_names, Known(pk, "", "") if pk is not None else None)
            for values, other_names, pk in data["people"]
        ],
        unmatched_affiliations=dict(data["unmatched"]),
        basis=data["basis"],
    )


def report_rows(stored_rows: list | None) -> list[list]:
    """The row-by-row report (line, name, outcome, detail) from the rows of a stored plan (its "rows")."""
    return [row[:4] for row in stored_rows or []]


PREVIEW_PEOPLE = 50
PREVIEW_REJECTED = 100
PREVIEW_WARNED = 200
PREVIEW_AFFILIATIONS = 500


def summarize(plan: Plan) -> dict:
    """What the preview page shows, small enough to load on every view (the full plan stays unread)."""
    rejected, warned, new = plan.rejected, plan.warned, plan.new_people
    return {
        "rows": len(plan.rows),
        "new": len(new),
        "merged": plan.count("merged"),
        "rejected": len(rejected),
        "warned": len(warned),
        "rejected_rows": [[r.number, r.name, r.detail] for r in rejected[:PREVIEW_REJECTED]],
        "warned_rows": [[r.number, r.name, r.detail] for r in warned[:PREVIEW_WARNED]],
        "people": [
            [p.values["name"], ", ".join(p.other_names), p.values.get("affiliation", ""), p.values.get("homepage", "")]
            for p in new[:PREVIEW_PEOPLE]
        ],
        "unmatched": len(plan.unmatched_affiliations),
        "affiliations": [[name, n] for name, n in list(plan.unmatched_affiliations.items())[:PREVIEW_AFFILIATIONS]],
        # What the plan was made against: while both are unchanged, the same columns give the same plan.
        "basis": [plan.basis, plan.institutions_basis],
    }
