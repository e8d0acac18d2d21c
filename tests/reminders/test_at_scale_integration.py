"""Reminders at scale, through real processes: Celery workers and beat on Redis, an SMTP server on loopback.

A first deploy on thousands of dated items the planner has never seen, a mail server slow to confirm, a
backlog longer than the time after which a claim counts as abandoned, and the health report watching beat.
"""

import datetime as dt
import time

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.pipeline.models import Institution, Position, Season
from jobtracker.reminders.models import Delivery, PlannerMark, ReminderSettings
from tests.reminders.services import SmtpSink
from tests.reminders.test_delivery_integration import all_settled, due_deliveries, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
S = Delivery.Status


def never_recovered() -> bool:
    return (
        not Delivery.objects.filter(last_error__contains="Recovered").exists()
        and not Delivery.objects.filter(unknown_outcomes__gt=0).exists()
    )


def unplanned_postings(users: int, per_user: int, send_in: float) -> int:
    """Postings due tomorrow for users whose one reminder (the day before) goes out `send_in` seconds from now;
    no planner bookmark exists yet: a first deploy on existing data."""
    now = timezone.now()
    at = (now + dt.timedelta(seconds=send_in)).time()
    password = make_password("integration-password-1")
    owners = User.objects.bulk_create(
        User(email=f"cold{i}@example.edu", time_zone="UTC", password=password) for i in range(users)
    )
    ReminderSettings.objects.bulk_create(
        ReminderSettings(owner=u, leads="1", send_hour=at, planned_zone="UTC", disabled_kinds=[]) for u in owners
    )
    year = Season.start_year_for(now.date())
    seasons = {s.owner_id: s for s in Season.objects.bulk_create(Season(owner=u, start_year=year) for u in owners)}
    places = Institution.objects.bulk_create(
        Institution(owner=u, name=f"University {j}") for u in owners for j in range(per_user)
    )
    tomorrow = now.date() + dt.timedelta(days=1)
    rows = [
        Position(
            owner=place.owner,
            institution=place,
            season=seasons[place.owner_id],
            title="Lecturer",
            deadline_date=tomorrow,
            deadline_time=dt.time(23, 0),
            deadline_tz="UTC",
        )
        for place in places
    ]
    for row in rows:
        row.derive_instants()
    Position.objects.bulk_create(rows, batch_size=500)
    assert not PlannerMark.objects.exists()
    return len(rows)


def test_a_cold_start_on_thousands_of_items_sends_every_reminder_once(smtp, celery_for):
    count = unplanned_postings(users=20, per_user=100, send_in=12)
    # Small chunks and a one-second budget: the planner must work through the backlog over several ticks.
    celery = celery_for(shared(), REMINDERS_PLAN_CHUNK=200, REMINDERS_PLAN_BUDGET_SECONDS=1)
    celery.worker()
    celery.worker()
    celery.beat()
    assert smtp.wait_for(count, timeout=150) == count, celery.logs()
    assert wait_until(lambda: all_settled(count), 30), celery.logs()
    assert sum(smtp.keys().values()) == count, "a reminder arrived twice"
    assert Delivery.objects.filter(status=S.SENT, lead=1).count() == count
    assert never_recovered()


def test_a_server_slow_to_confirm_gets_no_second_copy(celery_for):
    sink = SmtpSink(reply_delay=3).start()  # later than EMAIL_TIMEOUT (2 s in these tests)
    try:
        deliveries = due_deliveries(4, users=2)
        celery = celery_for(shared(), smtp_port=sink.port, REMINDERS_FINAL_REPLY_SECONDS=20)
        celery.worker()
        celery.beat()
        assert sink.wait_for(4, timeout=120) == 4, celery.logs()
        assert wait_until(lambda: all_settled(4), 60), celery.logs()
        assert sorted(sink.keys().values()) == [1] * 4, sink.keys()
        assert {d.key for d in deliveries} == set(sink.keys())
        assert never_recovered()
    finally:
        sink.stop()


def test_a_backlog_longer_than_the_abandoned_claim_threshold_records_no_recovery(smtp, celery_for):
    deliveries = due_deliveries(1000, users=20)
    smtp.reply_delay = 0.01  # under 100 a second for the two workers: over 10 s, past the 7 s threshold
    celery = celery_for(shared())
    celery.worker()
    celery.worker()
    celery.beat()
    started = time.monotonic()
    assert smtp.wait_for(1000, timeout=180) == 1000, celery.logs()
    assert time.monotonic() - started > 7, "the backlog did not outlast the threshold; the test proves nothing"
    assert wait_until(lambda: all_settled(1000), 30), celery.logs()
    assert sum(smtp.keys().values()) == 1000 and {d.key for d in deliveries} == set(smtp.keys())
    assert never_recovered(), Delivery.objects.exclude(last_error="").values_list("last_error", flat=True)[:5]


def test_the_health_report_goes_503_when_beat_stops_and_200_when_it_returns(smtp, celery_for, client, settings):
    settings.HEALTH_TOKEN = "operator-token"
    settings.REMINDERS_HEALTH_TICK_LATE_SECONDS = 4
    auth = {"HTTP_AUTHORIZATION": "Bearer operator-token"}
    celery = celery_for(shared())
    celery.worker()
    beat = celery.beat()

    def status():
        return client.get("/healthz/detail/", **auth).status_code

    assert wait_until(lambda: status() == 200, 60), celery.logs()
    celery.kill(beat)
    assert wait_until(lambda: status() == 503, 30), "beat stopped but the report stayed healthy"
    report = client.get("/healthz/detail/", **auth).json()["checks"]["reminders"]
    assert "beat last ticked" in report["problems"][0]
    celery.beat()
    assert wait_until(lambda: status() == 200, 60), celery.logs()


def shared() -> str:
    from tests.reminders.services import shared_redis_url

    return shared_redis_url()
