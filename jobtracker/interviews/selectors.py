"""Reads for interview pages and for other apps. Each costs a fixed number of queries whatever the data size."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
from jobtracker.pipeline.models import Application, Season, Stage

K = Interview.Kind

# Which stage an interview of each kind suggests, per track, by the default stage names. A stage the user
# renamed no longer matches, and then nothing is suggested.
STAGE_FOR_KIND = {
    Stage.Track.FACULTY: {
        K.PHONE_SCREEN: "First-round interview",
        K.VIDEO: "First-round interview",
        K.CONFERENCE: "First-round interview",
        K.RESEARCH: "First-round interview",
        K.CAMPUS_VISIT: "Campus visit",
        K.JOB_TALK: "Campus visit",
        K.CHALK_TALK: "Campus visit",
        K.TEACHING_DEMO: "Campus visit",
    },
    Stage.Track.INDUSTRY: {
        K.RECRUITER: "Recruiter screen",
        K.PHONE_SCREEN: "Recruiter screen",
        K.VIDEO: "Interviews",
        K.CODING: "Interviews",
        K.RESEARCH: "Interviews",
        K.CAMPUS_VISIT: "Onsite and job talk",
        K.JOB_TALK: "Onsite and job talk",
    },
}

INTERVIEW_RELATIONS = (
    "application__position__institution",
    "application__position__season",
    "application__stage",
)


def stage_suggestions(*, application: Application) -> dict[str, Stage]:
    """Interview kind -> the matching stage later in the application's track (one query; empty if none)."""
    wanted = STAGE_FOR_KIND.get(application.track, {})
    later = Stage.objects.for_user(application.owner).filter(
        track=application.track, is_archived=False, order__gt=application.stage.order
    )
    by_name = {stage.name.lower(): stage for stage in later}
    return {kind: by_name[name.lower()] for kind, name in wanted.items() if name.lower() in by_name}


def interviews_for_list(*, user) -> QuerySet[Interview]:
    return (
        Interview.objects.for_user(user)
        .select_related(*INTERVIEW_RELATIONS)
        .annotate(people_met=Count("items__people__contact", distinct=True))
        .order_by("starts_at", "pk")
    )


@dataclass
class Overview:
    upcoming: list[Interview]
    past: list[Interview]
    seasons: list[Season] = field(default_factory=list)
    called_off: list[Interview] = field(default_factory=list)  # ahead, but their application is closed


def overview(*, user, now: dt.datetime | None = None) -> Overview:
    """Interviews from the start of today (in the user's zone) on, the earlier ones, and people met per season."""
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming, past, called_off = [], [], []
    for interview in interviews_for_list(user=user):
        if interview.starts_at < start_of_today:
            past.append(interview)
        else:
            (called_off if interview.application.is_closed else upcoming).append(interview)
    past.reverse()
    seasons = list(
        Season.objects.for_user(user)
        .annotate(
            people_met=Count("positions__application__interviews__items__people__contact", distinct=True),
            visits=Count(
                "positions__application__interviews",
                filter=Q(positions__application__interviews__kind=Interview.Kind.CAMPUS_VISIT),
                distinct=True,
            ),
        )
        .filter(people_met__gt=0)
        .order_by("-start_year")
    )
    return Overview(upcoming, past, seasons, called_off)


def interview_for_page(*, user, pk: int) -> QuerySet[Interview]:
    return Interview.objects.for_user(user).select_related(*INTERVIEW_RELATIONS).filter(pk=pk)


@dataclass
class Day:
    date: dt.date
    items: list[ItineraryItem]


@dataclass
class Itinerary:
    days: list[Day]
    item_count: int
    people_met: int
    thank_yous_to_send: int
    thanks_owed_on: dt.date


def itinerary(*, interview: Interview) -> Itinerary:
    """The visit's items by day with the people met (two queries), and the counts the page shows."""
    items = list(
        interview.items.prefetch_related(
            Prefetch("people", queryset=ItineraryPerson.objects.select_related("contact").order_by("pk"))
        ).order_by("starts_at", "pk")
    )
    by_day: dict[dt.date, list[ItineraryItem]] = {day: [] for day in interview.days}
    for item in items:
        by_day.setdefault(item.date, []).append(item)
    people = [person for item in items for person in item.people.all()]
    return Itinerary(
        days=[Day(day, by_day[day]) for day in sorted(by_day)],
        item_count=len(items),
        people_met=len({person.contact_id for person in people}),
        thank_yous_to_send=sum(person.thank_you_status == ItineraryPerson.ThankYou.TO_SEND for person in people),
        thanks_owed_on=interview.last_day + dt.timedelta(days=1),
    )


def application_interviews(*, application: Application) -> QuerySet[Interview]:
    return application.interviews.order_by("starts_at", "pk")


def thank_yous_owed(*, user) -> QuerySet[ItineraryPerson]:
    """People met whose thank-you note is still to send, soonest owed first.

    Each row's `owed_on` is the day after its visit ends; filter on `item__interview__end_date` to find
    the overdue ones (owed_on <= today means end_date < today).
    """
    return (
        ItineraryPerson.objects.for_user(user)
        .filter(thank_you_status=ItineraryPerson.ThankYou.TO_SEND)
        .select_related("contact", "item__interview__application__position__institution")
        .order_by("item__interview__end_date", "item__starts_at", "pk")
    )


def meetings_for_contact(*, contact) -> QuerySet[ItineraryPerson]:
    """Where the contact was met during visits, newest first, with item, interview, application and place loaded."""
    return (
        ItineraryPerson.objects.filter(owner_id=contact.owner_id, contact=contact)
        .select_related("item__interview__application__position__institution")
        .order_by("-item__starts_at", "-pk")
    )


def interviews_for_contact(*, contact) -> QuerySet[Interview]:
    """Interviews on applications the contact is linked to (referrer, committee member, host...)."""
    return (
        Interview.objects.filter(owner_id=contact.owner_id, application__contact_links__contact=contact)
        .select_related("application__position__institution")
        .distinct()
        .order_by("-starts_at", "-pk")
    )
