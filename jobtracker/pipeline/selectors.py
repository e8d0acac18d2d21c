"""Reads for pages and exports. Each returns a fixed number of queries whatever the data size."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone

from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent

UPCOMING_DAYS = 30


def applications_for_list(*, user) -> QuerySet[Application]:
    return (
        Application.objects.for_user(user)
        .select_related("position__institution", "position__season", "stage")
        .order_by("-stage_changed_at", "pk")
    )


def institutions_for_list(*, user) -> QuerySet[Institution]:
    return (
        Institution.objects.for_user(user)
        .annotate(
            position_count=Count("positions", distinct=True),
            application_count=Count("positions__application", distinct=True),
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


@dataclass
class StageCount:
    stage: Stage
    count: int


@dataclass
class Dashboard:
    season: Season
    counts_by_track: dict[str, list[StageCount]]
    active_by_track: dict[str, int]
    upcoming: list[Position]
    recent_events: list[StageEvent]
    missed: list[Position]


def dashboard(*, user, season: Season, now: dt.datetime | None = None, annotate_positions=None) -> Dashboard:
    """The season at a glance; `annotate_positions` lets another app add columns to the deadline list."""
    now = now or timezone.now()
    stages = (
        Stage.objects.for_user(user)
        .annotate(n=Count("applications", filter=Q(applications__position__season=season)))
        .order_by("track", "order", "id")
    )
    counts_by_track: dict[str, list[StageCount]] = {track: [] for track in Stage.Track.values}
    active_by_track = dict.fromkeys(Stage.Track.values, 0)
    for stage in stages:
        if stage.is_archived and not stage.n:
            continue
        counts_by_track[stage.track].append(StageCount(stage, stage.n))
        if stage.is_active:
            active_by_track[stage.track] += stage.n

    season_positions = (
        Position.objects.for_user(user).filter(season=season).select_related("institution", "application__stage")
    )
    upcoming_positions = annotate_positions(season_positions) if annotate_positions else season_positions
    upcoming = list(
        upcoming_positions.filter(deadline_at__gte=now, deadline_at__lte=now + dt.timedelta(days=UPCOMING_DAYS))
        .exclude(application__stage__category__in=[Stage.Category.LOST, Stage.Category.WITHDRAWN])
        .order_by("deadline_at")
    )
    missed = list(season_positions.filter(deadline_at__lt=now, application__isnull=True).order_by("-deadline_at")[:20])
    recent_events = list(
        StageEvent.objects.for_user(user)
        .filter(application__position__season=season)
        .select_related("application__position__institution", "from_stage", "to_stage")
        .order_by("-occurred_at", "-id")[:10]
    )
    return Dashboard(season, counts_by_track, active_by_track, upcoming, recent_events, missed)


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


def stages_by_track(*, user, include_archived: bool = True) -> dict[str, list[Stage]]:
    stages = Stage.objects.for_user(user).annotate(n=Count("applications")).order_by("track", "order", "id")
    if not include_archived:
        stages = stages.filter(is_archived=False)
    grouped: dict[str, list[Stage]] = {track: [] for track in Stage.Track.values}
    for stage in stages:
        grouped[stage.track].append(stage)
    return grouped
