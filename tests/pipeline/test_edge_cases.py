"""Input at the edges: absurd dates, back-dated moves, odd ids, account deletion."""

import datetime as dt

import pytest
from django.db.models import RestrictedError
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.models import Position, Season, Stage
from tests.factories import InstitutionFactory, make_application


def position_post(owner, **changes):
    data = {
        "institution": InstitutionFactory(owner=owner).pk,
        "title": "Assistant Professor",
        "kind": "tenure_track",
        "season": services.open_current_season(user=owner).pk,
        "deadline_date": "2026-12-15",
        "deadline_time": "23:59",
        "deadline_tz": "America/Los_Angeles",
        "letters_required": "3",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline_date": "9999-12-31", "deadline_time": "20:00", "deadline_tz": "UTC"}, "deadline_date"),
        ({"deadline_date": "9999-12-31", "deadline_time": ""}, "deadline_date"),
        ({"deadline_date": "0001-01-01", "deadline_time": "00:00", "deadline_tz": "Asia/Tokyo"}, "deadline_date"),
        ({"review_begins": "1999-12-31"}, "review_begins"),
    ],
)
def test_a_date_outside_2000_to_2100_is_a_field_error_not_a_crash(owner_client, owner, changes, field):
    response = owner_client.post("/positions/new/", position_post(owner, **changes))
    assert response.status_code == 400
    assert "between 1 Jan 2000 and 31 Dec 2100" in str(response.context["form"].errors[field])
    assert not Position.objects.filter(owner=owner).exists()
    assert owner_client.get("/positions/").status_code == 200


def test_a_move_dated_in_year_one_is_a_field_error(owner_client, owner):
    application = make_application(owner)
    target = Stage.objects.get(owner=owner, track="faculty", name="Preparing")
    response = owner_client.post(
        f"/applications/{application.pk}/move/", {"to_stage": target.pk, "occurred_at": "0001-01-01T00:30"}
    )
    assert response.status_code == 400
    assert "between 1 Jan 2000 and 31 Dec 2100" in response.content.decode()


def test_a_move_cannot_be_dated_before_the_current_stage_was_reached(owner_client, owner):
    application = make_application(owner, stage_name="Submitted")
    week_ago = (timezone.localtime() - dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    target = Stage.objects.get(owner=owner, track="faculty", name="First-round interview")
    response = owner_client.post(
        f"/applications/{application.pk}/move/", {"to_stage": target.pk, "occurred_at": week_ago}
    )
    assert response.status_code == 400
    assert "a later change cannot be earlier" in response.content.decode()
    application.refresh_from_db()
    assert application.stage.name == "Submitted"


@pytest.mark.parametrize("value", ["²", "٣", "1e3", " 1", "9" * 40])
def test_odd_ids_in_prefill_parameters_are_ignored(owner_client, owner, value):
    make_application(owner)
    assert owner_client.get("/applications/new/", {"position": value}).status_code == 200
    assert owner_client.get("/positions/new/", {"institution": value}).status_code == 200


def test_an_account_with_a_whole_season_can_be_deleted(admin_client, owner):
    application = make_application(owner, stage_name="Submitted")
    response = admin_client.post(f"/admin/accounts/user/{owner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Position.objects.filter(pk=application.position_id).exists()


def test_a_stage_or_season_in_use_still_cannot_be_deleted(owner):
    application = make_application(owner)
    with pytest.raises(RestrictedError):
        application.stage.delete()
    with pytest.raises(RestrictedError):
        application.position.season.delete()


def test_earlier_seasons_match_names_with_accented_capitals(owner):
    old_row = InstitutionFactory(owner=owner, name="École Polytechnique", department="CS")
    old = make_application(owner, institution=old_row, season=Season.objects.create(owner=owner, start_year=2020))
    new_row = InstitutionFactory(owner=owner, name="École Polytechnique", department="Informatique")
    found = selectors.earlier_applications(
        user=owner, institution=new_row, season=services.open_current_season(user=owner)
    )
    assert old in found


def test_starting_the_same_application_twice_is_a_clear_error(owner_client, owner):
    position = make_application(owner).position
    response = owner_client.post("/applications/new/", {"position": position.pk, "track": "faculty"})
    assert "Select a valid choice" in response.content.decode()
