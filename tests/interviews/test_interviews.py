import datetime as dt

import pytest

from jobtracker.interviews.models import Interview
from jobtracker.pipeline.models import Stage, StageEvent
from tests.factories import UserFactory, make_application
from tests.interviews.factories import make_interview, make_item, make_visit


def interview_post(**changes):
    data = {
        "kind": "video",
        "start_date": "2026-02-12",
        "start_time": "09:00",
        "end_date": "",
        "end_time": "10:00",
        "time_zone": "America/Los_Angeles",
        "location": "",
        "video_link": "https://zoom.us/j/5550101234",
        "prep_notes": "",
        "outcome": "pending",
        "notes_after": "",
    }
    data.update(changes)
    return data


def create_url(application):
    return f"/applications/{application.pk}/interviews/new/"


def when_cell(body: str) -> str:
    return body.split('<dt class="col-4">When</dt>')[1].split("</dd>")[0]


@pytest.mark.parametrize(
    ("zone", "shown", "not_shown"),
    [
        ("America/Los_Angeles", "Sun 8 Mar 2026, 09:00 PDT", "in America/Los_Angeles"),
        # Berlin is still on CET (UTC+1) on 8 March; 09:00 PDT is 16:00 UTC, so 17:00 there. 18:00 would
        # mean the Pacific standard-time offset was wrongly applied on the day clocks go forward.
        ("Europe/Berlin", "Sun 8 Mar 2026, 17:00 CET", "18:00"),
    ],
)
def test_an_interview_at_nine_pacific_on_the_day_clocks_go_forward_shows_in_each_viewers_zone(
    client, db, zone, shown, not_shown
):
    user = UserFactory(time_zone=zone)
    interview = make_interview(
        user, start_date=dt.date(2026, 3, 8), start_time=dt.time(9, 0), end_time=None, time_zone="America/Los_Angeles"
    )
    assert interview.starts_at == dt.datetime(2026, 3, 8, 16, 0, tzinfo=dt.UTC)
    client.force_login(user)

    detail = when_cell(client.get(f"/interviews/{interview.pk}/").content.decode())
    listing = client.get("/interviews/").content.decode()
    application_page = client.get(f"/applications/{interview.application_id}/").content.decode()

    for page in (detail, listing, application_page):
        assert shown in page
    assert not_shown not in detail
    if zone == "Europe/Berlin":
        assert "(Sun 09:00 PDT in America/Los_Angeles)" in detail


def test_an_interview_with_an_end_shows_the_range_in_both_zones(owner_client, owner):
    interview = make_interview(owner, start_date=dt.date(2026, 2, 12), start_time=dt.time(9), end_time=dt.time(10))
    detail = when_cell(owner_client.get(f"/interviews/{interview.pk}/").content.decode())
    assert "Thu 12 Feb 2026, 18:00–19:00 CET" in detail
    assert "(Thu 09:00–10:00 PST in America/Los_Angeles)" in detail


def test_a_start_in_the_skipped_hour_is_a_field_error_and_saves_nothing(owner_client, owner):
    application = make_application(owner)
    response = owner_client.post(create_url(application), interview_post(start_date="2026-03-08", start_time="02:30"))
    assert response.status_code == 400
    assert response.context["form"].errors["start_time"] == [
        "02:30 does not exist in America/Los_Angeles on Sun 8 Mar 2026: clocks jump from 02:00 to 03:00"
    ]
    assert not Interview.objects.exists()


def test_an_end_in_the_skipped_hour_is_a_field_error_on_the_end(owner_client, owner):
    application = make_application(owner)
    data = interview_post(start_date="2026-03-08", start_time="01:00", end_time="02:15")
    response = owner_client.post(create_url(application), data)
    assert "02:15 does not exist" in response.context["form"].errors["end_time"][0]
    assert not Interview.objects.exists()


def test_a_time_that_happens_twice_takes_the_first_occurrence_and_the_form_says_so(owner_client, owner):
    application = make_application(owner)
    page = owner_client.get(create_url(application)).content.decode()
    assert "the first occurrence is used" in page

    data = interview_post(start_date="2026-11-01", start_time="01:30", end_time="")
    assert owner_client.post(create_url(application), data).status_code == 302
    assert Interview.objects.get().starts_at == dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)  # 01:30 PDT


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "08:30"}, "end_time", "The end must come after the start (09:00)."),
        ({"end_time": "09:00"}, "end_time", "The end must come after the start (09:00)."),
        ({"end_date": "2026-02-11"}, "end_date", "cannot end before it starts"),
    ],
)
def test_an_end_before_the_start_is_a_field_error(owner_client, owner, changes, field, message):
    application = make_application(owner)
    response = owner_client.post(create_url(application), interview_post(**changes))
    assert message in response.context["form"].errors[field][0]
    assert not Interview.objects.exists()


def test_a_visit_over_two_days_may_end_earlier_in_the_day_than_it_started(owner_client, owner):
    application = make_application(owner)
    data = interview_post(kind="campus_visit", end_date="2026-02-13", start_time="16:00", end_time="12:00")
    assert owner_client.post(create_url(application), data).status_code == 302
    visit = Interview.objects.get()
    assert visit.days == [dt.date(2026, 2, 12), dt.date(2026, 2, 13)]


def test_without_an_end_date_the_interview_ends_on_its_start_day(owner):
    assert make_interview(owner, end_date=None).end_date == dt.date(2026, 2, 9)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "3000-01-01"}, "start_date"),
        ({"start_date": "31/02/2026"}, "start_date"),
        ({"start_time": ""}, "start_time"),
        ({"start_time": "25:00"}, "start_time"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"kind": "lunch"}, "kind"),
        ({"outcome": "great"}, "outcome"),
        ({"video_link": "javascript:alert(1)"}, "video_link"),
        ({"end_date": "2100-12-31x"}, "end_date"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(owner_client, owner, changes, field):
    application = make_application(owner)
    response = owner_client.post(create_url(application), interview_post(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Interview.objects.exists()
    assert "Nothing was saved" in response.content.decode()


def test_html_in_the_notes_is_shown_as_text(owner_client, owner):
    interview = make_interview(owner, prep_notes="<script>alert('prep')</script>", location="<b>Room 1</b>")
    body = owner_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "<script>alert" not in body and "<b>Room 1</b>" not in body
    assert "&lt;script&gt;alert(&#x27;prep&#x27;)&lt;/script&gt;" in body and "&lt;b&gt;Room 1&lt;/b&gt;" in body


def test_editing_an_interview_saves_its_outcome_and_notes(owner_client, owner):
    interview = make_interview(owner)
    data = interview_post(start_date="2026-02-09", outcome="advanced", notes_after="They liked the demo.")
    assert owner_client.post(f"/interviews/{interview.pk}/edit/", data).status_code == 302
    interview.refresh_from_db()
    assert interview.outcome == "advanced" and interview.notes_after == "They liked the demo."


def test_changing_a_visits_zone_moves_its_itinerary_with_it(owner_client, owner):
    visit = make_visit(owner)
    item = make_item(visit, start_time=dt.time(10))
    data = interview_post(
        kind="campus_visit", start_date="2026-02-09", end_date="2026-02-10", end_time="17:00", time_zone="UTC"
    )
    assert owner_client.post(f"/interviews/{visit.pk}/edit/", data).status_code == 302
    item.refresh_from_db()
    assert item.starts_at == dt.datetime(2026, 2, 9, 10, 0, tzinfo=dt.UTC)


def test_shortening_a_visit_past_its_itinerary_is_refused(owner_client, owner):
    visit = make_visit(owner)
    make_item(visit, date=dt.date(2026, 2, 10))
    data = interview_post(kind="campus_visit", start_date="2026-02-09", end_time="17:00")
    response = owner_client.post(f"/interviews/{visit.pk}/edit/", data)
    assert "1 itinerary item(s) fall outside these days" in response.context["form"].errors["end_date"][0]
    visit.refresh_from_db()
    assert visit.end_date == dt.date(2026, 2, 10)


def test_deleting_an_interview_asks_first_and_keeps_the_contacts(owner_client, owner):
    visit = make_visit(owner)
    make_item(visit, people=["Prof. Helen Whitfield"])
    assert "1 itinerary item" in owner_client.get(f"/interviews/{visit.pk}/delete/").content.decode()
    response = owner_client.post(f"/interviews/{visit.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/applications/{visit.application_id}/"
    assert not Interview.objects.exists()
    assert visit.application.position.institution.contacts.get().name == "Prof. Helen Whitfield"


# Moving the application along when an interview is scheduled


def test_scheduling_a_campus_visit_offers_to_move_the_application_to_campus_visit(owner_client, owner):
    application = make_application(owner, stage_name="Submitted")
    body = owner_client.get(create_url(application) + "?kind=campus_visit").content.decode()
    assert "Also move the application to Campus visit" in body


def test_the_application_moves_when_the_box_is_ticked(owner_client, owner):
    application = make_application(owner, stage_name="Submitted")
    data = interview_post(kind="campus_visit", end_date="2026-02-13", move_stage="on")
    assert owner_client.post(create_url(application), data).status_code == 302
    application.refresh_from_db()
    assert application.stage.name == "Campus visit"
    event = StageEvent.objects.filter(application=application).order_by("-pk").first()
    assert event.note == "Interview scheduled: Campus visit or onsite on 12 Feb"


def test_nothing_moves_when_the_box_is_not_ticked(owner_client, owner):
    application = make_application(owner, stage_name="Submitted")
    assert owner_client.post(create_url(application), interview_post(kind="campus_visit")).status_code == 302
    application.refresh_from_db()
    assert application.stage.name == "Submitted" and Interview.objects.count() == 1


def test_a_renamed_stage_is_not_suggested(owner_client, owner):
    application = make_application(owner, stage_name="First-round interview")
    Stage.objects.filter(owner=owner, track="faculty", name="Campus visit").update(name="Fly-out")
    response = owner_client.get(create_url(application) + "?kind=campus_visit")
    assert "move_stage" not in response.context["form"].fields
    assert "Also move the application" not in response.content.decode()


def test_an_earlier_stage_is_never_suggested(owner_client, owner):
    application = make_application(owner, stage_name="Campus visit")
    response = owner_client.get(create_url(application) + "?kind=video")
    assert "move_stage" not in response.context["form"].fields


def test_ticking_the_box_for_a_kind_without_a_stage_is_a_field_error(owner_client, owner):
    application = make_application(owner, stage_name="Submitted")
    response = owner_client.post(create_url(application), interview_post(kind="other", move_stage="on"))
    assert "No later stage matches “Other”" in response.context["form"].errors["move_stage"][0]
    assert not Interview.objects.exists()


def test_an_industry_recruiter_call_moves_to_the_recruiter_screen(owner_client, owner):
    application = make_application(owner, stage_name="Referred or applied", kind="research_scientist")
    assert application.track == "industry"
    data = interview_post(kind="recruiter", move_stage="on")
    assert owner_client.post(create_url(application), data).status_code == 302
    application.refresh_from_db()
    assert application.stage.name == "Recruiter screen"


# Another user's rows


def test_another_users_interview_answers_404_on_every_page(client, outsider, owner):
    visit = make_visit(owner)
    client.force_login(outsider)
    for suffix in ("", "edit/", "delete/", "itinerary/print/"):
        assert client.get(f"/interviews/{visit.pk}/{suffix}").status_code == 404
    assert client.post(f"/interviews/{visit.pk}/delete/").status_code == 404
    assert client.post(f"/interviews/{visit.pk}/", {"date": "2026-02-09", "start_time": "10:00"}).status_code == 404
    assert Interview.objects.filter(pk=visit.pk).exists() and not visit.items.exists()


def test_an_interview_cannot_be_scheduled_on_another_users_application(client, outsider, owner):
    application = make_application(owner)
    client.force_login(outsider)
    assert client.post(create_url(application), interview_post()).status_code == 404
    assert not Interview.objects.exists()


def test_the_list_shows_only_the_users_own_interviews(client, outsider, owner):
    make_interview(owner, location="Owner-only room")
    client.force_login(outsider)
    assert "Owner-only room" not in client.get("/interviews/").content.decode()
