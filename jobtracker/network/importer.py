"""CSV import of contacts: parse, plan (a dry run that writes nothing), then apply all or nothing.

The CSRankings faculty format (name,affiliation,homepage,scholarid) is recognised without mapping.
Rows describing one person (several spellings of a name) are merged when they share a homepage or
a scholar id; an existing contact with that homepage or scholar id (or, failing both, the same name
and affiliation) receives the row instead of a duplicate, so importing a file twice adds nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Institution

CSRANKINGS_HEADER = ["name", "affiliation", "homepage", "scholarid"]
FIELDS = ["name", "email", "phone", "title", "affiliation", "department", "homepage", "scholar_id", "notes"]
REQUIRED = {"name"}
NO_SCHOLAR = "NOSCHOLARPAGE"
MAX_ROWS = 100_000
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
    number: int  # 1-based line number in the file, header included
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


def read_table(raw: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows. Undecodable bytes survive as surrogates so the row holding them can be reported."""
    if b"\x00" in raw[:1024] and raw[:4] in (b"%PDF", b"PK\x03\x04"):
        raise ImportFileError("This is not a CSV file.")
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(f"The file is not valid CSV: {error}.") from None
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ImportFileError("The file is empty.")
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(f"The file has {len(table) - 1:,} rows; split it into files of at most {MAX_ROWS:,}.")
    return [cell.strip() for cell in table[0]], table[1:]


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


def _clean(values: dict) -> dict:
    values = {key: " ".join(value.split()) for key, value in values.items()}
    if values.get("scholar_id", "").upper() == NO_SCHOLAR:
        values["scholar_id"] = ""
    return values


def _problem(values: dict, raw_cells: list[str]) -> str:
    """What makes a row unusable; such a row blocks the whole import."""
    if any(BINARY.search(cell) for cell in raw_cells):
        return "contains binary data (not UTF-8 text)"
    if not values.get("name"):
        return "has no name"
    for key, limit in MAX_LENGTHS.items():
        if len(values.get(key, "")) > limit:
            return f"{key.replace('_', ' ')} is longer than {limit} characters"
    return ""


def repair_url(value: str) -> str:
    """Common slips in real lists: "http://https://x", "http:/x", a missing scheme, a space in the host."""
    url = value.strip()
    url = re.sub(r"^(https?://)+(https?://)", r"\2", url, flags=re.IGNORECASE)
    url = re.sub(r"^(https?):/(?!/)", r"\1://", url, flags=re.IGNORECASE)
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
            EmailValidator()(values["email"])
        except ValidationError:
            warnings.append("e-mail is not valid; kept in the notes")
            values["notes"] = "\n".join(filter(None, [values.get("notes", ""), f"E-mail as given: {values['email']}"]))
            values["email"] = ""
    return "; ".join(warnings)


def _printable(text: str) -> str:
    """Undecodable bytes (kept as surrogates) become U+FFFD so a rejected row can still be shown."""
    return BINARY.sub("\ufffd", text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _valid_url(value: str) -> bool:
    try:
        URLValidator()(value)
    except ValidationError:
        return False
    return True


def homepage_key(url: str) -> str:
    """Homepages that differ only in scheme, case of the host, "www." or a trailing slash are one page."""
    url = url.strip()
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
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


@dataclass
class Known:
    """An existing contact, as much of it as matching needs (plain values: 20,000 of them load fast)."""

    pk: int
    name: str
    other_names: str


def _existing_index(owner) -> dict[str, Known]:
    index = {}
    rows = Contact.objects.for_user(owner).values_list(
        "pk", "name", "other_names", "homepage", "scholar_id", "affiliation", "institution__name"
    )
    for pk, name, other_names, homepage, scholar_id, affiliation, institution in rows.iterator(chunk_size=5000):
        values = {
            "name": name,
            "homepage": homepage,
            "scholar_id": scholar_id,
            "affiliation": institution or affiliation,
        }
        known = Known(pk, name, other_names)
        for key in _identity_keys(values):
            index.setdefault(key, known)
    return index


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


def plan(*, owner, header: list[str], rows: list[list[str]], mapping: dict[str, int]) -> Plan:
    """Decide what each row would do. Writes nothing."""
    existing = _existing_index(owner)
    institutions = {name.lower() for name in Institution.objects.for_user(owner).values_list("name", flat=True)}
    outcomes: dict[int, RowOutcome] = {}
    warnings: dict[int, str] = {}
    valid: list[tuple[int, dict]] = []
    for number, cells in enumerate(rows, start=2):
        values = _clean({key: (cells[index] if index < len(cells) else "") for key, index in mapping.items()})
        problem = _problem(values, cells)
        if problem:
            outcomes[number] = RowOutcome(number, _printable(values.get("name", ""))[:80], "rejected", problem)
        else:
            warnings[number] = _repair(values)
            valid.append((number, values))

    people: list[Person] = []
    unmatched: dict[str, int] = {}
    for members in _group([(number, _identity_keys(values)) for number, values in valid]):
        rows_of_person = [valid[i] for i in members]
        keys = [k for _number, values in rows_of_person for k in _identity_keys(values)]
        match = next((existing[k] for k in keys if k in existing), None)
        first_number, first_values = rows_of_person[0]
        person = Person(values=dict(first_values), existing=match)
        if match:  # every spelling in the file that the existing contact does not know yet is kept
            known = {match.name.lower(), *(n.strip().lower() for n in match.other_names.splitlines())}
        else:
            known = {first_values["name"].lower()}
        for number, values in rows_of_person:
            if values["name"].lower() not in known:
                person.other_names.append(values["name"])
                known.add(values["name"].lower())
            for key, value in values.items():  # later rows fill gaps left by earlier ones
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
    return Plan(ordered, people, dict(sorted(unmatched.items())))


FILLABLE = ["email", "phone", "title", "department", "homepage", "scholar_id"]


def _merge_into_existing(plan: Plan) -> None:
    """Existing contacts gain the file's other spellings and fill their empty fields from it."""
    by_pk: dict[int, list[Person]] = {}
    for person in plan.people:
        if person.existing:
            by_pk.setdefault(person.existing.pk, []).append(person)
    contacts = Contact.objects.in_bulk(list(by_pk))
    changed = []
    for pk, people in by_pk.items():
        contact = contacts[pk]
        names = [n for n in contact.other_names.splitlines() if n.strip()]
        known = {contact.name.lower(), *(n.lower() for n in names)}
        for person in people:
            for name in person.other_names:
                if name.lower() not in known:
                    names.append(name)
                    known.add(name.lower())
            for name in FILLABLE:
                if not getattr(contact, name) and person.values.get(name):
                    setattr(contact, name, person.values[name])
        contact.other_names = "\n".join(names)
        changed.append(contact)
    Contact.objects.bulk_update(changed, ["other_names", *FILLABLE], batch_size=1000)


@transaction.atomic
def apply(*, owner, plan: Plan, create_institutions: bool) -> dict:
    """Write the plan in one transaction; refuses any plan with a rejected row."""
    if plan.rejected:
        raise ValidationError("The file has rejected rows; nothing was imported.")
    institutions = {i.name.lower(): i for i in Institution.objects.for_user(owner)}
    created_institutions = 0
    if create_institutions:
        missing = [name for name in plan.unmatched_affiliations if name.lower() not in institutions]
        new = Institution.objects.bulk_create([Institution(owner=owner, name=name[:200]) for name in missing])
        institutions.update({i.name.lower(): i for i in new})
        created_institutions = len(new)
    contacts = []
    for person in plan.new_people:
        values = person.values
        affiliation = values.get("affiliation", "")
        institution = institutions.get(affiliation.lower())
        contacts.append(
            Contact(
                owner=owner,
                name=values["name"],
                other_names="\n".join(person.other_names),
                email=values.get("email", ""),
                phone=values.get("phone", ""),
                title=values.get("title", ""),
                institution=institution,
                affiliation="" if institution else affiliation,
                department=values.get("department", ""),
                homepage=values.get("homepage", ""),
                scholar_id=values.get("scholar_id", ""),
                notes=values.get("notes", ""),
            )
        )
    Contact.objects.bulk_create(contacts, batch_size=1000)
    _merge_into_existing(plan)
    return {
        "rows": len(plan.rows),
        "created": len(contacts),
        "merged": plan.count("merged"),
        "institutions_created": created_institutions,
    }
