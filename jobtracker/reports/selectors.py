"""Reads for the report pages: the options a query string asks for, resolved against the user's own rows."""

from django.http import QueryDict

from jobtracker.pipeline.models import Application, Season
from jobtracker.pipeline.selectors import current_season
from jobtracker.reports import options as report_options
from jobtracker.reports.models import ShareLink


def chosen_season(user, raw) -> Season:
    """The user's season with this id, else the current one (another user's id is simply not found)."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        pk = None
    return (Season.objects.for_user(user).filter(pk=pk).first() if pk else None) or current_season(user=user)


def options_from_query(user, data: QueryDict) -> report_options.ReportOptions:
    return report_options.from_query(data, season=chosen_season(user, data.get("season")))


def application_count(user, options: report_options.ReportOptions) -> int:
    if options.season.pk is None:
        return 0
    return Application.objects.for_user(user).filter(position__season=options.season, track__in=options.tracks).count()


def share_links(user):
    return ShareLink.objects.for_user(user).select_related("season")
