import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from jobtracker.pipeline.models import Position
from tests.factories import InstitutionFactory, PositionFactory, make_application


def test_a_deadline_keeps_its_own_zone_and_is_stored_in_utc(owner):
    position = PositionFactory(
        owner=owner,
        deadline_date=dt.date(2026, 12, 15),
        deadline_time=dt.time(23, 59),
        deadline_tz="America/Los_Angeles",
    )
    assert position.deadline_at == dt.datetime(2026, 12, 16, 7, 59, tzinfo=dt.UTC)


def test_a_pacific_deadline_shows_as_the_next_morning_for_a_berlin_user(owner_client, owner):
    owner.time_zone = "Europe/Berlin"
    owner.save()
    position = PositionFactory(
        owner=owner,
        deadline_date=dt.date(2026, 12, 15),
        deadline_time=dt.time(23, 59),
        deadline_tz="America/Los_Angeles",
    )
    body = owner_client.get(f"/positions/{position.pk}/").content.decode()
    assert "Wed 16 Dec 2026, 08:59 CET" in body
    assert "Tue 23:59 PST in America/Los_Angeles" in body


def test_a_deadline_in_the_viewers_own_zone_is_shown_once(owner_client, owner):
    position = PositionFactory(
        owner=owner, deadline_date=dt.date(2026, 12, 15), deadline_time=dt.time(17, 0), deadline_tz="Europe/Berlin"
    )
    body = owner_client.get(f"/positions/{position.pk}/").content.decode()
    assert "Tue 15 Dec 2026, 17:00 CET" in body
    assert "CET in Europe/Berlin" not in body


def test_a_date_only_deadline_means_the_end_of_that_day_where_the_posting_is(owner_client, owner):
    position = PositionFactory(
        owner=owner, deadline_date=dt.date(2026, 12, 15), deadline_time=None, deadline_tz="America/New_York"
    )
    assert position.deadline_at == dt.datetime(2026, 12, 15, 23, 59, tzinfo=ZoneInfo("America/New_York"))
    body = owner_client.get(f"/positions/{position.pk}/").content.decode()
    assert "Tue 15 Dec 2026" in body and "end of day, America/New_York" in body


def test_a_deadline_across_a_daylight_saving_change_uses_the_offset_of_that_date(owner):
    summer = PositionFactory(
        owner=owner,
        deadline_date=dt.date(2027, 3, 15),
        deadline_time=dt.time(23, 59),
        deadline_tz="America/Los_Angeles",
    )
    assert summer.deadline_at == dt.datetime(2027, 3, 16, 6, 59, tzinfo=dt.UTC)  # PDT, UTC-7


def test_the_dashboard_lists_deadlines_of_the_next_30_days_in_the_users_zone(owner_client, owner):
    soon = make_application(owner, institution=InstitutionFactory(owner=owner, name="Soon University"))
    later = PositionFactory(
        owner=owner,
        institution=InstitutionFactory(owner=owner, name="Far Future College"),
        deadline_date=timezone.localdate() + dt.timedelta(days=45),
    )
    missed = PositionFactory(
        owner=owner,
        institution=InstitutionFactory(owner=owner, name="Missed Institute"),
        deadline_date=timezone.localdate() - dt.timedelta(days=3),
    )
    body = owner_client.get("/").content.decode()
    upcoming = body.split("Deadlines in the next 30 days")[1].split("Recent changes")[0]
    assert soon.position.institution.name in upcoming
    assert later.institution.name not in upcoming
    assert "Deadline passed without an application" in body and missed.institution.name in body


def test_changing_the_deadline_zone_moves_the_stored_instant(owner):
    position = PositionFactory(
        owner=owner, deadline_date=dt.date(2026, 12, 15), deadline_time=dt.time(12, 0), deadline_tz="Asia/Tokyo"
    )
    position.deadline_tz = "Europe/London"
    position.save()
    assert Position.objects.get(pk=position.pk).deadline_at == dt.datetime(2026, 12, 15, 12, 0, tzinfo=dt.UTC)


def test_the_countdown_shows_only_while_the_deadline_still_matters(owner_client, owner):
    import datetime as dt
    import re

    from django.utils import timezone

    COUNTDOWN = re.compile(r'<span class="badge [^"]*">\d+ days?</span>')

    from tests.factories import InstitutionFactory, PositionFactory, make_application

    soon = timezone.localdate() + dt.timedelta(days=5)
    waiting = PositionFactory(
        owner=owner, institution=InstitutionFactory(owner=owner, name="Not Applied"), deadline_date=soon
    )
    preparing = make_application(owner, "Preparing", deadline_date=soon)
    submitted = make_application(owner, "Submitted", deadline_date=soon)
    withdrawn = make_application(owner, "Withdrawn", deadline_date=soon)

    def badge(url):
        return len(COUNTDOWN.findall(owner_client.get(url).content.decode()))

    assert badge(waiting.get_absolute_url()) and badge(preparing.get_absolute_url())
    assert not badge(submitted.get_absolute_url()) and not badge(withdrawn.get_absolute_url())
    assert badge("/positions/") == 2
