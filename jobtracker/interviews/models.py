"""Interview rounds per application and the itinerary of a campus visit, with the people met."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.core import wallclock
from jobtracker.core.links import object_url
from jobtracker.core.models import OwnedModel
from jobtracker.core.validators import SANE_DATE, is_sane_date
from jobtracker.core.zoned import Zoned, ZonedFields, ZonedInstantsModel
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Application

TIME_HELP = f"In the time zone below. {wallclock.AMBIGUOUS_HELP}"


class Interview(ZonedInstantsModel, OwnedModel):
    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone", "Phone screen"
        VIDEO = "video", "Video first round"
        CONFERENCE = "conference", "Conference interview"
        CAMPUS_VISIT = "campus_visit", "Campus visit or onsite"
        JOB_TALK = "job_talk", "Job talk"
        CHALK_TALK = "chalk_talk", "Chalk talk"
        TEACHING_DEMO = "teaching_demo", "Teaching demonstration"
        RESEARCH = "research", "Research interview"
        CODING = "coding", "Coding interview"
        RECRUITER = "recruiter", "Recruiter or HR call"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not yet known"
        WENT_WELL = "went_well", "Went well"
        MIXED = "mixed", "Mixed"
        WENT_POORLY = "went_poorly", "Went poorly"
        ADVANCED = "advanced", "Advanced to the next round"
        REJECTED = "rejected", "Rejected after this round"

    zoned_fields = {
        "start": ZonedFields(date="start_date", time="start_time", zone="time_zone", instant="starts_at"),
        "end": ZonedFields(date="end_date", time="end_time", zone="time_zone", instant="ends_at"),
    }

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.VIDEO)
    start_date = models.DateField(validators=SANE_DATE)
    start_time = models.TimeField(help_text=TIME_HELP)
    end_date = models.DateField(
        null=True, blank=True, validators=SANE_DATE, help_text="For a visit over several days; empty means that day."
    )
    end_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64,
        choices=timezone_choices,
        default="UTC",
        help_text="The zone the invitation states the time in, e.g. America/Los_Angeles for “9am Pacific”.",
    )
    # Derived from the fields above (derive_instants); stored in UTC for sorting, filtering and reminders.
    starts_at = models.DateTimeField(editable=False)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    location = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    prep_notes = models.TextField("preparation notes", blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    notes_after = models.TextField("notes afterwards", blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # The reminder planner reads changed rows in order: WHERE updated_at > ? ORDER BY updated_at, id
            models.Index(fields=["updated_at", "id"], name="interview_updated_idx"),
            # Upcoming interviews and interview reminders: WHERE owner_id = ? AND starts_at BETWEEN ? AND ?
            models.Index(fields=["owner", "starts_at"], name="interview_owner_starts_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.start_date:%d %b %Y}"

    def get_absolute_url(self):
        return object_url("interviews:interview_detail", self.pk)

    @property
    def is_visit(self) -> bool:
        return self.kind == self.Kind.CAMPUS_VISIT

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.start_date

    @property
    def days(self) -> list[dt.date]:
        if not self.start_date or not is_sane_date(self.last_day) or self.last_day < self.start_date:
            return []
        return [self.start_date + dt.timedelta(days=n) for n in range((self.last_day - self.start_date).days + 1)]

    @property
    def when(self) -> Zoned:
        return self.zoned("start", until="end")

    def derive_instants(self) -> dict:
        if self.start_date and self.end_date is None:
            self.end_date = self.start_date  # a visit without an end date is a one-day visit
        return super().derive_instants()

    @property
    def derived_fields(self) -> list[str]:
        return [*super().derived_fields, "end_date"]

    def clean(self):
        super().clean()
        errors = self.derive_instants()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = f"The interview cannot end before it starts ({self.start_date:%d %b %Y})."
        elif self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["end_time"] = f"The end must come after the start ({self.start_time:%H:%M})."
        if errors:
            raise ValidationError(errors)


class ItineraryItem(ZonedInstantsModel, OwnedModel):
    """One slot of a visit: a meeting, a meal, the job talk... in the visit's time zone."""

    class Kind(models.TextChoices):
        ONE_ON_ONE = "one_on_one", "One-on-one"
        GROUP = "group", "Group meeting"
        JOB_TALK = "job_talk", "Job talk"
        CHALK_TALK = "chalk_talk", "Chalk talk"
        MEAL = "meal", "Meal"
        TOUR = "tour", "Tour"
        DEAN_OR_CHAIR = "dean_chair", "Dean or chair meeting"
        OTHER = "other", "Other"

    zoned_fields = {
        "start": ZonedFields(date="date", time="start_time", zone="interview.time_zone", instant="starts_at"),
        "end": ZonedFields(date="date", time="end_time", zone="interview.time_zone", instant="ends_at"),
    }

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="items")
    date = models.DateField(validators=SANE_DATE)
    start_time = models.TimeField(help_text=f"In the visit's time zone. {wallclock.AMBIGUOUS_HELP}")
    end_time = models.TimeField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ONE_ON_ONE)
    place = models.CharField(max_length=200, blank=True)
    notes_after = models.TextField("notes afterwards", blank=True)
    # Derived from date, times and the visit's zone; stored in UTC like Interview.starts_at.
    starts_at = models.DateTimeField(editable=False)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "itinerary item"
        ordering = ["starts_at", "pk"]
        indexes = [
            # The reminder planner reads changed rows in order: WHERE updated_at > ? ORDER BY updated_at, id
            models.Index(fields=["updated_at", "id"], name="itineraryitem_updated_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.start_time:%H:%M} on {self.date:%d %b %Y}"

    @property
    def when(self) -> Zoned:
        return self.zoned("start", until="end")

    def clean(self):
        super().clean()
        errors = self.derive_instants()
        visit = self.interview if self.interview_id else None
        if visit and self.date and visit.start_date and not visit.start_date <= self.date <= visit.last_day:
            span = f"{visit.start_date:%a %d %b}" + (
                f" to {visit.last_day:%a %d %b %Y}" if visit.last_day != visit.start_date else f" {visit.start_date:%Y}"
            )
            errors["date"] = f"Pick a day of the visit ({span})."
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at and "end_time" not in errors:
            errors["end_time"] = f"The end must come after the start ({self.start_time:%H:%M})."
        if errors:
            raise ValidationError(errors)


class ItineraryPerson(OwnedModel):
    """Someone met in an itinerary item, and whether a thank-you note went out."""

    class ThankYou(models.TextChoices):
        TO_SEND = "to_send", "To send"
        SENT = "sent", "Sent"
        NOT_NEEDED = "not_needed", "Not needed"

    item = models.ForeignKey(ItineraryItem, on_delete=models.CASCADE, related_name="people")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="visit_meetings")
    thank_you_status = models.CharField(max_length=12, choices=ThankYou.choices, default=ThankYou.TO_SEND)
    thank_you_sent_on = models.DateField("sent on", null=True, blank=True, validators=SANE_DATE)

    class Meta:
        verbose_name = "record of someone met"
        verbose_name_plural = "records of people met"
        ordering = ["item__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "item",
                "contact",
                name="itineraryperson_item_contact_unique",
                violation_error_message="This person is already listed for this meeting.",
            )
        ]
        indexes = [
            # Thank-you notes still owed (reminders, dashboard): WHERE owner_id = ? AND thank_you_status = 'to_send'
            models.Index(fields=["owner", "thank_you_status"], name="itinperson_owner_thanks_idx"),
        ]

    def __str__(self):
        return f"{self.contact} ({self.item})"

    @property
    def owed_on(self) -> dt.date:
        """A thank-you note is owed the day after the visit ends."""
        return self.item.interview.last_day + dt.timedelta(days=1)

    def clean(self):
        super().clean()
        if self.thank_you_sent_on and self.thank_you_status != self.ThankYou.SENT:
            raise ValidationError({"thank_you_sent_on": "Give a date only when the note was sent."})
