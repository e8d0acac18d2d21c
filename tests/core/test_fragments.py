"""The page cache (core/fragments.py): a page served from it is the page rendered afresh, until the user's data
changes by any path, and then never again; a token in it works in any tab; a broken cache costs nothing."""

import datetime as dt
import re
import socket
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobtracker.core import fragments
from jobtracker.network.models import Contact
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Stage
from tests.factories import InstitutionFactory, UserFactory, make_application, season_for
from tests.reminders.services import shared_redis_url

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "[^"]+"')
CACHED = ("front:dashboard", "front:application_list", "pipeline:institution_list", "pipeline:position_list")
PAGES = [reverse(name) for name in (*CACHED, "network:contact_list")]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60  # the tests' cache is this process's memory, which every request here shares


def _apply(owner, institution: str, **kwargs):
    """An application of this season at an institution of that name."""
    place = InstitutionFactory(owner=owner, name=institution)
    Contact.objects.create(owner=owner, name=f"Someone at {institution}", institution=place)
    return make_application(owner, institution=place, season=season_for(owner), **kwargs)


def _get(client, path) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _count(html: str, stage: str) -> int:
    """The dashboard's count of the season's applications at a stage."""
    return int(re.search(rf'>{stage}</span></a>\s*<span class="fw-semibold[^"]*">(\d+)</span>', html).group(1))


def _without_tokens(html: str) -> str:
    return HEADER_TOKEN.sub("", TOKEN.sub('name="csrfmiddlewaretoken" value=""', html))


@pytest.mark.parametrize("path", [*PAGES, "detail"])
def test_a_page_from_the_cache_is_the_page_rendered_afresh_with_fewer_queries(client, owner, page_cache, path):
    application = _apply(owner, "Brown University", stage_name="Submitted")
    path = application.get_absolute_url() if path == "detail" else path
    client.force_login(owner)
    first, first_queries = _get(client, path)
    second, second_queries = _get(client, path)
    assert "Brown University" in second or _count(second, "Submitted") == 1
    assert _without_tokens(second) == _without_tokens(first)
    assert "csrf-placeholder" not in second
    assert second_queries < first_queries


def test_without_a_shared_cache_nothing_is_kept(client, owner):
    _apply(owner, "Brown University")
    client.force_login(owner)
    _html, first = _get(client, reverse("front:application_list"))
    _html, second = _get(client, reverse("front:application_list"))
    assert second == first
    assert not fragments.enabled()


def test_a_stage_moved_in_a_request_shows_on_the_next_view(client, owner, page_cache):
    application = _apply(owner, "Brown University")
    client.force_login(owner)
    before, _ = _get(client, reverse("front:application_list"))
    submitted = Stage.objects.get(owner=owner, track=application.track, name="Submitted")
    moved = client.post(
        reverse("pipeline:application_stage", args=[application.pk]), {"stage": submitted.pk}, HTTP_HX_REQUEST="true"
    )
    assert moved.status_code == 200
    after, _ = _get(client, reverse("front:application_list"))
    selected = f'<option value="{submitted.pk}" selected>'
    assert selected not in before and selected in after


def test_a_bulk_update_that_sends_no_signal_still_shows(client, owner, page_cache):
    application = _apply(owner, "Brown University")
    client.force_login(owner)
    _get(client, reverse("front:application_list"))
    response = client.post(
        reverse("pipeline:application_bulk"), {"application": [application.pk], "action": "withdraw"}
    )
    assert response.status_code == 302
    after, _ = _get(client, reverse("front:application_list"))
    withdrawn = Stage.objects.get(owner=owner, track=application.track, name="Withdrawn")
    assert f'<option value="{withdrawn.pk}" selected>' in after


def test_a_write_outside_any_request_shows_once_committed(
    client, owner, page_cache, django_capture_on_commit_callbacks
):
    """A Celery task or the admin: the row's own save moves its owner's version on."""
    application = _apply(owner, "Brown University")
    client.force_login(owner)
    before, _ = _get(client, reverse("front:dashboard"))
    assert _count(before, "Offer") == 0
    offer = Stage.objects.get(owner=owner, track=application.track, name="Offer")
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_services.move_application(application=application, to_stage=offer)
    after, _ = _get(client, reverse("front:dashboard"))
    assert _count(after, "Offer") == 1


def test_each_filter_and_page_is_kept_apart(client, owner, page_cache):
    _apply(owner, "Brown University")
    _apply(owner, "Tufts University")
    client.force_login(owner)
    everything, _ = _get(client, reverse("front:application_list"))
    searched, _ = _get(client, reverse("front:application_list") + "?q=Tufts")
    assert "Brown University" in everything and "Brown University" not in searched


def test_another_user_never_sees_the_owners_page(client, owner, page_cache):
    application = _apply(owner, "Brown University")
    other = UserFactory(email="other@example.edu")
    client.force_login(owner)
    _get(client, reverse("front:application_list"))
    _get(client, application.get_absolute_url())
    client.force_login(other)
    theirs, _ = _get(client, reverse("front:application_list"))
    assert "Brown University" not in theirs
    assert client.get(application.get_absolute_url()).status_code == 404


def test_a_deleted_application_is_gone_from_its_cached_page(client, owner, page_cache):
    application = _apply(owner, "Brown University")
    client.force_login(owner)
    _get(client, application.get_absolute_url())
    assert client.post(reverse("pipeline:application_delete", args=[application.pk])).status_code == 302
    assert client.get(application.get_absolute_url()).status_code == 404


def test_a_refused_move_shows_its_error_on_the_page_rendered_afresh(client, owner, page_cache):
    application = _apply(owner, "Brown University")
    client.force_login(owner)
    _get(client, application.get_absolute_url())
    refused = client.post(reverse("front:application_move", args=[application.pk]), {"to_stage": "999999"})
    assert refused.status_code == 400
    assert "<title>Brown University: " in refused.content.decode()
    assert "is-invalid" in refused.content.decode() or "invalid-feedback" in refused.content.decode()


def test_a_token_from_the_cache_is_accepted_in_another_browser(owner, page_cache):
    """The cached page was rendered for the first browser; the second posts its form with its own token."""
    application = _apply(owner, "Brown University")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (first, second):
        browser.force_login(owner)
    _get(first, reverse("front:application_list"))
    html, _ = _get(second, reverse("front:application_list"))
    token = TOKEN.search(html).group(1)
    submitted = Stage.objects.get(owner=owner, track=application.track, name="Submitted")
    response = second.post(
        reverse("pipeline:application_stage", args=[application.pk]),
        {"stage": submitted.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == submitted


def test_a_failing_cache_renders_the_page_as_if_empty(client, owner, page_cache, monkeypatch):
    _apply(owner, "Brown University")
    client.force_login(owner)

    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "incr", down)
    html, _ = _get(client, reverse("front:application_list"))
    assert "Brown University" in html
    fragments.bump(owner.pk)  # logged, never raised


def test_a_forgotten_version_is_never_reused(owner, page_cache):
    """Versions start from the clock, so fragments stored before the cache lost the version stay unreachable."""
    first = fragments.data_version(owner.pk)
    fragments.bump(owner.pk)
    assert fragments.data_version(owner.pk) == first + 1
    cache.delete(f"data-version:{owner.pk}")
    assert fragments.data_version(owner.pk) > first + 1


def test_a_throttle_lets_calls_through_while_the_cache_is_down(monkeypatch):
    from jobtracker.core.throttle import allow

    assert allow("test-key", limit=1) and not allow("test-key", limit=1)

    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "add", down)
    assert allow("test-key", limit=1)


def _redis_cache(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # parallel test processes share the server
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE_SECONDS = 60


def test_pages_kept_in_a_real_redis_follow_every_write(client, owner, settings):
    _redis_cache(settings, shared_redis_url())
    application = _apply(owner, "Brown University")
    client.force_login(owner)
    _html, cold = _get(client, reverse("front:application_list"))
    _html, warm = _get(client, reverse("front:application_list"))
    assert warm < cold
    submitted = Stage.objects.get(owner=owner, track=application.track, name="Submitted")
    client.post(reverse("pipeline:application_stage", args=[application.pk]), {"stage": submitted.pk})
    after, _ = _get(client, reverse("front:application_list"))
    assert f'<option value="{submitted.pk}" selected>' in after


def test_pages_render_while_redis_is_unreachable(client, owner, settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _redis_cache(settings, f"redis://127.0.0.1:{port}/0")
    application = _apply(owner, "Brown University")
    client.force_login(owner)
    for path in PAGES:
        html, _ = _get(client, path)
    assert "Brown University" in html
    submitted = Stage.objects.get(owner=owner, track=application.track, name="Submitted")
    moved = client.post(reverse("pipeline:application_stage", args=[application.pk]), {"stage": submitted.pk})
    assert moved.status_code == 302


def test_the_calendar_body_is_kept_until_a_write_and_its_new_address_shows_once(client, owner, page_cache):
    from jobtracker.reminders.calendar import today_for
    from tests.factories import PositionFactory

    soon = today_for(owner) + dt.timedelta(days=10)
    posting = PositionFactory(owner=owner, title="Assistant Professor of Wombats", deadline_date=soon)
    client.force_login(owner)
    _html, first_queries = _get(client, reverse("front:calendar"))
    second, second_queries = _get(client, reverse("front:calendar"))
    assert "Assistant Professor of Wombats" in second and second_queries < first_queries
    assert client.post(reverse("pipeline:position_delete", args=[posting.pk])).status_code == 302
    _get(client, reverse("front:calendar"))  # says "Deleted Assistant Professor of Wombats" once
    after, _ = _get(client, reverse("front:calendar"))
    assert "Assistant Professor of Wombats" not in after

    client.post(reverse("front:calendar_feed_make"))
    shown, _ = _get(client, reverse("front:calendar"))
    again, _ = _get(client, reverse("front:calendar"))
    assert "Your calendar address." in shown and "Your calendar address." not in again
