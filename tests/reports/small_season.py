"""A small season built through the real services, with figures worked out by hand.

Dates are relative to today (the season report measures waits from now). Faculty track:

  Stanford   submitted day -60, first-round -40, campus visit -20, offer -10   (video interview too)
  MIT        submitted day -55, rejected -34
  ETH        submitted day -70, no answer since
  Toronto    submitted day -50, "No response" -5   (closed; silence is not an answer)
  Oxford     interested, never submitted

  funnel: submitted 4; first round 1 (25%); campus visit or onsite 1 (25%); offer 1 (25%)
  first answers: Stanford after 20 days, MIT after 21: median 20.5 days over 2 answers
  no answer for 6 weeks or more: ETH (10 weeks); Toronto is closed

Industry track: Google, referred or applied day -30, recruiter screen -21:
  funnel: submitted 1; first round 1 (100%); onsite 0; offer 0; median 9 days over 1 answer
"""

import datetime as dt

from django.utils import timezone

from jobtracker.interviews import services as interview_services
from jobtracker.interviews.models import Interview
from jobtracker.pipeline import services
from jobtracker.pipeline.models import Stage
from tests.factories import InstitutionFactory, PositionFactory

EXPECTED_FACULTY_FUNNEL = [
    ("Submitted", 4, ""),
    ("First round", 1, "25%"),
    ("Campus visit or onsite", 1, "25%"),
    ("Offer", 1, "25%"),
]
EXPECTED_INDUSTRY_FUNNEL = [
    ("Submitted", 1, ""),
    ("First round", 1, "100%"),
    ("Campus visit or onsite", 0, "0%"),
    ("Offer", 0, "0%"),
]


def at(days: int) -> dt.datetime:
    """Noon local time, `days` from today (negative: in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _stage(owner, track, name):
    return Stage.objects.get(owner=owner, track=track, name=name)


def _apply(owner, name, *, track=Stage.Track.FACULTY, steps=(), started=-90, notes=""):
    kind = "research_scientist" if track == Stage.Track.INDUSTRY else "tenure_track"
    position = PositionFactory(owner=owner, institution=InstitutionFactory(owner=owner, name=name), kind=kind)
    application = services.create_application(owner=owner, position=position, track=track, started_at=at(started))
    for stage_name, day in steps:
        services.move_application(
            application=application, to_stage=_stage(owner, track, stage_name), occurred_at=at(day)
        )
    if notes:
        application.notes = notes
        application.save(update_fields=["notes"])
    return application


def build_small_season(owner) -> dict:
    F = Stage.Track.FACULTY
    stanford = _apply(
        owner,
        "Stanford University",
        steps=[("Submitted", -60), ("First-round interview", -40), ("Campus visit", -20), ("Offer", -10)],
        notes="Ask about the startup package (private)",
    )
    interview_services.schedule_interview(
        application=stanford,
        kind=Interview.Kind.VIDEO,
        start_date=(timezone.localdate() - dt.timedelta(days=40)),
        start_time=dt.time(16, 0),
        end_time=dt.time(17, 0),
        time_zone="America/Los_Angeles",
    )
    _apply(owner, "Massachusetts Institute of Technology", steps=[("Submitted", -55), ("Rejected", -34)])
    _apply(owner, "ETH Zurich", steps=[("Submitted", -70)])
    _apply(owner, "University of Toronto", steps=[("Submitted", -50), ("No response", -5)])
    _apply(owner, "University of Oxford")
    _apply(
        owner,
        "Google DeepMind",
        track=Stage.Track.INDUSTRY,
        steps=[("Referred or applied", -30), ("Recruiter screen", -21)],
    )
    return {"stanford": stanford, "faculty": F}
