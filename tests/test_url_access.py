"""Every URL in the URL configuration, as its owner, as another user and as an anonymous visitor.

The list is generated from the URL configuration, so a new URL cannot escape these checks: it must be
either public (PUBLIC) or reachable with an object from OBJECTS, or this test fails.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobtracker.pipeline.models import Stage
from tests.factories import InstitutionFactory, make_application

PUBLIC = {
    "accounts:login",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "healthz",
}
SECRET = "Owner-Only Institute of Technology"


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin has its own staff-only checks
            child = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, child)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ALL_URLS = dict(_walk(get_resolver().url_patterns))
PRIVATE = sorted(name for name in ALL_URLS if name not in PUBLIC)


@pytest.fixture
def owned(owner):
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name=SECRET))
    return {
        "institution": application.position.institution,
        "position": application.position,
        "application": application,
        "stage": Stage.objects.filter(owner=owner).exclude(pk=application.stage_id).last(),
    }


def _url_for(name, owned):
    pattern = ALL_URLS[name].pattern
    kwargs = {}
    if "pk" in pattern.regex.groupindex:
        prefix = name.split(":")[-1].split("_")[0]
        assert prefix in owned, f"{name}: add the object this URL takes to the 'owned' fixture"
        kwargs["pk"] = owned[prefix].pk
    if "direction" in pattern.regex.groupindex:
        kwargs["direction"] = "down"
    return reverse(name, kwargs=kwargs)


def _fetch(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_every_url_is_classified():
    assert PRIVATE, "no private URLs found"
    assert set(ALL_URLS) >= PUBLIC, f"stale PUBLIC entries: {PUBLIC - set(ALL_URLS)}"


@pytest.mark.parametrize("name", PRIVATE)
def test_anonymous_visitor_is_sent_to_log_in(client, owned, name):
    url = _url_for(name, owned)
    response = _fetch(client, url)
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", PRIVATE)
def test_owner_reaches_every_url(owner_client, owned, name):
    response = _fetch(owner_client, _url_for(name, owned))
    # Only the move form needs fields that an empty POST lacks; any other 400 is a broken page.
    empty_post_rejected = name == "pipeline:application_move" and response.status_code == 400
    assert response.status_code in (200, 302) or empty_post_rejected, f"{name} answered {response.status_code}"


@pytest.mark.parametrize("name", PRIVATE)
def test_another_user_gets_404_or_sees_none_of_the_owners_data(client, outsider, owned, name):
    client.force_login(outsider)
    url = _url_for(name, owned)
    response = _fetch(client, url)
    if "pk" in ALL_URLS[name].pattern.regex.groupindex:
        assert response.status_code == 404, f"{name} answered {response.status_code} to another user"
    else:
        assert response.status_code in (200, 302)
        assert SECRET not in _body(response)


@pytest.mark.parametrize("name", sorted(PUBLIC - {"accounts:password_reset_confirm"}))
def test_public_pages_answer_anonymous_visitors(client, db, name):
    assert client.get(reverse(name)).status_code == 200
