"""Importing applications from a spreadsheet: upload, choose columns, preview every row, commit all or nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import submit
from jobtracker.transfer import sheet_plan, sheet_services
from jobtracker.transfer.forms import SheetChoicesForm, SheetUploadForm
from jobtracker.transfer.models import SheetImport

PREVIEW_ROWS = 500


@login_required
@require_http_methods(["GET", "POST"])
def sheet_upload(request):
    form = SheetUploadForm(request.POST or None, request.FILES or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sheet = sheet_services.start_import(
            owner=request.user,
            upload=data["file"],
            table=data["table"],
            time_zone=data["time_zone"],
            create_institutions=data["create_institutions"],
        )
        return redirect(sheet)
    recent = SheetImport.objects.for_user(request.user).only("pk", "original_name", "committed_at", "created_at")
    context = {"form": form, "recent": recent[:10]}
    return render(request, "transfer/sheet_upload.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_detail(request, pk):
    sheet = owned_or_404(SheetImport, request, pk=pk)
    if sheet.committed_at:
        return render(request, "transfer/sheet_done.html", {"sheet": sheet})
    form = SheetChoicesForm(request.POST or None, sheet=sheet)
    saved = submit(
        request,
        form,
        lambda data: sheet_services.set_choices(
            sheet=sheet,
            mapping=data["mapping"],
            time_zone=data["time_zone"],
            create_institutions=data["create_institutions"],
        ),
        message="Choices saved; here is what the import would do.",
        success=sheet,
    )
    if saved:
        return saved
    rows = sheet_plan.from_data(sheet.plan) or []
    context = {
        "sheet": sheet,
        "form": form,
        "rows": rows[:PREVIEW_ROWS],
        "more": max(0, len(rows) - PREVIEW_ROWS),
        "counts": sheet_plan.counts(rows),
        "planned": sheet.plan is not None,
    }
    return render(request, "transfer/sheet_preview.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def sheet_commit(request, pk):
    sheet = owned_or_404(SheetImport, request, pk=pk)
    try:
        result = sheet_services.commit(sheet=sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(sheet)
    messages.success(
        request,
        f"Imported {result['new']} application{'s' if result['new'] != 1 else ''}"
        + (f"; {result['exists']} already in your list were left as they were." if result["exists"] else "."),
    )
    return redirect(sheet)
