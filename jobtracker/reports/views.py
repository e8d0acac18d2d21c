from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from jobtracker.core.csv_files import csv_response
from jobtracker.reports import csv_export


@login_required
def export_index(request):
    return render(request, "reports/export_index.html")


@login_required
def applications_csv(request):
    return csv_response(
        filename=f"applications-{timezone.localdate():%Y-%m-%d}.csv",
        header=csv_export.APPLICATION_HEADER,
        rows=csv_export.application_rows(user=request.user),
    )


@login_required
def stage_history_csv(request):
    return csv_response(
        filename=f"stage-history-{timezone.localdate():%Y-%m-%d}.csv",
        header=csv_export.HISTORY_HEADER,
        rows=csv_export.stage_history_rows(user=request.user),
    )
