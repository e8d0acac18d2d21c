"""Ticked rows on the lists changed at once, and one application's stage changed in its row.

Each answers with a message saying what was done and what was skipped (an application of the other track, one
already at that stage), and goes back to the list as it was (its filters and page, from `next`).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jobtracker.core.forms import CommaListField
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import safe_next
from jobtracker.pipeline import services
from jobtracker.pipeline.forms import MAX_TAGS
from jobtracker.pipeline.models import Application, Stage


def _ids(request, name: str) -> list[int]:
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()][:500]


def _stage(request) -> Stage | None:
    """The posted stage if it is one of the user's; a value that is not a number is no stage, never an error."""
    value = str(request.POST.get("stage", ""))
    return Stage.objects.for_user(request.user).filter(pk=value).first() if value.isdigit() else None


def _say(request, verb: str, result: services.BulkResult) -> None:
    noun = "application" if result.done == 1 else "applications"
    if result.done:
        messages.success(request, f"{verb} {result.done} {noun}.")
    if result.skipped:
        messages.warning(request, "Not changed: " + "; ".join(result.skipped))


@login_required
@require_POST
def application_bulk(request):
    ids = _ids(request, "application")
    back = reverse("front:application_list")
    if not ids:
        messages.error(request, "Tick at least one application; nothing was changed.")
        return safe_next(request, back)
    if request.POST.get("action") == "withdraw":
        _say(request, "Withdrew", services.withdraw_applications(owner=request.user, ids=ids))
        return safe_next(request, back)
    stage = _stage(request)
    if stage is None:
        messages.error(request, "Choose the stage to move the ticked applications to; nothing was changed.")
        return safe_next(request, back)
    _say(request, f"Moved to {stage.name}:", services.move_applications(owner=request.user, ids=ids, to_stage=stage))
    return safe_next(request, back)


@login_required
@require_POST
def application_stage(request, pk):
    """The stage menu in a list row: from the page (htmx) the answer is that cell, so the focus stays there."""
    application = owned_or_404(Application.objects.select_related("stage", "position__institution"), request, pk=pk)
    stage = _stage(request)
    error = ""
    if stage is None:
        error = "Choose a stage."
    elif stage.pk != application.stage_id:
        try:
            services.move_application(application=application, to_stage=stage)
        except ValidationError as problem:
            error = " ".join(problem.messages)
    application.refresh_from_db()
    if request.htmx:
        stages = Stage.objects.for_user(request.user).filter(track=application.track, is_archived=False)
        context = {"application": application, "stages": stages.order_by("order"), "error": error, "saved": not error}
        return render(request, "pipeline/_stage_cell.html", context)
    if error:
        messages.error(request, f"{application.position.institution.name}: {error}")
    else:
        messages.success(request, f"{application.position.institution.name} is now at {application.stage.name}.")
    return safe_next(request, reverse("front:application_list"))


class TagsForm(forms.Form):
    add = CommaListField(noun="tag", max_items=MAX_TAGS, max_length_each=40)
    remove = CommaListField(noun="tag", max_items=MAX_TAGS, max_length_each=40)


@login_required
@require_POST
def institution_bulk_tags(request):
    ids = _ids(request, "institution")
    back = reverse("pipeline:institution_list")
    form = TagsForm(request.POST)
    if not ids or not form.is_valid() or not (form.cleaned_data["add"] or form.cleaned_data["remove"]):
        problems = " ".join(e for errors in form.errors.values() for e in errors) if form.errors else ""
        messages.error(request, f"Tick institutions and name tags to add or remove; nothing was changed. {problems}")
        return safe_next(request, back)
    count = services.tag_institutions(
        owner=request.user, ids=ids, add=form.cleaned_data["add"], remove=form.cleaned_data["remove"]
    )
    messages.success(request, f"Tags changed on {count} institution{'s' if count != 1 else ''}.")
    return safe_next(request, back)
