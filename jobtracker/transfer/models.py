"""Backups built in the background, restores in progress, and spreadsheet imports of applications."""

import uuid

from django.db import models

from jobtracker.core.links import object_url
from jobtracker.core.models import OwnedModel


def transfer_upload_to(instance, filename):
    # Never the user's words in a path: the name to show is kept apart (filename / original_name).
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"transfer/{instance.owner_id}/{uuid.uuid4().hex}.{suffix[:8]}"


class Job(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Backup(OwnedModel):
    """A zip of the whole account, built by a Celery task with progress; deleted, file and row, a day after."""

    Status = Job

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=transfer_upload_to, max_length=255, blank=True)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True, help_text="Rows per model and files, from the manifest.")
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The hourly chore: WHERE expires_at <= now
            models.Index(fields=["expires_at"], name="backup_expires_idx"),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return object_url("transfer:backup_detail", self.pk)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class Restore(OwnedModel):
    """An uploaded backup: checked on upload, restored on request by a task; the file goes once it is done."""

    class Status(models.TextChoices):
        INVALID = "invalid", "Refused"
        VALID = "valid", "Checked, ready to restore"
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Restoring"
        DONE = "done", "Restored"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=8, choices=Status.choices)
    file = models.FileField(upload_to=transfer_upload_to, max_length=255, blank=True, help_text="Empty once done.")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    inspection = models.JSONField(default=dict, blank=True, help_text="What the backup holds (inspection.Inspection).")
    counts = models.JSONField(default=dict, blank=True, help_text="Rows restored per model.")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"], name="restore_expires_idx")]

    def __str__(self):
        return f"Restore of {self.original_name}"

    def get_absolute_url(self):
        return object_url("transfer:restore_detail", self.pk)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.INVALID}

    @property
    def working(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class SheetImport(OwnedModel):
    """A spreadsheet of applications on its way in: mapped, previewed, then committed all or nothing.

    The file is read on upload and whenever the choices change; the plan (what committing would do) is stored
    here so the preview never reads the file. The file is deleted on commit; an uncommitted import goes after
    a day (services.expire, hourly from beat).
    """

    file = models.FileField(upload_to=transfer_upload_to, max_length=255, blank=True, help_text="Empty once committed.")
    original_name = models.CharField(max_length=255)
    columns = models.JSONField(default=list, help_text="The header row, as uploaded.")
    mapping = models.JSONField(default=dict, blank=True, help_text="Application field -> column index.")
    time_zone = models.CharField(max_length=64, help_text="The zone of times in the file that name none.")
    create_institutions = models.BooleanField(default=True)
    plan = models.JSONField(null=True, blank=True, editable=False, help_text="What committing would do.")
    committed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"], name="sheetimport_expires_idx")]

    def __str__(self):
        return f"Import of {self.original_name}"

    def get_absolute_url(self):
        return object_url("transfer:sheet_detail", self.pk)
