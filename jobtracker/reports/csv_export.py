"""Streamed CSV exports: rows are written as the database hands them over, never all in memory.

Each takes the applications to export (all of the user's, or what the list shows: see scope.py).
"""

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from jobtracker.pipeline.models import Application
from jobtracker.reports.scope import in_export_order, stage_events

CHUNK_SIZE = 500


def _local(value, zone: ZoneInfo) -> str:
    # Streaming runs after the time-zone middleware has finished, so the zone is passed explicitly.
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if value else ""


APPLICATION_HEADER = [
    "institution",
    "department",
    "position",
    "kind",
    "season",
    "track",
    "stage",
    "outcome",
    "deadline",
    "deadline time zone",
    "deadline in your zone",
    "submitted on",
    "last change",
]


def application_rows(*, user, applications: QuerySet[Application]) -> Iterator[list]:
    zone = ZoneInfo(user.time_zone)
    for app in in_export_order(applications.filter(owner=user)).iterator(chunk_size=CHUNK_SIZE):
        position = app.position
        yield [
            position.institution.name,
            position.institution.department,
            position.title,
            position.get_kind_display(),
            position.season.name,
            app.get_track_display(),
            app.stage.name,
            app.stage.get_category_display(),
            # The posting's own wall time beside its zone, as the posting states it; then the same moment in yours.
            _local(position.deadline_at, ZoneInfo(position.deadline_tz)) if position.deadline_at else "",
            position.deadline_tz if position.deadline_at else "",
            _local(position.deadline_at, zone),
            app.submitted_on.isoformat() if app.submitted_on else "",
            _local(app.stage_changed_at, zone),
        ]


HISTORY_HEADER = ["institution", "position", "track", "from stage", "to stage", "when", "note"]


def stage_history_rows(*, user, applications: QuerySet[Application]) -> Iterator[list]:
    zone = ZoneInfo(user.time_zone)
    for event in stage_events(user=user, applications=applications).iterator(chunk_size=CHUNK_SIZE):
        position = event.application.position
        yield [
            position.institution.name,
            position.title,
            event.application.get_track_display(),
            event.from_stage.name if event.from_stage_id else "",
            event.to_stage.name,
            _local(event.occurred_at, zone),
            event.note,
        ]
