"""The target list and the application pipeline: seasons, institutions, postings, applications, stages."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.core.links import object_url
from jobtracker.core.models import OwnedModel
from jobtracker.core.validators import SANE_DATE
from jobtracker.core.zoned import Zoned, ZonedFields, ZonedInstantsModel


class Season(OwnedModel):
    """An academic job-market season, August to July, named like "2026-27"."""

    start_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                "start_year",
                name="season_owner_year_unique",
                violation_error_message="You already have this season.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @staticmethod
    def start_year_for(day: dt.date) -> int:
        # Postings open in late summer; a season runs from August to the following July.
        return day.year if day.month >= 8 else day.year - 1


class Tag(OwnedModel):
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("owner", Lower("name"), name="tag_owner_name_ci_unique")]

    def __str__(self):
        return self.name


class Institution(OwnedModel):
    class Kind(models.TextChoices):
        RESEARCH_UNIVERSITY = "research_university", "Research university"
        TEACHING_COLLEGE = "teaching_college", "Teaching-focused college"
        INDUSTRY_LAB = "industry_lab", "Industry research lab"
        NONPROFIT = "nonprofit", "Non-profit institute"
        GOVERNMENT_LAB = "government_lab", "Government lab"
        OTHER = "other", "Other"

    class Region(models.TextChoices):
        NORTH_AMERICA = "northamerica", "North America"
        EUROPE = "europe", "Europe"
        ASIA = "asia", "Asia"
        AUSTRALASIA = "australasia", "Australasia"
        SOUTH_AMERICA = "southamerica", "South America"
        AFRICA = "africa", "Africa"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.RESEARCH_UNIVERSITY)
    department = models.CharField("department or team", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=16, choices=Region.choices, blank=True)
    website = models.URLField(max_length=500, blank=True)
    priority = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 = top choice, 5 = long shot."
    )
    fit_notes = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="institutions")

    class Meta:
        ordering = ["priority", "name"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                Lower("department"),
                name="institution_owner_name_dept_ci_unique",
                violation_error_message="You already have this institution (same name and department).",
            )
        ]
        indexes = [
            # Earlier-season lookup matches institutions by name: WHERE owner_id = ? AND lower(name) = ?
            models.Index("owner", Lower("name"), name="institution_owner_lname_idx"),
            # Institution list, a page at a time: WHERE owner_id = ? ORDER BY priority, name
            models.Index(fields=["owner", "priority", "name"], name="institution_owner_priority_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.department})" if self.department else self.name

    def get_absolute_url(self):
        return object_url("pipeline:institution_detail", self.pk)

    @property
    def is_industry(self) -> bool:
        return self.kind == self.Kind.INDUSTRY_LAB


class Position(ZonedInstantsModel, OwnedModel):
    class Kind(models.TextChoices):
        TENURE_TRACK = "tenure_track", "Tenure-track faculty"
        TEACHING_TRACK = "teaching_track", "Teaching-track faculty"
        POSTDOC = "postdoc", "Postdoc"
        RESEARCH_SCIENTIST = "research_scientist", "Research scientist"
        RESEARCH_ENGINEER = "research_engineer", "Research engineer"
        OTHER = "other", "Other"

    class Portal(models.TextChoices):
        ACADEMIC_JOBS_ONLINE = "ajo", "AcademicJobsOnline"
        INTERFOLIO = "interfolio", "Interfolio"
        MATHJOBS = "mathjobs", "MathJobs"
        CAREERS_SITE = "careers", "Company careers site"
        EMAIL = "email", "E-mail"
        OTHER = "other", "Other"

    INDUSTRY_KINDS = {Kind.RESEARCH_SCIENTIST, Kind.RESEARCH_ENGINEER}
    # A date without a time means "by the end of that day" in the posting's zone.
    zoned_fields = {
        "deadline": ZonedFields(
            date="deadline_date", time="deadline_time", zone="deadline_tz", instant="deadline_at", end_of_day=True
        )
    }

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="positions")
    # RESTRICT, not PROTECT: a season in use cannot be deleted, yet deleting the owner cascades.
    season = models.ForeignKey(Season, on_delete=models.RESTRICT, related_name="positions")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.TENURE_TRACK)
    field = models.CharField(max_length=200, blank=True, help_text="e.g. Machine learning, computer vision")
    posting_url = models.URLField("posting URL", max_length=500, blank=True)
    portal = models.CharField("application portal", max_length=16, choices=Portal.choices, blank=True)
    deadline_date = models.DateField(null=True, blank=True, validators=SANE_DATE)
    deadline_time = models.TimeField(null=True, blank=True, help_text="Leave empty if the posting gives only a date.")
    deadline_tz = models.CharField(
        "deadline time zone",
        max_length=64,
        choices=timezone_choices,
        default="UTC",
        help_text='The zone the posting states the deadline in, e.g. America/Los_Angeles for "23:59 Pacific".',
    )
    # Derived from the three fields above (derive_instants); stored so deadlines sort and filter in SQL.
    deadline_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_begins = models.DateField("review begins", null=True, blank=True, validators=SANE_DATE)
    letters_required = models.PositiveSmallIntegerField(default=3, validators=[MaxValueValidator(10)])
    notes = models.TextField(blank=True)
    withdrawn = models.BooleanField(
        "withdrawn by the institution",
        default=False,
        help_text="The institution cancelled this posting: nothing about it (deadline, letters, interviews) reminds.",
    )

    class Meta:
        verbose_name = "posting"
        ordering = ["deadline_at", "institution__name"]
        indexes = [
            # The reminder planner reads changed rows in order: WHERE updated_at > ? ORDER BY updated_at, id
            models.Index(fields=["updated_at", "id"], name="position_updated_idx"),
            # Dashboard "deadlines in the next 30 days" and "passed without an application":
            # WHERE owner_id = ? AND deadline_at BETWEEN ? AND ?
            models.Index(fields=["owner", "deadline_at"], name="position_owner_deadline_idx"),
        ]

    def __str__(self):
        return f"{self.title}, {self.institution.name}"

    def get_absolute_url(self):
        return object_url("front:position_detail", self.pk)

    @property
    def deadline(self) -> Zoned:
        return self.zoned("deadline")

    @property
    def default_track(self) -> str:
        if self.kind in self.INDUSTRY_KINDS or self.institution.is_industry:
            return Application.Track.INDUSTRY
        return Application.Track.FACULTY

    def clean(self):
        super().clean()
        errors = self.derive_instants()
        if self.deadline_time is not None and self.deadline_date is None:
            errors["deadline_date"] = "Give the deadline's date as well as its time."
        if self.deadline_date and self.review_begins and self.review_begins > self.deadline_date:
            errors["review_begins"] = (
                f"Review cannot begin after the deadline ({self.deadline_date:%d %b %Y}); check both dates."
            )
        if errors:
            raise ValidationError(errors)


class Stage(OwnedModel):
    class Track(models.TextChoices):
        FACULTY = "faculty", "Faculty"
        INDUSTRY = "industry", "Industry"

    class Category(models.TextChoices):
        OPEN = "open", "Open"
        OFFER = "offer", "Offer"
        WON = "won", "Won (accepted)"
        LOST = "lost", "Lost (rejected or no response)"
        WITHDRAWN = "withdrawn", "Withdrawn or declined"

    ACTIVE_CATEGORIES = {Category.OPEN, Category.OFFER}
    # An application in any other category is closed: nothing under it reminds or waits any more.
    CLOSED_CATEGORIES = {Category.WON, Category.LOST, Category.WITHDRAWN}

    track = models.CharField(max_length=16, choices=Track.choices)
    name = models.CharField(max_length=60)
    order = models.PositiveIntegerField(default=0)
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.OPEN)
    marks_submission = models.BooleanField(
        default=False, help_text="Reaching this stage records the application's submitted date."
    )
    is_archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["track", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                "track",
                Lower("name"),
                name="stage_owner_track_name_ci_unique",
                violation_error_message="This track already has a stage with that name.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.category in self.ACTIVE_CATEGORIES


class Application(OwnedModel):
    Track = Stage.Track

    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="application")
    track = models.CharField(max_length=16, choices=Track.choices)
    stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, related_name="applications")
    submitted_on = models.DateField(null=True, blank=True, validators=SANE_DATE)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-stage_changed_at"]
        indexes = [
            # Application list and dashboard "changed recently": WHERE owner_id = ? ORDER BY stage_changed_at DESC
            models.Index(fields=["owner", "-stage_changed_at"], name="application_owner_changed_idx"),
        ]

    def __str__(self):
        return str(self.position)

    def get_absolute_url(self):
        return object_url("front:application_detail", self.pk)

    def clean(self):
        super().clean()
        if self.stage_id and self.stage.track != self.track:
            raise ValidationError({"stage": "Pick a stage of the application's own track."})

    @property
    def is_closed(self) -> bool:
        """The one rule: accepted, lost, withdrawn or declined, or its posting withdrawn by the institution."""
        return self.stage.category in Stage.CLOSED_CATEGORIES or self.position.withdrawn


def closed_q(application: str, position: str) -> models.Q:
    """Rows whose application is closed (Application.is_closed), reached through these lookup paths."""
    withdrawn = f"{position}__withdrawn" if position else "withdrawn"
    return models.Q(**{f"{application}__stage__category__in": Stage.CLOSED_CATEGORIES}) | models.Q(**{withdrawn: True})


class StageEvent(OwnedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "stage change"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # Stage history export and "recent changes": WHERE owner_id = ? ORDER BY occurred_at DESC
            models.Index(fields=["owner", "-occurred_at"], name="stageevent_owner_occurred_idx"),
        ]

    def __str__(self):
        origin = self.from_stage.name if self.from_stage_id else "start"
        return f"{origin} → {self.to_stage.name}"
