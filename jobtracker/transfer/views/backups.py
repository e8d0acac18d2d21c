"""Backups: ask for one, watch its progress, download it (the owner only), and restores of uploaded backups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.transfer import restorer, services
from jobtracker.transfer.forms import RestoreUploadForm
from jobtracker.transfer.inspection import Inspection
from jobtracker.transfer.models import Backup, Restore

# A job no worker has started after this long probably has no worker; the page offers to run it in the request.
QUEUE_PATIENCE_SECONDS = 60


def _stalled(job) -> bool:
    return (
        job.status == job.Status.QUEUED and (timezone.now() - job.created_at).total_seconds() > QUEUE_PATIENCE_SECONDS
    )


@login_required
@require_GET
def backup_list(request):
    context = {
        "backups": Backup.objects.for_user(request.user)[:10],
        "restores": Restore.objects.for_user(request.user)[:5],
        "form": RestoreUploadForm(),
        "holdings": restorer.account_holdings(request.user),
    }
    return render(request, "transfer/backups.html", context)


@login_required
@require_POST
def backup_create(request):
    return redirect(services.request_backup(user=request.user))


@login_required
@require_GET
def backup_detail(request, pk):
    backup = owned_or_404(Backup, request, pk=pk)
    template = "transfer/_backup_progress.html" if request.htmx else "transfer/backup_detail.html"
    return render(request, template, {"backup": backup, "stalled": _stalled(backup)})


@login_required
@require_POST
def backup_build_here(request, pk):
    """Build a backup that no worker picked up (or that failed) in this request instead."""
    backup = owned_or_404(Backup, request, pk=pk)
    if backup.status == Backup.Status.DONE:
        return redirect(backup)
    services.retry_backup(backup=backup)
    if services.build_backup(pk=backup.pk) is None:
        messages.error(request, "The backup could not be built here either; the reason is shown below.")
    return redirect(backup)


@login_required
@require_GET
def backup_download(request, pk):
    backup = owned_or_404(Backup, request, pk=pk)
    if backup.status != Backup.Status.DONE or not backup.file:
        raise Http404("This backup is not ready, or it has expired.")
    response = FileResponse(
        backup.file.open("rb"), as_attachment=True, filename=backup.filename, content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def restore_upload(request):
    form = RestoreUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            restore = services.start_restore(user=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.message_dict.get("file", error.messages))
        else:
            return redirect(restore)
    context = {"form": form, "holdings": restorer.account_holdings(request.user)}
    return render(request, "transfer/restore_upload.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def restore_detail(request, pk):
    restore = owned_or_404(Restore, request, pk=pk)
    found = Inspection(**restore.inspection) if restore.inspection else None
    context = {
        "restore": restore,
        "found": found,
        "holdings": restorer.account_holdings(request.user) if not restore.finished else [],
        "stalled": _stalled(restore),
    }
    template = "transfer/_restore_progress.html" if request.htmx else "transfer/restore_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def restore_commit(request, pk):
    restore = owned_or_404(Restore, request, pk=pk)
    try:
        services.queue_restore(restore=restore)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(restore)


@login_required
@require_POST
def restore_run_here(request, pk):
    """Run a restore that no worker picked up in this request instead (the page waits until it is done)."""
    restore = owned_or_404(Restore, request, pk=pk)
    if restore.status == Restore.Status.QUEUED and services.run_restore(pk=restore.pk) is None:
        messages.error(request, "The restore did not complete; the reason is shown below.")
    return redirect(restore)
