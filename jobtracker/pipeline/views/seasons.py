from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jobtracker.core.forms import add_errors
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.forms import SeasonForm


@login_required
@require_http_methods(["GET", "POST"])
def season_list(request):
    form = SeasonForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            season = services.add_season(owner=request.user, start_year=form.cleaned_data["start_year"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Added season {season}.")
            return redirect("pipeline:season_list")
    context = {"form": form, "seasons": selectors.seasons_with_postings(user=request.user)}
    return render(request, "pipeline/season_list.html", context, status=400 if form.errors else 200)
