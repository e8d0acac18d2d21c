"""CSRF protection on every URL, as a signed-in owner whose browser does not send a token.

The list is generated from the URL configuration, so a new URL is checked as soon as it exists.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.url_helpers import ALL_URLS, owned_objects, url_for

# Views that take form posts; each must refuse a post without a CSRF token (not merely answer 405).
FORM_URLS = {
    "pipeline:institution_create",
    "pipeline:position_create",
    "front:application_move",
    "front:application_board_move",
    "pipeline:stage_settings",
    "pipeline:season_list",
    "accounts:profile",
    "accounts:login",
    "accounts:signup",
    "accounts:confirm",
    "accounts:logout",
    "materials:document_create",
    "materials:document_upload",
    "materials:application_checklist",
    "materials:version_switch",
    "materials:position_requirements",
    "materials:application_letter_create",
    "materials:writer_list",
    "interviews:application_interview_create",
    "interviews:interview_detail",
    "interviews:person_thanks",
    "network:contact_create",
    "network:contact_import",
    "front:contact_interaction_create",
    "network:import_commit",
    "reports:share_create",
    "reports:share_revoke",
    "reports:file_create",
    "reports:file_build_here",
    "transfer:backup_create",
    "transfer:backup_build_here",
    "transfer:restore_upload",
    "transfer:restore_commit",
    "transfer:restore_run_here",
    "transfer:leave",
    "transfer:sheet_upload",
    "transfer:sheet_detail",
    "transfer:sheet_commit",
    "front:calendar_feed_make",
    "pipeline:application_bulk",
    "pipeline:application_stage",
    "pipeline:institution_bulk_tags",
    "materials:letter_status",
    "materials:letters_status",
    "materials:requirementset_list",
    "materials:requirementset_detail",
    "materials:setitem_delete",
    "materials:position_apply_set",
    "materials:position_copy_requirements",
    "materials:position_save_set",
    "interviews:interview_thanks_sent",
    "front:calendar_feed_revoke",
}
# One-click unsubscribe (RFC 8058): mail clients post without a CSRF token; the signed token is the authority.
CSRF_EXEMPT = {"reminders:unsubscribe"}
TOKEN_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def owned(owner):
    return owned_objects(owner)


def test_the_known_form_urls_exist():
    missing = FORM_URLS - set(ALL_URLS)
    assert not missing, f"stale FORM_URLS entries: {missing}"


@pytest.mark.parametrize("name", sorted(ALL_URLS))
def test_a_post_without_a_csrf_token_is_refused(csrf_client, owner, owned, name):
    csrf_client.force_login(owner)
    url = url_for(name, owner, owned, direction="up")

    response = csrf_client.post(url, {"name": "Forged", "time_zone": "UTC", "full_name": "Forged"})

    if name in CSRF_EXEMPT:
        assert response.status_code == 200, f"{name} must accept the one-click POST of RFC 8058"
    elif name in FORM_URLS:
        assert response.status_code == 403, f"{name} answered {response.status_code} to a post without a token"
    else:
        assert response.status_code in (403, 405), f"{name} answered {response.status_code} to a post without a token"


def test_a_forged_post_changes_nothing(csrf_client, owner):
    csrf_client.force_login(owner)

    csrf_client.post(reverse("accounts:profile"), {"full_name": "Forged", "time_zone": "Asia/Tokyo"})

    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Berlin"


def test_a_forged_logout_keeps_the_user_signed_in(csrf_client, owner):
    csrf_client.force_login(owner)

    assert csrf_client.post(reverse("accounts:logout")).status_code == 403

    assert csrf_client.get(reverse("front:dashboard")).wsgi_request.user == owner


@pytest.mark.parametrize("name", ["pipeline:institution_create", "accounts:profile", "pipeline:stage_settings"])
def test_a_form_page_carries_a_csrf_token(csrf_client, owner, name):
    csrf_client.force_login(owner)

    response = csrf_client.get(reverse(name))

    assert response.status_code == 200
    assert TOKEN_INPUT.search(response.content.decode())


def test_a_post_with_the_token_from_the_form_is_accepted(csrf_client, owner):
    page = csrf_client.get(reverse("accounts:login")).content.decode()
    token = TOKEN_INPUT.search(page).group(1)

    response = csrf_client.post(
        reverse("accounts:login"), {"username": owner.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("front:dashboard")
