import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jobtracker.front import selectors
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.reminders import calendar

AGENDA_DAYS = 60


@login_required
def dashboard(request):
    choice = pipeline_selectors.season_from_request(request)
    data = selectors.dashboard(user=request.user, choice=choice)
    return render(request, "front/dashboard.html", {"dash": data, "season": data.season, "seasons": data.seasons})


@login_required
def calendar_page(request):
    today = calendar.today_for(request.user)
    start = today - dt.timedelta(days=7) if request.GET.get("past") == "1" else today
    context = {
        "agenda": calendar.agenda(user=request.user, start=start, days=AGENDA_DAYS + (today - start).days),
        "today": today,
        "days": AGENDA_DAYS,
    }
    return render(request, "front/calendar.html", context)
