from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jobtracker.core.views import submit
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.forms import SeasonForm


@login_required
@require_http_methods(["GET", "POST"])
def season_list(request):
    form = SeasonForm(request.POST or None, owner=request.user)
    added = submit(
        request,
        form,
        lambda data: services.add_season(owner=request.user, start_year=data["start_year"]),
        message=lambda season: f"Added season {season}.",
        success=reverse("pipeline:season_list"),
    )
    if added:
        return added
    context = {"form": form, "seasons": selectors.seasons_with_postings(user=request.user)}
    return render(request, "pipeline/season_list.html", context, status=400 if form.errors else 200)
