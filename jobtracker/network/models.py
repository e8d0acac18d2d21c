"""People in the candidate's network and what happened with them."""

from django.db import models

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.core.links import object_url
from jobtracker.core.models import OwnedModel
from jobtracker.core.validators import SANE_DATE
from jobtracker.pipeline.models import Application, Institution

# Tag name -> boolean field. Booleans rather than a tag table: the set is fixed and every list filters on them.
TAG_FIELDS = {
    "letter_writer": "writes_letters",
    "advisor": "is_advisor",
    "target_faculty": "is_target_faculty",
    "recruiter": "is_recruiter",
    "hiring_manager": "is_hiring_manager",
    "peer": "is_peer",
    "alumnus": "is_alumnus",
}
TAG_LABELS = {
    "letter_writer": "Letter writer",
    "advisor": "Advisor",
    "target_faculty": "Faculty at a target",
    "recruiter": "Recruiter",
    "hiring_manager": "Hiring manager",
    "peer": "Peer",
    "alumnus": "Alumnus",
}


class Contact(OwnedModel):
    # The columns the search reads, in the order of the trigram index's expression (migration 0007): keep in step.
    SEARCH_FIELDS = ("name", "other_names", "email", "affiliation", "department", "how_we_met", "notes")
    name = models.CharField(max_length=200)
    other_names = models.TextField(blank=True, help_text="Other spellings of the name, one per line.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True, help_text="e.g. Professor of Computer Science")
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    affiliation = models.CharField(
        max_length=200, blank=True, help_text="Where they work, when it is not one of your target institutions."
    )
    department = models.CharField(max_length=200, blank=True)
    homepage = models.URLField(max_length=500, blank=True)
    scholar_id = models.CharField("Google Scholar id", max_length=40, blank=True)
    time_zone = models.CharField(
        max_length=64,
        choices=timezone_choices,
        blank=True,
        help_text="Their zone, so the lists you send them show due dates in their own time.",
    )
    how_we_met = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    writes_letters = models.BooleanField("letter writer", default=False)
    is_advisor = models.BooleanField("advisor", default=False)
    is_target_faculty = models.BooleanField("faculty at a target", default=False)
    is_recruiter = models.BooleanField("recruiter", default=False)
    is_hiring_manager = models.BooleanField("hiring manager", default=False)
    is_peer = models.BooleanField("peer", default=False)
    is_alumnus = models.BooleanField("alumnus", default=False)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            # Contact list and search: WHERE owner_id = ? ORDER BY name
            models.Index(fields=["owner", "name"], name="contact_owner_name_idx"),
            # Import merges by homepage or scholar id: WHERE owner_id = ? AND homepage = ?
            models.Index(fields=["owner", "homepage"], name="contact_owner_homepage_idx"),
            models.Index(fields=["owner", "scholar_id"], name="contact_owner_scholar_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("front:contact_detail", self.pk)

    @property
    def where(self) -> str:
        return self.institution.name if self.institution_id else self.affiliation

    @property
    def tags(self) -> list[str]:
        return [TAG_LABELS[tag] for tag, field in TAG_FIELDS.items() if getattr(self, field)]


class ApplicationContact(OwnedModel):
    """A person's part in one application: who referred me, who chairs the committee..."""

    class Role(models.TextChoices):
        REFERRED_ME = "referred", "Referred me"
        COMMITTEE_CHAIR = "chair", "Search committee chair"
        COMMITTEE_MEMBER = "committee", "Search committee member"
        KNOWS_SOMEONE = "knows", "Knows someone there"
        HOST = "host", "Host for the visit"
        HIRING_MANAGER = "manager", "Hiring manager"
        RECRUITER = "recruiter", "Recruiter"
        OTHER = "other", "Other"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="application_links")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.KNOWS_SOMEONE)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "application role"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                "application",
                "contact",
                "role",
                name="appcontact_unique",
                violation_error_message="This person already has that role on this application.",
            )
        ]

    def __str__(self):
        return f"{self.contact}: {self.get_role_display()} ({self.application})"


class Interaction(OwnedModel):
    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "Meeting"
        CONFERENCE = "conference", "Conference"
        CALL = "call", "Call"
        VIDEO = "video", "Video call"
        REFERRAL = "referral", "Referral"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interactions")
    happened_on = models.DateField("date", validators=SANE_DATE)
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.EMAIL)
    summary = models.TextField()
    follow_up_on = models.DateField("follow up on", null=True, blank=True, validators=SANE_DATE)
    follow_up_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [
            # The reminder planner reads changed rows in order: WHERE updated_at > ? ORDER BY updated_at, id
            models.Index(fields=["updated_at", "id"], name="interaction_updated_idx"),
            # Dashboard "overdue follow-ups": WHERE owner_id = ? AND follow_up_done = false AND follow_up_on <= ?
            models.Index(fields=["owner", "follow_up_done", "follow_up_on"], name="interaction_followup_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} with {self.contact} on {self.happened_on}"

    def get_absolute_url(self):
        return object_url("front:contact_detail", self.contact_id)


def import_upload_to(instance, filename):
    import uuid

    return f"imports/{instance.owner_id}/{uuid.uuid4().hex}.csv"


class ContactImport(OwnedModel):
    """An uploaded CSV on its way in: mapped, previewed, then committed all or nothing.

    The file is read when it is uploaded and when the mapping changes; each time the plan (what committing
    would do) is stored here, so the preview and the row report never read the file. The file is deleted once
    the import is committed; an import left uncommitted for a day is deleted with its file
    (services.expire_imports, hourly from beat).
    """

    class Format(models.TextChoices):
        CSRANKINGS = "csrankings", "CSRankings faculty list"
        GENERIC = "generic", "CSV with your own columns"

    file = models.FileField(upload_to=import_upload_to, max_length=255, blank=True, help_text="Empty once committed.")
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=12, choices=Format.choices)
    columns = models.JSONField(default=list, help_text="The header row, as uploaded.")
    mapping = models.JSONField(default=dict, blank=True, help_text="Contact field -> column index.")
    create_institutions = models.BooleanField(default=False)
    committed_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    # Large (about 5 MB for 28,000 rows): read only by the row report and the commit; defer it elsewhere.
    plan = models.JSONField(
        null=True, blank=True, editable=False, help_text="What committing would do (importer.plan_to_data)."
    )
    summary = models.JSONField(
        default=dict, blank=True, editable=False, help_text="Counts and first rows of the plan, for the preview."
    )
    planned_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Import of {self.original_name}"

    def get_absolute_url(self):
        return object_url("network:import_detail", self.pk)
