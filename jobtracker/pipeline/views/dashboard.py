from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jobtracker.materials import selectors as materials_selectors
from jobtracker.network import selectors as network_selectors
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.models import Season


@login_required
def dashboard(request):
    seasons = list(Season.objects.for_user(request.user))
    chosen = request.GET.get("season", "")
    season = next((s for s in seasons if str(s.pk) == chosen), None) or services.current_season(user=request.user)
    if season not in seasons:
        seasons.insert(0, season)
    data = selectors.dashboard(
        user=request.user, season=season, annotate_positions=materials_selectors.with_position_checklist_progress
    )
    context = {
        "dash": data,
        "seasons": seasons,
        "season": season,
        "letters_due": list(materials_selectors.letters_due_soon(user=request.user)),
        "follow_ups": list(network_selectors.overdue_follow_ups(user=request.user)[:20]),
    }
    return render(request, "pipeline/dashboard.html", context)
