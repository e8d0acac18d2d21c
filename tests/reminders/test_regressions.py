"""Regressions found in review: reminders that looped, went out late, ignored the digest switch or miscounted."""

import contextlib
import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from jobtracker.interviews import services as interview_services
from jobtracker.interviews.models import ItineraryItem
from jobtracker.reminders import delivery, emails, planning
from jobtracker.reminders.models import Delivery, ReminderSettings
from jobtracker.reminders.registry import SOURCES
from tests.factories import InstitutionFactory, PositionFactory
from tests.interviews.factories import make_item, make_visit
from tests.reminders.running import refuse_smtp, run_due_now

S = Delivery.Status


@pytest.fixture
def new_yorker(owner):
    owner.time_zone = "America/New_York"
    owner.save()
    return owner


def test_turning_digest_on_applies_to_already_planned_reminders(new_yorker):
    position = PositionFactory(owner=new_yorker, deadline_date=timezone.localdate() + dt.timedelta(days=20))
    planning.plan_changed()
    assert Delivery.objects.filter(object_id=position.pk, status=S.PENDING, digest=False).exists()
    settings = ReminderSettings.objects.get(owner=new_yorker)
    settings.digest = True
    settings.save()
    planning.plan_user(new_yorker)  # what the settings view queues
    # Defect: plan_item only rewrites a row when its status or send_at differ, never its digest flag.
    assert not Delivery.objects.filter(object_id=position.pk, status=S.PENDING, digest=False).exists()


def test_subject_is_plain_text_not_html_escaped(new_yorker):
    institution = InstitutionFactory(owner=new_yorker, name="AT&T Labs")
    position = PositionFactory(
        owner=new_yorker,
        institution=institution,
        title="Researcher (O'Brien lab)",
        deadline_date=timezone.localdate() + dt.timedelta(days=20),
    )
    planning.plan_changed()
    row = Delivery.objects.get(object_id=position.pk, lead=14)
    run_due_now(row.send_at + dt.timedelta(seconds=1))
    subject = mail.outbox[0].subject
    assert "&amp;" not in subject and "&#x27;" not in subject, subject
    assert "AT&T Labs" in Delivery.objects.get(pk=row.pk).subject


def test_a_reminder_is_not_sent_after_its_item_was_due(new_yorker):
    """Dispatcher down (or backlog) over the deadline: the stale reminder must not go out as 'due today'."""
    position = PositionFactory(owner=new_yorker, deadline_date=timezone.localdate() + dt.timedelta(days=20))
    planning.plan_changed()
    row = Delivery.objects.get(object_id=position.pk, lead=2)
    three_days_after_deadline = position.deadline_at + dt.timedelta(days=3)
    run_due_now(three_days_after_deadline)
    sent = [m.subject for m in mail.outbox]
    assert Delivery.objects.get(pk=row.pk).status != S.SENT, sent


def test_an_unexpected_error_does_not_loop_forever(new_yorker, settings, monkeypatch):
    """A deterministic non-SMTP error (template, data) must end in FAILED, not pending->sending forever."""
    settings.REMINDERS_MAX_ATTEMPTS = 3
    position = PositionFactory(owner=new_yorker, deadline_date=timezone.localdate() + dt.timedelta(days=20))
    planning.plan_changed()
    row = Delivery.objects.get(object_id=position.pk, lead=14)
    monkeypatch.setattr(emails, "reminder_email", lambda **kw: (_ for _ in ()).throw(ValueError("boom")))
    now = row.send_at + dt.timedelta(seconds=1)
    for _ in range(10):
        with contextlib.suppress(ValueError):
            run_due_now(now)
        now += dt.timedelta(hours=1)
        delivery.sweep(now=now)
    row.refresh_from_db()
    assert row.status == S.FAILED, (row.status, row.attempts)


def test_changing_a_visit_zone_replans_its_meetings(new_yorker):
    """update_interview moves items with bulk_update, which does not touch updated_at."""
    settings = planning.settings_for(new_yorker)
    settings.disabled_kinds = []
    settings.save()
    day = timezone.localdate() + dt.timedelta(days=20)
    visit = make_visit(new_yorker, start_date=day, end_date=day, time_zone="America/Los_Angeles")
    item = make_item(visit, date=day, start_time=dt.time(14, 0))
    planning.plan_changed()
    before = set(
        Delivery.objects.filter(kind="visit_item", object_id=item.pk, status=S.PENDING).values_list("due_at", flat=True)
    )
    assert before
    # The planner ran a while ago; the meeting was last edited before that.
    from jobtracker.reminders.models import PlannerMark

    PlannerMark.objects.update(planned_until=timezone.now() - dt.timedelta(minutes=10))
    ItineraryItem.objects.update(updated_at=timezone.now() - dt.timedelta(hours=1))
    # 14:00 London instead of 14:00 Los Angeles
    interview_services.update_interview(interview=visit, data={"time_zone": "Europe/London"})
    planning.plan_changed()
    item.refresh_from_db()
    assert Delivery.objects.filter(
        kind="visit_item", object_id=item.pk, status=S.PENDING, due_at=item.starts_at
    ).exists(), "no reminders planned for the meeting's new time"


def test_thank_you_count_counts_people_not_meetings(new_yorker):
    day = timezone.localdate() - dt.timedelta(days=1)
    visit = make_visit(new_yorker, start_date=day, end_date=day)
    make_item(visit, date=day, start_time=dt.time(10, 0), people=["Prof. Helen Whitfield"])
    make_item(visit, date=day, start_time=dt.time(12, 0), kind="meal", people=["Prof. Helen Whitfield"])
    item = SOURCES["thank_you"].load(visit.pk)
    assert item.detail == "1 still to send.", item.detail


def test_a_failed_digest_is_retried_as_one_digest(owner, settings, monkeypatch):
    owner.time_zone = "America/New_York"
    owner.save()
    ReminderSettings.objects.create(owner=owner, digest=True, leads="2")
    for _ in range(3):
        PositionFactory(
            owner=owner, deadline_date=timezone.localdate() + dt.timedelta(days=10), deadline_tz="America/New_York"
        )
    planning.plan_changed()
    send_at = Delivery.objects.first().send_at
    refuse_smtp(monkeypatch)
    run_due_now(send_at)
    retry_times = set(Delivery.objects.values_list("send_at", flat=True))
    assert len(retry_times) == 1, f"the 3 reminders of one digest now retry at {len(retry_times)} different times"


def test_the_sweeper_reads_in_flight_rows_through_their_partial_indexes_on_sqlite(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's partial-index matching is what this guards")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM reminders_delivery WHERE status = %s AND heartbeat_at < %s",
            ["sending", "2026-01-01"],
        )
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "delivery_sending_idx" in plan, plan
