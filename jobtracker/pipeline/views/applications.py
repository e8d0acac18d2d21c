from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.shortcuts import int_param, owned_or_404, paginate
from jobtracker.interviews import selectors as interview_selectors
from jobtracker.materials import selectors as materials_selectors
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.filters import ApplicationFilter
from jobtracker.pipeline.forms import ApplicationCreateForm, ApplicationEditForm, MoveForm
from jobtracker.pipeline.models import Application, Position


@login_required
def application_list(request):
    applications = materials_selectors.with_checklist_progress(selectors.applications_for_list(user=request.user))
    filterset = ApplicationFilter(request.GET, queryset=applications, owner=request.user)
    page = paginate(request, filterset.qs)
    return render(request, "pipeline/application_list.html", {"filter": filterset, "page": page})


@login_required
def application_detail(request, pk):
    applications = materials_selectors.with_checklist_progress(selectors.applications_for_list(user=request.user))
    application = owned_or_404(applications, request, pk=pk)
    return _render_detail(request, application, MoveForm(application=application))


def _render_detail(request, application, move_form, status=200):
    position = application.position
    context = {
        "application": application,
        "position": position,
        "events": selectors.application_timeline(application=application),
        "move_form": move_form,
        "earlier": selectors.earlier_applications(
            user=request.user, institution=position.institution, season=position.season
        ),
        "interviews": interview_selectors.application_interviews(application=application),
    }
    return render(request, "pipeline/application_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    initial = {}
    position_id = int_param(request, "position")
    position = None
    if position_id:
        position = (
            Position.objects.for_user(request.user)
            .filter(pk=position_id, application__isnull=True)
            .select_related("institution", "season")
            .first()
        )
        if position:
            initial = {"position": position, "track": position.default_track}
    form = ApplicationCreateForm(request.POST or None, initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                owner=request.user,
                position=form.cleaned_data["position"],
                track=form.cleaned_data["track"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Now tracking {application}.")
            return redirect(application)
    earlier = (
        selectors.earlier_applications(user=request.user, institution=position.institution, season=position.season)
        if position
        else []
    )
    context = {"form": form, "earlier": earlier, "position": position}
    return render(request, "pipeline/application_create.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = owned_or_404(Application.objects.select_related("position__institution"), request, pk=pk)
    form = ApplicationEditForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Application saved.")
        return redirect(application)
    context = {"form": form, "title": f"Edit application: {application}", "cancel_url": application.get_absolute_url()}
    return render(request, "pipeline/form.html", context)


@login_required
@require_POST
def application_move(request, pk):
    application = owned_or_404(selectors.applications_for_list(user=request.user), request, pk=pk)
    form = MoveForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.move_application(
                application=application,
                to_stage=form.cleaned_data["to_stage"],
                note=form.cleaned_data["note"],
                occurred_at=form.cleaned_data["occurred_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Moved to {form.cleaned_data['to_stage']}.")
            return redirect(application)
    return _render_detail(request, application, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request, pk):
    application = owned_or_404(Application.objects.select_related("position__institution"), request, pk=pk)
    if request.method == "POST":
        position = application.position
        application.delete()
        messages.success(request, f"Stopped tracking the application for {position}; the posting is kept.")
        return redirect(position)
    context = {
        "object": application,
        "consequences": [f"{application.events.count()} stage change(s) in its history"],
        "note": "The posting itself is kept.",
        "cancel_url": application.get_absolute_url(),
    }
    return render(request, "pipeline/confirm_delete.html", context)
