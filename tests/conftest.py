import os

import pytest
from django.core.cache import cache

from jobtracker.core import fragments
from tests.factories import UserFactory, make_application

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need_service(available: bool, reason: str):
    """Skip when a real service is missing, except in CI (REQUIRE_SERVICES=1), where that is a failure."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this cannot be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()  # per-process caches (sign-up mail caps, throttles) must not carry from one test to the next
    fragments.forget_failures()


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.edu", time_zone="Europe/Berlin")


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.edu")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def application(owner):
    return make_application(owner)
