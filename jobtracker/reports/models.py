"""Share links to a season report, and report files built in the background."""

import datetime as dt
import hashlib
import uuid

from django.db import models

from jobtracker.core.links import object_url
from jobtracker.core.models import OwnedModel
from jobtracker.pipeline.models import Season


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLink(OwnedModel):
    """A read-only link to one season's report for an advisor: no login, never the private fields.

    Only the SHA-256 of its token is stored; the token itself is shown once, when the link is made.
    """

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=120, blank=True, help_text='Who it is for, e.g. "Prof. Reyes".')
    options = models.JSONField(default=dict, help_text="Tracks, sections and period; never the private fields.")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.label or f"Link to season {self.season}"

    def is_live(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


def report_upload_to(instance, filename):
    # Never the user's words in a path: the download name is kept apart (ReportFile.filename).
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reports/{instance.owner_id}/{uuid.uuid4().hex}.{suffix}"


class ReportFile(OwnedModel):
    """A PDF or workbook built by a Celery task with progress; deleted, file and row, a day after."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF report"
        WORKBOOK = "xlsx", "Workbook"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    query = models.TextField(blank=True, help_text="The report's options or the list's filters, as a query string.")
    description = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"], name="reportfile_expires_idx")]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return object_url("reports:file_detail", self.pk)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
