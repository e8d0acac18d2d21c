"""The page cache under load and failure (review of issue 13): one version bump per owner and transaction, signals
only where an owner is, a hung cache costing one timeout, and the settings that refuse a per-process page cache."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models.deletion import Collector
from django.test import RequestFactory

from jobtracker.core import fragments
from jobtracker.core.throttle import client_address
from jobtracker.network.models import Contact
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Season
from tests.factories import InstitutionFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bumps(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    seen = []
    monkeypatch.setattr(fragments, "bump", seen.append)
    return seen


def test_a_transaction_writing_many_rows_moves_its_owner_on_once(owner, bumps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        other = UserFactory(email="other@example.edu")
        place = InstitutionFactory(owner=owner)
        for n in range(30):
            Contact.objects.create(owner=owner, name=f"Person {n}", institution=place)
        Contact.objects.create(owner=other, name="Someone else")
    assert bumps.count(owner.pk) == 1  # 31 rows, one bump (making a user runs blocks of its own: theirs may be more)
    assert other.pk in bumps


def test_a_rolled_back_savepoint_does_not_swallow_later_bumps(owner, bumps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                Contact.objects.create(owner=owner, name="Rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
        Contact.objects.create(owner=owner, name="Kept")
    assert bumps == [owner.pk]


def test_rows_without_an_owner_keep_djangos_fast_delete(db):
    assert Collector(using="default").can_fast_delete(Session.objects.all())
    assert not Collector(using="default").can_fast_delete(Contact.objects.all())


def test_a_new_season_opened_by_the_chore_moves_its_owner_on(db, bumps, django_capture_on_commit_callbacks):
    user = UserFactory(email="new@example.edu")
    Season.objects.filter(owner=user).delete()
    bumps.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pipeline_services.open_current_seasons()
    assert user.pk in bumps


def test_a_hung_cache_costs_one_failure_then_is_left_alone(owner, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    calls = []

    def hang(*args, **kwargs):
        calls.append(args)
        raise TimeoutError("cache timed out")

    monkeypatch.setattr(fragments.cache, "incr", hang)
    monkeypatch.setattr(fragments.cache, "get", hang)
    for _ in range(5):
        fragments.bump(owner.pk)
    assert len(calls) == 1
    request = RequestFactory().get("/")
    request.user = owner
    page = fragments.cached(request, "x", lambda extra: fragments.Page("t", "<p>afresh</p>"))
    assert page.html == "<p>afresh</p>" and len(calls) == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is the client's own say
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client's forged entry is left of the proxy's
        (1, "", "10.0.0.2"),
    ],
)
def test_throttles_count_the_client_the_trusted_proxy_saw(settings, proxies, forwarded, expected):
    settings.AXES_IPWARE_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_page_cache_without_a_shared_cache_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DATABASE_URL"}}
    env.update(DEBUG="1", PAGE_CACHE_SECONDS="60", JOBTRACKER_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "PAGE_CACHE_SECONDS needs CACHE_URL" in result.stderr


def test_the_key_names_the_code_that_rendered(owner, settings):
    settings.PAGE_CACHE_SECONDS = 60
    request = RequestFactory().get("/applications/")
    request.user = owner
    assert f":{fragments.release()}:" in fragments._key(request, "front/_application_list.html")
