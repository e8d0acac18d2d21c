"""Application materials and their versions, what each posting asks for, what went where, and letters."""

import uuid
from pathlib import PurePosixPath

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from jobtracker.core.links import object_url
from jobtracker.core.models import OwnedModel
from jobtracker.core.validators import SANE_DATE
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Application, Position


class DocumentKind(models.TextChoices):
    CV = "cv", "CV"
    RESEARCH_STATEMENT = "research_statement", "Research statement"
    TEACHING_STATEMENT = "teaching_statement", "Teaching statement"
    DIVERSITY_STATEMENT = "diversity_statement", "Diversity or service statement"
    COVER_LETTER = "cover_letter", "Cover letter"
    JOB_MARKET_PAPER = "job_market_paper", "Job-market paper"
    WRITING_SAMPLE = "writing_sample", "Writing sample"
    PUBLICATION_LIST = "publication_list", "Publication list"
    TRANSCRIPT = "transcript", "Transcript"
    OTHER = "other", "Other"


class Document(OwnedModel):
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    title = models.CharField(max_length=200, help_text="e.g. Research statement (multimodal learning)")
    notes = models.TextField(blank=True)
    pinned_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty to use the newest version.",
    )
    # Set instead of deleting when some version was sent somewhere: the record of what went where stays.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("materials:document_detail", self.pk)


def version_upload_to(instance, filename):
    # Never derived from the user's file name: only the vetted extension is kept.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"documents/{instance.owner_id}/{uuid.uuid4().hex}{suffix}"


class DocumentVersion(OwnedModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    file = models.FileField(upload_to=version_upload_to, max_length=255, blank=True)
    original_name = models.CharField("file name", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    label = models.CharField(max_length=200, help_text='e.g. "v3, shortened for liberal-arts colleges"')
    notes = models.TextField(blank=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.document.title}: {self.label}"

    def get_absolute_url(self):
        return object_url("materials:version_detail", self.pk)

    @property
    def is_available(self) -> bool:
        return self.file_deleted_at is None and bool(self.file)


class MaterialLine(OwnedModel):
    """One material as a posting states it: kind, page limit, note. A posting's requirement and a line of a
    requirement set are the same thing in two places."""

    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    page_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        text = self.get_kind_display()
        if self.page_limit:
            text += f", max {self.page_limit} page{'s' if self.page_limit != 1 else ''}"
        return f"{text} ({self.note})" if self.note else text


class Requirement(MaterialLine):
    """One material a posting asks for, e.g. "research statement, max 3 pages"."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="requirements")

    class Meta:
        verbose_name = "required material"
        ordering = ["position", "pk"]


class RequirementSet(OwnedModel):
    """A user's usual list of materials ("CV + research + teaching + 3 letters"), put on a posting in one click."""

    name = models.CharField(max_length=100)
    letters = models.PositiveSmallIntegerField(
        "letters of recommendation",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
        help_text="Set on the posting when the set is applied; leave empty to keep the posting's own number.",
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                models.functions.Lower("name"),
                name="requirementset_owner_name_ci_unique",
                violation_error_message="You already have a set with that name.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("materials:requirementset_detail", self.pk)


class RequirementSetItem(MaterialLine):
    """One material of a set, as a requirement of a posting would state it."""

    requirement_set = models.ForeignKey(RequirementSet, on_delete=models.CASCADE, related_name="items")

    class Meta:
        verbose_name = "material of a set"
        ordering = ["requirement_set", "pk"]


class Submission(OwnedModel):
    """Which version went (or will go) to an application for one requirement: the record of what went where."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="submissions")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="submissions")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="submissions")

    class Meta:
        verbose_name = "version sent"
        verbose_name_plural = "versions sent"
        ordering = ["requirement__pk"]
        constraints = [models.UniqueConstraint("application", "requirement", name="submission_app_requirement_unique")]
        indexes = [
            # "Where did it go": WHERE version_id = ?
            models.Index(fields=["version"], name="submission_version_idx"),
        ]

    def __str__(self):
        return f"{self.version} → {self.application}"


class LetterRequest(OwnedModel):
    class Status(models.TextChoices):
        TO_ASK = "to_ask", "To ask"
        ASKED = "asked", "Asked"
        AGREED = "agreed", "Agreed"
        SUBMITTED = "submitted", "Submitted"
        DECLINED = "declined", "Declined"

    class Delivery(models.TextChoices):
        PORTAL = "portal", "Portal upload by the writer"
        INTERFOLIO = "interfolio", "Interfolio"
        EMAIL = "email", "E-mail"
        OTHER = "other", "Other"

    OPEN_STATUSES = (Status.TO_ASK, Status.ASKED, Status.AGREED)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letter_requests")
    writer = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="letter_requests")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TO_ASK)
    asked_on = models.DateField(null=True, blank=True, validators=SANE_DATE)
    due_date = models.DateField(
        null=True, blank=True, validators=SANE_DATE, help_text="Defaults to the posting's deadline."
    )
    portal = models.CharField(max_length=16, choices=Position.Portal.choices, blank=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.PORTAL)
    confirmed_on = models.DateField("confirmation date", null=True, blank=True, validators=SANE_DATE)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                "application",
                "writer",
                name="letterrequest_app_writer_unique",
                violation_error_message="This writer already has a request for this application.",
            )
        ]
        indexes = [
            # The reminder planner reads changed rows in order: WHERE updated_at > ? ORDER BY updated_at, id
            models.Index(fields=["updated_at", "id"], name="letterrequest_updated_idx"),
            # Dashboard "letters missing near a deadline": WHERE owner_id = ? AND status IN (...) AND due_date <= ?
            models.Index(fields=["owner", "status", "due_date"], name="letterrequest_owner_due_idx"),
        ]

    def __str__(self):
        return f"{self.writer} for {self.application}"

    def get_absolute_url(self):
        return object_url("materials:letter_edit", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_outstanding(self) -> bool:
        """Still owed: open, and its application neither closed nor its posting withdrawn."""
        return self.is_open and not self.application.is_closed
