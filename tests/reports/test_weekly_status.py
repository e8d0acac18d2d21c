"""The weekly status e-mail: opt-in, Mondays at the send hour in the user's zone, through the reminders' rows."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

from jobtracker.reminders import planning, services
from jobtracker.reminders.models import Delivery, ReminderSettings
from jobtracker.reminders.schedule import Due
from tests.reminders.running import run_due_now
from tests.reports.small_season import build_small_season

BERLIN = ZoneInfo("Europe/Berlin")
# Thursday 26 March 2026; the next Monday, 30 March, is the first after the clocks go forward in Berlin.
THURSDAY = dt.datetime(2026, 3, 26, 12, 0, tzinfo=BERLIN)


def subscribe(user, **values):
    ReminderSettings.objects.update_or_create(owner=user, defaults={"weekly_status": True, **values})


def weekly_rows():
    return Delivery.objects.filter(kind="weekly")


def test_it_is_planned_for_next_monday_at_the_send_hour_in_the_users_zone(owner):
    subscribe(owner, send_hour=dt.time(7, 30))
    assert planning.plan_messages(now=THURSDAY) == 1
    row = weekly_rows().get()
    assert row.send_at == dt.datetime(2026, 3, 30, 7, 30, tzinfo=BERLIN)  # CEST, after the change
    assert row.send_at.astimezone(dt.UTC).hour == 5
    assert (row.object_id, row.lead, row.due_at) == (owner.pk, 0, Due(day=dt.date(2026, 3, 30)).snapshot())


def test_planning_again_or_from_two_beats_adds_nothing(owner, outsider):
    subscribe(owner)
    planning.plan_messages(now=THURSDAY)
    planning.plan_messages(now=THURSDAY + dt.timedelta(hours=1))
    planning.plan_messages(now=THURSDAY)
    assert weekly_rows().count() == 1  # the outsider never asked for it


def test_a_new_send_hour_moves_this_weeks_email(owner):
    subscribe(owner)
    planning.plan_messages(now=THURSDAY)
    services.save_settings(user=owner, data={"send_hour": dt.time(18, 0), "weekly_status": True})
    planning.plan_messages(now=THURSDAY, owner_ids=[owner.pk])
    assert weekly_rows().get().send_at == dt.datetime(2026, 3, 30, 18, 0, tzinfo=BERLIN)


def test_a_new_send_hour_leaves_an_email_already_due_to_its_sender(owner):
    subscribe(owner)
    monday_morning = dt.datetime(2026, 3, 30, 9, 0, tzinfo=BERLIN)  # the 8:00 e-mail is due, not yet claimed
    planning.plan_messages(now=THURSDAY)
    services.save_settings(user=owner, data={"send_hour": dt.time(18, 0), "weekly_status": True})
    planning.plan_messages(now=monday_morning, owner_ids=[owner.pk])
    assert weekly_rows().get().send_at == dt.datetime(2026, 3, 30, 8, 0, tzinfo=BERLIN)


def send_this_week(user, *, today=None):
    """Plan a row for today as the week's first day and send it, as Monday morning would."""
    today = today or timezone.localdate(timezone=ZoneInfo(user.time_zone))
    Delivery.objects.create(
        owner=user,
        kind="weekly",
        object_id=user.pk,
        lead=0,
        due_at=Due(day=today).snapshot(),
        send_at=timezone.now() - dt.timedelta(minutes=1),
    )
    return run_due_now(timezone.now())


def test_it_says_what_changed_what_is_due_and_what_waits(owner):
    build_small_season(owner)
    subscribe(owner)
    assert send_this_week(owner) == 1
    (message,) = mail.outbox
    text = message.body
    assert message.subject.startswith("Your week from ") and "awaiting an answer" in message.subject
    assert "WHAT CHANGED LAST WEEK" in text and "University of Toronto: Submitted → No response" in text
    assert "DUE THIS WEEK" in text
    assert "ETH Zurich (10 weeks since submission)" in text
    assert "Stanford" not in text.split("WAITING FOR AN ANSWER")[1]  # answered long ago
    html = message.alternatives[0][0]
    assert "<h2" in html and "ETH Zurich" in html
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert weekly_rows().get().status == "sent"


def test_opting_out_before_monday_cancels_it(owner):
    subscribe(owner)
    services.save_settings(user=owner, data={"weekly_status": False})
    assert send_this_week(owner) == 0
    assert mail.outbox == [] and weekly_rows().get().status == "cancelled"


def test_its_unsubscribe_link_turns_it_off(owner, client):
    subscribe(owner)
    send_this_week(owner)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert "Stop the weekly status e-mail?" in client.get(path).content.decode()
    client.post(path)
    settings = ReminderSettings.objects.get(owner=owner)
    assert settings.weekly_status is False and "weekly" not in settings.disabled_kinds


def test_a_week_missed_in_an_outage_is_not_sent_late(owner):
    subscribe(owner)
    yesterday = timezone.localdate(timezone=BERLIN) - dt.timedelta(days=1)
    assert send_this_week(owner, today=yesterday) == 0
    assert weekly_rows().get().status == "cancelled"


def test_it_can_be_turned_on_in_the_reminder_settings(owner_client, owner):
    page = owner_client.get("/reminders/").content.decode()
    assert "Weekly status e-mail" in page
    data = {"kinds": ["deadline"], "leads": "7, 1", "send_hour": "08:00", "weekly_status": "on"}
    assert owner_client.post("/reminders/", data).status_code == 302
    assert ReminderSettings.objects.get(owner=owner).weekly_status
