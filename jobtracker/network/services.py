"""Writes for contacts and interactions."""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from jobtracker.core.services import lock_rows, model_create, model_update
from jobtracker.network import import_writes, importer
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


# An import not committed within a day is abandoned: expire_imports() deletes it with its file.
IMPORT_LIFETIME = timedelta(days=1)
EXPIRE_BATCH = 500
COLUMN_LABEL = 200  # characters of each header cell kept for the mapping menus

logger = logging.getLogger(__name__)


def _import_mapping(contact_import: ContactImport, mapping: dict[str, int]) -> dict[str, int]:
    if contact_import.format == ContactImport.Format.CSRANKINGS:
        return importer.CSRANKINGS_MAPPING
    return mapping


def _plannable(contact_import: ContactImport, mapping: dict[str, int]) -> bool:
    """A plan needs at least the name; a generic file whose name column was not guessed waits for the mapping."""
    return "name" in _import_mapping(contact_import, mapping)


def _plan_fields(plan: importer.Plan | None) -> dict:
    """The ContactImport columns that hold a plan (or say there is none)."""
    if plan is None:
        return {"plan": None, "summary": {}, "planned_at": None}
    return {"plan": importer.plan_to_data(plan), "summary": importer.summarize(plan), "planned_at": timezone.now()}


def _scan(raw: bytes) -> importer.Table:
    try:
        return importer.scan_table(raw)
    except importer.ImportFileError as error:
        raise ValidationError(str(error)) from None


def start_import(*, owner, upload, table: importer.Table | None = None) -> ContactImport:
    """Keep the uploaded file until the user has mapped, previewed and committed it, and plan it now.

    `table` is the file as the upload form has read and checked it (importer.scan_table), so it is parsed once;
    without it the upload is read here.
    """
    if table is None:
        upload.seek(0)
        table = _scan(upload.read())
        upload.seek(0)
    contact_import = ContactImport(
        owner=owner,
        original_name=upload.name[:255],
        format=importer.detect_format(table.header),
        columns=[cell[:COLUMN_LABEL] for cell in table.header],
        mapping=importer.guess_mapping(table.header),
    )
    plan = None
    if _plannable(contact_import, contact_import.mapping):
        mapping = _import_mapping(contact_import, contact_import.mapping)
        plan = importer.plan(owner=owner, header=table.header, rows=table.rows, mapping=mapping, lines=table.lines)
    for name, value in _plan_fields(plan).items():
        setattr(contact_import, name, value)
    contact_import.file.save("upload.csv", upload, save=False)
    try:
        contact_import.save()
    except BaseException:
        contact_import.file.storage.delete(contact_import.file.name)
        raise
    return contact_import


def plan_import(*, contact_import: ContactImport, mapping: dict[str, int] | None = None) -> importer.Plan:
    """Read the uploaded file and plan it: on a new mapping, and inside a commit whose stored plan is stale.

    Pages never call this: they show the plan stored on the import.
    """
    mapping = _import_mapping(contact_import, mapping if mapping is not None else contact_import.mapping)
    try:
        with contact_import.file.open("rb") as handle:
            raw = handle.read()
    except (FileNotFoundError, ValueError):  # ValueError: the field holds no file name (a committed import)
        raise ValidationError("The uploaded file is no longer available; upload it again.") from None
    table = _scan(raw)
    return importer.plan(
        owner=contact_import.owner, header=table.header, rows=table.rows, mapping=mapping, lines=table.lines
    )


def _stored_plan_fits(contact_import: ContactImport, mapping: dict[str, int]) -> bool:
    """The plan stored on the import is the one these columns would give now: it was made with the same columns,
    and neither the owner's contacts nor institutions changed since (the options change no row of a plan)."""
    basis = contact_import.summary.get("basis") if contact_import.planned_at else None
    owner = contact_import.owner
    return (
        basis is not None
        and _import_mapping(contact_import, mapping) == _import_mapping(contact_import, contact_import.mapping)
        and basis == [importer.contacts_state(owner), importer.institutions_state(owner)]
    )


def set_mapping(*, contact_import: ContactImport, mapping: dict[str, int], create_institutions: bool) -> None:
    """Store the user's columns and options, and the plan made with them (the file is read once, here).

    The stored plan is kept when it still fits (_stored_plan_fits): ticking "create the institutions" on a
    CSRankings file, or pressing "Update preview" again, does not plan the whole file a second time.
    """
    options = {"mapping": mapping, "create_institutions": create_institutions}
    pending = ContactImport.objects.filter(pk=contact_import.pk, committed_at__isnull=True)
    # Kept only if no other request stored another plan meanwhile (planned_at changes with every plan).
    if _stored_plan_fits(contact_import, mapping) and pending.filter(planned_at=contact_import.planned_at).update(
        **options, updated_at=timezone.now()
    ):
        values = options
    else:
        plan = (
            plan_import(contact_import=contact_import, mapping=mapping) if _plannable(contact_import, mapping) else None
        )
        values = {**options, **_plan_fields(plan)}
        if not pending.update(**values, updated_at=timezone.now()):
            raise ValidationError("This import was committed already, or has expired.")
    for name, value in values.items():
        setattr(contact_import, name, value)


def _lock_owner(owner_id: int) -> None:
    """Serialise one owner's commits, so each plans against the contacts the one before it created.

    FOR NO KEY UPDATE: rows that merely reference the user (a new contact, say) do not wait for it.
    On SQLite the transaction itself is the lock (settings use BEGIN IMMEDIATE).
    """
    users = get_user_model()._base_manager.filter(pk=owner_id)
    if connection.features.has_select_for_no_key_update:
        users = users.select_for_update(no_key=True)
    list(users.values_list("pk", flat=True))


@transaction.atomic
def commit_import(*, contact_import: ContactImport) -> dict:
    """Apply the stored plan all or nothing; the uploaded file is deleted once it is in.

    The import is claimed first with a conditional UPDATE, so a double submit (or two tabs) applies it once;
    a failure rolls the claim back with everything else. The stored plan is applied only while the owner's
    contacts are as they were when it was made (importer.contacts_state: any contact added, deleted or edited
    since, including one it merges into, changes that); otherwise, or when the import has no stored plan (one
    uploaded before plans were stored), the file is planned again here, once.
    """
    _lock_owner(contact_import.owner_id)
    now = timezone.now()
    claimed = ContactImport.objects.filter(pk=contact_import.pk, committed_at__isnull=True).update(committed_at=now)
    if not claimed:
        if not ContactImport.objects.filter(pk=contact_import.pk).exists():
            raise ValidationError("This import has expired; upload the file again.")
        raise ValidationError("This import was committed already.")
    current = ContactImport.objects.select_related("owner").get(pk=contact_import.pk)  # the plan as stored now
    owner = current.owner
    plan = importer.plan_from_data(current.plan)
    if plan is None or plan.basis != importer.contacts_state(owner):
        plan = plan_import(contact_import=current)
    result = import_writes.apply(owner=owner, plan=plan, create_institutions=current.create_institutions)
    values = {
        "report": {**result, "row_outcomes": [[r.number, r.name, r.outcome, r.detail] for r in plan.rows]},
        "committed_at": now,
        "plan": None,  # the report holds the outcome of every row now
        "file": "",
    }
    ContactImport.objects.filter(pk=current.pk).update(**values, updated_at=timezone.now())
    for name, value in values.items():
        setattr(contact_import, name, value)
    _delete_files_after_commit([current.file.name])
    return result


def _delete_files_after_commit(names: list[str]) -> None:
    """Uploaded files go once the transaction that let go of them has committed (a rollback keeps them)."""
    storage = ContactImport._meta.get_field("file").storage
    names = [name for name in names if name]

    def delete():
        for name in names:
            try:
                storage.delete(name)
            except OSError:  # the next expiry run will not see it again; say so rather than fail the request
                logger.warning("Could not delete the uploaded import file %s", name, exc_info=True)

    if names:
        transaction.on_commit(delete)


def expire_imports(now=None) -> int:
    """Delete the imports left uncommitted for a day, with their files; returns how many were deleted.

    Committed imports keep their row and report; a file some earlier commit left behind is deleted too.
    Rows a commit is working on right now are skipped (they are locked) and looked at again next time.
    """
    cutoff = (now or timezone.now()) - IMPORT_LIFETIME
    deleted = 0
    while True:
        with transaction.atomic():
            stale = ContactImport.objects.filter(committed_at__isnull=True, created_at__lt=cutoff).order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                stale = stale.select_for_update(skip_locked=True)
            doomed = list(stale.values_list("pk", "file")[:EXPIRE_BATCH])
            if doomed:
                ContactImport.objects.filter(pk__in=[pk for pk, _name in doomed]).delete()
                _delete_files_after_commit([name for _pk, name in doomed])
        deleted += len(doomed)
        if len(doomed) < EXPIRE_BATCH:
            break
    with transaction.atomic():
        leftovers = list(
            ContactImport.objects.filter(committed_at__isnull=False).exclude(file="").values_list("pk", "file")
        )
        ContactImport.objects.filter(pk__in=[pk for pk, _name in leftovers]).update(file="")
        _delete_files_after_commit([name for _pk, name in leftovers])
    return deleted
