"""Writes for materials and letters."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from jobtracker.core.services import lock_rows, model_create, model_update
from jobtracker.materials.models import Document, DocumentVersion, LetterRequest, Requirement, Submission
from jobtracker.materials.uploads import vet_upload
from jobtracker.network import services as network_services
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Application, Position


def add_version(*, document: Document, upload: UploadedFile, label: str, notes: str = "") -> DocumentVersion:
    """Vet the upload first; only a file that passes every check is written to storage."""
    vetted = vet_upload(upload)
    version = DocumentVersion(
        owner_id=document.owner_id,
        document=document,
        original_name=vetted.display_name,
        content_type=vetted.content_type,
        size=vetted.size,
        sha256=vetted.sha256,
        label=label.strip(),
        notes=notes,
    )
    version.full_clean(exclude=["file"])
    with transaction.atomic():
        version.file.save(f"upload{vetted.extension}", upload, save=False)
        try:
            version.save()
        except Exception:
            version.file.delete(save=False)
            raise
    return version


def create_document(*, owner, kind: str, title: str, notes: str, upload, label: str) -> Document:
    with transaction.atomic():
        document = Document(owner=owner, kind=kind, title=title.strip(), notes=notes)
        document.full_clean()
        document.save()
        add_version(document=document, upload=upload, label=label)
    return document


def delete_version(*, version: DocumentVersion) -> str:
    """Delete a version; one that was sent somewhere keeps its record (a tombstone) and loses only its file."""
    document = version.document
    with transaction.atomic():
        lock_rows([version])
        if document.pinned_version_id == version.pk:
            Document.objects.filter(pk=document.pk).update(pinned_version=None)
        if version.submissions.exists():
            _drop_file(version)
            return "kept"
        stored = version.file.name
        version.delete()
    if stored:
        version.file.storage.delete(stored)
    return "deleted"


def delete_document(*, document: Document) -> str:
    """Remove a document; if any version was sent, archive it instead so the record stays."""
    versions = list(document.versions.all())
    if any(v.submissions.exists() for v in versions):
        with transaction.atomic():
            for version in versions:
                delete_version(version=version)
            document.archived_at = timezone.now()
            document.pinned_version = None
            document.save(update_fields=["archived_at", "pinned_version", "updated_at"])
        return "archived"
    stored = [v.file.name for v in versions if v.file]
    storage = versions[0].file.storage if versions else None
    document.delete()
    for name in stored:
        storage.delete(name)
    return "deleted"


def _drop_file(version: DocumentVersion) -> None:
    if version.file:
        version.file.delete(save=False)
    version.file_deleted_at = timezone.now()
    version.save(update_fields=["file", "file_deleted_at", "updated_at"])


@transaction.atomic
def set_pin(*, document: Document, version: DocumentVersion | None) -> None:
    """Make a version the document's current one (None: the newest is current)."""
    lock_rows([version])
    if version is not None and (version.document_id != document.pk or not version.is_available):
        raise ValidationError("Pick an available version of this document.")
    model_update(instance=document, data={"pinned_version": version})


@transaction.atomic
def update_document(*, document: Document, data: dict) -> Document:
    pinned = data.get("pinned_version", document.pinned_version)
    model_update(instance=document, data={k: v for k, v in data.items() if k != "pinned_version"})
    set_pin(document=document, version=pinned)
    return document


def add_requirement(*, position: Position, data: dict) -> Requirement:
    return model_create(model=Requirement, data=data, owner_id=position.owner_id, position=position, lock=["position"])


@transaction.atomic
def save_checklist(*, application: Application, chosen: dict[Requirement, DocumentVersion | None]) -> int:
    """Record which version goes to the application for each requirement; returns how many changed."""
    lock_rows([application, *chosen, *(v for v in chosen.values() if v is not None)])
    current = {s.requirement_id: s.version_id for s in application.submissions.all()}
    changed = 0
    for requirement, version in chosen.items():
        if current.get(requirement.pk) != (version.pk if version else None):
            attach(application=application, requirement=requirement, version=version)
            changed += 1
    return changed


def attach(*, application: Application, requirement: Requirement, version: DocumentVersion | None) -> None:
    """Record which version goes to an application for one requirement (None clears it)."""
    if requirement.position_id != application.position_id:
        raise ValidationError("This requirement belongs to another posting.")
    if version is None:
        Submission.objects.filter(application=application, requirement=requirement).delete()
        return
    if version.owner_id != application.owner_id or not version.is_available:
        raise ValidationError({"version": "Pick one of your available versions."})
    Submission.objects.update_or_create(
        application=application,
        requirement=requirement,
        defaults={"version": version, "owner_id": application.owner_id},
    )


def switch_pending_to(*, version: DocumentVersion, submission_ids: list[int] | None = None) -> int:
    """Point pending applications' submissions of older versions of this document at this version.

    Pending means the application has no submitted date yet: what went out already is never rewritten.
    """
    if not version.is_available:
        raise ValidationError("This version's file was deleted; pick another version.")
    stale = Submission.objects.filter(
        owner_id=version.owner_id, version__document_id=version.document_id, application__submitted_on__isnull=True
    ).exclude(version=version)
    if submission_ids is not None:
        stale = stale.filter(pk__in=submission_ids)
    return stale.update(version=version, updated_at=timezone.now())


def create_letter_request(*, application: Application, **fields) -> LetterRequest:
    """A letter request; its due date and portal default to the posting's deadline and portal."""
    position = application.position
    fields.setdefault("due_date", None)
    fields["due_date"] = fields["due_date"] or position.deadline_date
    fields["portal"] = fields.get("portal") or position.portal
    return model_create(
        model=LetterRequest,
        data=fields,
        owner_id=application.owner_id,
        application=application,
        lock=["application", "writer"],
    )


def update_letter_request(*, letter: LetterRequest, data: dict) -> LetterRequest:
    return model_update(instance=letter, data=data, lock=["writer"])


def _status_values(letter: LetterRequest, status: str, today) -> dict:
    """A letter marked submitted was confirmed today unless a date is already recorded."""
    values = {"status": status}
    if status == LetterRequest.Status.SUBMITTED and letter.confirmed_on is None:
        values["confirmed_on"] = today
    return values


def set_letter_status(*, letter: LetterRequest, status: str) -> LetterRequest:
    return model_update(instance=letter, data=_status_values(letter, status, timezone.localdate()))


@transaction.atomic
def set_letters_status(*, owner, letter_ids: list[int], status: str) -> int:
    """Several of the owner's letters at once (a writer's page, ticked rows); another user's ids are ignored."""
    if status not in LetterRequest.Status.values:
        raise ValidationError(f"“{status}” is not a letter status.")
    letters = list(LetterRequest.objects.for_user(owner).filter(pk__in=letter_ids).order_by("pk").select_for_update())
    for letter in letters:
        model_update(instance=letter, data=_status_values(letter, status, timezone.localdate()))
    return len(letters)


def save_writer(*, owner, data: dict, writer: Contact | None = None) -> Contact:
    """A letter writer is a contact marked as one when added here; editing keeps the contact's own tags."""
    if writer is None:
        data = {**data, "writes_letters": True}
    return network_services.save_contact(owner=owner, data=data, contact=writer)
