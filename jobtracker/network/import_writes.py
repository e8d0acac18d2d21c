"""Committing a contact import: the plan (importer.plan) written in one transaction, all or nothing.

New people become contacts in bulk; existing contacts the plan merges into gain the file's other spellings and
fill their empty fields; with "create the institutions", the unmatched affiliations become institutions first.
"""

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from jobtracker.network.importer import Person, Plan
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Institution

FILLABLE = ["email", "phone", "title", "department", "homepage", "scholar_id"]


def _merge_targets(owner, plan: Plan) -> dict[int, Contact]:
    """The existing contacts the plan merges into; all of them, or a ValidationError before anything is written."""
    pks = {person.existing.pk for person in plan.people if person.existing}
    contacts = Contact.objects.for_user(owner).only("pk", "name", "other_names", *FILLABLE).in_bulk(list(pks))
    if len(contacts) != len(pks):
        raise ValidationError(
            "Some contacts this import merges into were deleted meanwhile; nothing was imported. Try again."
        )
    return contacts


def _merge_into_existing(plan: Plan, contacts: dict[int, Contact]) -> None:
    """Existing contacts gain the file's other spellings and fill their empty fields from it."""
    by_pk: dict[int, list[Person]] = {}
    for person in plan.people:
        if person.existing:
            by_pk.setdefault(person.existing.pk, []).append(person)
    changed = []
    for pk, people in by_pk.items():
        contact = contacts[pk]
        before = [contact.other_names, *(getattr(contact, name) for name in FILLABLE)]
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
        if [contact.other_names, *(getattr(contact, name) for name in FILLABLE)] != before:
            changed.append(contact)
    _update_contacts(changed, ["other_names", *FILLABLE])


# Bulk writes. The import writes tens of thousands of contacts; Django's bulk_create() prepares each of the 23
# values of each contact through its field (540,000 calls for the CSRankings lists: 2.7 s of a 4.4 s commit) and
# bulk_update() builds a CASE with one branch per contact and column (50 s for 23,000 contacts). These two write
# the same rows directly. Identifiers come from the model's metadata; values are always query parameters.


def _insert_contacts(owner, rows: list[dict]) -> None:
    """INSERT new contacts of this owner; each row gives the same text columns and ids.

    Text columns store the plan's strings as they are (that is all their preparation does); every column a row
    does not give gets the value a new Contact(owner=owner) would have (defaults, created_at and updated_at now),
    prepared once; any other column a row gives is prepared through its field.
    """
    if not rows:
        return
    meta, quote = Contact._meta, connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    template = Contact(owner=owner)
    given = set(rows[0])
    unknown = given - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"Not columns of Contact: {sorted(unknown)}")
    text = (models.CharField, models.TextField)
    # Every row starts as the constant values; the columns a row gives are then put in place.
    constant = [
        None if f.attname in given else f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields
    ]
    placed = [(i, f.attname, None if isinstance(f, text) else f) for i, f in enumerate(fields) if f.attname in given]

    def values(row: dict) -> list:
        prepared = constant.copy()
        for i, attname, model_field in placed:
            prepared[i] = (
                row[attname] if model_field is None else model_field.get_db_prep_save(row[attname], connection)
            )
        return prepared

    table = quote(meta.db_table)
    names = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY, which psycopg formats in C: 23,566 contacts in about half the time of an INSERT of one array
            # per column (what bulk_create() does), whose arrays psycopg builds in Python. Not seen by Django's
            # query logging (connection.queries, execute_wrapper), which COPY bypasses.
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
        else:  # one statement run for every row by the sqlite3 module in C (faster than many rows a statement)
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", [values(r) for r in rows])  # noqa: S608


def _update_contacts(contacts: list[Contact], fields: list[str]) -> None:
    """Save these columns (and updated_at) of each contact: one UPDATE per contact, sent with executemany."""
    if not contacts:
        return
    meta, quote = Contact._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    stamp = meta.get_field("updated_at")
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in [*columns, stamp])
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    now = stamp.get_db_prep_save(timezone.now(), connection)
    params = [
        [*(field.get_db_prep_save(getattr(contact, field.attname), connection) for field in columns), now, contact.pk]
        for contact in contacts
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


@transaction.atomic
def apply(*, owner, plan: Plan, create_institutions: bool) -> dict:
    """Write the plan in one transaction; refuses any plan with a rejected row."""
    if plan.rejected:
        raise ValidationError("The file has rejected rows; nothing was imported.")
    targets = _merge_targets(owner, plan)
    institutions = {name.lower(): pk for pk, name in Institution.objects.for_user(owner).values_list("pk", "name")}
    created_institutions = 0
    if create_institutions:
        missing = [name for name in plan.unmatched_affiliations if name.lower() not in institutions]
        new = Institution.objects.bulk_create([Institution(owner=owner, name=name[:200]) for name in missing])
        institutions.update({i.name.lower(): i.pk for i in new})
        created_institutions = len(new)
    contacts = []
    for person in plan.new_people:
        values = person.values
        affiliation = values.get("affiliation", "")
        institution = institutions.get(affiliation.lower())
        contacts.append(
            {
                "name": values["name"],
                "other_names": "\n".join(person.other_names),
                "email": values.get("email", ""),
                "phone": values.get("phone", ""),
                "title": values.get("title", ""),
                "institution_id": institution,
                "affiliation": "" if institution is not None else affiliation,
                "department": values.get("department", ""),
                "homepage": values.get("homepage", ""),
                "scholar_id": values.get("scholar_id", ""),
                "notes": values.get("notes", ""),
            }
        )
    _insert_contacts(owner, contacts)
    _merge_into_existing(plan, targets)
    return {
        "rows": len(plan.rows),
        "created": len(contacts),
        "merged": plan.count("merged"),
        "institutions_created": created_institutions,
    }
