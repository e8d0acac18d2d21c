"""The one zoned-instant type: deadlines, offers, interviews and itinerary items derive and show times alike."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from jobtracker.core.zoned import Zoned, instant_for
from jobtracker.pipeline.models import Position
from tests.factories import PositionFactory
from tests.offers.factories import make_offer

LA = "America/Los_Angeles"


def render(value, layout="inline", empty=""):
    template = Template("{% load jobtracker_tags %}{% zoned value layout=layout empty=empty %}")
    return template.render(Context({"value": value, "layout": layout, "empty": empty}))


def test_a_date_without_a_time_means_the_end_of_that_day_for_a_deadline_only():
    day = dt.date(2026, 12, 15)
    assert instant_for(day, None, LA, end_of_day=True) == dt.datetime(2026, 12, 16, 7, 59, tzinfo=dt.UTC)
    assert instant_for(day, None, LA) is None
    assert instant_for(None, dt.time(9, 0), LA) is None


def test_a_posting_deadline_in_the_spring_forward_gap_is_a_field_error(owner):
    position = PositionFactory.build(
        owner=owner, deadline_date=dt.date(2027, 3, 14), deadline_time=dt.time(2, 30), deadline_tz=LA
    )
    position.institution.save()
    position.institution_id = position.institution.pk
    with pytest.raises(ValidationError) as raised:
        position.full_clean()
    assert "clocks jump from 02:00 to 03:00" in raised.value.message_dict["deadline_time"][0]


def test_an_offer_response_deadline_in_the_gap_is_refused_on_the_form(owner_client, owner, application):
    data = {
        "application": application.pk,
        "status": "pending",
        "received_on": "2027-03-01",
        "response_deadline_date": "2027-03-14",
        "response_deadline_time": "02:15",
        "response_deadline_tz": LA,
        "currency": "USD",
        "salary_period": "twelve_month",
        "summer_months": "0",
    }
    response = owner_client.post("/offers/new/", data)
    assert response.status_code == 400
    assert "does not exist in America/Los_Angeles" in response.content.decode()


def test_a_time_that_happens_twice_takes_its_first_occurrence_for_deadlines_too(owner):
    position = PositionFactory(
        owner=owner, deadline_date=dt.date(2026, 11, 1), deadline_time=dt.time(1, 30), deadline_tz=LA
    )
    assert position.deadline_at == dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)  # 01:30 PDT, not PST


def test_saving_a_time_in_the_gap_without_validation_still_refuses_it(owner):
    position = PositionFactory(owner=owner)
    position.deadline_date, position.deadline_time, position.deadline_tz = dt.date(2026, 3, 8), dt.time(2, 30), LA
    with pytest.raises(ValidationError, match="clocks jump"):
        position.save()


def test_saving_other_columns_of_a_row_with_an_old_bad_time_does_not_touch_its_instant(owner):
    position = PositionFactory(owner=owner)
    Position.objects.filter(pk=position.pk).update(deadline_date=dt.date(2026, 3, 8), deadline_time=dt.time(2, 30))
    position.refresh_from_db()
    position.notes = "still editable"
    position.save(update_fields=["notes", "updated_at"])  # a legacy row: other columns stay writable
    assert Position.objects.get(pk=position.pk).notes == "still editable"


def test_bulk_paths_derive_instants_through_the_same_method(owner):
    position = PositionFactory.build(owner=owner, deadline_date=dt.date(2026, 12, 15), deadline_time=None)
    position.deadline_at = None
    assert position.derive_instants() == {}
    assert position.deadline_at is not None and position.derived_fields == ["deadline_at"]


def test_offers_and_postings_show_their_deadlines_with_the_same_rule(owner):
    timezone.activate("Europe/Berlin")
    try:
        posting = PositionFactory(
            owner=owner, deadline_date=dt.date(2026, 12, 15), deadline_time=dt.time(23, 59), deadline_tz=LA
        )
        offer = make_offer(
            owner,
            response_deadline_date=dt.date(2026, 12, 15),
            response_deadline_time=dt.time(23, 59),
            response_deadline_tz=LA,
            received_on=dt.date(2026, 12, 1),
        )
        expected = "Wed 16 Dec 2026, 08:59 CET"
        assert render(posting.deadline).startswith(expected)
        assert render(offer.response_deadline).startswith(expected)
        assert "(Tue 23:59 PST in America/Los_Angeles)" in render(posting.deadline)
    finally:
        timezone.deactivate()


def test_the_display_rule_covers_whole_days_ranges_slots_and_nothing():
    timezone.activate("Europe/Berlin")
    try:
        start = dt.datetime(2026, 3, 8, 16, 0, tzinfo=dt.UTC)  # 09:00 PDT, 17:00 CET
        visit = Zoned(at=start, day=dt.date(2026, 3, 8), timed=True, zone=LA, end=start + dt.timedelta(minutes=90))
        assert render(visit) == (
            'Sun 8 Mar 2026, 17:00–18:30 CET <span class="text-body-secondary small">'
            "(Sun 09:00–10:30 PDT in America/Los_Angeles)</span>"
        )
        slot = render(visit, layout="slot")
        assert slot.startswith("17:00–18:30 CET<div") and "09:00–10:30 PDT there" in slot
        whole_day = Zoned(at=start, day=dt.date(2026, 12, 15), timed=False, zone="America/New_York")
        assert "Tue 15 Dec 2026" in render(whole_day) and "end of day, America/New_York" in render(whole_day)
        nothing = Zoned(at=None, day=None, timed=False, zone="UTC")
        assert render(nothing, empty="no deadline") == '<span class="text-body-secondary">no deadline</span>'
        assert render(nothing) == ""
        berlin = Zoned(at=start, day=dt.date(2026, 3, 8), timed=True, zone="Europe/Berlin")
        assert render(berlin) == "Sun 8 Mar 2026, 17:00 CET"
    finally:
        timezone.deactivate()


def test_an_itinerary_slot_names_its_date_when_the_viewers_day_differs():
    timezone.activate("Asia/Tokyo")
    try:
        late = dt.datetime(2026, 3, 9, 5, 0, tzinfo=dt.UTC)  # 22:00 PDT on the 8th, 14:00 JST on the 9th
        slot = render(Zoned(at=late, day=dt.date(2026, 3, 8), timed=True, zone=LA), layout="slot")
        assert slot.startswith("Mon 9 Mar, 14:00 JST")
    finally:
        timezone.deactivate()
