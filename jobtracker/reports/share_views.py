"""Share links: made and revoked by their owner; opened by an advisor without logging in.

The shared page has no navigation and no links into the app, asks search engines not to index it, shows only
what the link's stored options allow (never the private fields, whatever its URL says), is rate-limited per
address, and answers 404 once revoked or expired, exactly as for a token that never existed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.throttle import allow, client_address
from jobtracker.core.views import act
from jobtracker.reports import options as report_options
from jobtracker.reports import season, selectors, services
from jobtracker.reports.forms import ShareLinkForm
from jobtracker.reports.models import ShareLink
from jobtracker.reports.page_views import report_context

SHARE_TAG = "share-link"


@login_required
@require_GET
def link_list(request):
    return render(request, "reports/links.html", {"links": selectors.share_links(request.user), "now": timezone.now()})


@login_required
@require_POST
def link_create(request):
    chosen = selectors.options_from_query(request.user, QueryDict(request.POST.get("query", "")[:2000]))
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, f"The link was not made. {errors}")
        return redirect(f"{reverse('reports:report')}?{chosen.query()}")
    if chosen.season.pk is None:
        messages.error(request, "There is no season to share yet.")
        return redirect("reports:report")
    _link, token = services.create_share_link(
        user=request.user,
        options=chosen,
        label=form.cleaned_data["label"],
        expires_in_days=form.cleaned_data["expires_in_days"],
    )
    url = request.build_absolute_uri(reverse("reports:shared", args=[token]))
    messages.success(request, url, extra_tags=SHARE_TAG)
    return redirect("reports:share_list")


@login_required
@require_POST
def link_revoke(request, pk):
    link = owned_or_404(ShareLink, request, pk=pk)
    return act(request, lambda: services.revoke_share_link(link=link), message="Revoked.", success="reports:share_list")


def _too_many(request) -> HttpResponse | None:
    if allow(f"shared:{client_address(request)}", limit=settings.REPORTS_SHARED_RATE_PER_MINUTE):
        return None
    response = HttpResponse("Too many requests; try again in a minute.", status=429, content_type="text/plain")
    response["Retry-After"] = "60"
    return response


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    return response


@never_cache
@require_GET
def shared_report(request, token, printable=False):
    refused = _too_many(request)
    if refused:
        return refused
    now = timezone.now()
    link = services.find_live_link(token, now)
    if link is None:
        raise Http404("No such report.")
    services.record_open(link=link, now=now)  # the one write a GET makes: the owner sees when and how often
    chosen = report_options.from_stored(link.options, season=link.season)
    report = season.build(user=link.owner, options=chosen, now=now)
    context = {**report_context(report, today=report.generated_at.date()), "link": link, "token": token}
    return _noindex(render(request, "reports/shared_print.html" if printable else "reports/shared.html", context))


def shared_print(request, token):
    return shared_report(request, token, printable=True)
