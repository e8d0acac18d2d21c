from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.services import model_delete
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import act, submit
from jobtracker.materials import selectors, services
from jobtracker.materials.forms import ChecklistForm, RequirementForm
from jobtracker.materials.models import Requirement
from jobtracker.pipeline.models import Application, Position


@login_required
@require_http_methods(["GET", "POST"])
def position_requirements(request, pk):
    position = owned_or_404(Position.objects.select_related("institution"), request, pk=pk)
    form = RequirementForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: services.add_requirement(position=position, data=data),
        message=lambda requirement: f"Added “{requirement}” to what this posting asks for.",
        success=reverse("materials:position_requirements", args=[position.pk]),
    )
    if added:
        return added
    context = {
        "position": position,
        "requirements": selectors.position_requirements(position=position),
        "form": form,
        **selectors.requirement_sources(user=request.user, position=position),
    }
    return render(request, "materials/position_requirements.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def requirement_delete(request, pk):
    requirement = owned_or_404(Requirement, request, pk=pk)
    position_pk = requirement.position_id
    sent = requirement.submissions.count()
    if sent and request.POST.get("confirm") != "yes":
        messages.error(
            request,
            f"“{requirement}” has a version attached for {sent} application(s); confirm to remove it and that record.",
        )
        return redirect("materials:position_requirements", pk=position_pk)
    return act(
        request,
        lambda: model_delete(instance=requirement),
        message=f"Removed “{requirement}”.",
        success=reverse("materials:position_requirements", args=[position_pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_checklist(request, pk):
    application = owned_or_404(
        selectors.with_checklist_progress(Application.objects.select_related("position__institution", "stage")),
        request,
        pk=pk,
    )
    rows = selectors.checklist(application=application)
    versions = list(selectors.version_choices(user=request.user))
    form = ChecklistForm(request.POST or None, rows=rows, versions=versions)
    saved = submit(
        request,
        form,
        lambda data: services.save_checklist(
            application=application, chosen={row.requirement: data[form.field_name(row.requirement)] for row in rows}
        ),
        message="Checklist saved.",
        success=reverse("materials:application_checklist", args=[application.pk]),
    )
    if saved:
        return saved
    context = {
        "application": application,
        "position": application.position,
        "form": form,
        "rows": rows,
        "letters": selectors.application_letters(application=application),
        "progress": selectors.checklist_numbers(application, application.position),
        **(selectors.requirement_sources(user=request.user, position=application.position) if not rows else {}),
    }
    return render(request, "materials/application_checklist.html", context, status=400 if form.errors else 200)
