"""Ticked rows changed at once, and a stage changed in its own row: fewer page loads for the common work."""

import pytest
from django.urls import reverse

from jobtracker.pipeline.models import Application, Institution, Stage, StageEvent
from tests.factories import InstitutionFactory, make_application

LIST = reverse("front:application_list")


def stage(owner, name, track=Application.Track.FACULTY):
    return Stage.objects.get(owner=owner, track=track, name=name)


def industry_application(owner):
    lab = InstitutionFactory(owner=owner, name="Google DeepMind", kind=Institution.Kind.INDUSTRY_LAB)
    return make_application(owner, institution=lab)


def test_ticked_applications_move_together_each_with_its_own_history(owner_client, owner):
    first, second = make_application(owner), make_application(owner)
    submitted = stage(owner, "Submitted")

    response = owner_client.post(
        reverse("pipeline:application_bulk") + "?next=/applications/?q=x",
        {"application": [first.pk, second.pk], "stage": submitted.pk, "action": "move"},
    )

    assert response.status_code == 302 and response["Location"] == "/applications/?q=x"
    assert set(Application.objects.values_list("stage", flat=True)) == {submitted.pk}
    assert StageEvent.objects.filter(to_stage=submitted, from_stage__isnull=False).count() == 2
    assert Application.objects.filter(submitted_on__isnull=False).count() == 2
    message = str(next(iter(response.wsgi_request._messages)))
    assert message == "Moved to Submitted: 2 applications."


def test_an_application_of_the_other_track_or_already_there_is_skipped_and_named(owner_client, owner):
    faculty = make_application(owner, stage_name="Submitted")
    industry = industry_application(owner)

    response = owner_client.post(
        reverse("pipeline:application_bulk"),
        {"application": [faculty.pk, industry.pk], "stage": stage(owner, "Submitted").pk},
        follow=True,
    )

    page = response.content.decode()
    assert "Not changed:" in page and "Google DeepMind" in page and "already at" in page
    industry.refresh_from_db()
    assert industry.stage.name == "Interested"


def test_withdrawing_ticked_applications_uses_each_tracks_withdrawn_stage(owner_client, owner):
    faculty, industry = make_application(owner), industry_application(owner)

    owner_client.post(
        reverse("pipeline:application_bulk"), {"application": [faculty.pk, industry.pk], "action": "withdraw"}
    )

    faculty.refresh_from_db()
    industry.refresh_from_db()
    assert (faculty.stage.name, faculty.stage.track) == ("Withdrawn", "faculty")
    assert (industry.stage.name, industry.stage.track) == ("Withdrawn", "industry")


@pytest.mark.parametrize(
    "data",
    [
        {"stage": "1"},  # nothing ticked
        {"application": ["x", "-1"], "stage": "1"},
        {"application": ["1"], "stage": "abc"},
        {"application": ["1"], "stage": ""},
        {"application": ["1"], "stage": "999999"},
    ],
)
def test_a_bulk_move_without_ticks_or_a_real_stage_says_so_and_changes_nothing(owner_client, owner, data):
    application = make_application(owner)
    data = {**data, "application": [str(application.pk) if v == "1" else v for v in data.get("application", [])]}
    before = StageEvent.objects.count()

    response = owner_client.post(reverse("pipeline:application_bulk"), data, follow=True)

    assert response.status_code == 200 and "nothing was changed" in response.content.decode()
    assert StageEvent.objects.count() == before


def test_another_users_applications_and_stages_are_never_moved(owner_client, owner, outsider):
    theirs = make_application(outsider)
    mine = make_application(owner)
    before = StageEvent.objects.count()

    owner_client.post(
        reverse("pipeline:application_bulk"), {"application": [theirs.pk], "stage": stage(owner, "Submitted").pk}
    )
    owner_client.post(
        reverse("pipeline:application_bulk"), {"application": [mine.pk], "stage": stage(outsider, "Submitted").pk}
    )

    assert StageEvent.objects.count() == before


def test_a_stage_picked_in_a_row_answers_that_row_only(owner_client, owner):
    application = make_application(owner)
    submitted = stage(owner, "Submitted")

    response = owner_client.post(
        reverse("pipeline:application_stage", args=[application.pk]), {"stage": submitted.pk}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode().strip()
    assert body.startswith(f'<td id="stage-{application.pk}">') and "<html" not in body
    assert "Moved to Submitted" in body and f'value="{submitted.pk}" selected' in body
    application.refresh_from_db()
    assert application.stage == submitted


def test_a_refused_row_move_shows_why_in_the_row(owner_client, owner):
    application = make_application(owner)
    archived = stage(owner, "No response")
    archived.is_archived = True
    archived.save()
    before = StageEvent.objects.count()

    response = owner_client.post(
        reverse("pipeline:application_stage", args=[application.pk]), {"stage": archived.pk}, HTTP_HX_REQUEST="true"
    )

    assert 'role="alert"' in response.content.decode() and "archived" in response.content.decode()
    assert StageEvent.objects.count() == before


def test_without_javascript_a_row_move_returns_to_the_list(owner_client, owner):
    application = make_application(owner)

    response = owner_client.post(
        reverse("pipeline:application_stage", args=[application.pk]) + "?next=/applications/?page=2",
        {"stage": stage(owner, "Preparing").pk},
    )

    assert response["Location"] == "/applications/?page=2"


def test_the_list_offers_ticks_a_stage_menu_per_row_and_the_bulk_bar(owner_client, owner):
    application = make_application(owner)
    industry_application(owner)

    page = owner_client.get(LIST).content.decode()

    assert f'name="application" value="{application.pk}" form="bulk-applications"' in page
    assert f'id="stage-of-{application.pk}"' in page and 'optgroup label="Industry"' in page
    assert "Start an application" in page


def test_the_lists_queries_do_not_grow_with_its_rows(owner_client, owner, django_assert_max_num_queries):
    for _ in range(3):
        make_application(owner)
    with django_assert_max_num_queries(30) as few:
        owner_client.get(LIST)
    for _ in range(12):
        make_application(owner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get(LIST)


def test_tags_are_added_and_removed_on_ticked_institutions_keeping_the_others(owner_client, owner, outsider):
    from jobtracker.pipeline.services import set_tags

    mine = [InstitutionFactory(owner=owner) for _ in range(2)]
    set_tags(owner=owner, obj=mine[0], names=["reach", "dream"])
    theirs = InstitutionFactory(owner=outsider)

    owner_client.post(
        reverse("pipeline:institution_bulk_tags"),
        {"institution": [mine[0].pk, mine[1].pk, theirs.pk], "add": "visited, Europe", "remove": "dream"},
    )

    assert sorted(t.name for t in mine[0].tags.all()) == ["Europe", "reach", "visited"]
    assert sorted(t.name for t in mine[1].tags.all()) == ["Europe", "visited"]
    assert not theirs.tags.exists()


def test_bulk_tags_without_ticks_or_names_say_so(owner_client, owner):
    institution = InstitutionFactory(owner=owner)

    for data in ({"add": "x"}, {"institution": [institution.pk]}, {"institution": [institution.pk], "add": "y" * 41}):
        page = owner_client.post(reverse("pipeline:institution_bulk_tags"), data, follow=True).content.decode()
        assert "nothing was changed" in page
    assert not institution.tags.exists()


def test_the_institution_list_offers_ticks_and_the_tag_bar(owner_client, owner):
    institution = InstitutionFactory(owner=owner)

    page = owner_client.get(reverse("pipeline:institution_list")).content.decode()

    assert f'name="institution" value="{institution.pk}" form="bulk-institutions"' in page
    assert reverse("pipeline:institution_bulk_tags") in page
