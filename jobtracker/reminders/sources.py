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
from jobtracker.reminders.registry import DatedItem, Source, register
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

    def queryset(self):
        return Position.objects.select_related("institution", "application__stage").filter(
            **{f"{self.date_field}__isnull": False}
        )

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

    def in_range(self, user, start, end):
        return self.for_user(user).filter(deadline_at__gte=start, deadline_at__lt=end)

    def item(self, position):
        if position.deadline_at is None:
            return None
        return DatedItem(
            kind=self.kind,
            object_id=position.pk,
            owner_id=position.owner_id,
            title=f"{position.title} at {position.institution.name}",
            due=Due(at=position.deadline_at) if position.deadline_time else Due(day=position.deadline_date),
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

    def in_range(self, user, start, end):
        first, last = _day_range(start, end)
        return self.for_user(user).filter(review_begins__gte=first, review_begins__lte=last)

    def item(self, position):
        if position.review_begins is None:
            return None
        return DatedItem(
            kind=self.kind,
            object_id=position.pk,
            owner_id=position.owner_id,
            title=f"Review begins for {position.title} at {position.institution.name}",
            due=Due(day=position.review_begins),
            done=self.done(position),
            closed=self.closed(position),
            path=position.get_absolute_url(),
        )


@register
class LetterSource(Source):
    kind = "letter"
    label = "Letter due dates"
    application_path = "application"

    def queryset(self):
        return LetterRequest.objects.select_related("writer", *_related("application")).filter(due_date__isnull=False)

    def in_range(self, user, start, end):
        first, last = _day_range(start, end)
        return self.for_user(user).filter(due_date__gte=first, due_date__lte=last)

    def item(self, letter):
        if letter.due_date is None:
            return None
        position = letter.application.position
        closed = _closed(letter.application)
        return DatedItem(
            kind=self.kind,
            object_id=letter.pk,
            owner_id=letter.owner_id,
            title=f"Letter from {letter.writer.name} for {position.institution.name}",
            due=Due(day=letter.due_date),
            done=closed or not letter.is_open,
            closed=closed,
            path=reverse("materials:application_checklist", args=[letter.application_id]),
            detail=f"Status: {letter.get_status_display()}.",
        )


@register
class FollowUpSource(Source):
    kind = "follow_up"
    label = "Follow-ups with contacts"

    def queryset(self):
        return Interaction.objects.select_related("contact").filter(follow_up_on__isnull=False)

    def in_range(self, user, start, end):
        first, last = _day_range(start, end)
        return self.for_user(user).filter(follow_up_on__gte=first, follow_up_on__lte=last)

    def item(self, interaction):
        if interaction.follow_up_on is None:
            return None
        return DatedItem(
            kind=self.kind,
            object_id=interaction.pk,
            owner_id=interaction.owner_id,
            title=f"Follow up with {interaction.contact.name}",
            due=Due(day=interaction.follow_up_on),
            done=interaction.follow_up_done,
            path=interaction.contact.get_absolute_url(),
            detail=interaction.summary[:200],
        )


@register
class InterviewSource(Source):
    kind = "interview"
    label = "Interviews"
    application_path = "application"

    def queryset(self):
        return Interview.objects.select_related(*_related("application"))

    def in_range(self, user, start, end):
        return self.for_user(user).filter(starts_at__gte=start, starts_at__lt=end)

    def item(self, interview):
        institution = interview.application.position.institution.name
        closed = _closed(interview.application)
        return DatedItem(
            kind=self.kind,
            object_id=interview.pk,
            owner_id=interview.owner_id,
            title=f"{interview.get_kind_display()} with {institution}",
            due=Due(at=interview.starts_at),
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

    def queryset(self):
        return ItineraryItem.objects.select_related("interview", *_related("interview__application"))

    def in_range(self, user, start, end):
        return self.for_user(user).filter(starts_at__gte=start, starts_at__lt=end)

    def item(self, meeting):
        application = meeting.interview.application
        closed = _closed(application)
        return DatedItem(
            kind=self.kind,
            object_id=meeting.pk,
            owner_id=meeting.owner_id,
            title=f"{meeting.get_kind_display()} at {application.position.institution.name}",
            due=Due(at=meeting.starts_at),
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

    def queryset(self):
        to_send = Q(items__people__thank_you_status=ItineraryPerson.ThankYou.TO_SEND)
        return (
            Interview.objects.select_related(*_related("application"))
            .filter(Exists(ItineraryItem.objects.filter(interview=OuterRef("pk"))))
            # People, not meetings: a professor met twice is owed one note.
            .annotate(owed_count=Count("items__people__contact", filter=to_send, distinct=True))
        )

    def in_range(self, user, start, end):
        first, last = _day_range(start, end)
        return self.for_user(user).filter(
            Q(end_date__gte=first - dt.timedelta(days=1), end_date__lte=last)
            | Q(end_date__isnull=True, start_date__gte=first - dt.timedelta(days=1), start_date__lte=last)
        )

    def item(self, visit):
        owed = getattr(visit, "owed_count", 0)
        institution = visit.application.position.institution.name
        closed = _closed(visit.application)
        return DatedItem(
            kind=self.kind,
            object_id=visit.pk,
            owner_id=visit.owner_id,
            title=f"Thank-you notes after your {visit.get_kind_display().lower()} at {institution}",
            due=Due(day=visit.last_day + dt.timedelta(days=1)),
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

    def queryset(self):
        return Offer.objects.select_related(*_related("application")).filter(response_deadline_at__isnull=False)

    def in_range(self, user, start, end):
        return self.for_user(user).filter(response_deadline_at__gte=start, response_deadline_at__lt=end)

    def item(self, offer):
        if offer.response_deadline_at is None:
            return None
        position = offer.application.position
        timed = offer.response_deadline_time is not None
        closed = _closed(offer.application)
        return DatedItem(
            kind=self.kind,
            object_id=offer.pk,
            owner_id=offer.owner_id,
            title=f"Your answer to the {position.institution.name} offer",
            due=Due(at=offer.response_deadline_at) if timed else Due(day=offer.response_deadline_date),
            done=closed or offer.status not in Offer.OPEN_STATUSES,
            closed=closed,
            path=offer.get_absolute_url(),
            own_zone=offer.response_deadline_tz,
            detail=f"{position.title}. Status: {offer.get_status_display()}.",
        )
