import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import Contact, Interaction
from jobtracker.reminders.emails import unsubscribe_token
from jobtracker.reminders.models import Delivery, ReminderSettings
from tests.factories import InstitutionFactory, PositionFactory, make_application, make_writer
from tests.queries import assert_flat_queries


def test_the_calendar_lists_every_kind_of_dated_item_by_day_in_the_users_zone(owner_client, owner):
    today = timezone.localdate()
    PositionFactory(
        owner=owner,
        institution=InstitutionFactory(owner=owner, name="Stanford University"),
        deadline_date=today + dt.timedelta(days=3),
        deadline_time=dt.time(23, 59),
        deadline_tz="America/Los_Angeles",
    )
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name="ETH Zurich"))
    LetterRequest.objects.create(
        owner=owner,
        application=application,
        writer=make_writer(owner, name="Prof. Ada"),
        due_date=today + dt.timedelta(days=5),
        status="submitted",
    )
    contact = Contact.objects.create(owner=owner, name="Dr. Hana Sato")
    Interaction.objects.create(
        owner=owner, contact=contact, happened_on=today, summary="x", follow_up_on=today + dt.timedelta(days=1)
    )
    body = owner_client.get("/calendar/").content.decode()
    assert "Assistant Professor at Stanford University" in body
    stanford_day = (today + dt.timedelta(days=4)).strftime("%A %-d %B %Y")  # 23:59 Pacific is the next day in Berlin
    assert stanford_day in body and "08:59 CET" in body
    assert "<s><a" in body and "Letter from Prof. Ada for ETH Zurich" in body  # submitted: struck through
    assert "Follow up with Dr. Hana Sato" in body


def test_the_calendar_costs_the_same_queries_with_few_and_many_items(client, django_user_model):
    def fill(user, size):
        for i in range(size):
            make_application(user, deadline_date=timezone.localdate() + dt.timedelta(days=i % 30))

    assert_flat_queries(client, django_user_model, fill=fill, url="/calendar/", sizes=(2, 60))


def test_an_unsubscribe_link_asks_then_stops_that_kind_without_logging_in(client, owner):
    token = unsubscribe_token(user_id=owner.pk, kind="letter")
    page = client.get(f"/reminders/unsubscribe/{token}/")
    assert page.status_code == 200 and "Stop reminders about letter due dates?" in page.content.decode()
    assert "letter" not in ReminderSettings.objects.get_or_create(owner=owner)[0].disabled_kinds
    done = client.post(f"/reminders/unsubscribe/{token}/")
    assert "You will no longer receive reminders about letter due dates" in done.content.decode()
    assert "letter" in ReminderSettings.objects.get(owner=owner).disabled_kinds


def test_unsubscribing_from_everything_cancels_pending_reminders(client, owner):
    Delivery.objects.create(
        owner=owner,
        kind="deadline",
        object_id=1,
        lead=1,
        due_at=timezone.now(),
        send_at=timezone.now() + dt.timedelta(days=1),
    )
    client.post(f"/reminders/unsubscribe/{unsubscribe_token(user_id=owner.pk, kind='*')}/")
    assert Delivery.objects.get().status == "cancelled"
    assert set(ReminderSettings.objects.get(owner=owner).disabled_kinds) >= {"deadline", "letter", "offer"}


def old_unsubscribe_token(monkeypatch, owner, *, days):
    import time

    from django.core import signing

    written = time.time() - days * 86400
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: written)
        return unsubscribe_token(user_id=owner.pk, kind="letter")


def test_an_unsubscribe_page_never_shows_whose_address_it_is(client, owner):
    body = client.get(f"/reminders/unsubscribe/{unsubscribe_token(user_id=owner.pk, kind='letter')}/").content.decode()
    assert owner.email not in body and "owner@" not in body


def test_a_link_older_than_sixty_days_changes_nothing_for_a_visitor_and_asks_them_to_log_in(client, owner, monkeypatch):
    token = old_unsubscribe_token(monkeypatch, owner, days=61)
    response = client.post(f"/reminders/unsubscribe/{token}/")
    body = response.content.decode()
    assert response.status_code == 410 and "This link has expired" in body
    assert f"/accounts/login/?next=/reminders/unsubscribe/{token}/" in body
    assert ReminderSettings.objects.filter(owner=owner).first() is None
    recent = old_unsubscribe_token(monkeypatch, owner, days=59)
    assert client.get(f"/reminders/unsubscribe/{recent}/").status_code == 200


def test_an_expired_link_still_works_for_its_owner_once_logged_in(owner_client, owner, monkeypatch):
    token = old_unsubscribe_token(monkeypatch, owner, days=400)
    assert owner_client.get(f"/reminders/unsubscribe/{token}/").status_code == 200
    owner_client.post(f"/reminders/unsubscribe/{token}/")
    assert "letter" in ReminderSettings.objects.get(owner=owner).disabled_kinds


def test_an_expired_link_does_not_work_for_someone_else_logged_in(client, owner, outsider, monkeypatch):
    client.force_login(outsider)
    response = client.post(f"/reminders/unsubscribe/{old_unsubscribe_token(monkeypatch, owner, days=90)}/")
    assert response.status_code == 410
    assert ReminderSettings.objects.filter(owner=owner).first() is None


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1IjoxLCJrIjoiKiJ9:forged:signature"])
def test_a_forged_or_broken_unsubscribe_link_changes_nothing(client, owner, token):
    response = client.post(f"/reminders/unsubscribe/{token}/")
    assert response.status_code == 400 and "This link does not work" in response.content.decode()
    assert ReminderSettings.objects.filter(owner=owner).first() is None


def test_failed_reminders_are_announced_on_every_page_and_can_be_retried(owner_client, owner):
    failed = Delivery.objects.create(
        owner=owner,
        kind="deadline",
        object_id=1,
        lead=1,
        due_at=timezone.now(),
        send_at=timezone.now(),
        status="failed",
        attempts=8,
        last_error="SMTP down",
    )
    body = owner_client.get("/").content.decode()
    assert "1 reminder could not be sent." in body
    owner_client.post(f"/reminders/{failed.pk}/retry/")
    failed.refresh_from_db()
    assert failed.status == "pending" and failed.attempts == 0
    assert "could not be sent" not in owner_client.get("/").content.decode()
