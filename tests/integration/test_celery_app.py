import os
import subprocess
import sys
from pathlib import Path

from jobtracker.celery import app
from tests.reminders.services import shared_redis_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_celery_app_uses_json_and_time_limits():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.task_acks_late is False  # rows are the record of work; see settings.py


def _broker_in_subprocess(**env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG", "SECRET_KEY"}}
    full_env.update(env)
    code = "import django; django.setup(); from jobtracker.celery import app; print(app.conf.broker_url)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_without_redis_url_development_uses_the_embedded_broker(tmp_path):
    result = _broker_in_subprocess(DEBUG="1", JOBTRACKER_VAR_DIR=str(tmp_path))
    assert result.stdout.strip().startswith("filesystem://"), result.stderr
    assert (tmp_path / "celery-broker" / "processed").is_dir()


def test_production_refuses_the_embedded_broker():
    result = _broker_in_subprocess(DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_with_redis_url_the_broker_is_redis_and_reachable():
    url = shared_redis_url()
    result = _broker_in_subprocess(DEBUG="1", REDIS_URL=url)
    assert result.stdout.strip() == url, result.stderr
    with app.connection_for_write(url) as connection:
        connection.ensure_connection(max_retries=1)
        assert connection.connected


def test_beat_clears_expired_sessions_daily(db):
    import datetime as dt

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from jobtracker.core.tasks import clear_expired_sessions

    schedule = app.conf.beat_schedule["clear-expired-sessions"]
    assert schedule["task"] == "core.clear_expired_sessions" and schedule["schedule"] == 86400
    live, old = SessionStore(), SessionStore()
    live.create()
    old.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=timezone.now() - dt.timedelta(days=1))
    clear_expired_sessions.apply().get()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_every_beat_entry_names_a_task_the_worker_knows():
    app.loader.import_default_modules()
    unknown = {name: entry["task"] for name, entry in app.conf.beat_schedule.items() if entry["task"] not in app.tasks}
    assert not unknown, f"beat would send tasks no worker has: {unknown}"
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"network.expire_imports", "reports.expire_files", "reminders.plan_messages"} <= tasks
