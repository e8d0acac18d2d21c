"""Writes for contacts and interactions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobtracker.core.services import lock_rows, model_create, model_update
from jobtracker.network import importer
from jobtracker.network.models import ApplicationContact, Contact, ContactImport, Interaction


def save_contact(*, owner, data: dict, contact: Contact | None = None) -> Contact:
    if contact is None:
        return model_create(model=Contact, data=data, owner=owner, lock=["institution"])
    return model_update(instance=contact, data=data, lock=["institution"])


def log_interaction(*, contact: Contact, data: dict) -> Interaction:
    return model_create(model=Interaction, data=data, owner_id=contact.owner_id, contact=contact, lock=["contact"])


def update_interaction(*, interaction: Interaction, data: dict) -> Interaction:
    return model_update(instance=interaction, data=data)


@transaction.atomic
def mark_follow_up_done(*, interaction: Interaction) -> None:
    lock_rows([interaction])
    Interaction.objects.filter(pk=interaction.pk).update(follow_up_done=True, updated_at=timezone.now())


def link_application(*, contact: Contact, data: dict) -> ApplicationContact:
    """A person's part in one application; the contact and the application are locked so neither can vanish."""
    return model_create(
        model=ApplicationContact,
        data=data,
        owner_id=contact.owner_id,
        contact=contact,
        lock=["application", "contact"],
    )


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
    contact = Contact(owner=owner, name=name[:200], institution=institution)
    contact.full_clean()
    contact.save()
    return contact


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


def set_mapping(*, contact_import: ContactImport, mapping: dict[str, int], create_institutions: bool) -> None:
    model_update(instance=contact_import, data={"mapping": mapping, "create_institutions": create_institutions})


def plan_import(*, contact_import: ContactImport, mapping: dict[str, int] | None = None) -> importer.Plan:
    with contact_import.file.open("rb") as handle:
        header, rows = importer.read_table(handle.read())
    mapping = mapping if mapping is not None else contact_import.mapping
    if contact_import.format == ContactImport.Format.CSRANKINGS:
        mapping = importer.CSRANKINGS_MAPPING
    return importer.plan(owner=contact_import.owner, header=header, rows=rows, mapping=mapping)


@transaction.atomic
def commit_import(*, contact_import: ContactImport) -> dict:
    """Apply the import all or nothing; the uploaded file is deleted once it is in.

    The import is claimed first with a conditional UPDATE, so a double submit (or two tabs) applies it once;
    a failure rolls the claim back with everything else.
    """
    claimed = ContactImport.objects.filter(pk=contact_import.pk, committed_at__isnull=True).update(
        committed_at=timezone.now()
    )
    if not claimed:
        raise ValidationError("This import was committed already.")
    plan = plan_import(contact_import=contact_import)
    result = importer.apply(
        owner=contact_import.owner, plan=plan, create_institutions=contact_import.create_institutions
    )
    contact_import.report = {**result, "row_outcomes": [[r.number, r.name, r.outcome, r.detail] for r in plan.rows]}
    contact_import.committed_at = timezone.now()
    contact_import.save(update_fields=["report", "committed_at", "updated_at"])
    stored = contact_import.file.name
    transaction.on_commit(lambda: contact_import.file.storage.delete(stored))
    return result
