from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.forms import add_errors
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import act, confirm_delete, focus, form_page, submit
from jobtracker.materials import selectors, services
from jobtracker.materials.forms import DocumentCreateForm, DocumentEditForm, VersionUploadForm
from jobtracker.materials.models import Document, DocumentVersion


@login_required
def document_list(request):
    show_archived = request.GET.get("archived") == "1"
    documents = list(selectors.library(user=request.user, include_archived=show_archived))
    for document in documents:
        document.current = selectors.current_version(document)
        document.sent_count = sum(version.use_count for version in document.versions.all())
    return render(request, "materials/document_list.html", {"documents": documents, "show_archived": show_archived})


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    form = DocumentCreateForm(request.POST or None, request.FILES or None)
    created = submit(
        request,
        form,
        lambda data: services.create_document(
            owner=request.user, upload=data["file"], **{k: v for k, v in data.items() if k != "file"}
        ),
        message=lambda document: f"Added {document} with its first version.",
        success=lambda document: document,
    )
    focus(form)
    return created or render(request, "materials/document_create.html", {"form": form})


def _detail(request, document, upload_form, status=200):
    versions = list(selectors.document_versions(document=document))
    document.current = selectors.current_version(document)
    for version in versions:  # what its "current" button does, if it has one
        version.pin_action = selectors.pin_action(document=document, version=version)
    context = {"document": document, "versions": versions, "upload_form": upload_form}
    return render(request, "materials/document_detail.html", context, status=status)


@login_required
def document_detail(request, pk):
    document = owned_or_404(Document, request, pk=pk)
    return _detail(request, document, VersionUploadForm())


@login_required
@require_POST
def document_upload(request, pk):
    document = owned_or_404(Document.objects.filter(archived_at__isnull=True), request, pk=pk)
    form = VersionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.add_version(
                document=document,
                upload=form.cleaned_data["file"],
                label=form.cleaned_data["label"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            current = (
                "It is now the current version."
                if document.pinned_version_id is None
                else ("The current version stays the one you chose; make this one current from its row.")
            )
            messages.success(request, f"Uploaded {version.label}. {current}")
            stale = selectors.stale_pending(version=version).count()
            if stale:
                messages.info(request, f"{stale} pending application(s) still point at an older version.")
                return redirect(version)
            return redirect(document)
    return _detail(request, document, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = owned_or_404(Document, request, pk=pk)
    form = DocumentEditForm(request.POST or None, instance=document)
    saved = submit(
        request,
        form,
        lambda data: services.update_document(document=document, data=data),
        message="Document saved.",
        success=document,
    )
    return saved or form_page(request, form, title=f"Edit {document}", cancel_url=document.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, pk):
    document = owned_or_404(Document, request, pk=pk)
    sent = selectors.document_versions(document=document).filter(use_count__gt=0).count()
    note = (
        f"{sent} version(s) were sent with applications: their files go, but the record of what was sent "
        "(label, file name, size, checksum, date) stays on those applications."
        if sent
        else ""
    )

    def delete(row):
        if services.delete_document(document=row) == "archived":
            return f"Deleted the files of {row}; the record of what was sent where is kept."
        return f"Deleted {row}."

    return confirm_delete(
        request,
        document,
        success_url=reverse("materials:document_list"),
        cancel_url=document.get_absolute_url(),
        delete=delete,
        note=note,
        consequences=[f"{document.versions.count()} version(s) and their files"],
    )


@login_required
def version_detail(request, pk):
    version = owned_or_404(DocumentVersion.objects.select_related("document"), request, pk=pk)
    context = {
        "version": version,
        "document": version.document,
        "uses": selectors.where_it_went(version=version),
        "stale": list(selectors.stale_pending(version=version)),
    }
    return render(request, "materials/version_detail.html", context)


@login_required
def version_download(request, pk):
    version = owned_or_404(DocumentVersion, request, pk=pk)
    if not version.is_available:
        raise Http404("This version's file was deleted.")
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def version_delete(request, pk):
    version = owned_or_404(DocumentVersion.objects.select_related("document"), request, pk=pk)
    uses = version.submissions.count()
    note = (
        f"This version was sent with {uses} application(s). Its file will be deleted, but the record of what "
        "was sent (label, file name, size, checksum, date) stays on those applications."
        if uses
        else ""
    )

    def delete(row):
        if services.delete_version(version=row) == "kept":
            return f"Deleted the file of {row.label}; the record of where it was sent is kept."
        return f"Deleted {row.label}."

    return confirm_delete(
        request,
        version,
        success_url=version.document.get_absolute_url(),
        cancel_url=version.get_absolute_url(),
        delete=delete,
        note=note,
        consequences=["the uploaded file"],
    )


@login_required
@require_POST
def version_pin(request, pk):
    """Make this version the document's current one, or (when it is already) go back to the newest."""
    version = owned_or_404(DocumentVersion.objects.select_related("document"), request, pk=pk)
    document = version.document
    unpin = document.pinned_version_id == version.pk
    return act(
        request,
        lambda: services.set_pin(document=document, version=None if unpin else version),
        message="The newest version is current again." if unpin else f"{version.label} is now the current version.",
        success=document,
    )


@login_required
@require_POST
def version_switch(request, pk):
    version = owned_or_404(DocumentVersion, request, pk=pk)
    chosen = [int(v) for v in request.POST.getlist("submission") if v.isascii() and v.isdigit() and len(v) <= 18]
    if not chosen:
        messages.error(request, "Tick at least one application to switch.")
        return redirect(version)
    return act(
        request,
        lambda: (
            f"{services.switch_pending_to(version=version, submission_ids=chosen)} pending application(s) "
            f"now use {version.label}."
        ),
        message="",
        success=version,
    )
