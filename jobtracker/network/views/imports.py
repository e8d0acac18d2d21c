from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.csv_files import csv_response
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import submit
from jobtracker.network import importer, services
from jobtracker.network.forms import ImportUploadForm, MappingForm
from jobtracker.network.models import ContactImport

# The pages read the plan stored on the import when the file was uploaded or mapped, never the file: the stored
# plan itself (large) only for the row report; the preview reads its summary.
WITHOUT_PLAN = ContactImport.objects.defer("plan")


@login_required
@require_http_methods(["GET", "POST"])
def contact_import(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        started = services.start_import(
            owner=request.user, upload=form.cleaned_data["file"], table=form.cleaned_data["table"]
        )
        return redirect(started)
    recent = ContactImport.objects.for_user(request.user).only("pk", "original_name", "committed_at", "created_at")
    return render(request, "network/import_upload.html", {"form": form, "recent": recent[:10]})


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, pk):
    """Mapping (for generic files) and the preview of what committing would do. Writes no contacts.

    An import without a stored plan (a generic file whose name column was not guessed, or one uploaded before
    plans were stored) shows only the form; its POST plans it.
    """
    contact_import = owned_or_404(WITHOUT_PLAN, request, pk=pk)
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
    summary = contact_import.summary if contact_import.planned_at else None
    context = {
        "contact_import": contact_import,
        "form": form,
        "summary": summary,
        "more": {  # what the lists on the page leave out (the row report has every row)
            "rejected": summary["rejected"] - len(summary["rejected_rows"]),
            "warned": summary["warned"] - len(summary["warned_rows"]),
            "affiliations": summary["unmatched"] - len(summary["affiliations"]),
        }
        if summary
        else {},
        "name_mapped": "name" in contact_import.mapping or contact_import.format == ContactImport.Format.CSRANKINGS,
    }
    return render(request, "network/import_preview.html", context)


@login_required
def import_rows(request, pk):
    """Every row with what happened (or would happen) to it, and why, from the report or the stored plan."""
    contact_import = owned_or_404(ContactImport.objects.defer("plan", "summary"), request, pk=pk)
    if contact_import.committed_at:
        rows = contact_import.report.get("row_outcomes", [])
    elif contact_import.planned_at:
        # Only the plan's rows, not the people planned from them (the database extracts them).
        stored = ContactImport.objects.filter(pk=contact_import.pk).values_list("plan__rows", flat=True).first()
        rows = importer.report_rows(stored)
    else:
        return redirect(contact_import)  # nothing planned yet: the page says how to get a plan
    return csv_response(filename="import-report.csv", header=["line", "name", "outcome", "detail"], rows=rows)


@login_required
@require_POST
def import_commit(request, pk):
    contact_import = owned_or_404(WITHOUT_PLAN, request, pk=pk)
    try:
        result = services.commit_import(contact_import=contact_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if not ContactImport.objects.filter(pk=contact_import.pk).exists():  # expired meanwhile
            return redirect("network:contact_import")
        return redirect(contact_import)
    messages.success(
        request, f"Imported {result['rows']} rows: {result['created']} new contacts, {result['merged']} rows merged."
    )
    return redirect(contact_import)
