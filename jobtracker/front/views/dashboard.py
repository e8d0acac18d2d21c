from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jobtracker.front import selectors
from jobtracker.pipeline import selectors as pipeline_selectors


@login_required
def dashboard(request):
    choice = pipeline_selectors.season_from_request(request)
    data = selectors.dashboard(user=request.user, choice=choice)
    return render(request, "front/dashboard.html", {"dash": data, "season": data.season, "seasons": data.seasons})
