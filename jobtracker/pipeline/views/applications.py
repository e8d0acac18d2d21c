from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jobtracker.core.shortcuts import int_param, owned_or_404
from jobtracker.core.views import confirm_delete, form_page, submit
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
    created = submit(
        request,
        form,
        lambda data: services.create_application(owner=request.user, **data),
        message=lambda application: f"Now tracking {application}.",
        success=lambda application: application,
    )
    if created:
        return created
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
    saved = submit(
        request,
        form,
        lambda data: services.update_application(application=application, data=data),
        message="Application saved.",
        success=application,
    )
    title = f"Edit application: {application}"
    return saved or form_page(request, form, title=title, cancel_url=application.get_absolute_url())


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
