"""Reads that compose several apps for one page. Each costs a fixed number of queries whatever the data size."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from jobtracker.interviews import selectors as interview_selectors
from jobtracker.materials import selectors as materials_selectors
from jobtracker.network import selectors as network_selectors
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.pipeline.models import Application, Season

# Every panel shows at most this many rows, with the total and a way to all of them: the page costs the same
# with 50 deadlines ahead as with 5 (issue 13).
UPCOMING_SHOWN = 10
MISSED_SHOWN = 20
RECENT_SHOWN = 10
LETTERS_SHOWN = 10
FOLLOW_UPS_SHOWN = 20


@dataclass
class Capped:
    """The first rows of a panel and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def capped(queryset: QuerySet, limit: int) -> Capped:
    """The first `limit` rows with the total in the same query (COUNT(*) OVER (), computed before the LIMIT)."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return Capped(rows, rows[0].rows_in_all if rows else 0)


@dataclass
class Dashboard:
    season: Season
    seasons: list[Season]
    counts: pipeline_selectors.StageCounts
    upcoming: Capped  # of Position
    missed: Capped  # of Position
    recent_events: list
    letters_due: Capped  # of LetterRequest
    follow_ups: Capped  # of Interaction


def dashboard(*, user, choice: pipeline_selectors.SeasonChoice, now: dt.datetime | None = None) -> Dashboard:
    """The season at a glance: counts per stage, deadlines ahead with checklist progress, what changed."""
    now = now or timezone.now()
    season = choice.season
    upcoming = pipeline_selectors.upcoming_deadlines(user=user, season=season, now=now)
    return Dashboard(
        season=season,
        seasons=choice.seasons,
        counts=pipeline_selectors.stage_counts(user=user, season=season),
        upcoming=capped(materials_selectors.with_checklist_progress(upcoming, of="position"), UPCOMING_SHOWN),
        missed=capped(pipeline_selectors.missed_deadlines(user=user, season=season, now=now), MISSED_SHOWN),
        recent_events=list(pipeline_selectors.recent_changes(user=user, season=season)[:RECENT_SHOWN]),
        letters_due=capped(materials_selectors.letters_due_soon(user=user), LETTERS_SHOWN),
        follow_ups=capped(network_selectors.overdue_follow_ups(user=user), FOLLOW_UPS_SHOWN),
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
