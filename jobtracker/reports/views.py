from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from jobtracker.reports import csv_export


def _csv_response(rows, filename):
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_index(request):
    return render(request, "reports/export_index.html")


@login_required
def applications_csv(request):
    rows = csv_export.stream_rows(csv_export.APPLICATION_HEADER, csv_export.application_rows(user=request.user))
    return _csv_response(rows, f"applications-{timezone.localdate():%Y-%m-%d}.csv")


@login_required
def stage_history_csv(request):
    rows = csv_export.stream_rows(csv_export.HISTORY_HEADER, csv_export.stage_history_rows(user=request.user))
    return _csv_response(rows, f"stage-history-{timezone.localdate():%Y-%m-%d}.csv")
