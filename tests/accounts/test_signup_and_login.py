"""Creating an account, logging in (with django-axes throttling) and logging out, through the real views."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.pipeline.models import Season, Stage
from jobtracker.pipeline.stages import FACULTY_STAGES, INDUSTRY_STAGES
from tests.factories import PASSWORD, UserFactory

SIGNUP_PASSWORD = "correct-horse-battery-staple-17"
LOCKOUT_MESSAGE = "Too many failed log-ins"


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


@pytest.mark.django_db
def test_it_creates_an_account_with_a_lower_cased_email(client):
    response = _signup(client)

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.candidate@example.edu"
    assert user.full_name == "Ada Lovelace"
    assert user.time_zone == "America/New_York"
    assert user.check_password(SIGNUP_PASSWORD)


@pytest.mark.django_db
def test_it_logs_the_new_user_in_and_sends_them_to_the_dashboard(client):
    response = _signup(client)

    assert response["Location"] == reverse("front:dashboard")
    user = _signed_in_user(client)
    assert user.is_authenticated
    assert user.email == "new.candidate@example.edu"


@pytest.mark.django_db
def test_it_gives_a_new_account_both_default_pipelines_and_the_current_season(client):
    _signup(client)

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
def test_it_rejects_an_email_that_is_already_taken_in_another_case(client):
    UserFactory(email="taken@example.edu")

    response = _signup(client, email="TAKEN@Example.edu")

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert "An account with this e-mail already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.edu").count() == 1
    assert not _signed_in_user(client).is_authenticated


@pytest.mark.django_db
def test_it_rejects_mismatched_passwords_and_creates_nothing(client):
    response = _signup(client, password2=SIGNUP_PASSWORD + "x")

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()
    assert not Stage.objects.exists()
    assert not Season.objects.exists()


@pytest.mark.django_db
def test_it_rejects_a_too_short_password_and_creates_nothing(client):
    response = _signup(client, password1="x7#q", password2="x7#q")

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert "too short" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_rejects_an_unknown_time_zone(client):
    response = _signup(client, time_zone="Mars/Olympus")

    assert response.status_code == 200
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
