"""Password reset and change, the profile form, and dates shown in the user's own time zone."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from jobtracker.accounts.middleware import UserTimezoneMiddleware
from jobtracker.accounts.models import User
from jobtracker.pipeline.models import Application
from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-password-77"
RESET_LINK = re.compile(r"https?://testserver(/accounts/password/reset/[^/\s\"]+/[^/\s\"]+/)")
# A known instant, 12:00 UTC in winter: 13:00 in Berlin (the owner's zone), 21:00 in Tokyo.
KNOWN_INSTANT = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def _signed_in_user(client):
    return client.get(reverse("front:dashboard")).wsgi_request.user


def _request_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


# Password reset


def test_it_emails_a_reset_link(client, owner):
    response = _request_reset(client, owner.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == "Reset your jobtracker password"
    assert RESET_LINK.search(message.body), message.body
    assert len(message.alternatives) == 1
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert RESET_LINK.search(html), html
    assert RESET_LINK.search(message.body).group(1) == RESET_LINK.search(html).group(1)


def test_it_emails_a_reset_link_whatever_the_case_of_the_address(client, owner):
    _request_reset(client, "OWNER@Example.edu")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]


def test_following_the_reset_link_sets_a_new_password(client, owner):
    _request_reset(client, owner.email)
    link = RESET_LINK.search(mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert _login(client, owner.email, NEW_PASSWORD).status_code == 302
    assert _signed_in_user(client) == owner


def test_the_old_password_stops_working_after_a_reset(client, owner):
    _request_reset(client, owner.email)
    link = RESET_LINK.search(mail.outbox[0].body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = _login(client, owner.email, PASSWORD)

    assert response.status_code == 200
    assert not _signed_in_user(client).is_authenticated


def test_a_reset_link_works_only_once(client, owner):
    _request_reset(client, owner.email)
    link = RESET_LINK.search(mail.outbox[0].body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert "This link no longer works" in response.content.decode()


def test_an_unknown_email_gets_the_same_page_and_no_message(client, owner):
    known = _request_reset(client, owner.email)
    mail.outbox.clear()

    unknown = _request_reset(client, "nobody@example.edu")

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    page = client.get(unknown["Location"]).content.decode()
    assert "Check your e-mail" in page


# Password change


def test_changing_the_password_requires_the_old_one(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-my-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not owner.check_password(NEW_PASSWORD)


def test_changing_the_password_with_the_old_one_keeps_the_user_signed_in(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert _signed_in_user(owner_client) == owner


# Profile


def test_it_saves_a_new_time_zone(owner_client, owner):
    response = owner_client.post(reverse("accounts:profile"), {"full_name": "Ada Lovelace", "time_zone": "Asia/Tokyo"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    owner.refresh_from_db()
    assert owner.time_zone == "Asia/Tokyo"
    assert owner.full_name == "Ada Lovelace"
    assert "Dates are now shown in Asia/Tokyo" in owner_client.get(response["Location"]).content.decode()


def test_it_rejects_an_unknown_time_zone_and_changes_nothing(owner_client, owner):
    old_name = owner.full_name

    response = owner_client.post(
        reverse("accounts:profile"), {"full_name": "Someone Else", "time_zone": "Mars/Olympus"}
    )

    assert response.status_code == 400
    assert "time_zone" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Berlin"
    assert owner.full_name == old_name


def test_it_does_not_let_the_profile_form_change_the_email(owner_client, owner):
    owner_client.post(
        reverse("accounts:profile"), {"full_name": "Ada", "time_zone": "UTC", "email": "attacker@example.com"}
    )

    owner.refresh_from_db()
    assert owner.email == "owner@example.edu"


# Dates in the user's zone


def _detail_with_known_change_time(client, application):
    Application.objects.filter(pk=application.pk).update(stage_changed_at=KNOWN_INSTANT)
    return client.get(reverse("front:application_detail", args=[application.pk])).content.decode()


def test_it_shows_times_in_the_users_time_zone(owner_client, application):
    page = _detail_with_known_change_time(owner_client, application)

    assert "Wed 15 Jan 2025, 13:00 CET" in page
    assert "12:00 UTC" not in page


def test_it_shows_times_in_the_new_zone_after_a_profile_change(owner_client, owner, application):
    owner_client.post(reverse("accounts:profile"), {"full_name": owner.full_name, "time_zone": "Asia/Tokyo"})

    page = _detail_with_known_change_time(owner_client, application)

    assert "Wed 15 Jan 2025, 21:00 JST" in page
    assert "13:00 CET" not in page


def _zone_seen_by_view(user):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return "response"

    request = RequestFactory().get("/")
    request.user = user
    assert UserTimezoneMiddleware(view)(request) == "response"
    return seen["zone"]


def test_the_middleware_activates_the_users_zone_only_for_their_request(owner):
    assert _zone_seen_by_view(owner) == "Europe/Berlin"
    assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.django_db
def test_the_middleware_uses_utc_for_anonymous_visitors():
    timezone.activate(zoneinfo.ZoneInfo("Asia/Tokyo"))  # left over from an earlier request on this thread
    try:
        assert _zone_seen_by_view(AnonymousUser()) == "UTC"
    finally:
        timezone.deactivate()


def test_the_middleware_falls_back_to_utc_for_a_zone_python_does_not_know(owner):
    User.objects.filter(pk=owner.pk).update(time_zone="Mars/Olympus")
    owner.refresh_from_db()

    assert _zone_seen_by_view(owner) == "UTC"
