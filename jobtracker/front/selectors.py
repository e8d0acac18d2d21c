"""Reads that compose several apps for one page. Each costs a fixed number of queries whatever the data size."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from jobtracker.interviews import selectors as interview_selectors
from jobtracker.materials import selectors as materials_selectors
from jobtracker.network import selectors as network_selectors
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.pipeline.models import Application, Position, Season

MISSED_SHOWN = 20
RECENT_SHOWN = 10
FOLLOW_UPS_SHOWN = 20


@dataclass
class Dashboard:
    season: Season
    seasons: list[Season]
    counts: pipeline_selectors.StageCounts
    upcoming: list[Position]
    missed: list[Position]
    recent_events: list
    letters_due: list
    follow_ups: list


def dashboard(*, user, choice: pipeline_selectors.SeasonChoice, now: dt.datetime | None = None) -> Dashboard:
    """The season at a glance: counts per stage, deadlines ahead with checklist progress, what changed."""
    now = now or timezone.now()
    season = choice.season
    upcoming = pipeline_selectors.upcoming_deadlines(user=user, season=season, now=now)
    return Dashboard(
        season=season,
        seasons=choice.seasons,
        counts=pipeline_selectors.stage_counts(user=user, season=season),
        upcoming=list(materials_selectors.with_checklist_progress(upcoming, of="position")),
        missed=list(pipeline_selectors.missed_deadlines(user=user, season=season, now=now)[:MISSED_SHOWN]),
        recent_events=list(pipeline_selectors.recent_changes(user=user, season=season)[:RECENT_SHOWN]),
        letters_due=list(materials_selectors.letters_due_soon(user=user)),
        follow_ups=list(network_selectors.overdue_follow_ups(user=user)[:FOLLOW_UPS_SHOWN]),
    )


def applications_for_list(*, user):
    """The applications list, each with its checklist progress."""
    return materials_selectors.with_checklist_progress(pipeline_selectors.applications_for_list(user=user))


@dataclass
class ApplicationPage:
    events: list
    earlier: list
    interviews: list


def application_page(*, user, application: Application) -> ApplicationPage:
    position = application.position
    return ApplicationPage(
        events=list(pipeline_selectors.application_timeline(application=application)),
        earlier=list(
            pipeline_selectors.earlier_applications(user=user, institution=position.institution, season=position.season)
        ),
        interviews=list(interview_selectors.application_interviews(application=application)),
    )


@dataclass
class ContactPage:
    interactions: list
    links: list
    letters: list
    meetings: list
    interviews: list


def contact_page(*, contact) -> ContactPage:
    return ContactPage(
        interactions=list(network_selectors.contact_interactions(contact=contact)),
        links=list(network_selectors.contact_applications(contact=contact)),
        letters=list(materials_selectors.letters_from(writer=contact)),
        meetings=list(interview_selectors.meetings_for_contact(contact=contact)),
        interviews=list(interview_selectors.interviews_for_contact(contact=contact)),
    )
