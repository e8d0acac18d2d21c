"""Configuration by environment variables: strict parsing, and the production settings an operator deploys."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from jobtracker.env import env_bool, env_int, env_list, env_str

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Variables the settings read that a test sets on purpose; everything else is inherited from the test run.
CONTROLLED = ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "DATABASE_URL", "EMAIL_HOST", "JOBTRACKER_VAR_DIR"]
PRINT_ENGINE = (
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
)


# Strict parsing


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "On"])
def test_env_bool_reads_true_values(monkeypatch, raw):
    monkeypatch.setenv("JT_TEST_FLAG", raw)
    assert env_bool("JT_TEST_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", " no ", "OFF"])
def test_env_bool_reads_false_values(monkeypatch, raw):
    monkeypatch.setenv("JT_TEST_FLAG", raw)
    assert env_bool("JT_TEST_FLAG", True) is False


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_bool_falls_back_to_the_default_when_unset_or_blank(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("JT_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("JT_TEST_FLAG", raw)
    assert env_bool("JT_TEST_FLAG", True) is True
    assert env_bool("JT_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["flase", "2", "y", "enabled"])
def test_env_bool_rejects_a_typo_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("JT_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="JT_TEST_FLAG"):
        env_bool("JT_TEST_FLAG", False)


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("JT_TEST_NUMBER", " 42 ")
    assert env_int("JT_TEST_NUMBER", 7) == 42


def test_env_int_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("JT_TEST_NUMBER", raising=False)
    assert env_int("JT_TEST_NUMBER", 7, minimum=1) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "10s"])
def test_env_int_rejects_a_value_that_is_not_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv("JT_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match=r"JT_TEST_NUMBER.*not a whole number"):
        env_int("JT_TEST_NUMBER", 7)


def test_env_int_rejects_a_value_below_the_minimum(monkeypatch):
    monkeypatch.setenv("JT_TEST_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match=r"JT_TEST_NUMBER.*below the minimum of 1"):
        env_int("JT_TEST_NUMBER", 7, minimum=1)


def test_env_int_accepts_the_minimum_itself(monkeypatch):
    monkeypatch.setenv("JT_TEST_NUMBER", "1")
    assert env_int("JT_TEST_NUMBER", 7, minimum=1) == 1


def test_env_list_splits_on_commas_and_trims(monkeypatch):
    monkeypatch.setenv("JT_TEST_LIST", " example.com , www.example.com,,  api.example.com ,")
    assert env_list("JT_TEST_LIST", []) == ["example.com", "www.example.com", "api.example.com"]


def test_env_list_falls_back_to_a_copy_of_the_default(monkeypatch):
    monkeypatch.delenv("JT_TEST_LIST", raising=False)
    default = ["localhost"]

    value = env_list("JT_TEST_LIST", default)

    assert value == ["localhost"]
    value.append("changed")
    assert default == ["localhost"]


def test_env_str_trims_and_falls_back(monkeypatch):
    monkeypatch.setenv("JT_TEST_TEXT", "  value  ")
    assert env_str("JT_TEST_TEXT") == "value"
    monkeypatch.delenv("JT_TEST_TEXT")
    assert env_str("JT_TEST_TEXT", "fallback") == "fallback"


# The real settings module, started the way an operator starts it


def _run(args, tmp_path, **env):
    environment = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    environment["DJANGO_SETTINGS_MODULE"] = "jobtracker.settings"
    environment["JOBTRACKER_VAR_DIR"] = str(tmp_path / "var")
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production_env(**overrides):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "example.com",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **_production_env())

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in result.stdout
    assert "WARNINGS" not in output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(["manage.py", "check"], tmp_path, **_production_env(SECRET_KEY=None))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_makemigrations_check_runs_with_nothing_set(tmp_path):
    """A fresh checkout's migration check needs no secret (it read as "Models aren't loaded yet" before)."""
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No changes detected" in result.stdout


def test_production_refuses_to_start_without_redis(tmp_path):
    result = _run(["manage.py", "check"], tmp_path, **_production_env(REDIS_URL=None))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL" in result.stderr


def test_a_typo_in_debug_stops_the_process_instead_of_meaning_off(tmp_path):
    result = _run(["manage.py", "check"], tmp_path, **_production_env(DEBUG="flase"))

    assert result.returncode != 0
    assert "DEBUG='flase'" in result.stderr


def test_debug_is_off_unless_the_development_path_turns_it_on(tmp_path):
    # Nothing set at all, as a bare `docker run` of the image or a hand-started process would be.
    result = _run(["manage.py", "check"], tmp_path)
    assert result.returncode != 0 and "SECRET_KEY must be set when DEBUG is off" in result.stderr
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert "run test migrations-check seed-heavy: export DEBUG ?= 1" in makefile
    dockerfile = (PROJECT_ROOT / "docker" / "Dockerfile").read_text()
    assert "DEBUG=0" in dockerfile.split("ENV", 1)[1].split("RUN", 1)[0], "the image's own environment says DEBUG=0"


def test_database_url_selects_postgresql(tmp_path):
    result = _run(["-c", PRINT_ENGINE], tmp_path, DEBUG="1", DATABASE_URL="postgres://u@h:5432/db")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_without_database_url_the_app_uses_sqlite(tmp_path):
    result = _run(["-c", PRINT_ENGINE], tmp_path, DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
