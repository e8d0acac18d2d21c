"""Reads for pages and exports. Each returns a fixed number of queries whatever the data size."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jobtracker.core.shortcuts import int_param
from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent

UPCOMING_DAYS = 30


def applications_for_list(*, user) -> QuerySet[Application]:
    return (
        Application.objects.for_user(user)
        .select_related("position__institution", "position__season", "stage")
        .order_by("-stage_changed_at", "pk")
    )


class StageMenu(list):
    """A track's stages in order, whose menu of <option>s is built once however many rows show it."""

    def options(self, selected_id: int | None) -> str:
        if not hasattr(self, "_options"):
            self._options = [
                (
                    stage.pk,
                    *(
                        format_html('<option value="{}"{}>{}</option>', stage.pk, mark, stage.name)
                        for mark in ("", " selected")
                    ),
                )
                for stage in self
            ]
        return mark_safe("".join(chosen if pk == selected_id else plain for pk, plain, chosen in self._options))  # noqa: S308 (each part built by format_html)


def active_stages(*, user) -> dict[str, StageMenu]:
    """Each track's stages an application can be moved to, in order (one query)."""
    by_track: dict[str, StageMenu] = {track: StageMenu() for track, _label in Stage.Track.choices}
    for stage in Stage.objects.for_user(user).filter(is_archived=False).order_by("track", "order", "pk"):
        by_track[stage.track].append(stage)
    return by_track


def _count(rows: QuerySet, by: str):
    """How many of `rows` (filtered on an OuterRef) there are, as a correlated subquery: 0 when none."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def institutions_for_list(*, user) -> QuerySet[Institution]:
    """The owner's institutions in priority order, with how many postings and applications each has.

    Counted by correlated subqueries rather than JOIN + GROUP BY: PostgreSQL then walks
    institution_owner_priority_idx in the list's order and counts for the page's rows only, where the GROUP BY
    counted and sorted all of the owner's institutions to show 50 (issue 13; tests/test_query_plans.py).
    """
    positions = Position.objects.filter(institution=OuterRef("pk"))
    return (
        Institution.objects.for_user(user)
        .annotate(
            position_count=_count(positions, "institution"),
            application_count=_count(positions.filter(application__isnull=False), "institution"),
        )
        .prefetch_related("tags")
        .order_by("priority", "name", "pk")
    )


def positions_for_list(*, user) -> QuerySet[Position]:
    return (
        Position.objects.for_user(user)
        .select_related("institution", "season", "application__stage")
        .order_by(F("deadline_at").asc(nulls_last=True), "pk")
    )


def institution_positions(*, institution: Institution) -> QuerySet[Position]:
    return institution.positions.select_related("season", "application__stage").order_by(
        "-season__start_year", "deadline_at"
    )


# Seasons


def current_season(*, user) -> Season:
    """The season running today; until it exists (a new one opens each August), the latest one there is.

    Reads only: seasons are created at sign-up, at log-in and by the chore that opens new seasons every few
    hours. An account without any season gets an unsaved one, which pages show as empty.
    """
    start_year = Season.start_year_for(timezone.localdate())
    seasons = Season.objects.for_user(user).filter(start_year__lte=start_year).order_by("-start_year")
    return seasons.first() or Season(owner=user, start_year=start_year)


@dataclass
class SeasonChoice:
    season: Season
    seasons: list[Season]


def season_from_request(request) -> SeasonChoice:
    """The season a page shows: `?season=<id>` when it is the user's, else the current one."""
    seasons = list(Season.objects.for_user(request.user))
    chosen = int_param(request, "season")
    season = next((s for s in seasons if s.pk == chosen), None) or current_season(user=request.user)
    if season not in seasons:
        seasons.insert(0, season)
    return SeasonChoice(season, seasons)


def seasons_with_postings(*, user) -> QuerySet[Season]:
    return Season.objects.for_user(user).annotate(position_count=Count("positions"))


# The season at a glance


@dataclass
class StageCount:
    stage: Stage
    count: int


@dataclass
class StageCounts:
    by_track: dict[str, list[StageCount]]
    active_by_track: dict[str, int]


def stage_counts(*, user, season: Season) -> StageCounts:
    stages = (
        Stage.objects.for_user(user)
        .annotate(n=Count("applications", filter=Q(applications__position__season_id=season.pk)))
        .order_by("track", "order", "id")
    )
    by_track: dict[str, list[StageCount]] = {track: [] for track in Stage.Track.values}
    active = dict.fromkeys(Stage.Track.values, 0)
    for stage in stages:
        if stage.is_archived and not stage.n:
            continue
        by_track[stage.track].append(StageCount(stage, stage.n))
        if stage.is_active:
            active[stage.track] += stage.n
    return StageCounts(by_track, active)


def season_positions(*, user, season: Season) -> QuerySet[Position]:
    # By id: an account whose current season is not saved yet (see current_season) simply has no rows in it.
    return (
        Position.objects.for_user(user).filter(season_id=season.pk).select_related("institution", "application__stage")
    )


def upcoming_deadlines(*, user, season: Season, now: dt.datetime | None = None) -> QuerySet[Position]:
    """Deadlines of the next 30 days, except those of closed applications and withdrawn postings."""
    now = now or timezone.now()
    return (
        season_positions(user=user, season=season)
        .filter(deadline_at__gte=now, deadline_at__lte=now + dt.timedelta(days=UPCOMING_DAYS))
        .exclude(application__stage__category__in=Stage.CLOSED_CATEGORIES)
        .exclude(withdrawn=True)
        .order_by("deadline_at")
    )


def missed_deadlines(*, user, season: Season, now: dt.datetime | None = None) -> QuerySet[Position]:
    now = now or timezone.now()
    return (
        season_positions(user=user, season=season)
        .filter(deadline_at__lt=now, application__isnull=True)
        .order_by("-deadline_at")
    )


def recent_changes(*, user, season: Season) -> QuerySet[StageEvent]:
    """The owner's stage changes in a season, newest first.

    Read through stageevent_owner_occurred_idx, newest first, checking each event's season as it goes, so a
    LIMIT stops after a few rows. The season is checked by a subquery per event, not by the join: with the join,
    PostgreSQL multiplies the season's selectivity among all users' postings by the owner's share of all events,
    and once other users hold most rows it starts from the season's postings and sorts every event of the owner
    (0.3 ms -> 90 ms with 1,000 other users, issue 13; tests/test_query_plans.py checks the plan).
    """
    season_of = Application.objects.filter(pk=OuterRef("application_id")).order_by().values("position__season_id")
    return (
        StageEvent.objects.for_user(user)
        .alias(season_id=Subquery(season_of[:1]))
        .filter(season_id=season.pk)
        .select_related("application__position__institution", "from_stage", "to_stage")
        .order_by("-occurred_at", "-id")
    )


# One application


def earlier_applications(*, user, institution: Institution, season: Season) -> QuerySet[Application]:
    """Applications to the same place (same row or same name) in seasons before this one."""
    return (
        applications_for_list(user=user)
        .annotate(institution_lname=Lower("position__institution__name"))
        .filter(
            # Lower() on both sides, so SQLite's ASCII-only folding applies to both ("École" matches "École").
            Q(position__institution=institution) | Q(institution_lname=Lower(Value(institution.name))),
            position__season__start_year__lt=season.start_year,
        )
        .order_by("-position__season__start_year", "-stage_changed_at")
    )


def application_timeline(*, application: Application) -> QuerySet[StageEvent]:
    return application.events.select_related("from_stage", "to_stage").order_by("-occurred_at", "-id")


def postings_without_application(*, user) -> QuerySet[Position]:
    return Position.objects.for_user(user).filter(application__isnull=True).select_related("institution", "season")


def stages_by_track(*, user, include_archived: bool = True) -> dict[str, list[Stage]]:
    stages = Stage.objects.for_user(user).annotate(n=Count("applications")).order_by("track", "order", "id")
    if not include_archived:
        stages = stages.filter(is_archived=False)
    grouped: dict[str, list[Stage]] = {track: [] for track in Stage.Track.values}
    for stage in stages:
        grouped[stage.track].append(stage)
    return grouped
