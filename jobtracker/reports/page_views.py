"""The season report page, its PDF, and report files built in the background with a progress bar."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.reports import builders, charts, pdf, season, selectors, services
from jobtracker.reports.forms import PAPER_CHOICES, ReportForm, ShareLinkForm
from jobtracker.reports.models import ReportFile
from jobtracker.reports.scope import applications_for_query

PDF_TYPE = "application/pdf"
# A worker that has not started a build after this long is probably not running; the page says so.
QUEUE_PATIENCE_SECONDS = 60


def report_context(report, *, today) -> dict:
    """What the report templates need beyond the report itself: its pictures."""
    return {
        "report": report,
        "funnels": [
            (summary, charts.funnel_svg(summary.funnel, title=f"{summary.label} funnel"))
            for summary in report.summaries
        ],
        "weekly_chart": charts.weekly_svg(report.weekly_changes, today=today) if report.weekly_changes else "",
    }


def _paper(request) -> str:
    return request.GET.get("paper") if request.GET.get("paper") in dict(PAPER_CHOICES) else "A4"


def _pdf_name(report) -> str:
    return f"jobtracker-season-{report.options.season.name}-{report.generated_at:%Y-%m-%d}.pdf"


@login_required
@require_GET
def report_page(request):
    chosen = selectors.options_from_query(request.user, request.GET)
    report = season.build(user=request.user, options=chosen)
    context = {
        **report_context(report, today=timezone.localdate()),
        "form": ReportForm(owner=request.user, chosen=chosen),
        "chosen": chosen,
        "query": chosen.query(),
        "papers": PAPER_CHOICES,
        "share_form": ShareLinkForm(),
        "in_background": selectors.application_count(request.user, chosen) > settings.REPORTS_INLINE_MAX_APPLICATIONS,
    }
    return render(request, "reports/report.html", context)


@login_required
@require_GET
def report_pdf(request):
    """The PDF, rendered in the request: a season of ordinary size (up to 150 applications) takes a second or two."""
    chosen = selectors.options_from_query(request.user, request.GET)
    if selectors.application_count(request.user, chosen) > settings.REPORTS_INLINE_MAX_APPLICATIONS:
        messages.info(request, "This season is large, so its PDF is built in the background: press “Build PDF”.")
        return redirect(f"{reverse('reports:report')}?{chosen.query()}")
    report = season.build(user=request.user, options=chosen)
    data = pdf.render_pdf(report, paper=_paper(request))
    response = HttpResponse(data, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_pdf_name(report)}"'
    return response


@login_required
@require_POST
def file_create(request):
    """Queue a PDF or a workbook; the next page shows its progress and then the download."""
    kind = request.POST.get("kind")
    query = request.POST.get("query", "")[:2000]
    if kind == ReportFile.Kind.PDF:
        data = QueryDict(query, mutable=True)
        data["paper"] = request.POST.get("paper") if request.POST.get("paper") in dict(PAPER_CHOICES) else "A4"
        chosen = selectors.options_from_query(request.user, data)
        query = f"{chosen.query()}&paper={data['paper']}"
        description = f"Season {chosen.season.name} report ({data['paper']})"
        filename = f"jobtracker-season-{chosen.season.name}-{timezone.localdate():%Y-%m-%d}.pdf"
    elif kind == ReportFile.Kind.WORKBOOK:
        _applications, scope = applications_for_query(request.user, QueryDict(query))
        description = f"Workbook ({scope})"
        filename = f"jobtracker-{timezone.localdate():%Y-%m-%d}.xlsx"
    else:
        messages.error(request, "Choose a PDF or a workbook.")
        return redirect("reports:report")
    report_file = services.request_file(
        user=request.user, kind=kind, query=query, description=description, filename=filename
    )
    return redirect(report_file)


def _file(request, pk) -> ReportFile:
    return owned_or_404(ReportFile, request, pk=pk)


@login_required
@require_GET
def file_detail(request, pk):
    report_file = _file(request, pk)
    waited = (timezone.now() - report_file.created_at).total_seconds()
    context = {
        "file": report_file,
        "stalled": report_file.status == ReportFile.Status.QUEUED and waited > QUEUE_PATIENCE_SECONDS,
    }
    template = "reports/_file_progress.html" if request.htmx else "reports/file_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def file_build_here(request, pk):
    """Build a file that no worker picked up (or that failed) in this request instead."""
    report_file = _file(request, pk)
    ReportFile.objects.filter(
        pk=report_file.pk, status__in=[ReportFile.Status.QUEUED, ReportFile.Status.FAILED]
    ).update(status=ReportFile.Status.QUEUED, error="", done=0, total=0)
    if services.build_file(pk=report_file.pk, render=builders.render) is None:
        messages.error(request, "The file could not be built here either; the reason is shown below.")
    return redirect(report_file)


@login_required
@require_GET
def file_download(request, pk):
    report_file = _file(request, pk)
    if report_file.status != ReportFile.Status.DONE or not report_file.file:
        raise Http404("This file is not ready, or it has expired.")
    content_type = PDF_TYPE if report_file.kind == ReportFile.Kind.PDF else builders.XLSX_TYPE
    return FileResponse(
        report_file.file.open("rb"), as_attachment=True, filename=report_file.filename, content_type=content_type
    )
