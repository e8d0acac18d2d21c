"""The private calendar address: every dated item as iCalendar, read back with two independent parsers.

Zoned times keep their zone (with a VTIMEZONE), whole days are DATE values, UIDs survive edits, done and closed
items and other users' items stay out, and the token is the only authority: shown once, stored hashed, dead once
revoked or replaced, and rate-limited.
"""

import datetime as dt
import hashlib
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.conf import settings
from django.utils import timezone

from jobtracker.front.views import calendar as calendar_views
from jobtracker.materials.models import LetterRequest
from jobtracker.pipeline import services as pipeline_services
from jobtracker.reminders import feeds, ics
from jobtracker.reminders.models import CalendarFeed
from jobtracker.reminders.registry import DatedItem
from jobtracker.reminders.schedule import Due
from tests.factories import InstitutionFactory, PositionFactory, make_application, make_writer
from tests.interviews.factories import make_interview
from tests.queries import assert_flat_queries

DOMAIN = settings.REMINDERS_MESSAGE_DOMAIN
FEED_PATH = re.compile(r"/calendar/feed/([A-Za-z0-9_-]+)\.ics")
SOON = timezone.localdate() + dt.timedelta(days=30)


def uid(kind, obj) -> str:
    return f"{kind}-{obj.pk}@{DOMAIN}"


@pytest.fixture
def feed_url(owner):
    _feed, token = feeds.make_feed(user=owner)
    return f"/calendar/feed/{token}.ics"


def fetch(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


def events_by_uid(text: str) -> dict:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def vobject_events(text: str) -> dict:
    return {event.uid.value: event for event in vobject.readOne(text).vevent_list}


def test_a_pacific_deadline_keeps_its_wall_time_and_zone_in_both_parsers(client, owner, feed_url):
    position = PositionFactory(
        owner=owner, deadline_date=SOON, deadline_time=dt.time(23, 59), deadline_tz="America/Los_Angeles"
    )

    text = fetch(client, feed_url)

    assert f"DTSTART;TZID=America/Los_Angeles:{SOON:%Y%m%d}T235900" in text
    calendar = icalendar.Calendar.from_ical(text)
    assert "America/Los_Angeles" in [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    start = events_by_uid(text)[uid("deadline", position)]["DTSTART"]
    assert start.params["TZID"] == "America/Los_Angeles"
    assert start.dt.replace(tzinfo=None) == dt.datetime.combine(SOON, dt.time(23, 59))
    assert start.dt == position.deadline_at

    read = vobject.readOne(text)
    assert "America/Los_Angeles" in [zone.tzid.value for zone in read.vtimezone_list]
    parsed = vobject_events(text)[uid("deadline", position)].dtstart
    assert vobject.icalendar.TimezoneComponent.pickTzid(parsed.value.tzinfo) == "America/Los_Angeles"
    assert (parsed.value.hour, parsed.value.minute, parsed.value.date()) == (23, 59, SOON)
    # The offset comes from the feed's own VTIMEZONE, and it agrees with the zone database.
    pacific = dt.datetime.combine(SOON, dt.time(23, 59), tzinfo=ZoneInfo("America/Los_Angeles"))
    assert parsed.value.utcoffset() == pacific.utcoffset()
    assert parsed.value == position.deadline_at


def test_a_letter_due_date_is_a_whole_day(client, owner, feed_url):
    letter = LetterRequest.objects.create(
        owner=owner, application=make_application(owner), writer=make_writer(owner), due_date=SOON
    )

    text = fetch(client, feed_url)

    assert f"DTSTART;VALUE=DATE:{SOON:%Y%m%d}" in text
    event = events_by_uid(text)[uid("letter", letter)]
    assert event["DTSTART"].dt == SOON and not isinstance(event["DTSTART"].dt, dt.datetime)
    assert event["DTEND"].dt == SOON + dt.timedelta(days=1)
    parsed = vobject_events(text)[uid("letter", letter)]
    assert parsed.dtstart.value == SOON and type(parsed.dtstart.value) is dt.date
    assert parsed.dtend.value == SOON + dt.timedelta(days=1)


def test_an_interview_has_its_end_in_its_zone(client, owner, feed_url):
    interview = make_interview(
        owner, start_date=SOON, start_time=dt.time(9, 0), end_time=dt.time(10, 30), time_zone="Asia/Tokyo"
    )

    text = fetch(client, feed_url)

    event = events_by_uid(text)[uid("interview", interview)]
    assert event["DTEND"].params["TZID"] == "Asia/Tokyo"
    assert event["DTEND"].dt.replace(tzinfo=None) == dt.datetime.combine(SOON, dt.time(10, 30))
    assert vobject_events(text)[uid("interview", interview)].dtend.value == interview.ends_at


def test_every_event_has_a_summary_a_link_a_description_and_a_stamp(client, owner, feed_url):
    position = PositionFactory(owner=owner, institution=InstitutionFactory(owner=owner, name="Stanford University"))

    event = events_by_uid(fetch(client, feed_url))[uid("deadline", position)]

    assert str(event["SUMMARY"]) == "Assistant Professor at Stanford University"
    assert str(event["URL"]) == f"{settings.SITE_URL}/positions/{position.pk}/"
    assert "No application started yet." in str(event["DESCRIPTION"])
    assert event["DTSTAMP"].dt.tzinfo is not None


def test_a_time_without_a_zone_of_its_own_is_in_utc():
    at = dt.datetime(2027, 2, 10, 17, 30, tzinfo=dt.UTC)
    item = DatedItem(kind="deadline", object_id=7, owner_id=1, title="x", due=Due(at=at), done=False, path="/")

    event = ics.vevent(item, label="Application deadlines", ends_at=None, now=at)

    assert "DTSTART:20270210T173000Z" in event.to_ical().decode()


def test_an_edited_item_keeps_its_uid_and_shows_its_new_date(client, owner, feed_url):
    position = PositionFactory(owner=owner, deadline_date=SOON, deadline_time=None, deadline_tz="Europe/Berlin")
    before = events_by_uid(fetch(client, feed_url))
    assert before[uid("deadline", position)]["DTSTART"].dt == SOON

    later = SOON + dt.timedelta(days=9)
    pipeline_services.save_position(owner=owner, position=position, data={"deadline_date": later})
    text = fetch(client, feed_url)

    after = events_by_uid(text)
    assert set(after) == set(before)
    assert after[uid("deadline", position)]["DTSTART"].dt == later
    assert vobject_events(text)[uid("deadline", position)].dtstart.value == later
    assert text.count("UID:deadline-") == 1


def test_done_and_closed_items_are_left_out(client, owner, feed_url):
    closed = make_application(
        owner, stage_name="Withdrawn", institution=InstitutionFactory(owner=owner, name="Withdrawn Institute")
    )
    submitted = LetterRequest.objects.create(
        owner=owner, application=make_application(owner), writer=make_writer(owner), due_date=SOON, status="submitted"
    )
    kept = PositionFactory(owner=owner, institution=InstitutionFactory(owner=owner, name="Open Institute"))

    text = fetch(client, feed_url)

    assert uid("deadline", closed.position) not in events_by_uid(text)
    assert "Withdrawn Institute" not in text
    assert uid("letter", submitted) not in events_by_uid(text)
    assert uid("deadline", kept) in events_by_uid(text)


def test_another_users_items_are_absent(client, owner, outsider, feed_url):
    theirs = PositionFactory(owner=outsider, institution=InstitutionFactory(owner=outsider, name="Outsider Only"))

    text = fetch(client, feed_url)

    assert uid("deadline", theirs) not in text and "Outsider Only" not in text


def test_items_long_past_or_far_ahead_are_left_out(client, owner, feed_url):
    today = timezone.localdate()
    recent = PositionFactory(owner=owner, deadline_date=today - dt.timedelta(days=60))
    old = PositionFactory(owner=owner, deadline_date=today - dt.timedelta(days=120))
    far = PositionFactory(owner=owner, deadline_date=today + dt.timedelta(days=420))

    events = events_by_uid(fetch(client, feed_url))

    assert uid("deadline", recent) in events
    assert uid("deadline", old) not in events and uid("deadline", far) not in events


def test_a_made_up_token_answers_404(client, db):
    assert client.get("/calendar/feed/not-a-real-token-at-all-just-guessing.ics").status_code == 404


def test_a_revoked_token_answers_404(client, owner, feed_url):
    feeds.revoke_feed(user=owner)

    assert client.get(feed_url).status_code == 404


def test_a_new_address_kills_the_old_one(client, owner, feed_url):
    _feed, token = feeds.make_feed(user=owner)

    assert client.get(feed_url).status_code == 404
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 200
    assert CalendarFeed.objects.filter(owner=owner, revoked_at__isnull=True).count() == 1


def test_an_inactive_owners_address_answers_404(client, owner, feed_url):
    owner.is_active = False
    owner.save(update_fields=["is_active"])

    assert client.get(feed_url).status_code == 404


def test_too_many_fetches_from_one_address_answer_429(client, owner, feed_url, monkeypatch):
    monkeypatch.setattr(calendar_views, "FEED_RATE_PER_MINUTE", 2)

    answers = [client.get(feed_url).status_code for _ in range(3)]
    guess = client.get("/calendar/feed/guessing.ics")

    assert answers == [200, 200, 429]
    assert guess.status_code == 429 and guess["Retry-After"] == "60"  # guessing is throttled too


def test_the_feed_is_private_to_caches_and_counts_its_fetches(client, owner, feed_url):
    response = client.get(feed_url)
    client.get(feed_url)

    assert "private" in response["Cache-Control"]
    feed = CalendarFeed.objects.get(owner=owner)
    assert feed.fetch_count == 2 and feed.last_fetched_at is not None


def test_the_page_shows_the_new_address_once_and_stores_only_its_hash(owner_client, owner, client):
    made = owner_client.post("/calendar/feed/", follow=True)

    body = made.content.decode()
    token = FEED_PATH.search(body).group(1)
    assert len(token) >= 43  # 32 random bytes
    assert f"webcal://testserver/calendar/feed/{token}.ics" in body
    feed = CalendarFeed.objects.get(owner=owner)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(CalendarFeed.objects.filter(pk=feed.pk).values().get())
    client.get(f"/calendar/feed/{token}.ics")

    again = owner_client.get("/calendar/").content.decode()

    assert token not in again and not FEED_PATH.search(again)
    assert "has been read 1 time" in again and "Turn off" in again


def test_turning_the_address_off_from_the_page(owner_client, owner, client, feed_url):
    response = owner_client.post("/calendar/feed/revoke/", follow=True)

    assert "Your calendar address is turned off" in response.content.decode()
    assert client.get(feed_url).status_code == 404
    assert "Make my calendar address" in owner_client.get("/calendar/").content.decode()


def test_turning_off_twice_says_there_was_nothing_to_turn_off(owner_client, owner):
    response = owner_client.post("/calendar/feed/revoke/", follow=True)

    assert "There was no calendar address to turn off." in response.content.decode()


def test_the_address_pages_refuse_get(owner_client):
    assert owner_client.get("/calendar/feed/").status_code == 405
    assert owner_client.get("/calendar/feed/revoke/").status_code == 405


def test_the_feed_costs_the_same_queries_with_2_or_40_items(client, django_user_model):
    def fill(user, size):
        writer = make_writer(user)
        for i in range(size):
            day = timezone.localdate() + dt.timedelta(days=1 + i % 30)
            application = make_application(user, deadline_date=day)
            LetterRequest.objects.create(owner=user, application=application, writer=writer, due_date=day)
            make_interview(user, application=application, start_date=day)
        return feeds.make_feed(user=user)[1]

    assert_flat_queries(
        client, django_user_model, fill=fill, url=lambda token: f"/calendar/feed/{token}.ics", sizes=(2, 40)
    )
