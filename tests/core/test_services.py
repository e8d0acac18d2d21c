"""The generic writes: validated with the owner in view, saving only what changed, clear when a row is gone."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jobtracker.core.services import lock_rows, model_create, model_delete, model_update
from jobtracker.pipeline.models import Institution, Position, StageEvent
from tests.factories import InstitutionFactory, PositionFactory, make_application


def test_create_checks_per_owner_uniqueness_with_a_clear_message(owner):
    InstitutionFactory(owner=owner, name="Cornell University", department="CS")
    with pytest.raises(ValidationError, match="You already have this institution"):
        model_create(model=Institution, data={"name": "cornell university", "department": "cs"}, owner=owner)
    assert Institution.objects.filter(owner=owner).count() == 1


def test_create_ignores_form_extras_and_keeps_fixed_values(owner):
    made = model_create(model=Institution, data={"name": "ETH Zurich", "tag_names": ["x"], "owner": None}, owner=owner)
    assert made.owner == owner and made.name == "ETH Zurich"


def test_another_owners_copy_is_not_a_duplicate(owner, outsider):
    InstitutionFactory(owner=outsider, name="ETH Zurich", department="")
    assert model_create(model=Institution, data={"name": "ETH Zurich"}, owner=owner).pk


def test_a_parent_deleted_meanwhile_is_a_clear_message_not_a_server_error(owner):
    institution = InstitutionFactory(owner=owner, name="Vanishing College")
    season = PositionFactory(owner=owner).season
    Institution.objects.filter(pk=institution.pk).delete()
    with pytest.raises(ValidationError, match=r"Institution “Vanishing College .* was deleted meanwhile"):
        model_create(
            model=Position,
            data={"institution": institution, "season": season, "title": "Lecturer", "deadline_tz": "UTC"},
            owner=owner,
            lock=["institution", "season"],
        )


def test_update_saves_the_given_columns_and_the_derived_instant(owner):
    position = PositionFactory(owner=owner, deadline_date=dt.date(2026, 12, 15), deadline_time=dt.time(12, 0))
    Position.objects.filter(pk=position.pk).update(notes="kept")
    model_update(instance=position, data={"deadline_tz": "Asia/Tokyo"})
    fresh = Position.objects.get(pk=position.pk)
    assert fresh.deadline_at == dt.datetime(2026, 12, 15, 3, 0, tzinfo=dt.UTC)
    assert fresh.notes == "kept", "columns not given were overwritten from a stale copy"


def test_update_refuses_invalid_values_and_writes_nothing(owner):
    institution = InstitutionFactory(owner=owner, priority=2)
    with pytest.raises(ValidationError):
        model_update(instance=institution, data={"priority": 9})
    assert Institution.objects.get(pk=institution.pk).priority == 2


def test_update_of_a_row_deleted_meanwhile_says_so(owner):
    institution = InstitutionFactory(owner=owner, name="Gone University")
    Institution.objects.filter(pk=institution.pk).delete()
    with pytest.raises(ValidationError, match="was deleted meanwhile"):
        model_update(instance=institution, data={"priority": 1})


def test_delete_takes_what_cascades(owner):
    application = make_application(owner, stage_name="Submitted")
    model_delete(instance=application.position.institution)
    assert not StageEvent.objects.filter(owner=owner).exists()


def test_lock_rows_passes_over_unsaved_rows(owner):
    lock_rows([None, Institution(owner=owner, name="Unsaved")])
