"""Start an application from a pasted posting link: the posting form opens with what the link tells."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from jobtracker.front.links import institution_for
from jobtracker.pipeline.links import host_of, portal_for
from jobtracker.pipeline.models import Position


@login_required
@require_GET
def application_start(request):
    url = request.GET.get("url", "").strip()[:500]
    host = host_of(url)
    params: dict[str, str] = {}
    if not host:
        params["guessed"] = "That is not a web address (https://…); fill in the posting below."
    else:
        params["posting_url"] = url
        institution = institution_for(user=request.user, url=url)
        portal = dict(Position.Portal.choices).get(portal_for(url), "")
        said = [f"Institution: {institution}." if institution else f"None of your institutions is on {host}."]
        if portal:
            said.append(f"Portal: {portal}.")
        params["guessed"] = " ".join(said)
        if institution:
            params["institution"] = str(institution.pk)
    return redirect(f"{reverse('pipeline:position_create')}?{urlencode(params)}")
