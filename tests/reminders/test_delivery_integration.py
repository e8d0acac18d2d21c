"""Reminders through real processes: Celery workers and beat on Redis, and an SMTP server on loopback.

Each test counts what reaches the SMTP server by the X-Jobtracker-Delivery header. They skip where
Redis is absent, except in CI (REQUIRE_SERVICES=1).
"""

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.utils import timezone

from jobtracker.reminders.models import Delivery
from jobtracker.reminders.registry import SOURCES
from jobtracker.reminders.schedule import days_phrase, when_phrase
from tests.factories import InstitutionFactory, PositionFactory, UserFactory
from tests.reminders.services import RedisServer, shared_redis_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def due_deliveries(count: int, users: int = 1) -> list[Delivery]:
    """Deliveries due now for real application deadlines, as the planner would have made them."""
    owners = [UserFactory(time_zone="America/New_York") for _ in range(users)]
    rows = []
    for i in range(count):
        owner = owners[i % users]
        position = PositionFactory(
            owner=owner,
            institution=InstitutionFactory(owner=owner, name=f"University {i}"),
            deadline_date=timezone.localdate() + dt.timedelta(days=2),
        )
        item = SOURCES["deadline"].item(position)
        rows.append(
            Delivery(
                owner=owner,
                kind="deadline",
                object_id=position.pk,
                lead=2,
                due_at=item.due.snapshot(),
                send_at=timezone.now() - dt.timedelta(minutes=1),
            )
        )
    return Delivery.objects.bulk_create(rows)


def delivery_table() -> str:
    """Every delivery row as one line, for a failure message: what the machinery believed when it stopped."""
    fields = ("pk", "owner_id", "kind", "lead", "status", "attempts", "unknown_outcomes", "send_at", "last_error")
    return "\n".join(str(row) for row in Delivery.objects.order_by("pk").values_list(*fields))


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def all_settled(count: int) -> bool:
    """Every row sent and none claimed: from here on nothing can be sent again, so counting is final."""
    rows = Delivery.objects.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]).exists()
    return not rows and Delivery.objects.filter(status=Delivery.Status.SENT).count() == count


def assert_each_once(smtp, deliveries, celery, allowed_repeats=0):
    keys = smtp.keys()
    expected = {d.key for d in deliveries}
    missing = expected - set(keys)
    assert not missing, f"{len(missing)} reminders never arrived\n{celery.logs()}"
    repeats = {key: n for key, n in keys.items() if n > 1}
    assert sum(n - 1 for n in repeats.values()) <= allowed_repeats, f"repeated: {repeats}"
    for key in repeats:
        assert len(smtp.message_ids(key)) == 1, f"{key} repeated with a different Message-ID"
    return repeats


def test_a_reminder_due_now_arrives_once_with_text_html_and_a_working_unsubscribe_link(smtp, celery_for, client):
    [delivery] = due_deliveries(1)
    celery = celery_for(shared_redis_url())
    celery.worker()
    celery.beat()
    assert smtp.wait_for(1, timeout=60) == 1, celery.logs()
    assert wait_until(lambda: all_settled(1), 30), celery.logs()
    assert smtp.keys() == {delivery.key: 1}

    message = smtp.messages[0]
    item = SOURCES["deadline"].load(delivery.object_id)
    zone = ZoneInfo(delivery.owner.time_zone)
    expected = f"Assistant Professor at University 0 due {days_phrase(item.due, timezone.now(), zone)}, "
    assert message["Subject"] == expected + when_phrase(item.due, zone)
    assert message["To"] == delivery.owner.email
    assert message["Message-ID"] == f"<reminder.{delivery.key}@jobtracker.localhost>"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f"is due {days_phrase(item.due, timezone.now(), zone)}" in text and "<strong>" in html
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text

    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and "Stop reminders about application deadlines?" in page.content.decode()
    assert client.post("/" + path).status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert "deadline" in delivery.owner.reminder_settings.disabled_kinds


def test_killing_a_worker_mid_run_loses_nothing_and_repeats_at_most_one_per_killed_process(smtp, celery_for, tmp_path):
    deliveries = due_deliveries(500, users=20)
    redis_server = RedisServer(tmp_path).start()
    try:
        celery = celery_for(redis_server.url)
        concurrency = 2
        worker = celery.worker(concurrency=concurrency)
        celery.beat()
        smtp.wait_for(100, timeout=120)
        celery.kill(worker)  # SIGKILL: the worker and its pool processes die where they are
        arrived_at_kill = len(smtp.keys())
        assert arrived_at_kill < 500, "the kill came too late to prove anything"
        celery.worker(concurrency=concurrency)
        assert smtp.wait_for(500, timeout=180) == 500, celery.logs()
        # Rows the killed processes had claimed are recovered by the sweeper and finish (possibly as a repeat).
        assert wait_until(lambda: all_settled(500), 90), celery.logs()
        assert_each_once(smtp, deliveries, celery, allowed_repeats=concurrency)
    finally:
        redis_server.stop()


def test_two_beats_running_at_once_send_nothing_twice(smtp, celery_for, tmp_path):
    deliveries = due_deliveries(100, users=5)
    redis_server = RedisServer(tmp_path).start()
    try:
        celery = celery_for(redis_server.url)
        celery.beat()
        celery.beat()
        celery.worker()
        assert smtp.wait_for(100, timeout=120) == 100, celery.logs()
        assert wait_until(lambda: all_settled(100), 30), celery.logs()
        assert_each_once(smtp, deliveries, celery)
    finally:
        redis_server.stop()


def test_an_smtp_outage_delays_reminders_but_delivers_each_once(smtp, celery_for, tmp_path):
    deliveries = due_deliveries(20, users=2)
    smtp.stop()  # connections are refused from now on
    redis_server = RedisServer(tmp_path).start()
    try:
        celery = celery_for(redis_server.url)
        celery.worker()
        celery.beat()
        # The outage lasts until every reminder has failed and been retried at least once more (seconds here,
        # with the test's one-second backoff; the same holds for a minute with production timings).
        retried = wait_until(lambda: Delivery.objects.filter(attempts__gt=2).count() == 20, 60)
        assert retried, f"not every reminder was retried during the outage\n{celery.logs()}"
        assert smtp.keys() == {}
        assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 0
        smtp.start()
        assert smtp.wait_for(20, timeout=90) == 20, celery.logs()
        assert wait_until(lambda: all_settled(20), 30), celery.logs()
        assert_each_once(smtp, deliveries, celery)
        assert "ConnectionRefusedError" in Delivery.objects.first().last_error
    finally:
        redis_server.stop()


def test_a_redis_restart_mid_run_loses_nothing(smtp, celery_for, tmp_path):
    deliveries = due_deliveries(200, users=10)
    redis_server = RedisServer(tmp_path).start()
    try:
        celery = celery_for(redis_server.url)
        worker = celery.worker()
        celery.beat()
        smtp.wait_for(30, timeout=120)
        redis_server.stop()  # queued messages are gone with it: it keeps nothing on disk
        time.sleep(2)
        redis_server.start()
        # kombu's Redis transport can end the worker with "Unrecoverable error" when the broker goes
        # away; in production the process supervisor (compose: restart unless-stopped) starts it again.
        deadline = time.monotonic() + 180
        while len(smtp.keys()) < 200 and time.monotonic() < deadline:
            if worker.poll() is not None:
                worker = celery.worker()
            time.sleep(0.5)
        assert len(smtp.keys()) == 200, celery.logs()
        assert wait_until(lambda: all_settled(200), 60), celery.logs()
        assert_each_once(smtp, deliveries, celery)
    finally:
        redis_server.stop()


def test_the_weekly_status_goes_out_once_per_user_under_two_beats(smtp, celery_for, tmp_path):
    from jobtracker.reminders.models import ReminderSettings
    from jobtracker.reminders.schedule import Due

    owners = [UserFactory(time_zone=zone) for zone in ("Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles")]
    rows = []
    for owner in owners:
        ReminderSettings.objects.create(owner=owner, weekly_status=True)
        today = timezone.localdate(timezone=ZoneInfo(owner.time_zone))
        rows.append(
            Delivery(
                owner=owner,
                kind="weekly",
                object_id=owner.pk,
                lead=0,
                due_at=Due(day=today).snapshot(),  # this week's e-mail, due now (as on a Monday morning)
                send_at=timezone.now() - dt.timedelta(minutes=1),
            )
        )
    weekly = Delivery.objects.bulk_create(rows)
    redis_server = RedisServer(tmp_path).start()
    try:
        celery = celery_for(redis_server.url, REMINDERS_MESSAGES_PLAN_SECONDS="1")
        celery.beat()
        celery.beat()
        celery.worker()
        assert smtp.wait_for(3, timeout=90) == 3, f"{delivery_table()}\n{celery.logs()}"
        assert wait_until(lambda: all_settled(3), 30), f"{delivery_table()}\n{celery.logs()}"
        assert_each_once(smtp, weekly, celery)
        time.sleep(3)  # several more ticks of both beats and of the message planner
        assert len(smtp.keys()) == 3 and sum(smtp.keys().values()) == 3
        # Whatever the beats planned besides (next Monday's e-mail, unless today is a Monday) exists once per user.
        per_week = Delivery.objects.filter(kind="weekly").values("object_id", "due_at").annotate(n=Count("id"))
        assert {row["n"] for row in per_week} == {1}
    finally:
        redis_server.stop()
