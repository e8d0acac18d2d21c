"""Creating an account, logging in (with django-axes throttling) and logging out, through the real views."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.pipeline.models import Season, Stage
from jobtracker.pipeline.stages import FACULTY_STAGES, INDUSTRY_STAGES
from tests.factories import PASSWORD, UserFactory

SIGNUP_PASSWORD = "correct-horse-battery-staple-17"
LOCKOUT_MESSAGE = "Too many failed log-ins"
CONFIRM_LINK = re.compile(r"https?://testserver(/accounts/confirm/[^/\s\"]+/[^/\s\"]+/)")


def _signup(client, **overrides):
    data = {
        "email": "New.Candidate@Example.EDU",
        "full_name": "Ada Lovelace",
        "time_zone": "America/New_York",
        "password1": SIGNUP_PASSWORD,
        "password2": SIGNUP_PASSWORD,
        **overrides,
    }
    return client.post(reverse("accounts:signup"), data)


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def _signed_in_user(client):
    return client.get(reverse("front:dashboard")).wsgi_request.user


# Sign-up


def _confirmation_path(message):
    return CONFIRM_LINK.search(message.body).group(1)


def _sign_up_and_confirm(client, **overrides):
    _signup(client, **overrides)
    return client.post(_confirmation_path(mail.outbox[-1]))


def _without_csrf_token(html):
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


@pytest.mark.django_db
def test_it_opens_an_inactive_account_with_a_lower_cased_email_and_mails_a_confirmation_link(client):
    response = _signup(client)

    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get()
    assert user.email == "new.candidate@example.edu"
    assert (user.full_name, user.time_zone) == ("Ada Lovelace", "America/New_York")
    assert user.check_password(SIGNUP_PASSWORD) and not user.is_active
    assert not _signed_in_user(client).is_authenticated
    (message,) = mail.outbox
    assert message.to == ["new.candidate@example.edu"]
    assert message.subject == "Confirm your address for jobtracker"
    html, _ = message.alternatives[0]
    assert _confirmation_path(message) in html


@pytest.mark.django_db
def test_the_link_shows_a_button_and_only_the_post_confirms_logs_in_and_opens_the_dashboard(client):
    _signup(client)
    path = _confirmation_path(mail.outbox[0])

    assert "Confirm and log in" in client.get(path).content.decode()
    assert not User.objects.get().is_active  # a mail scanner opening the link uses nothing up
    response = client.post(path)

    assert response["Location"] == reverse("front:dashboard")
    user = _signed_in_user(client)
    assert user.is_authenticated and user.is_active and user.email == "new.candidate@example.edu"


@pytest.mark.django_db
def test_a_confirmation_link_works_once(client):
    _signup(client)
    path = _confirmation_path(mail.outbox[0])
    client.post(path)
    client.logout()

    response = client.post(path)
    assert response.status_code == 400 and "This link no longer works" in response.content.decode()
    assert not _signed_in_user(client).is_authenticated


@pytest.mark.django_db
@pytest.mark.parametrize("damage", [lambda p: p.replace("/confirm/", "/confirm/x"), lambda p: p[:-3] + "00/"])
def test_a_damaged_confirmation_link_activates_nothing(client, damage):
    _signup(client)
    response = client.post(damage(_confirmation_path(mail.outbox[0])))

    assert response.status_code in {400, 404}
    assert not User.objects.get().is_active


@pytest.mark.django_db
def test_a_confirmation_link_expires_after_three_days(client, settings):
    _signup(client)
    path = _confirmation_path(mail.outbox[0])
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is now older than the limit

    assert client.post(path).status_code == 400
    assert not User.objects.get().is_active


@pytest.mark.django_db
def test_it_gives_a_new_account_both_default_pipelines_and_the_current_season(client):
    _sign_up_and_confirm(client)

    user = User.objects.get()
    faculty = list(Stage.objects.filter(owner=user, track=Stage.Track.FACULTY).order_by("order"))
    industry = list(Stage.objects.filter(owner=user, track=Stage.Track.INDUSTRY).order_by("order"))
    assert len(faculty) == 12
    assert len(industry) == 12
    assert [stage.name for stage in faculty] == [name for name, _category, _submission in FACULTY_STAGES]
    assert [stage.name for stage in industry] == [name for name, _category, _submission in INDUSTRY_STAGES]
    assert not any(stage.is_archived for stage in faculty + industry)
    current = Season.start_year_for(timezone.localdate())
    assert list(Season.objects.filter(owner=user).values_list("start_year", flat=True)) == [current]


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_answers_exactly_as_a_new_one_and_mails_its_owner(client):
    existing = UserFactory(email="taken@example.edu")
    fresh = _signup(client, email="new@example.edu")
    fresh_page = _without_csrf_token(client.get(fresh["Location"]).content.decode())

    taken = _signup(client, email="TAKEN@Example.edu", full_name="Mallory")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert _without_csrf_token(client.get(taken["Location"]).content.decode()) == fresh_page

    existing.refresh_from_db()
    assert existing.full_name != "Mallory" and existing.check_password(PASSWORD)  # nothing changed
    assert User.objects.filter(email__iexact="taken@example.edu").count() == 1
    warning = mail.outbox[-1]
    assert warning.to == ["taken@example.edu"] and "already has one" in warning.body
    assert reverse("accounts:password_reset") in warning.body and not CONFIRM_LINK.search(warning.body)
    assert not _signed_in_user(client).is_authenticated


@pytest.mark.django_db
def test_signing_up_again_before_confirming_takes_the_new_password_and_retires_the_old_link(client):
    _signup(client, email="ada@example.edu", password1="first-password-17x", password2="first-password-17x")
    old = _confirmation_path(mail.outbox[-1])
    cache.clear()  # past the five-minute cap on sign-up e-mails to one address
    _signup(client, email="ada@example.edu", full_name="Ada King")

    assert client.post(old).status_code == 400
    assert client.post(_confirmation_path(mail.outbox[-1]))["Location"] == reverse("front:dashboard")
    user = User.objects.get()
    assert user.full_name == "Ada King" and user.check_password(SIGNUP_PASSWORD)


@pytest.mark.django_db
def test_sign_up_sends_one_e_mail_per_address_per_five_minutes_whatever_is_submitted(client):
    for _ in range(5):
        _signup(client, email="victim@example.edu")
    _signup(client, email="other@example.edu")

    assert [m.to for m in mail.outbox] == [["victim@example.edu"], ["other@example.edu"]]


@pytest.mark.django_db
def test_an_unconfirmed_account_cannot_log_in_and_its_owner_is_told_why(client):
    _signup(client)

    wrong = _login(client, "new.candidate@example.edu", "not-the-password")
    assert "Please enter a correct e-mail address and password" in wrong.content.decode()
    right = _login(client, "new.candidate@example.edu", SIGNUP_PASSWORD)
    assert "Confirm your address first" in right.content.decode()
    assert not _signed_in_user(client).is_authenticated


@pytest.mark.django_db
def test_it_rejects_mismatched_passwords_and_creates_nothing(client):
    response = _signup(client, password2=SIGNUP_PASSWORD + "x")

    assert response.status_code == 400
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()
    assert not Stage.objects.exists()
    assert not Season.objects.exists()


@pytest.mark.django_db
def test_it_rejects_a_too_short_password_and_creates_nothing(client):
    response = _signup(client, password1="x7#q", password2="x7#q")

    assert response.status_code == 400
    assert "password2" in response.context["form"].errors
    assert "too short" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_rejects_an_unknown_time_zone(client):
    response = _signup(client, time_zone="Mars/Olympus")

    assert response.status_code == 400
    assert "time_zone" in response.context["form"].errors
    assert not User.objects.exists()


def test_it_sends_a_signed_in_user_from_signup_to_the_dashboard(owner_client):
    response = owner_client.get(reverse("accounts:signup"))

    assert response.status_code == 302
    assert response["Location"] == reverse("front:dashboard")


# Log-in


@pytest.mark.parametrize("typed", ["owner@example.edu", "Owner@Example.EDU", "  OWNER@EXAMPLE.EDU "])
def test_it_logs_in_with_the_email_in_any_case(client, owner, typed):
    response = _login(client, typed, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("front:dashboard")
    assert _signed_in_user(client) == owner


def test_it_shows_an_error_for_a_wrong_password(client, owner):
    response = _login(client, owner.email, "not-the-password")

    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in response.content.decode()
    assert not _signed_in_user(client).is_authenticated


def test_it_still_accepts_the_right_password_after_four_failures(client, owner):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, owner.email, "wrong-password").status_code == 200

    response = _login(client, owner.email, PASSWORD)

    assert response.status_code == 302
    assert _signed_in_user(client) == owner


def test_it_locks_out_after_five_failed_logins(client, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, owner.email, "wrong-password")

    response = _login(client, owner.email, PASSWORD)

    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKOUT_MESSAGE in body
    assert reverse("accounts:password_reset") in body
    assert not _signed_in_user(client).is_authenticated


def test_it_counts_failures_for_one_email_whatever_its_case(client, owner):
    # Log-in ignores the case of the e-mail, so the lockout must too; otherwise every
    # spelling ("Owner@...", "OWNER@...") gets its own five guesses.
    for typed in [
        "owner@example.edu",
        "Owner@example.edu",
        "OWNER@example.edu",
        "owner@EXAMPLE.edu",
        "oWnEr@ExAmPlE.eDu",
    ]:
        _login(client, typed, "wrong-password")

    response = _login(client, owner.email, PASSWORD)

    assert response.status_code == 429
    assert LOCKOUT_MESSAGE in response.content.decode()
    assert not _signed_in_user(client).is_authenticated


def test_a_lockout_of_one_account_does_not_lock_another(client, owner, outsider):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, owner.email, "wrong-password")
    assert _login(client, owner.email, PASSWORD).status_code == 429

    response = _login(client, outsider.email, PASSWORD)

    assert response.status_code == 302
    assert _signed_in_user(client) == outsider


# Log-out


def test_it_logs_out_on_post(owner_client):
    response = owner_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not _signed_in_user(owner_client).is_authenticated


def test_it_does_not_log_out_on_get(owner_client, owner):
    response = owner_client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert _signed_in_user(owner_client) == owner


def test_sign_up_works_while_the_cache_is_down(client, db, monkeypatch):
    """With Redis as the cache, an outage must not turn sign-up into a 500: the mail cap is skipped, the mail sent."""

    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "add", down)
    monkeypatch.setattr(cache, "incr", down)
    response = _signup(client)
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="new.candidate@example.edu").exists()
    assert len(mail.outbox) == 1
