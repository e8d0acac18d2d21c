import tempfile
from contextlib import ExitStack

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from jobtracker.core.csv_files import csv_response
from jobtracker.reports import csv_export, scope, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook cannot be streamed while it is written (the zip's directory comes last): it is built in memory
# up to this size, on disk beyond it, then sent.
WORKBOOK_SPOOL_BYTES = 8 * 1024 * 1024


@login_required
def export_index(request):
    applications, description = scope.exported_applications(request)
    count = applications.count()
    context = {
        "form": scope.filter_form(request.user, request.GET),
        "count": count,
        "in_background": count > settings.REPORTS_INLINE_MAX_APPLICATIONS,
        "description": description,
        "query": scope.filter_query(request.GET),
    }
    return render(request, "reports/export_index.html", context)


@login_required
def applications_csv(request):
    applications, _description = scope.exported_applications(request)
    return csv_response(
        filename=f"applications-{timezone.localdate():%Y-%m-%d}.csv",
        header=csv_export.APPLICATION_HEADER,
        rows=csv_export.application_rows(user=request.user, applications=applications),
    )


@login_required
def stage_history_csv(request):
    applications, _description = scope.exported_applications(request)
    return csv_response(
        filename=f"stage-history-{timezone.localdate():%Y-%m-%d}.csv",
        header=csv_export.HISTORY_HEADER,
        rows=csv_export.stage_history_rows(user=request.user, applications=applications),
    )


@login_required
def applications_xlsx(request):
    applications, _description = scope.exported_applications(request)
    with ExitStack() as on_error:
        target = on_error.enter_context(tempfile.SpooledTemporaryFile(max_size=WORKBOOK_SPOOL_BYTES))
        workbook.write_workbook(user=request.user, applications=applications, target=target)
        target.seek(0)
        on_error.pop_all()  # written: from now on FileResponse closes the file once it is sent
    return FileResponse(
        target, as_attachment=True, filename=f"jobtracker-{timezone.localdate():%Y-%m-%d}.xlsx", content_type=XLSX
    )
