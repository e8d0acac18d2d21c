from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jobtracker.core import fragments
from jobtracker.core.shortcuts import int_param, owned_or_404, paginate
from jobtracker.core.views import confirm_delete, form_page, submit
from jobtracker.pipeline import links, selectors, services
from jobtracker.pipeline.filters import PositionFilter
from jobtracker.pipeline.forms import PositionForm
from jobtracker.pipeline.models import Institution, Position


@login_required
def position_list(request):
    def context():
        positions = selectors.positions_for_list(user=request.user)
        filterset = PositionFilter(request.GET, queryset=positions, owner=request.user)
        return {"filter": filterset, "page": paginate(request, filterset.qs)}

    return fragments.render_page(request, title="Postings", content="pipeline/_position_list.html", context=context)


@login_required
@require_http_methods(["GET", "POST"])
def position_form(request, pk=None):
    position = owned_or_404(Position, request, pk=pk) if pk else None
    initial = {}
    if position is None:
        current = selectors.current_season(user=request.user)
        initial["season"] = current if current.pk else None
        institution_id = int_param(request, "institution")
        if institution_id:
            initial["institution"] = Institution.objects.for_user(request.user).filter(pk=institution_id).first()
        initial.update(_from_link(request))
    form = PositionForm(request.POST or None, instance=position, initial=initial, owner=request.user)
    saved = submit(
        request,
        form,
        lambda data: services.save_position(
            owner=request.user, data=data, position=position, start_application=data.get("start_application", False)
        ),
        message=lambda saved: f"Saved {saved}.",
        # A new posting whose application started with it opens the application.
        success=lambda saved: saved.application if position is None and hasattr(saved, "application") else saved,
    )
    title = f"Edit {position}" if position else "Add a posting"
    cancel_url = position.get_absolute_url() if position else reverse("pipeline:position_list")
    return saved or form_page(
        request,
        form,
        title=title,
        cancel_url=cancel_url,
        add_another=position is None,
        template="pipeline/position_form.html",
        guessed=request.GET.get("guessed", "")[:200],
    )


def _from_link(request) -> dict:
    """What front:application_start read from a pasted link, passed along in the query string."""
    found = {}
    url = request.GET.get("posting_url", "")[:500]
    if url and links.host_of(url):
        found["posting_url"] = url
        found["portal"] = links.portal_for(url)
    return found


@login_required
@require_http_methods(["GET", "POST"])
def position_delete(request, pk):
    position = owned_or_404(Position.objects.select_related("institution"), request, pk=pk)
    return confirm_delete(
        request, position, success_url=reverse("pipeline:position_list"), cancel_url=position.get_absolute_url()
    )
