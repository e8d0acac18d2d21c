"""The scheduling rules, with no database: lead times, send hour, weekends, time zones and DST."""

import datetime as dt
from zoneinfo import ZoneInfo

from jobtracker.reminders.schedule import Due, Preferences, days_phrase, local_datetime, send_times, when_phrase

NY, BERLIN, LA = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles")
LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def local(times, zone):
    return {lead: at.astimezone(zone).strftime("%a %d %b %H:%M") for lead, at in times.items()}


def test_default_leads_go_out_at_eight_in_the_users_zone():
    due = Due(at=dt.datetime(2026, 12, 15, 23, 59, tzinfo=LA))
    times = send_times(due=due, prefs=Preferences(zone=NY), now=LONG_AGO)
    # 23:59 Pacific on the 15th is 02:59 on the 16th in New York, so the New York due day is the 16th,
    # and its "morning of" (08:00) would come after the deadline: it is not planned.
    assert local(times, NY) == {
        14: "Wed 02 Dec 08:00",
        7: "Wed 09 Dec 08:00",
        2: "Mon 14 Dec 08:00",
        1: "Tue 15 Dec 08:00",
    }


def test_a_reminder_after_the_deadline_is_dropped():
    due = Due(at=dt.datetime(2026, 12, 16, 7, 0, tzinfo=NY))  # 07:00 is before the 08:00 "morning of"
    times = send_times(due=due, prefs=Preferences(zone=NY), now=LONG_AGO)
    assert 0 not in times and 1 in times


def test_past_send_times_are_not_planned():
    due = Due(day=dt.date(2026, 12, 15))
    now = dt.datetime(2026, 12, 12, 12, 0, tzinfo=NY)
    assert set(send_times(due=due, prefs=Preferences(zone=NY), now=now)) == {2, 1, 0}


def test_a_custom_send_hour_and_lead_times():
    prefs = Preferences(zone=BERLIN, send_hour=dt.time(18, 30), leads=(3,))
    times = send_times(due=Due(day=dt.date(2026, 12, 15)), prefs=prefs, now=LONG_AGO)
    assert local(times, BERLIN) == {3: "Sat 12 Dec 18:30"}


def test_skipping_weekends_moves_a_reminder_to_the_friday_before():
    prefs = Preferences(zone=NY, leads=(2, 1), skip_weekends=True)
    times = send_times(due=Due(day=dt.date(2026, 12, 14)), prefs=prefs, now=LONG_AGO)  # a Monday
    # Saturday and Sunday both land on Friday: one reminder, the nearer lead.
    assert local(times, NY) == {1: "Fri 11 Dec 08:00"}


def test_the_morning_of_on_the_day_dst_starts_in_new_york_is_at_eight_local():
    times = send_times(due=Due(day=dt.date(2026, 3, 8)), prefs=Preferences(zone=NY, leads=(0, 1)), now=LONG_AGO)
    assert times[0] == dt.datetime(2026, 3, 8, 12, 0, tzinfo=dt.UTC)  # EDT, UTC-4
    assert times[1] == dt.datetime(2026, 3, 7, 13, 0, tzinfo=dt.UTC)  # EST, UTC-5


def test_the_morning_of_on_the_day_dst_ends_in_new_york_is_at_eight_local():
    times = send_times(due=Due(day=dt.date(2026, 11, 1)), prefs=Preferences(zone=NY, leads=(0,)), now=LONG_AGO)
    assert times[0] == dt.datetime(2026, 11, 1, 13, 0, tzinfo=dt.UTC)  # EST again


def test_the_morning_of_in_berlin_on_both_dst_changes():
    prefs = Preferences(zone=BERLIN, leads=(0,))
    spring = send_times(due=Due(day=dt.date(2026, 3, 29)), prefs=prefs, now=LONG_AGO)[0]
    autumn = send_times(due=Due(day=dt.date(2026, 10, 25)), prefs=prefs, now=LONG_AGO)[0]
    assert spring == dt.datetime(2026, 3, 29, 6, 0, tzinfo=dt.UTC)  # CEST
    assert autumn == dt.datetime(2026, 10, 25, 7, 0, tzinfo=dt.UTC)  # CET
    assert spring.astimezone(BERLIN).hour == autumn.astimezone(BERLIN).hour == 8


def test_a_send_hour_inside_the_spring_gap_moves_after_it():
    moved = local_datetime(dt.date(2026, 3, 8), dt.time(2, 30), NY)
    assert moved.strftime("%H:%M %Z") == "03:30 EDT"


def test_a_pacific_deadline_is_announced_in_the_readers_zone():
    due = Due(at=dt.datetime(2026, 12, 5, 23, 59, tzinfo=LA))
    assert when_phrase(due, NY) == "Sun 6 Dec 02:59 EST"
    assert when_phrase(due, LA) == "Sat 5 Dec 23:59 PST"
    sent = dt.datetime(2026, 12, 3, 8, 0, tzinfo=LA)
    assert days_phrase(due, sent, LA) == "in 2 days"
    assert days_phrase(due, sent + dt.timedelta(days=1), LA) == "tomorrow"
    assert days_phrase(due, sent + dt.timedelta(days=2), LA) == "today"


def test_a_due_date_snapshot_is_stable_and_distinguishes_a_moved_date():
    a = Due(at=dt.datetime(2026, 12, 5, 23, 59, tzinfo=LA))
    b = Due(at=dt.datetime(2026, 12, 6, 7, 59, tzinfo=dt.UTC))
    assert a.snapshot() == b.snapshot()
    assert Due(day=dt.date(2026, 12, 5)).snapshot() != Due(day=dt.date(2026, 12, 6)).snapshot()
