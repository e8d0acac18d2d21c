"""Demo interviews: a video first round, a recruiter call and a two-day campus visit. Real places, invented people."""

import datetime as dt

from django.utils import timezone

from jobtracker.interviews import services
from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Application

K = ItineraryItem.Kind
CHAIR, DEAN = "Prof. Helen Whitfield", "Dean Patricia Nakamura"

# (day of the visit, start, end, kind, place, people met, notes afterwards)
VISIT = [
    (0, "08:30", "09:15", K.MEAL, "Hotel breakfast room", [CHAIR], "Chair stressed the new robotics cluster hire."),
    (0, "09:30", "10:00", K.DEAN_OR_CHAIR, "Chair's office, Gates 204", ["Prof. Marcus Oyelaran"], ""),
    (0, "10:00", "10:30", K.ONE_ON_ONE, "Gates 310", ["Prof. Sofia Lindqvist"], "Overlap on video grounding."),
    (0, "10:30", "11:00", K.ONE_ON_ONE, "Gates 318", ["Prof. Daniel Okonkwo"], ""),
    (0, "11:00", "11:30", K.ONE_ON_ONE, "Gates 322", ["Prof. Rebecca Tanaka"], "Asked about compute plans."),
    (0, "12:00", "13:00", K.MEAL, "Student lounge", ["Maya Chen", "Jonas Albrecht", "Priyanka Desai"], ""),
    (0, "13:30", "14:30", K.JOB_TALK, "Gates B01 auditorium", [], "Full room; good questions on evaluation."),
    (0, "14:45", "15:15", K.ONE_ON_ONE, "Gates 330", ["Prof. Luis Moreno"], ""),
    (0, "15:15", "15:45", K.ONE_ON_ONE, "Gates 334", ["Prof. Grace Liu"], "Wants a co-taught seminar."),
    (0, "18:30", "20:30", K.MEAL, "Dinner downtown", [CHAIR, "Prof. Sofia Lindqvist"], ""),
    (1, "09:00", "10:00", K.CHALK_TALK, "Gates 104", [CHAIR, "Prof. Luis Moreno", "Prof. Rebecca Tanaka"], ""),
    (1, "10:15", "10:45", K.ONE_ON_ONE, "Gates 340", ["Prof. Aaron Feldman"], ""),
    (1, "11:00", "11:45", K.TOUR, "Campus and housing office", ["Jonas Albrecht"], ""),
    (1, "12:00", "12:45", K.DEAN_OR_CHAIR, "Dean's office", [DEAN], "Start-up package in the usual range."),
]
STUDENTS = {"Maya Chen", "Jonas Albrecht", "Priyanka Desai"}
THANKED = {CHAIR, DEAN, "Prof. Marcus Oyelaran", "Prof. Sofia Lindqvist", "Prof. Grace Liu"}


def _application(user, institution: str) -> Application | None:
    season = pipeline_services.open_current_season(user=user)
    return (
        Application.objects.for_user(user)
        .filter(position__institution__name=institution, position__season=season)
        .select_related("position__institution", "stage")
        .first()
    )


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def seed_interviews(user, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    cornell = _application(user, "Cornell University")
    if cornell:
        services.schedule_interview(
            application=cornell,
            kind=Interview.Kind.VIDEO,
            start_date=today + dt.timedelta(days=4),
            start_time=dt.time(11, 0),
            end_time=dt.time(11, 45),
            time_zone="America/New_York",
            video_link="https://cornell.zoom.us/j/5550101234",
            prep_notes="Three committee members. Prepare a 5-minute research pitch and a course I would teach.",
        )
    nvidia = _application(user, "NVIDIA Research")
    if nvidia:
        services.schedule_interview(
            application=nvidia,
            kind=Interview.Kind.RECRUITER,
            start_date=today - dt.timedelta(days=6),
            start_time=dt.time(9, 30),
            end_time=dt.time(10, 0),
            time_zone="America/Los_Angeles",
            location="Phone",
            outcome=Interview.Outcome.ADVANCED,
            notes_after="Team match with the perception group next; they asked about visa timing.",
        )
    stanford = _application(user, "Stanford University")
    if stanford:
        _seed_visit(stanford, first_day=today - dt.timedelta(days=10))


def _seed_visit(application: Application, *, first_day: dt.date) -> None:
    visit = services.schedule_interview(
        application=application,
        kind=Interview.Kind.CAMPUS_VISIT,
        start_date=first_day,
        start_time=dt.time(8, 30),
        end_date=first_day + dt.timedelta(days=1),
        end_time=dt.time(13, 0),
        time_zone="America/Los_Angeles",
        location="Gates Computer Science Building",
        prep_notes="Job talk 50 minutes plus questions. Chalk talk: the five-year plan, two grant ideas.",
        outcome=Interview.Outcome.WENT_WELL,
        notes_after="Warm department. Decision expected within three weeks.",
    )
    for day, start, end, kind, place, people, notes in VISIT:
        services.save_item(
            interview=visit,
            data={
                "people": people,
                "date": first_day + dt.timedelta(days=day),
                "start_time": _time(start),
                "end_time": _time(end),
                "kind": kind,
                "place": place,
                "notes_after": notes,
            },
        )
    sent_on = visit.last_day + dt.timedelta(days=1)
    for person in ItineraryPerson.objects.filter(item__interview=visit).select_related("contact"):
        if person.contact.name in STUDENTS:
            services.set_thank_you(person=person, status=ItineraryPerson.ThankYou.NOT_NEEDED)
        elif person.contact.name in THANKED:
            services.set_thank_you(person=person, status=ItineraryPerson.ThankYou.SENT, sent_on=sent_on)
