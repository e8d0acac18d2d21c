"""Writes for contacts and interactions."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from jobtracker.network import importer
from jobtracker.network.models import Contact, ContactImport


def find_or_create_by_name(*, owner, name: str, institution=None) -> Contact:
    """The owner's contact with this name (or one of its other spellings), created when there is none.

    Used where people are named on the fly, e.g. the people met during a campus visit.
    """
    name = " ".join(name.split())
    if not name:
        raise ValueError("A contact needs a name.")
    existing = (
        Contact.objects.for_user(owner).filter(Q(name__iexact=name) | Q(other_names__icontains=name)).order_by("pk")
    )
    for contact in existing:
        spellings = [contact.name, *contact.other_names.splitlines()]
        if any(spelling.strip().lower() == name.lower() for spelling in spellings):
            return contact
    return Contact.objects.create(owner=owner, name=name[:200], institution=institution)


def start_import(*, owner, upload, header: list[str]) -> ContactImport:
    """Keep the uploaded file until the user has mapped, previewed and committed it."""
    contact_import = ContactImport(
        owner=owner,
        original_name=upload.name[:255],
        format=importer.detect_format(header),
        columns=header,
        mapping=importer.guess_mapping(header),
    )
    contact_import.file.save("upload.csv", upload, save=False)
    contact_import.save()
    return contact_import


def plan_import(*, contact_import: ContactImport, mapping: dict[str, int] | None = None) -> importer.Plan:
    with contact_import.file.open("rb") as handle:
        header, rows = importer.read_table(handle.read())
    mapping = mapping if mapping is not None else contact_import.mapping
    if contact_import.format == ContactImport.Format.CSRANKINGS:
        mapping = importer.CSRANKINGS_MAPPING
    return importer.plan(owner=contact_import.owner, header=header, rows=rows, mapping=mapping)


def commit_import(*, contact_import: ContactImport) -> dict:
    """Apply the import all or nothing; the uploaded file is deleted once it is in."""
    if contact_import.committed_at:
        raise ValidationError("This import was committed already.")
    plan = plan_import(contact_import=contact_import)
    result = importer.apply(
        owner=contact_import.owner, plan=plan, create_institutions=contact_import.create_institutions
    )
    contact_import.report = {**result, "row_outcomes": [[r.number, r.name, r.outcome, r.detail] for r in plan.rows]}
    contact_import.committed_at = timezone.now()
    contact_import.save(update_fields=["report", "committed_at", "updated_at"])
    contact_import.file.delete(save=False)
    return result
