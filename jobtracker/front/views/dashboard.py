from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from jobtracker.core import fragments
from jobtracker.front import selectors
from jobtracker.pipeline import selectors as pipeline_selectors


def _render_content(request, extra: dict) -> str:
    choice = pipeline_selectors.season_from_request(request)
    data = selectors.dashboard(user=request.user, choice=choice)
    context = {"dash": data, "season": data.season, "seasons": data.seasons, **extra}
    return render_to_string("front/_dashboard.html", context, request)


@login_required
def dashboard(request):
    content = fragments.cached(request, "dashboard", lambda extra: _render_content(request, extra))
    return render(request, "front/dashboard.html", {"content": content})
