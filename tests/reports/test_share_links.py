"""A read-only link for an advisor: made once, opened without a login, never private, revocable."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from jobtracker.reports.models import ShareLink, token_hash
from tests.reports.small_season import build_small_season

LINK = re.compile(r"https?://testserver(/shared/[A-Za-z0-9_-]{40,}/)")


def make_link(owner_client, query="section=summary&section=applications&private=1", **form):
    response = owner_client.post("/reports/links/new/", {"query": query, "label": "Prof. Reyes", **form}, follow=True)
    match = LINK.search(response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1), ShareLink.objects.latest("pk")


def test_the_link_is_shown_once_and_only_its_hash_is_stored(owner_client, owner):
    path, link = make_link(owner_client)
    token = path.split("/")[2]
    assert link.token_hash == token_hash(token) and token not in str(ShareLink.objects.values().get())
    assert LINK.search(owner_client.get("/reports/links/").content.decode()) is None  # not shown again


def test_a_logged_out_reader_sees_the_chosen_sections_without_private_fields(owner_client, owner):
    build_small_season(owner)
    path, _link = make_link(owner_client)
    response = Client().get(path + "?private=1&section=offers")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Stanford University" in body and "Pipeline summary" in body
    assert "startup package" not in body  # private notes, although the maker ticked private
    assert "Offers" not in body  # a section the link does not include, whatever the URL asks
    assert 'name="robots" content="noindex' in body and response["X-Robots-Tag"].startswith("noindex")
    assert 'href="/' not in body.replace('href="/static/', "").replace(f'href="{path}print/"', "")


def test_the_owner_sees_when_and_how_often_a_link_was_opened(owner_client, owner):
    path, link = make_link(owner_client)
    reader = Client()
    reader.get(path)
    reader.get(path + "print/")
    link.refresh_from_db()
    assert link.open_count == 2 and link.last_opened_at is not None
    assert "2 times, last" in owner_client.get("/reports/links/").content.decode()


def test_a_revoked_link_answers_not_found(owner_client, owner):
    path, link = make_link(owner_client)
    owner_client.post(f"/reports/links/{link.pk}/revoke/")
    assert Client().get(path).status_code == 404
    assert Client().get(path + "print/").status_code == 404


def test_an_expired_link_answers_not_found(owner_client, owner):
    path, link = make_link(owner_client, expires_in_days="1")
    assert Client().get(path).status_code == 200
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 300])
def test_a_made_up_token_answers_not_found(client, db, token):
    assert client.get(f"/shared/{token}/").status_code == 404


def test_another_user_cannot_revoke_a_link(owner_client, outsider):
    _path, link = make_link(owner_client)
    other = Client()
    other.force_login(outsider)
    assert other.post(f"/reports/links/{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_shared_pages_are_rate_limited_per_address(owner_client, owner, settings):
    settings.REPORTS_SHARED_RATE_PER_MINUTE = 3
    path, _link = make_link(owner_client)
    reader = Client()
    assert [reader.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_bad_expiry_makes_no_link_and_says_why(owner_client, owner):
    response = owner_client.post("/reports/links/new/", {"query": "", "expires_in_days": "0"}, follow=True)
    assert "The link was not made" in response.content.decode()
    assert not ShareLink.objects.exists()
