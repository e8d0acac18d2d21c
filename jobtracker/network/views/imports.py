from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.csv_files import csv_response
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import submit
from jobtracker.network import services
from jobtracker.network.forms import ImportUploadForm, MappingForm
from jobtracker.network.models import ContactImport

PREVIEW_PEOPLE = 50


@login_required
@require_http_methods(["GET", "POST"])
def contact_import(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        started = services.start_import(
            owner=request.user, upload=form.cleaned_data["file"], header=form.cleaned_data["header"]
        )
        return redirect(started)
    recent = ContactImport.objects.for_user(request.user)[:10]
    return render(request, "network/import_upload.html", {"form": form, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, pk):
    """Mapping (for generic files) and the preview of what committing would do. Writes no contacts."""
    contact_import = owned_or_404(ContactImport, request, pk=pk)
    if contact_import.committed_at:
        return render(request, "network/import_done.html", {"contact_import": contact_import})
    form = MappingForm(
        request.POST or None,
        contact_import=contact_import,
        initial={"create_institutions": contact_import.create_institutions},
    )
    mapped = submit(
        request,
        form,
        lambda data: services.set_mapping(
            contact_import=contact_import, mapping=form.mapping(), create_institutions=data["create_institutions"]
        ),
        message="Columns saved; here is what the import would do.",
        success=contact_import,
    )
    if mapped:
        return mapped
    plan = (
        services.plan_import(contact_import=contact_import)
        if "name" in contact_import.mapping or contact_import.format == "csrankings"
        else None
    )
    context = {
        "contact_import": contact_import,
        "form": form,
        "plan": plan,
        "preview": plan.new_people[:PREVIEW_PEOPLE] if plan else [],
        "merged": plan.count("merged") if plan else 0,
    }
    return render(request, "network/import_preview.html", context)


@login_required
def import_rows(request, pk):
    """Every row with what happened (or would happen) to it, and why."""
    contact_import = owned_or_404(ContactImport, request, pk=pk)
    if contact_import.committed_at:
        rows = contact_import.report.get("row_outcomes", [])
    else:
        rows = [
            [r.number, r.name, r.outcome, r.detail] for r in services.plan_import(contact_import=contact_import).rows
        ]
    return csv_response(filename="import-report.csv", header=["line", "name", "outcome", "detail"], rows=rows)


@login_required
@require_POST
def import_commit(request, pk):
    contact_import = owned_or_404(ContactImport, request, pk=pk)
    try:
        result = services.commit_import(contact_import=contact_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(contact_import)
    messages.success(
        request, f"Imported {result['rows']} rows: {result['created']} new contacts, {result['merged']} rows merged."
    )
    return redirect(contact_import)
