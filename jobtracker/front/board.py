"""The applications board: per track, a column per stage holding the season's applications as cards.

Reads only, in a fixed number of queries whatever the number of applications: the stages, the applications
with their checklist progress, and the interviews still ahead.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from jobtracker.interviews.models import Interview
from jobtracker.materials import selectors as materials_selectors
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.pipeline.models import Application, Season, Stage


@dataclass
class Card:
    application: Application
    next_interview: Interview | None = None


@dataclass
class Column:
    stage: Stage
    cards: list[Card] = field(default_factory=list)
    # Its cards' "Move to…" choices: the track's other stages still in play, then its closed ones.
    open_choices: list[Stage] = field(default_factory=list)
    closed_choices: list[Stage] = field(default_factory=list)
    suggested: Stage | None = None  # most moves go one step forward, so the menu starts at the next stage


@dataclass
class Track:
    value: str
    label: str
    columns: list[Column]  # stages still in play (open or offer), in stage order
    closed: list[Column]  # won, lost and withdrawn stages, stacked in one narrow last column

    @property
    def count(self) -> int:
        return sum(len(column.cards) for column in self.columns)

    @property
    def closed_count(self) -> int:
        return sum(len(column.cards) for column in self.closed)


@dataclass
class Board:
    season: Season
    seasons: list[Season]
    tracks: list[Track]  # only the tracks that have applications this season


def board(*, user, choice: pipeline_selectors.SeasonChoice, now: dt.datetime | None = None) -> Board:
    season = choice.season
    stages = list(Stage.objects.for_user(user).filter(is_archived=False).order_by("track", "order", "id"))
    upcoming = next_interviews(user=user, season=season, now=now or timezone.now())
    columns = {stage.pk: Column(stage) for stage in stages}
    for application in season_applications(user=user, season=season):
        # An archived stage holds no application (archiving one that does is refused), so it has no column.
        if application.stage_id in columns:
            columns[application.stage_id].cards.append(Card(application, upcoming.get(application.pk)))
    tracks = []
    for value, label in Stage.Track.choices:
        track_stages = [stage for stage in stages if stage.track == value]
        track = Track(
            value,
            label,
            columns=[columns[stage.pk] for stage in track_stages if stage.is_active],
            closed=[columns[stage.pk] for stage in track_stages if not stage.is_active],
        )
        if track.count or track.closed_count:
            _add_choices(track, track_stages)
            tracks.append(track)
    return Board(season=season, seasons=choice.seasons, tracks=tracks)


def _add_choices(track: Track, stages: list[Stage]) -> None:
    for column in [*track.columns, *track.closed]:
        others = [stage for stage in stages if stage.pk != column.stage.pk]
        column.open_choices = [stage for stage in others if stage.is_active]
        column.closed_choices = [stage for stage in others if not stage.is_active]
        following = stages[stages.index(column.stage) + 1 :]
        column.suggested = following[0] if following else None


def season_applications(*, user, season: Season):
    """The season's applications, soonest deadline first, each with its checklist progress."""
    applications = (
        Application.objects.for_user(user)
        .filter(position__season_id=season.pk)
        .select_related("position__institution", "stage")
        .order_by(F("position__deadline_at").asc(nulls_last=True), "position__institution__name", "pk")
    )
    return materials_selectors.with_checklist_progress(applications)


def next_interviews(*, user, season: Season, now: dt.datetime) -> dict[int, Interview]:
    """Application id -> its next interview not over yet (a visit under way still counts)."""
    ahead = (
        Interview.objects.for_user(user)
        .filter(application__position__season_id=season.pk)
        .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
        .order_by("starts_at", "pk")
    )
    soonest: dict[int, Interview] = {}
    for interview in ahead:
        soonest.setdefault(interview.application_id, interview)
    return soonest


def owned_stage(*, user, pk: int) -> Stage | None:
    """One of the user's stages, archived or not (the move service says why it refuses one), or None."""
    return Stage.objects.for_user(user).filter(pk=pk).first()
