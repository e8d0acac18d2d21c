from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jobtracker.core.forms import add_errors
from jobtracker.core.shortcuts import int_param, owned_or_404
from jobtracker.core.views import confirm_delete, form_page
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.forms import ApplicationCreateForm, ApplicationEditForm
from jobtracker.pipeline.models import Application


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    initial = {}
    position_id = int_param(request, "position")
    position = None
    if position_id:
        position = selectors.postings_without_application(user=request.user).filter(pk=position_id).first()
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
            add_errors(form, error)
        else:
            messages.success(request, f"Now tracking {application}.")
            return redirect(application)
    earlier = (
        selectors.earlier_applications(user=request.user, institution=position.institution, season=position.season)
        if position
        else []
    )
    context = {"form": form, "earlier": earlier, "position": position}
    return render(request, "pipeline/application_create.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = owned_or_404(Application.objects.select_related("position__institution"), request, pk=pk)
    form = ApplicationEditForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(application=application, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Application saved.")
            return redirect(application)
    return form_page(request, form, title=f"Edit application: {application}", cancel_url=application.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request, pk):
    application = owned_or_404(Application.objects.select_related("position__institution"), request, pk=pk)
    position = application.position
    return confirm_delete(
        request,
        application,
        success_url=position.get_absolute_url(),
        cancel_url=application.get_absolute_url(),
        note="The posting itself is kept.",
        message=f"Stopped tracking the application for {position}; the posting is kept.",
    )
