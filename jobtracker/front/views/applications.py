from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from jobtracker.core import fragments
from jobtracker.core.shortcuts import owned_or_404, paginate
from jobtracker.core.views import submit
from jobtracker.front import selectors
from jobtracker.materials import selectors as materials_selectors
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.filters import ApplicationFilter
from jobtracker.pipeline.forms import MoveForm
from jobtracker.pipeline.models import Position


@login_required
def application_list(request):
    def context():
        applications = selectors.applications_for_list(user=request.user)
        filterset = ApplicationFilter(request.GET, queryset=applications, owner=request.user)
        page = paginate(request, filterset.qs)
        return {
            "filter": filterset,
            "page": page,
            "stages_by_track": pipeline_selectors.active_stages(user=request.user),
        }

    return fragments.render_page(request, title="Applications", content="front/_application_list.html", context=context)


def _application(request, pk):
    return owned_or_404(selectors.applications_for_list(user=request.user), request, pk=pk)


def _detail_context(request, application, move_form) -> dict:
    page = selectors.application_page(user=request.user, application=application)
    return {
        "application": application,
        "position": application.position,
        "events": page.events,
        "earlier": page.earlier,
        "interviews": page.interviews,
        "move_form": move_form,
    }


def _title(context: dict) -> str:
    position = context["position"]
    return f"{position.institution.name}: {position.title}"


def _render_detail(request, application, move_form, status=400):
    """The page again with the move form's errors: never from the page cache."""
    context = _detail_context(request, application, move_form)
    page = render_to_string("front/_application_detail.html", context, request)
    return render(request, "core/cached_page.html", {"title": _title(context), "content": page}, status=status)


@login_required
def application_detail(request, pk):
    def context():
        application = _application(request, pk)
        return _detail_context(request, application, MoveForm(application=application))

    return fragments.render_page(request, content="front/_application_detail.html", context=context, title=_title)


@login_required
@require_POST
def application_move(request, pk):
    application = _application(request, pk)
    form = MoveForm(request.POST, application=application)
    moved = submit(
        request,
        form,
        lambda data: pipeline_services.move_application(application=application, **data),
        message=lambda event: f"Moved to {event.to_stage}.",
        success=application,
    )
    return moved or _render_detail(request, application, form, status=400)


@login_required
def position_detail(request, pk):
    position = owned_or_404(
        Position.objects.select_related("institution", "season", "application__stage"), request, pk=pk
    )
    context = {"position": position, "requirements": materials_selectors.position_requirements(position=position)}
    return render(request, "front/position_detail.html", context)
