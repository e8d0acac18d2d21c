import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobtracker.pipeline import services
from jobtracker.pipeline.models import Application, Stage, StageEvent
from tests.factories import PositionFactory, make_application


def stage(owner, name, track="faculty"):
    return Stage.objects.get(owner=owner, track=track, name=name)


def test_a_new_account_has_both_default_pipelines(owner):
    faculty = list(Stage.objects.filter(owner=owner, track="faculty").values_list("name", flat=True))
    industry = list(Stage.objects.filter(owner=owner, track="industry").values_list("name", flat=True))
    assert faculty[:3] == ["Interested", "Preparing", "Submitted"] and faculty[-1] == "No response"
    assert industry[:3] == ["Interested", "Referred or applied", "Recruiter screen"] and industry[-1] == "Withdrawn"
    assert len(faculty) == 12 and len(industry) == 12


def test_starting_an_application_records_the_first_event(owner):
    application = make_application(owner)
    event = application.events.get()
    assert event.from_stage is None and event.to_stage.name == "Interested"
    assert application.submitted_on is None


def test_moving_records_from_to_when_and_note(owner):
    application = make_application(owner)
    services.move_application(application=application, to_stage=stage(owner, "Preparing"), note="drafting statements")
    event = application.events.order_by("-id").first()
    assert (event.from_stage.name, event.to_stage.name, event.note) == (
        "Interested",
        "Preparing",
        "drafting statements",
    )
    application.refresh_from_db()
    assert application.stage.name == "Preparing"
    assert abs(application.stage_changed_at - timezone.now()) < dt.timedelta(seconds=5)


def test_reaching_submitted_records_the_submitted_date_once(owner):
    position = PositionFactory(owner=owner)
    application = services.create_application(
        owner=owner, position=position, track="faculty", started_at=timezone.now() - dt.timedelta(days=10)
    )
    earlier = timezone.now() - dt.timedelta(days=3)
    services.move_application(application=application, to_stage=stage(owner, "Submitted"), occurred_at=earlier)
    application.refresh_from_db()
    assert application.submitted_on == timezone.localdate(earlier)
    services.move_application(application=application, to_stage=stage(owner, "First-round interview"))
    application.refresh_from_db()
    assert application.submitted_on == timezone.localdate(earlier)


def test_jumping_past_submitted_still_records_the_submitted_date(owner):
    application = make_application(owner)
    services.move_application(application=application, to_stage=stage(owner, "Campus visit"))
    application.refresh_from_db()
    assert application.submitted_on == timezone.localdate()


def test_withdrawing_before_submitting_records_no_submitted_date(owner):
    application = make_application(owner)
    services.move_application(application=application, to_stage=stage(owner, "Withdrawn"))
    application.refresh_from_db()
    assert application.submitted_on is None


def test_industry_applications_use_the_industry_pipeline(owner):
    application = make_application(owner, kind="research_scientist")
    assert application.track == "industry"
    with pytest.raises(ValidationError):
        services.move_application(application=application, to_stage=stage(owner, "Campus visit"))
    services.move_application(application=application, to_stage=stage(owner, "Referred or applied", "industry"))
    application.refresh_from_db()
    assert application.submitted_on == timezone.localdate()


def test_a_stage_change_cannot_be_in_the_future_or_to_the_same_stage(owner):
    application = make_application(owner)
    with pytest.raises(ValidationError):
        services.move_application(
            application=application,
            to_stage=stage(owner, "Preparing"),
            occurred_at=timezone.now() + dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.move_application(application=application, to_stage=stage(owner, "Interested"))
    assert application.events.count() == 1


def test_another_users_stage_is_refused(owner, outsider):
    application = make_application(owner)
    with pytest.raises(ValidationError):
        services.move_application(application=application, to_stage=stage(outsider, "Preparing"))


def test_the_move_view_records_the_change_and_shows_it_in_the_timeline(owner_client, owner):
    application = make_application(owner)
    target = stage(owner, "Submitted")
    response = owner_client.post(
        f"/applications/{application.pk}/move/", {"to_stage": target.pk, "note": "sent via AJO"}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Interested → <strong>Submitted</strong>" in body
    assert "sent via AJO" in body


def test_the_move_view_rejects_an_archived_or_foreign_stage_and_changes_nothing(owner_client, owner, outsider):
    application = make_application(owner)
    archived = stage(owner, "No response")
    services.set_stage_archived(stage=archived, archived=True)
    for bad in (archived.pk, stage(outsider, "Preparing").pk, "not-a-number"):
        response = owner_client.post(f"/applications/{application.pk}/move/", {"to_stage": bad})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert StageEvent.objects.filter(application=application).count() == 1


class TestCustomStages:
    def test_a_user_can_add_a_stage_at_the_end_of_a_track(self, owner_client, owner):
        response = owner_client.post(
            "/stages/", {"track": "faculty", "faculty-name": "Second visit", "faculty-category": "open"}
        )
        assert response.status_code == 302
        added = Stage.objects.get(owner=owner, name="Second visit")
        assert added.order > stage(owner, "No response").order

    def test_a_duplicate_stage_name_in_a_track_is_a_field_error(self, owner_client, owner):
        response = owner_client.post(
            "/stages/", {"track": "faculty", "faculty-name": "submitted", "faculty-category": "open"}
        )
        assert response.status_code == 400
        assert "already has a stage with that name" in response.content.decode()
        assert Stage.objects.filter(owner=owner, track="faculty").count() == 12

    def test_renaming_a_stage_keeps_its_applications_and_history(self, owner_client, owner):
        application = make_application(owner, stage_name="Submitted")
        submitted = stage(owner, "Submitted")
        response = owner_client.post(
            f"/stages/{submitted.pk}/edit/", {"name": "Applied", "category": "open", "marks_submission": "on"}
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.stage.name == "Applied"
        assert application.events.filter(to_stage__name="Applied").exists()

    def test_reordering_swaps_neighbours(self, owner_client, owner):
        preparing = stage(owner, "Preparing")
        owner_client.post(f"/stages/{preparing.pk}/up/")
        names = list(Stage.objects.filter(owner=owner, track="faculty").values_list("name", flat=True)[:3])
        assert names == ["Preparing", "Interested", "Submitted"]

    def test_archiving_a_stage_that_holds_applications_is_refused(self, owner_client, owner):
        make_application(owner, stage_name="Submitted")
        submitted = stage(owner, "Submitted")
        response = owner_client.post(f"/stages/{submitted.pk}/archive/", follow=True)
        assert "move them to another stage before archiving" in response.content.decode()
        submitted.refresh_from_db()
        assert not submitted.is_archived

    def test_an_archived_stage_is_not_offered_and_can_be_restored(self, owner_client, owner):
        application = make_application(owner)
        no_response = stage(owner, "No response")
        owner_client.post(f"/stages/{no_response.pk}/archive/")
        page = owner_client.get(f"/applications/{application.pk}/").content.decode()
        assert f'value="{no_response.pk}"' not in page
        owner_client.post(f"/stages/{no_response.pk}/archive/")
        no_response.refresh_from_db()
        assert not no_response.is_archived

    def test_a_new_application_starts_at_the_first_active_stage(self, owner):
        services.set_stage_archived(stage=stage(owner, "Interested"), archived=True)
        application = make_application(owner)
        assert application.stage.name == "Preparing"

    def test_the_last_active_stage_of_a_track_cannot_be_archived(self, owner):
        stages = list(Stage.objects.filter(owner=owner, track="industry"))
        for s in stages[:-1]:
            services.set_stage_archived(stage=s, archived=True)
        with pytest.raises(ValidationError):
            services.set_stage_archived(stage=stages[-1], archived=True)


def test_one_application_per_posting(owner):
    position = PositionFactory(owner=owner)
    services.create_application(owner=owner, position=position, track="faculty")
    with pytest.raises(ValidationError):
        services.create_application(owner=owner, position=position, track="faculty")
    assert Application.objects.filter(position=position).count() == 1


def test_the_move_form_offers_the_next_stage_first(owner_client, owner):
    application = make_application(owner, stage_name="Submitted")
    body = owner_client.get(application.get_absolute_url()).content.decode()
    following = stage(owner, "First-round interview")
    assert f'<option value="{following.pk}" selected>First-round interview</option>' in body
