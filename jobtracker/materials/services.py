"""Writes for materials and letters."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from jobtracker.materials.models import Document, DocumentVersion, LetterRequest, Requirement, Submission
from jobtracker.materials.uploads import vet_upload
from jobtracker.pipeline.models import Application


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


def set_pin(*, document: Document, version: DocumentVersion | None) -> None:
    if version is not None and (version.document_id != document.pk or not version.is_available):
        raise ValidationError("Pick an available version of this document.")
    document.pinned_version = version
    document.save(update_fields=["pinned_version", "updated_at"])


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
    request = LetterRequest(owner_id=application.owner_id, application=application, **fields)
    position = application.position
    if request.due_date is None:
        request.due_date = position.deadline_date
    if not request.portal:
        request.portal = position.portal
    request.full_clean()
    request.save()
    return request
