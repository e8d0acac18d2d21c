from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import act, form_page, submit
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.forms import StageForm
from jobtracker.pipeline.models import Stage


@login_required
@require_http_methods(["GET", "POST"])
def stage_settings(request):
    """Both pipelines with their stages, and a form per track to add a stage."""
    posted_track = request.POST.get("track") if request.method == "POST" else None
    if request.method == "POST" and posted_track not in Stage.Track.values:
        messages.error(request, "Choose the faculty or the industry track for the new stage.")
        return redirect("pipeline:stage_settings")
    forms = {
        track: StageForm(request.POST if track == posted_track else None, owner=request.user, track=track, prefix=track)
        for track in Stage.Track.values
    }
    form = forms.get(posted_track)
    added = form and submit(
        request,
        form,
        lambda data: services.add_stage(owner=request.user, track=posted_track, **data),
        message=lambda stage: f"Added “{stage.name}” to the {stage.get_track_display().lower()} track.",
        success=reverse("pipeline:stage_settings"),
    )
    if added:
        return added
    context = {"tracks": selectors.stages_by_track(user=request.user), "forms": forms}
    return render(request, "pipeline/stage_settings.html", context, status=400 if form is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit(request, pk):
    stage = owned_or_404(Stage, request, pk=pk)
    title = f"Edit stage “{stage.name}” ({stage.get_track_display()})"
    form = StageForm(request.POST or None, instance=stage, owner=request.user)
    back = reverse("pipeline:stage_settings")
    saved = submit(
        request,
        form,
        lambda data: services.update_stage(stage=stage, data=data),
        message=lambda saved: f"Saved stage “{saved.name}”.",
        success=back,
    )
    return saved or form_page(request, form, title=title, cancel_url=back)


@login_required
@require_POST
def stage_shift(request, pk, direction):
    stage = owned_or_404(Stage, request, pk=pk)
    services.shift_stage(stage=stage, direction=direction)
    return redirect("pipeline:stage_settings")


@login_required
@require_POST
def stage_archive(request, pk):
    stage = owned_or_404(Stage, request, pk=pk)
    archive = not stage.is_archived
    return act(
        request,
        lambda: services.set_stage_archived(stage=stage, archived=archive),
        message=f"{'Archived' if archive else 'Restored'} “{stage.name}”.",
        success="pipeline:stage_settings",
    )
