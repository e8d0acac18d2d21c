"""The calendar: the coming days as a list, a month grid, a week; and the private address a phone subscribes to.

The address (/calendar/feed/<token>.ics) needs no login: its long random token is the only authority. It is
rate-limited per address and answers 404 for a token that is unknown or revoked, exactly alike.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST, require_safe

from jobtracker.core import fragments
from jobtracker.core.throttle import allow, client_address
from jobtracker.core.views import act
from jobtracker.reminders import calendar, calendar_grid, feeds, ics
from jobtracker.reminders.registry import SOURCES

AGENDA_DAYS = 60
LIST_PAGE_SIZE = 50  # entries per page of the list, so a busy season pages instead of growing the page
FEED_RATE_PER_MINUTE = 60
# base.html leaves "share-link" messages to the page that shows them once; "calendar-feed" says it is ours.
FEED_TAGS = "share-link calendar-feed"


def _list_context(request, today: dt.date) -> dict:
    """The next 60 days from today (or from `?from=`, where a week's "+N more" leads), a page of entries at a
    time; `?kind=` keeps one kind of item (the dashboard's "show all" deadlines)."""
    first = calendar_grid.parse_day(request.GET.get("from", ""), today)
    start = first - dt.timedelta(days=7) if request.GET.get("past") == "1" else first
    kind = request.GET.get("kind", "")
    kind = kind if kind in SOURCES else ""
    days = AGENDA_DAYS + (first - start).days
    # The Window reads only what the page shows (reminders.calendar): a page costs the same in a busy season.
    window = calendar.Window(user=request.user, start=start, days=days, kinds={kind} if kind else None)
    page = Paginator(window, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    agenda: list[tuple[dt.date, list]] = []
    for day, entry in page.object_list:
        if not agenda or agenda[-1][0] != day:
            agenda.append((day, []))
        agenda[-1][1].append(entry)
    return {
        "agenda": agenda,
        "page": page,
        "days": AGENDA_DAYS,
        "first": first,
        "kind_label": SOURCES[kind].label if kind else "",
    }


@login_required
@require_GET
def calendar_page(request):
    """The list, month or week. Its body comes from the page cache when it can (core/fragments.py); the header,
    a new address shown once and the subscription card (which counts the feed's reads) are rendered every time."""
    user = request.user
    today = calendar.today_for(user)
    view = request.GET.get("view")
    focus = today  # the day the other views open on when the user switches view
    if view == "month":
        first = calendar_grid.parse_month(request.GET.get("month", ""), today)
        focus = today if first == today.replace(day=1) else first
        body = "front/_calendar_month.html"

        def context():
            return {"grid": calendar_grid.month_grid(user=user, first=first, today=today)}
    elif view == "week":
        monday = calendar_grid.parse_week(request.GET.get("week", ""), today)
        focus = today if monday == calendar_grid.monday_of(today) else monday
        body = "front/_calendar_week.html"

        def context():
            return {"week": calendar_grid.week_grid(user=user, monday=monday, today=today)}
    else:
        view, body = "list", "front/_calendar_list.html"

        def context():
            return _list_context(request, today)

    shared = {"view": view, "today": today, "focus": focus}
    page = fragments.cached(
        request,
        body,
        lambda extra: fragments.Page("", render_to_string(body, {**shared, **context(), **extra}, request)),
    )
    return render(request, "front/calendar.html", {**shared, "body": page.html, "feed": feeds.live_feed(user)})


@login_required
@require_POST
def calendar_feed_make(request):
    """A new address, shown once; the old one, if any, stops working."""
    _feed, token = feeds.make_feed(user=request.user)
    messages.success(request, request.build_absolute_uri(reverse("front:calendar_feed", args=[token])), FEED_TAGS)
    return redirect("front:calendar")


@login_required
@require_POST
def calendar_feed_revoke(request):
    return act(request, lambda: feeds.revoke_feed(user=request.user), message="", success="front:calendar")


def _too_many(request) -> HttpResponse | None:
    if allow(f"calendar-feed:{client_address(request)}", limit=FEED_RATE_PER_MINUTE):
        return None
    response = HttpResponse("Too many requests; try again in a minute.", status=429, content_type="text/plain")
    response["Retry-After"] = "60"
    return response


@require_safe
def calendar_feed(request, token):
    refused = _too_many(request)
    if refused:
        return refused
    feed = feeds.find_live_feed(token)
    if feed is None:
        raise Http404("No such calendar.")
    now = timezone.now()
    feeds.record_fetch(feed=feed, now=now)  # the one write a GET makes: the owner sees when it was last read
    response = HttpResponse(ics.feed(user=feed.owner, now=now), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jobtracker.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    patch_cache_control(response, private=True, no_cache=True)
    return response
