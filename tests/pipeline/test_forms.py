"""Every form rejects bad input with a message on the field and saves nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage
from tests.factories import InstitutionFactory, PositionFactory, make_application


def institution_data(**changes):
    data = {"name": "Cornell University", "kind": "research_university", "priority": "2", "tag_names": ""}
    data.update(changes)
    return data


def position_data(institution, **changes):
    data = {
        "institution": institution.pk,
        "title": "Assistant Professor",
        "kind": "tenure_track",
        "season": Season.objects.get(owner=institution.owner).pk,
        "deadline_date": "2026-12-15",
        "deadline_time": "23:59",
        "deadline_tz": "America/Los_Angeles",
        "letters_required": "3",
        "start_application": "on",
    }
    data.update(changes)
    return data


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required"),
        ({"priority": "0"}, "priority", "greater than or equal to 1"),
        ({"priority": "6"}, "priority", "less than or equal to 5"),
        ({"priority": "high"}, "priority", "Enter a whole number"),
        ({"website": "not a url"}, "website", "Enter a valid URL"),
        ({"kind": "castle"}, "kind", "Select a valid choice"),
        ({"region": "atlantis"}, "region", "Select a valid choice"),
        ({"tag_names": "x" * 41}, "tag_names", "under 40 characters"),
        ({"tag_names": ",".join(f"t{i}" for i in range(21))}, "tag_names", "at most 20 tags"),
    ],
)
def test_institution_form_rejects_bad_input(owner_client, owner, changes, field, message):
    response = owner_client.post("/institutions/new/", institution_data(**changes))
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field)), field_errors(response, field)
    assert "Nothing was saved" in response.content.decode()
    assert not Institution.objects.filter(owner=owner).exists()


def test_the_same_institution_and_department_twice_is_a_clear_error(owner_client, owner):
    InstitutionFactory(owner=owner, name="Cornell University", department="Computer Science")
    response = owner_client.post(
        "/institutions/new/", institution_data(name="cornell university", department="computer science")
    )
    assert "You already have this institution" in response.content.decode()
    assert Institution.objects.filter(owner=owner).count() == 1


def test_institution_tags_are_deduplicated_and_reused(owner_client, owner):
    owner_client.post("/institutions/new/", institution_data(tag_names="West Coast, west coast,  dream   job "))
    owner_client.post("/institutions/new/", institution_data(name="Stanford University", tag_names="dream job"))
    names = sorted(Institution.objects.get(name="Cornell University").tags.values_list("name", flat=True))
    assert names == ["West Coast", "dream job"]
    assert Institution.objects.get(name="Stanford University").tags.get().name == "dream job"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"review_begins": "2026-12-20"}, "review_begins", "Review cannot begin after the deadline"),
        ({"posting_url": "htp:/broken"}, "posting_url", "Enter a valid URL"),
        ({"letters_required": "11"}, "letters_required", "less than or equal to 10"),
        ({"letters_required": "-1"}, "letters_required", "greater than or equal to 0"),
        ({"deadline_date": "", "deadline_time": "17:00"}, "deadline_date", "Give the deadline's date"),
        ({"deadline_date": "2026-02-30"}, "deadline_date", "Enter a valid date"),
        ({"deadline_tz": "Mars/Olympus"}, "deadline_tz", "Select a valid choice"),
        ({"title": ""}, "title", "This field is required"),
        ({"season": "999999"}, "season", "Select a valid choice"),
    ],
)
def test_position_form_rejects_bad_input(owner_client, owner, changes, field, message):
    institution = InstitutionFactory(owner=owner)
    response = owner_client.post("/positions/new/", position_data(institution, **changes))
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field)), field_errors(response, field)
    assert not Position.objects.filter(owner=owner).exists()
    assert not Application.objects.filter(owner=owner).exists()


def test_a_position_at_another_users_institution_is_refused(owner_client, owner, outsider):
    InstitutionFactory(owner=owner)
    foreign = InstitutionFactory(owner=outsider)
    response = owner_client.post("/positions/new/", position_data(foreign, season=Season.objects.get(owner=owner).pk))
    assert "Select a valid choice" in str(field_errors(response, "institution"))
    assert not Position.objects.exists()


def test_adding_a_posting_can_start_its_application_in_one_step(owner_client, owner):
    institution = InstitutionFactory(owner=owner)
    response = owner_client.post("/positions/new/", position_data(institution))
    position = Position.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == position.application.get_absolute_url()
    assert position.application.stage.name == "Interested"


def test_adding_a_research_scientist_posting_starts_an_industry_application(owner_client, owner):
    lab = InstitutionFactory(owner=owner, name="Google DeepMind", kind="industry_lab")
    owner_client.post("/positions/new/", position_data(lab, kind="research_scientist"))
    assert Position.objects.get(owner=owner).application.track == "industry"


def test_editing_a_submitted_date_in_the_future_is_refused(owner_client, owner):
    application = make_application(owner)
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = owner_client.post(f"/applications/{application.pk}/edit/", {"submitted_on": future, "notes": "x"})
    assert "cannot be in the future" in str(field_errors(response, "submitted_on"))
    application.refresh_from_db()
    assert application.submitted_on is None and application.notes == ""


def test_starting_an_application_for_a_foreign_or_taken_posting_is_refused(owner_client, owner, outsider):
    taken = make_application(owner).position
    foreign = PositionFactory(owner=outsider)
    for position in (taken, foreign):
        response = owner_client.post("/applications/new/", {"position": position.pk, "track": "faculty"})
        assert "Select a valid choice" in str(field_errors(response, "position"))
    assert Application.objects.filter(owner=owner).count() == 1
    assert not Application.objects.filter(position=foreign).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"faculty-name": "   ", "faculty-category": "open"}, "This field is required"),
        ({"faculty-name": "x" * 61, "faculty-category": "open"}, "at most 60 characters"),
        ({"faculty-name": "Limbo", "faculty-category": "purgatory"}, "Select a valid choice"),
    ],
)
def test_stage_form_rejects_bad_input(owner_client, owner, data, message):
    response = owner_client.post("/stages/", {"track": "faculty", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Stage.objects.filter(owner=owner, track="faculty").count() == 12


def test_a_stage_for_an_unknown_track_is_refused(owner_client, owner):
    response = owner_client.post("/stages/", {"track": "astronaut", "astronaut-name": "Launch"}, follow=True)
    assert "Choose the faculty or the industry track" in response.content.decode()
    assert Stage.objects.filter(owner=owner).count() == 24


@pytest.mark.parametrize(
    ("year", "message"),
    [("1999", "greater than or equal to 2000"), ("twenty", "Enter a whole number"), ("", "This field is required")],
)
def test_season_form_rejects_bad_input(owner_client, owner, year, message):
    response = owner_client.post("/seasons/", {"start_year": year})
    assert response.status_code == 400 and message in response.content.decode()
    assert Season.objects.filter(owner=owner).count() == 1


def test_a_season_twice_is_a_clear_error(owner_client, owner):
    year = Season.objects.get(owner=owner).start_year
    response = owner_client.post("/seasons/", {"start_year": str(year)})
    assert "You already have this season" in response.content.decode()


def test_html_typed_into_notes_comes_back_escaped(owner_client, owner):
    script = "<script>alert('x')</script>"
    institution = InstitutionFactory(owner=owner, fit_notes=script)
    application = make_application(owner, institution=institution, notes=script)
    application.notes = script
    application.save()
    for url in (
        f"/institutions/{institution.pk}/",
        f"/positions/{application.position.pk}/",
        application.get_absolute_url(),
    ):
        body = owner_client.get(url).content.decode()
        assert script not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


def test_a_non_numeric_or_foreign_prefill_is_ignored(owner_client, owner, outsider):
    foreign = InstitutionFactory(owner=outsider, name="Secret Lab")
    for query in ("?institution=abc", f"?institution={foreign.pk}", "?institution=99999999999999999999"):
        response = owner_client.get(f"/positions/new/{query}")
        assert response.status_code == 200 and "Secret Lab" not in response.content.decode()
    for query in ("?position=abc", "?position=-1"):
        assert owner_client.get(f"/applications/new/{query}").status_code == 200


def test_an_edit_page_shows_dates_the_browser_can_read_so_saving_keeps_them(owner_client, owner):
    position = PositionFactory(owner=owner, deadline_date=dt.date(2026, 12, 15), review_begins=dt.date(2026, 12, 1))
    body = owner_client.get(f"/positions/{position.pk}/edit/").content.decode()
    assert 'type="date" name="deadline_date" value="2026-12-15"' in body
    assert 'type="time" name="deadline_time" value="23:59"' in body
    assert 'value="2026-12-01"' in body
