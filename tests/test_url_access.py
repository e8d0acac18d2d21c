"""Every URL in the URL configuration, as its owner, as another user and as an anonymous visitor.

The list is generated from the URL configuration, so a new URL cannot escape these checks: it must be
either public (PUBLIC) or reachable with an object from tests/url_helpers.owned_objects, or this test fails.
"""

import io
import zipfile

import pypdf
import pytest
from django.urls import reverse

from tests.url_helpers import ALL_URLS, owned_objects, takes_object, url_for

PUBLIC = {
    "accounts:login",
    "accounts:signup",
    "accounts:signup_sent",
    "accounts:confirm",  # authorised by its one-time token
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "healthz",
    "favicon",
    "reminders:unsubscribe",  # authorised by its signed token, so it works from an e-mail without logging in
    "reports:shared",  # a share link: authorised by its token alone, for an advisor without an account
    "reports:shared_print",
    "front:calendar_feed",  # a private calendar address: authorised by its token alone, for a phone's calendar app
}
NEEDS_FIELDS = {
    "front:application_move",
    "materials:document_upload",
    "front:contact_interaction_create",
    "front:contact_link_create",
}
# Not for users at all: staff, or whoever holds the operator's token (tests/core/test_health.py).
OPERATOR = {"healthz_detail"}
SECRET = "Owner-Only Institute of Technology"
PRIVATE = sorted(name for name in ALL_URLS if name not in PUBLIC | OPERATOR)


@pytest.fixture
def owned(owner):
    return owned_objects(owner, institution_name=SECRET)


def _fetch(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _body(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        # A workbook is a zip of XML parts: search their text, not the compressed bytes.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode() for name in archive.namelist())
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return data.decode()


def test_every_url_is_classified():
    assert PRIVATE, "no private URLs found"
    assert set(ALL_URLS) >= PUBLIC | OPERATOR, f"stale entries: {(PUBLIC | OPERATOR) - set(ALL_URLS)}"


@pytest.mark.parametrize("name", sorted(OPERATOR))
def test_operator_pages_refuse_users_and_visitors(client, owner, name):
    assert client.get(reverse(name)).status_code == 403
    client.force_login(owner)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PRIVATE)
def test_anonymous_visitor_is_sent_to_log_in(client, owned, name):
    url = url_for(name, None, owned)
    response = _fetch(client, url)
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", PRIVATE)
def test_owner_reaches_every_url(owner_client, owned, name):
    response = _fetch(owner_client, url_for(name, None, owned))
    # Only these POST-only forms need fields that an empty POST lacks; any other 400 is a broken page.
    empty_post_rejected = name in NEEDS_FIELDS and response.status_code == 400
    assert response.status_code in (200, 302) or empty_post_rejected, f"{name} answered {response.status_code}"
    if response.status_code == 302 and name != "accounts:logout":  # logging out rightly ends at the log-in page
        # A redirect goes to one of the owner's own pages, never to log in or off the site, and that page works.
        target = response["Location"]
        assert target.startswith("/") and not target.startswith(("//", reverse("accounts:login"))), target
        landing = owner_client.get(target)
        assert landing.status_code == 200, f"{name} sent the owner to {target}, which answered {landing.status_code}"


@pytest.mark.parametrize("name", PRIVATE)
def test_another_user_gets_404_or_sees_none_of_the_owners_data(client, outsider, owned, name):
    client.force_login(outsider)
    url = url_for(name, None, owned)
    response = _fetch(client, url)
    if takes_object(name):
        assert response.status_code == 404, f"{name} answered {response.status_code} to another user"
    else:
        assert response.status_code in (200, 302)
        assert SECRET not in _body(response)


TAKES_TOKEN = {
    "accounts:password_reset_confirm",
    "accounts:confirm",
    "reminders:unsubscribe",
    "reports:shared",
    "reports:shared_print",
    "front:calendar_feed",
}


@pytest.mark.parametrize("name", sorted(PUBLIC - TAKES_TOKEN))
def test_public_pages_answer_anonymous_visitors(client, db, name):
    assert client.get(reverse(name)).status_code == (301 if name == "favicon" else 200)
