"""The health report an operator can trust: cheap liveness for load balancers, details for the operator."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobtracker.pipeline.models import Position
from jobtracker.reminders.models import Beat, Delivery
from tests.factories import make_application

TOKEN = "a-long-random-operator-token"


@pytest.fixture
def operator(settings):
    settings.HEALTH_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def ticked(seconds_ago: float) -> None:
    Beat.objects.update_or_create(
        name="dispatch", defaults={"ran_at": timezone.now() - dt.timedelta(seconds=seconds_ago)}
    )


def test_the_liveness_probe_stays_cheap_and_public(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_the_detailed_report_needs_the_token_or_a_staff_account(client, owner, operator, django_user_model):
    ticked(5)
    assert client.get("/healthz/detail/").status_code == 403
    assert client.get("/healthz/detail/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/healthz/detail/", **operator).status_code == 200
    staff = django_user_model.objects.create_user("ops@example.edu", "pw-long-enough-1", is_staff=True)
    client.force_login(staff)
    assert client.get("/healthz/detail/").status_code == 200


def test_the_report_tells_database_broker_beat_planner_and_deliveries(client, owner, operator):
    ticked(5)
    position = make_application(owner).position
    Position.objects.filter(pk=position.pk).update(updated_at=timezone.now() - dt.timedelta(seconds=30))
    report = client.get("/healthz/detail/", **operator).json()
    checks = report["checks"]
    assert report["ok"] and checks["database"]["ok"] and checks["broker"]["ok"]
    reminders = checks["reminders"]
    assert reminders["last_tick_age_seconds"] < 60
    assert reminders["planner_lag_seconds"] >= 30, "the posting is a change the planner has not read yet"
    assert set(reminders["deliveries"]) == {"pending", "sending", "failed", "unknown"}
    assert reminders["oldest_due_unsent"] is None


def test_a_beat_silent_for_two_minutes_makes_it_503(client, db, operator):
    ticked(200)
    response = client.get("/healthz/detail/", **operator)
    assert response.status_code == 503
    assert "beat last ticked 200 s ago" in response.json()["checks"]["reminders"]["problems"][0]
    ticked(1)
    assert client.get("/healthz/detail/", **operator).status_code == 200


def test_a_due_reminder_ten_minutes_late_makes_it_503(client, owner, operator):
    ticked(1)
    late = timezone.now() - dt.timedelta(minutes=11)
    Delivery.objects.create(owner=owner, kind="deadline", object_id=1, lead=1, due_at=late, send_at=late)
    response = client.get("/healthz/detail/", **operator)
    assert response.status_code == 503
    assert response.json()["checks"]["reminders"]["oldest_due_late_seconds"] >= 660


def test_the_command_prints_the_same_report_and_fails_when_unhealthy(db, capsys):
    ticked(1)
    call_command("health")
    assert json.loads(capsys.readouterr().out)["ok"] is True
    ticked(999)
    with pytest.raises(CommandError, match="unhealthy: reminders"):
        call_command("health")
