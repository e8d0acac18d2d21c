"""The pure wall-clock module: a date, a time and an IANA zone put together, with the two DST traps."""

import datetime as dt

import pytest

from jobtracker.core import wallclock

LA = "America/Los_Angeles"


def test_a_time_in_the_spring_forward_gap_does_not_exist_and_the_message_says_where_clocks_jump():
    message = wallclock.gap_message(dt.date(2026, 3, 8), dt.time(2, 30), LA)
    assert message == ("02:30 does not exist in America/Los_Angeles on Sun 8 Mar 2026: clocks jump from 02:00 to 03:00")


def test_a_time_in_the_gap_cannot_be_turned_into_an_instant():
    with pytest.raises(wallclock.NonexistentTimeError, match="clocks jump from 02:00 to 03:00"):
        wallclock.to_instant(dt.date(2026, 3, 8), dt.time(2, 0), LA)


@pytest.mark.parametrize(
    ("day", "at", "zone", "jump"),
    [
        (dt.date(2026, 3, 29), dt.time(2, 15), "Europe/Berlin", "from 02:00 to 03:00"),
        (dt.date(2026, 10, 4), dt.time(2, 10), "Australia/Lord_Howe", "from 02:00 to 02:30"),  # a half-hour jump
        (dt.date(2026, 10, 4), dt.time(2, 59), "Australia/Sydney", "from 02:00 to 03:00"),
    ],
)
def test_gaps_in_other_zones_are_found_with_their_own_jump(day, at, zone, jump):
    assert jump in wallclock.gap_message(day, at, zone)


@pytest.mark.parametrize("at", [dt.time(1, 59), dt.time(3, 0), dt.time(9, 0)])
def test_times_around_the_gap_exist(at):
    assert wallclock.gap_message(dt.date(2026, 3, 8), at, LA) is None
    assert not wallclock.is_in_gap(dt.date(2026, 3, 8), at, LA)


def test_nine_in_the_morning_on_the_day_clocks_go_forward_uses_summer_time():
    assert wallclock.to_instant(dt.date(2026, 3, 8), dt.time(9, 0), LA) == dt.datetime(2026, 3, 8, 16, 0, tzinfo=dt.UTC)


def test_a_time_that_happens_twice_in_autumn_takes_the_first_occurrence():
    day, at = dt.date(2026, 11, 1), dt.time(1, 30)
    assert wallclock.is_ambiguous(day, at, LA)
    # 01:30 PDT (UTC-7) comes first; 01:30 PST (UTC-8) an hour later.
    assert wallclock.to_instant(day, at, LA) == dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)


def test_an_ordinary_time_is_neither_in_a_gap_nor_ambiguous():
    day, at = dt.date(2026, 11, 2), dt.time(1, 30)
    assert not wallclock.is_ambiguous(day, at, LA) and not wallclock.is_in_gap(day, at, LA)
    assert wallclock.to_instant(day, at, "UTC") == dt.datetime(2026, 11, 2, 1, 30, tzinfo=dt.UTC)


def test_the_result_is_in_utc_whatever_the_zone():
    instant = wallclock.to_instant(dt.date(2026, 7, 1), dt.time(12, 0), "Asia/Kolkata")
    assert instant.tzinfo is dt.UTC and instant == dt.datetime(2026, 7, 1, 6, 30, tzinfo=dt.UTC)
