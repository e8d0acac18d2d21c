"""Planning and sending in one process: which rows exist, when dates move, and what an e-mail says."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from jobtracker.materials.models import LetterRequest
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Stage
from jobtracker.reminders import delivery, planning
from jobtracker.reminders.models import Delivery, ReminderSettings
from tests.factories import InstitutionFactory, PositionFactory, make_application, make_writer
from tests.reminders.running import claim_and_lose, refuse_smtp, run_due_now


@pytest.fixture
def new_yorker(owner):
    owner.time_zone = "America/New_York"
    owner.save()
    return owner


def soon():
    """A deadline far enough ahead that its 2-day reminder is still in the future."""
    return timezone.localdate() + dt.timedelta(days=10)


def pending(**filters):
    return Delivery.objects.filter(status=Delivery.Status.PENDING, **filters)


def in_twenty_days(owner, **fields):
    fields.setdefault("deadline_date", timezone.localdate() + dt.timedelta(days=20))
    return PositionFactory(owner=owner, deadline_tz="America/New_York", **fields)


def test_a_deadline_gets_one_pending_delivery_per_lead_time(new_yorker):
    position = in_twenty_days(new_yorker)
    planning.plan_changed()
    assert sorted(pending(kind="deadline", object_id=position.pk).values_list("lead", flat=True)) == [0, 1, 2, 7, 14]


def test_planning_twice_creates_nothing_new(new_yorker):
    PositionFactory(owner=new_yorker, deadline_date=timezone.localdate() + dt.timedelta(days=20))
    planning.plan_changed()
    before = Delivery.objects.count()
    planning.plan_changed()
    planning.plan_user(new_yorker)
    assert Delivery.objects.count() == before


def test_a_moved_deadline_cancels_the_old_deliveries_and_plans_new_ones(new_yorker):
    position = in_twenty_days(new_yorker)
    planning.plan_changed()
    old = set(pending().values_list("pk", flat=True))
    position.deadline_date += dt.timedelta(days=3)
    position.save()
    planning.plan_changed()
    assert set(Delivery.objects.filter(pk__in=old).values_list("status", flat=True)) == {"cancelled"}
    new_due = position.deadline_at
    assert pending().count() == 5 and {d.due_at for d in pending()} == {new_due.astimezone(dt.UTC)}


def test_submitting_the_application_stops_its_deadline_reminders(new_yorker):
    application = make_application(
        new_yorker, deadline_date=timezone.localdate() + dt.timedelta(days=20), deadline_tz="America/New_York"
    )
    planning.plan_changed()
    assert pending(kind="deadline").count() == 5
    stage = Stage.objects.get(owner=new_yorker, track="faculty", name="Submitted")
    pipeline_services.move_application(application=application, to_stage=stage)
    planning.plan_changed()
    assert pending(kind="deadline").count() == 0


def test_a_submitted_letter_stops_reminding(new_yorker):
    application = make_application(new_yorker)
    letter = LetterRequest.objects.create(
        owner=new_yorker,
        application=application,
        writer=make_writer(new_yorker),
        due_date=timezone.localdate() + dt.timedelta(days=10),
        status="agreed",
    )
    planning.plan_changed()
    assert pending(kind="letter").count() == 4
    letter.status = "submitted"
    letter.save()
    planning.plan_changed()
    assert pending(kind="letter").count() == 0


def test_turning_a_kind_off_and_changing_the_send_hour_replans(
    owner_client, new_yorker, django_capture_on_commit_callbacks
):
    PositionFactory(owner=new_yorker, deadline_date=timezone.localdate() + dt.timedelta(days=20))
    planning.plan_changed()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = owner_client.post(
            "/reminders/",
            {"kinds": ["letter", "follow_up"], "leads": "7, 1", "send_hour": "18:30"},
        )
    assert response.status_code == 302 and len(callbacks) == 1
    planning.plan_user(new_yorker)
    assert pending(kind="deadline").count() == 0
    settings = ReminderSettings.objects.get(owner=new_yorker)
    assert settings.lead_days == (7, 1) and "deadline" in settings.disabled_kinds


@pytest.mark.parametrize(
    ("leads", "message"),
    [("soon", "whole numbers of days"), ("-1", "from 0 (the morning of) to 60"), ("", "This field is required")],
)
def test_bad_settings_are_field_errors_and_change_nothing(owner_client, new_yorker, leads, message):
    response = owner_client.post("/reminders/", {"kinds": ["deadline"], "leads": leads, "send_hour": "08:00"})
    assert response.status_code == 400 and message in response.content.decode()
    assert planning.current_settings(new_yorker).leads == "14, 7, 2, 1, 0"


def test_a_changed_profile_time_zone_moves_the_send_times(new_yorker):
    PositionFactory(owner=new_yorker, deadline_date=timezone.localdate() + dt.timedelta(days=20))
    planning.plan_changed()
    morning = pending(lead=7).get().send_at
    new_yorker.time_zone = "Europe/Berlin"
    new_yorker.save()
    planning.plan_changed()
    moved = pending(lead=7).get().send_at
    assert moved.astimezone(dt.UTC).hour != morning.astimezone(dt.UTC).hour
    assert moved.astimezone(timezone.get_fixed_timezone(60)).hour in (8, 9)


def test_a_due_reminder_is_sent_once_with_subject_text_and_html(new_yorker):
    ny = ZoneInfo("America/New_York")
    ReminderSettings.objects.create(owner=new_yorker, leads="2", send_hour=dt.time(0, 0))
    deadline_day = timezone.localdate(timezone=ny) + dt.timedelta(days=2)
    position = PositionFactory(
        owner=new_yorker,
        institution=InstitutionFactory(owner=new_yorker, name="Carnegie Mellon University"),
        title="Research statement",
        deadline_date=deadline_day,
        deadline_time=dt.time(23, 59),
        deadline_tz="America/New_York",
    )
    planning.plan_changed(now=timezone.now() - dt.timedelta(days=1))
    two_days = pending(lead=2).get()
    run_due_now(timezone.now())
    run_due_now(timezone.now())  # a second tick finds nothing left to send
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    when = f"{deadline_day:%a} {deadline_day.day} {deadline_day:%b} 23:59 EST"
    assert message.subject == f"Research statement at Carnegie Mellon University due in 2 days, {when}"
    assert message.extra_headers["X-Jobtracker-Delivery"] == two_days.key
    assert message.extra_headers["Message-ID"] == f"<reminder.{two_days.key}@jobtracker.localhost>"
    assert "List-Unsubscribe" in message.extra_headers
    assert "Research statement at Carnegie Mellon University is due in 2 days" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    two_days.refresh_from_db()
    assert two_days.status == Delivery.Status.SENT and position.pk == two_days.object_id


def test_a_reminder_for_a_date_that_moved_after_dispatch_is_cancelled_not_sent(new_yorker):
    position = PositionFactory(owner=new_yorker, deadline_date=soon(), deadline_tz="America/New_York")
    planning.plan_changed()
    due = pending(lead=2).get()
    position.deadline_date = soon() + dt.timedelta(days=4)
    position.save()  # not yet re-planned: the send itself must notice
    run_due_now(due.send_at)
    assert mail.outbox == []
    due.refresh_from_db()
    assert due.status == Delivery.Status.CANCELLED


def test_a_digest_groups_the_days_reminders_into_one_email(new_yorker):
    ReminderSettings.objects.create(owner=new_yorker, digest=True, leads="2")
    for name in ("ETH Zurich", "EPFL", "University of Toronto"):
        PositionFactory(
            owner=new_yorker,
            institution=InstitutionFactory(owner=new_yorker, name=name),
            deadline_date=soon(),
            deadline_tz="America/New_York",
        )
    planning.plan_changed()
    send_at = pending().first().send_at
    assert run_due_now(send_at) == 1 and len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "3 reminders from jobtracker"
    assert all(name in body for name in ("ETH Zurich", "EPFL", "University of Toronto"))


def test_an_smtp_failure_retries_with_backoff_then_fails_visibly(new_yorker, settings, monkeypatch, owner_client):
    settings.REMINDERS_MAX_ATTEMPTS = 2
    PositionFactory(owner=new_yorker, deadline_date=soon(), deadline_tz="America/New_York")
    planning.plan_changed()
    due = pending(lead=2).get()

    refuse_smtp(monkeypatch)
    run_due_now(due.send_at)
    due.refresh_from_db()
    assert due.status == "pending" and due.attempts == 1 and due.send_at > timezone.now() - dt.timedelta(days=999)
    run_due_now(due.send_at + dt.timedelta(hours=1))
    due.refresh_from_db()
    assert due.status == "failed" and "ConnectionRefusedError" in due.last_error
    page = owner_client.get("/reminders/").content.decode()
    assert "Reminders that could not be sent" in page and "Try again" in page


def test_a_claim_whose_sender_died_is_recovered_by_the_sweeper_once_its_heartbeat_is_stale(new_yorker):
    PositionFactory(owner=new_yorker, deadline_date=soon(), deadline_tz="America/New_York")
    planning.plan_changed()
    due = pending(lead=2).get()
    claim_and_lose(due.send_at)  # claimed into "sending", then the sender died
    assert delivery.sweep() == 0, "a fresh claim is not stuck"
    stale = timezone.now() - dt.timedelta(seconds=delivery.send_lease_seconds() + 1)
    Delivery.objects.filter(pk=due.pk).update(heartbeat_at=stale)
    assert delivery.sweep() == 1
    due.refresh_from_db()
    assert due.status == "pending" and due.unknown_outcomes == 1 and "stopped answering" in due.last_error


def test_a_sender_that_stalled_past_its_lease_hands_back_the_rest_and_sends_nothing_twice(new_yorker, monkeypatch):
    """A sender starved of CPU for longer than its lease: the sweeper gives its rows to another sender, so it
    must not send them on when it wakes up (seen under load: two reminders arrived twice)."""
    from types import SimpleNamespace

    from jobtracker.reminders import mail as reminder_mail

    for _ in range(3):
        PositionFactory(owner=new_yorker, deadline_date=soon(), deadline_tz="America/New_York")
    planning.plan_changed()
    when = pending(lead=2).first().send_at
    clock = [1000.0]
    monkeypatch.setattr(delivery, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    original = reminder_mail.Mailer.send

    def send_then_stall(self, message):
        outcome = original(self, message)
        if len(mail.outbox) == 1:  # after the first e-mail the process stalls past its lease...
            stale = timezone.now() - dt.timedelta(seconds=delivery.send_lease_seconds() + 1)
            waiting = [
                d.pk
                for d in Delivery.objects.filter(status="sending")
                if d.key != message.extra_headers["X-Jobtracker-Delivery"]
            ]
            Delivery.objects.filter(pk__in=waiting).update(heartbeat_at=stale)
            delivery.sweep()  # ...and the sweeper hands its other rows to whoever comes next
            clock[0] += delivery.send_lease_seconds() + 1
        return outcome

    monkeypatch.setattr(reminder_mail.Mailer, "send", send_then_stall)
    assert run_due_now(when) == 1
    assert len(mail.outbox) == 1
    rows = Delivery.objects.filter(lead=2)
    assert sorted(rows.values_list("status", flat=True)) == ["pending", "pending", "sent"]
    monkeypatch.setattr(reminder_mail.Mailer, "send", original)
    assert delivery.send_due(now=when, budget=60) == 2  # the next sender sends them, once each
    assert len(mail.outbox) == 3 and len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 3
