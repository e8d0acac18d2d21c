"""The built-in kinds of dated items, one Source each.

Done means done, everywhere: an item stops reminding when it is finished (a letter submitted, an interview's
outcome known, an offer answered) and when its application is closed or its posting withdrawn
(Application.is_closed, the one rule). The calendar, the reminders page and the planner all read `done`
and `closed` from here.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import Interaction
from jobtracker.offers.models import Offer
from jobtracker.pipeline.models import Position
from jobtracker.reminders.registry import DatedItem, Source, display, register
from jobtracker.reminders.schedule import Due

APPLICATION = ("stage", "position__institution")


def _day_range(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    return (start - dt.timedelta(days=1)).date(), (end + dt.timedelta(days=1)).date()


def _closed(application) -> bool:
    return application is not None and application.is_closed


def _related(path: str) -> list[str]:
    """select_related paths for rows that hang under an application reached by `path`."""
    return [f"{path}__{relation}" for relation in APPLICATION]


class PostingSource(Source):
    """Dates on a posting; they stop reminding once its application is submitted or closed."""

    date_field = ""
    application_path = "application"
    title_fields = ("title", "institution__name")

    def rows(self):
        return Position.objects.filter(**{f"{self.date_field}__isnull": False})

    def queryset(self):
        return self.rows().select_related("institution", "application__stage")

    @staticmethod
    def closed(position) -> bool:
        return position.withdrawn or _closed(getattr(position, "application", None))

    @classmethod
    def done(cls, position) -> bool:
        application = getattr(position, "application", None)
        return cls.closed(position) or (application is not None and application.submitted_on is not None)


@register
class DeadlineSource(PostingSource):
    kind = "deadline"
    label = "Application deadlines"
    date_field = "deadline_at"
    due_fields = ("deadline_at", "deadline_time", "deadline_date")

    def window(self, start, end):
        return Q(deadline_at__gte=start, deadline_at__lt=end)

    def due(self, at, time, day):
        if at is None:
            return None
        return Due(at=at) if time else Due(day=day)

    def title(self, title, institution):
        return f"{title} at {institution}"

    def item(self, position):
        due = self.due_of(position)
        if due is None:
            return None
        return DatedItem(
            kind=self.kind,
            object_id=position.pk,
            owner_id=position.owner_id,
            title=self.title_of(position),
            due=due,
            done=self.done(position),
            closed=self.closed(position),
            path=position.get_absolute_url(),
            own_zone=position.deadline_tz,
            detail="" if getattr(position, "application", None) else "No application started yet.",
        )


@register
class ReviewBeginsSource(PostingSource):
    kind = "review"
    label = "Review-begins dates"
    date_field = "review_begins"
    due_fields = ("review_begins",)

    def window(self, start, end):
        first, last = _day_range(start, end)
        return Q(review_begins__gte=first, review_begins__lte=last)

    def due(self, day):
        return Due(day=day) if day is not None else None

    def title(self, title, institution):
        return f"Review begins for {title} at {institution}"

    def item(self, position):
        due = self.due_of(position)
        if due is None:
            return None
        return DatedItem(
            kind=self.kind,
            object_id=position.pk,
            owner_id=position.owner_id,
            title=self.title_of(position),
            due=due,
            done=self.done(position),
            closed=self.closed(position),
            path=position.get_absolute_url(),
        )


@register
class LetterSource(Source):
    kind = "letter"
    label = "Letter due dates"
    application_path = "application"
    due_fields = ("due_date",)
    title_fields = ("writer__name", "application__position__institution__name")

    def rows(self):
        return LetterRequest.objects.filter(due_date__isnull=False)

    def queryset(self):
        return self.rows().select_related("writer", *_related("application"))

    def window(self, start, end):
        first, last = _day_range(start, end)
        return Q(due_date__gte=first, due_date__lte=last)

    def due(self, day):
        return Due(day=day) if day is not None else None

    def title(self, writer, institution):
        return f"Letter from {writer} for {institution}"

    def item(self, letter):
        due = self.due_of(letter)
        if due is None:
            return None
        closed = _closed(letter.application)
        return DatedItem(
            kind=self.kind,
            object_id=letter.pk,
            owner_id=letter.owner_id,
            title=self.title_of(letter),
            due=due,
            done=closed or not letter.is_open,
            closed=closed,
            path=reverse("materials:application_checklist", args=[letter.application_id]),
            detail=f"Status: {letter.get_status_display()}.",
        )


@register
class FollowUpSource(Source):
    kind = "follow_up"
    label = "Follow-ups with contacts"
    due_fields = ("follow_up_on",)
    title_fields = ("contact__name",)

    def rows(self):
        return Interaction.objects.filter(follow_up_on__isnull=False)

    def queryset(self):
        return self.rows().select_related("contact")

    def window(self, start, end):
        first, last = _day_range(start, end)
        return Q(follow_up_on__gte=first, follow_up_on__lte=last)

    def due(self, day):
        return Due(day=day) if day is not None else None

    def title(self, contact):
        return f"Follow up with {contact}"

    def item(self, interaction):
        due = self.due_of(interaction)
        if due is None:
            return None
        return DatedItem(
            kind=self.kind,
            object_id=interaction.pk,
            owner_id=interaction.owner_id,
            title=self.title_of(interaction),
            due=due,
            done=interaction.follow_up_done,
            path=interaction.contact.get_absolute_url(),
            detail=interaction.summary[:200],
        )


@register
class InterviewSource(Source):
    kind = "interview"
    label = "Interviews"
    application_path = "application"
    due_fields = ("starts_at",)
    title_fields = ("kind", "application__position__institution__name")

    def rows(self):
        return Interview.objects.all()

    def queryset(self):
        return self.rows().select_related(*_related("application"))

    def window(self, start, end):
        return Q(starts_at__gte=start, starts_at__lt=end)

    def due(self, at):
        return Due(at=at)

    def title(self, kind, institution):
        return f"{display(Interview, 'kind', kind)} with {institution}"

    def item(self, interview):
        closed = _closed(interview.application)
        return DatedItem(
            kind=self.kind,
            object_id=interview.pk,
            owner_id=interview.owner_id,
            title=self.title_of(interview),
            due=self.due_of(interview),
            done=closed or interview.outcome != Interview.Outcome.PENDING,
            closed=closed,
            path=interview.get_absolute_url(),
            own_zone=interview.time_zone,
            detail=interview.location or interview.video_link,
        )


@register
class VisitItemSource(Source):
    """Each meeting of a campus visit: on the calendar; reminders are off by default (the visit reminds)."""

    kind = "visit_item"
    label = "Campus-visit meetings"
    application_path = "interview__application"
    due_fields = ("starts_at",)
    title_fields = ("kind", "interview__application__position__institution__name")

    def rows(self):
        return ItineraryItem.objects.all()

    def queryset(self):
        return self.rows().select_related("interview", *_related("interview__application"))

    def window(self, start, end):
        return Q(starts_at__gte=start, starts_at__lt=end)

    def due(self, at):
        return Due(at=at)

    def title(self, kind, institution):
        return f"{display(ItineraryItem, 'kind', kind)} at {institution}"

    def item(self, meeting):
        closed = _closed(meeting.interview.application)
        return DatedItem(
            kind=self.kind,
            object_id=meeting.pk,
            owner_id=meeting.owner_id,
            title=self.title_of(meeting),
            due=self.due_of(meeting),
            done=closed,
            closed=closed,
            path=meeting.interview.get_absolute_url(),
            own_zone=meeting.interview.time_zone,
            detail=meeting.place,
        )


@register
class ThankYouSource(Source):
    """Thank-you notes owed after a visit (the day after it ends), one reminder per visit.

    A change to who was met or to a note's status touches the visit's updated_at (interviews.services),
    so the planner's bookmark on visits sees it.
    """

    kind = "thank_you"
    label = "Thank-you notes after visits"
    application_path = "application"
    due_fields = ("end_date", "start_date")  # the visit's last day (Interview.last_day)
    title_fields = ("kind", "application__position__institution__name")

    def rows(self):
        return Interview.objects.filter(Exists(ItineraryItem.objects.filter(interview=OuterRef("pk"))))

    def queryset(self):
        to_send = Q(items__people__thank_you_status=ItineraryPerson.ThankYou.TO_SEND)
        return (
            self.rows()
            .select_related(*_related("application"))
            # People, not meetings: a professor met twice is owed one note.
            .annotate(owed_count=Count("items__people__contact", filter=to_send, distinct=True))
        )

    def window(self, start, end):
        first, last = _day_range(start, end)
        return Q(end_date__gte=first - dt.timedelta(days=1), end_date__lte=last) | Q(
            end_date__isnull=True, start_date__gte=first - dt.timedelta(days=1), start_date__lte=last
        )

    def due(self, end_date, start_date):
        return Due(day=(end_date or start_date) + dt.timedelta(days=1))

    def title(self, kind, institution):
        return f"Thank-you notes after your {display(Interview, 'kind', kind).lower()} at {institution}"

    def item(self, visit):
        owed = getattr(visit, "owed_count", 0)
        closed = _closed(visit.application)
        return DatedItem(
            kind=self.kind,
            object_id=visit.pk,
            owner_id=visit.owner_id,
            title=self.title_of(visit),
            due=self.due_of(visit),
            done=closed or owed == 0,
            closed=closed,
            path=visit.get_absolute_url(),
            detail=f"{owed} still to send." if owed else "All sent.",
        )


@register
class OfferSource(Source):
    kind = "offer"
    label = "Offer response deadlines"
    application_path = "application"
    due_fields = ("response_deadline_at", "response_deadline_time", "response_deadline_date")
    title_fields = ("application__position__institution__name",)

    def rows(self):
        return Offer.objects.filter(response_deadline_at__isnull=False)

    def queryset(self):
        return self.rows().select_related(*_related("application"))

    def window(self, start, end):
        return Q(response_deadline_at__gte=start, response_deadline_at__lt=end)

    def due(self, at, time, day):
        if at is None:
            return None
        return Due(at=at) if time is not None else Due(day=day)

    def title(self, institution):
        return f"Your answer to the {institution} offer"

    def item(self, offer):
        due = self.due_of(offer)
        if due is None:
            return None
        position = offer.application.position
        closed = _closed(offer.application)
        return DatedItem(
            kind=self.kind,
            object_id=offer.pk,
            owner_id=offer.owner_id,
            title=self.title_of(offer),
            due=due,
            done=closed or offer.status not in Offer.OPEN_STATUSES,
            closed=closed,
            path=offer.get_absolute_url(),
            own_zone=offer.response_deadline_tz,
            detail=f"{position.title}. Status: {offer.get_status_display()}.",
        )
