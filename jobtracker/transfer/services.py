"""Writes for data in and out: backups (requested, built, expired), restores (uploaded, run), leaving.

Views and tasks call these; tasks only load a row by id and call one of them.
"""

import datetime as dt
import logging
import tempfile

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobtracker.core import fragments
from jobtracker.core.sizes import too_large_message
from jobtracker.transfer import inspection, restorer, writer
from jobtracker.transfer.archive import BackupProblem
from jobtracker.transfer.models import Backup, Restore, SheetImport
from jobtracker.transfer.storage import delete_files_on_commit, max_restore_upload_bytes

logger = logging.getLogger(__name__)
LIFETIME = dt.timedelta(days=1)


def _queue(task: str, pk: int) -> None:
    transaction.on_commit(lambda: current_app.send_task(task, args=[pk]))


def progress_reporter(model, pk: int, *, every: float = 0.5):
    """A progress(done, total) callable writing at most every `every` seconds (and always the last call)."""
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = timezone.now().timestamp()
        if done < total and now - last[0] < every:
            return
        last[0] = now
        model.objects.filter(pk=pk, status=model.Status.RUNNING).update(done=done, total=total)

    return progress


def _claim(model, pk: int):
    """Queued -> running, for exactly one worker; None when another has it or it is gone."""
    if not model.objects.filter(pk=pk, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING, started_at=timezone.now(), done=0, total=0, error=""
    ):
        return None
    return model.objects.select_related("owner").get(pk=pk)


# Backups


def request_backup(*, user) -> Backup:
    backup = Backup.objects.create(
        owner=user,
        filename=f"jobtracker-backup-{timezone.localdate():%Y-%m-%d}.zip",
        expires_at=timezone.now() + LIFETIME,
    )
    _queue("transfer.build_backup", backup.pk)
    return backup


def retry_backup(*, backup: Backup) -> None:
    """A backup no worker picked up, or that failed, is queued again (to be built in the caller's request)."""
    Backup.objects.filter(pk=backup.pk, status__in=[Backup.Status.QUEUED, Backup.Status.FAILED]).update(
        status=Backup.Status.QUEUED, error="", done=0, total=0
    )


def build_backup(*, pk: int) -> Backup | None:
    """Claim the backup, write it into a temporary file, then store it. A failure is recorded on the row."""
    backup = _claim(Backup, pk)
    if backup is None:
        return None
    try:
        with tempfile.TemporaryFile() as target:
            manifest = writer.write_backup(user=backup.owner, target=target, progress=progress_reporter(Backup, pk))
            size = target.seek(0, 2)
            target.seek(0)
            backup.file.save(backup.filename, File(target), save=False)
    except Exception as error:
        logger.exception("Backup %s failed", pk)
        Backup.objects.filter(pk=pk).update(
            status=Backup.Status.FAILED, error=f"{error}"[:2000], finished_at=timezone.now()
        )
        return None
    counts = {item["model"]: item["rows"] for item in manifest["models"]}
    Backup.objects.filter(pk=pk).update(
        status=Backup.Status.DONE,
        file=backup.file.name,
        size=size,
        counts={"models": counts, "files": len(manifest["files"])},
        done=F("total"),
        finished_at=timezone.now(),
    )
    return Backup.objects.get(pk=pk)


# Restores


def start_restore(*, user, upload) -> Restore:
    """Store the uploaded backup and check all of it now; the row says whether it can be restored and why not."""
    limit = max_restore_upload_bytes()
    if upload.size > limit:
        raise ValidationError({"file": too_large_message(upload.size, limit)})
    restore = Restore(
        owner=user,
        status=Restore.Status.INVALID,
        original_name=(upload.name or "backup.zip")[-255:],
        size=upload.size,
        expires_at=timezone.now() + LIFETIME,
    )
    restore.file.save("backup.zip", upload, save=False)
    _inspect(restore)
    restore.save()
    return restore


def _inspect(restore: Restore) -> None:
    try:
        with restore.file.open("rb") as stream:
            found = inspection.inspect(stream)
    except BackupProblem as problem:
        restore.status, restore.error = Restore.Status.INVALID, str(problem)
        delete_files_on_commit([restore.file.name])
        restore.file = ""
        return
    restore.status, restore.error, restore.inspection = Restore.Status.VALID, "", found.as_stored()


def queue_restore(*, restore: Restore) -> None:
    """Ask a worker to restore it; refused at once when the account is no longer empty."""
    try:
        restorer.check_empty(restore.owner)
    except BackupProblem as problem:
        raise ValidationError(str(problem)) from None
    updated = Restore.objects.filter(
        pk=restore.pk, status__in=[Restore.Status.VALID, Restore.Status.FAILED, Restore.Status.QUEUED]
    ).update(status=Restore.Status.QUEUED, error="", done=0, total=0)
    if not updated:
        raise ValidationError("This backup is not ready to restore (it was refused, or restored already).")
    _queue("transfer.run_restore", restore.pk)


def run_restore(*, pk: int) -> Restore | None:
    """Claim the restore, check the whole backup again, then write it in one transaction."""
    restore = _claim(Restore, pk)
    if restore is None:
        return None
    try:
        with restore.file.open("rb") as stream:
            inspection.inspect(stream)
            counts = restorer.restore(user=restore.owner, stream=stream, progress=progress_reporter(Restore, pk))
    except BackupProblem as problem:
        Restore.objects.filter(pk=pk).update(
            status=Restore.Status.FAILED, error=str(problem), finished_at=timezone.now()
        )
        return None
    except Exception as error:
        logger.exception("Restore %s failed", pk)
        Restore.objects.filter(pk=pk).update(
            status=Restore.Status.FAILED,
            error=f"Nothing was restored: an unexpected error ({error.__class__.__name__}).",
            finished_at=timezone.now(),
        )
        return None
    with transaction.atomic():
        Restore.objects.filter(pk=pk).update(
            status=Restore.Status.DONE, counts=counts, file="", done=F("total"), finished_at=timezone.now()
        )
        delete_files_on_commit([restore.file.name])
        fragments.bump_on_commit(restore.owner_id)  # the restore wrote in bulk, which moves no version by itself
    return Restore.objects.get(pk=pk)


# Expiry


def expire(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Hourly: backups, restores and spreadsheet imports past their day go, rows and files."""
    now = now or timezone.now()
    removed = 0
    for model in (Backup, Restore, SheetImport):
        for row in model.objects.filter(expires_at__lte=now).order_by("expires_at")[:limit]:
            with transaction.atomic():
                name = row.file.name
                row.delete()
                delete_files_on_commit([name])
            removed += 1
    return removed
