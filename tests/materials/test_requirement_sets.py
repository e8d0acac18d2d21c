"""Requirement sets: a user's usual materials put on a posting in one click; a posting's list copied or kept."""

import pytest
from django.urls import reverse

from jobtracker.materials.models import Requirement, RequirementSet, RequirementSetItem
from tests.factories import PositionFactory, make_application


def make_set(owner, name="Faculty, US", letters=3, kinds=("cv", "research_statement", "teaching_statement")):
    requirement_set = RequirementSet.objects.create(owner=owner, name=name, letters=letters)
    for kind in kinds:
        RequirementSetItem.objects.create(owner=owner, requirement_set=requirement_set, kind=kind)
    return requirement_set


def kinds(position):
    return sorted(position.requirements.values_list("kind", flat=True))


def test_a_set_is_made_and_filled_through_its_pages(owner_client, owner):
    response = owner_client.post(reverse("materials:requirementset_list"), {"name": "Industry", "letters": ""})
    made = RequirementSet.objects.get(owner=owner)
    assert response["Location"] == made.get_absolute_url() and made.letters is None

    owner_client.post(made.get_absolute_url(), {"kind": "cv", "page_limit": "2", "note": ""})
    owner_client.post(made.get_absolute_url(), {"kind": "cover_letter", "note": "addressed to the team"})

    assert [str(item) for item in made.items.all()] == ["CV, max 2 pages", "Cover letter (addressed to the team)"]
    page = owner_client.get(reverse("materials:requirementset_list")).content.decode()
    assert "CV, max 2 pages, Cover letter (addressed to the team)" in page


def test_applying_a_set_adds_its_materials_and_letters_in_one_click(owner_client, owner):
    application = make_application(owner)
    position = application.position
    position.letters_required = 2
    position.save()
    chosen = make_set(owner, letters=4)
    checklist = reverse("materials:application_checklist", args=[application.pk])

    response = owner_client.post(
        reverse("materials:position_apply_set", args=[position.pk]) + f"?next={checklist}",
        {"requirement_set": chosen.pk},
    )

    assert response["Location"] == checklist
    assert kinds(position) == ["cv", "research_statement", "teaching_statement"]
    position.refresh_from_db()
    assert position.letters_required == 4


def test_applying_twice_or_over_an_existing_line_never_doubles_it(owner_client, owner):
    position = PositionFactory(owner=owner)
    Requirement.objects.create(owner=owner, position=position, kind="cv", page_limit=2)
    chosen = make_set(owner)
    url = reverse("materials:position_apply_set", args=[position.pk])

    owner_client.post(url, {"requirement_set": chosen.pk})
    again = owner_client.post(url, {"requirement_set": chosen.pk}, follow=True)

    assert kinds(position) == ["cv", "research_statement", "teaching_statement"]
    assert "Nothing new" in again.content.decode()


def test_copying_from_another_posting_brings_its_list_and_letters(owner_client, owner):
    source = PositionFactory(owner=owner, letters_required=5)
    Requirement.objects.create(owner=owner, position=source, kind="diversity_statement", note="1 page")
    target = PositionFactory(owner=owner)

    owner_client.post(reverse("materials:position_copy_requirements", args=[target.pk]), {"source": source.pk})

    assert [str(r) for r in target.requirements.all()] == ["Diversity or service statement (1 page)"]
    target.refresh_from_db()
    assert target.letters_required == 5


def test_a_postings_list_is_kept_as_a_new_set(owner_client, owner):
    position = PositionFactory(owner=owner, letters_required=3)
    Requirement.objects.create(owner=owner, position=position, kind="cv")
    Requirement.objects.create(owner=owner, position=position, kind="job_market_paper")

    response = owner_client.post(reverse("materials:position_save_set", args=[position.pk]), {"name": "Econ"})

    kept = RequirementSet.objects.get(owner=owner, name="Econ")
    assert response["Location"] == kept.get_absolute_url()
    assert sorted(kept.items.values_list("kind", flat=True)) == ["cv", "job_market_paper"] and kept.letters == 3


@pytest.mark.parametrize(
    ("view", "data", "said"),
    [
        ("materials:position_apply_set", {"requirement_set": "x"}, "Choose one of your sets"),
        ("materials:position_apply_set", {}, "Choose one of your sets"),
        ("materials:position_copy_requirements", {"source": "-1"}, "Choose another of your postings"),
        ("materials:position_save_set", {"name": ""}, "Nothing was saved"),
    ],
)
def test_bad_choices_say_so_and_change_nothing(owner_client, owner, view, data, said):
    position = PositionFactory(owner=owner)
    Requirement.objects.create(owner=owner, position=position, kind="cv")

    page = owner_client.post(reverse(view, args=[position.pk]), data, follow=True).content.decode()

    assert said in page
    assert position.requirements.count() == 1 and not RequirementSet.objects.exists()


def test_a_name_already_used_is_refused_whatever_its_capitals(owner_client, owner):
    make_set(owner, name="Faculty, US")
    position = PositionFactory(owner=owner)
    Requirement.objects.create(owner=owner, position=position, kind="cv")

    listed = owner_client.post(reverse("materials:requirementset_list"), {"name": "faculty, us"})
    kept = owner_client.post(
        reverse("materials:position_save_set", args=[position.pk]), {"name": "FACULTY, US"}, follow=True
    )

    assert listed.status_code == 400 and "already have a set with that name" in listed.content.decode()
    assert "already have a set with that name" in kept.content.decode()
    assert RequirementSet.objects.count() == 1


def test_another_users_sets_and_postings_are_never_used(owner_client, owner, outsider):
    theirs = make_set(outsider)
    their_posting = PositionFactory(owner=outsider)
    Requirement.objects.create(owner=outsider, position=their_posting, kind="transcript")
    mine = PositionFactory(owner=owner)

    owner_client.post(reverse("materials:position_apply_set", args=[mine.pk]), {"requirement_set": theirs.pk})
    owner_client.post(reverse("materials:position_copy_requirements", args=[mine.pk]), {"source": their_posting.pk})

    assert not mine.requirements.exists()
    assert owner_client.get(theirs.get_absolute_url()).status_code == 404


def test_an_empty_checklist_offers_the_sets_and_other_postings(owner_client, owner):
    application = make_application(owner)
    make_set(owner, name="Faculty, US")
    other = PositionFactory(owner=owner, title="Lecturer")
    Requirement.objects.create(owner=owner, position=other, kind="cv")

    page = owner_client.get(reverse("materials:application_checklist", args=[application.pk])).content.decode()

    assert "Faculty, US (CV, Research statement, Teaching statement; 3 letters)" in page
    assert f'<option value="{other.pk}">' in page


def test_deleting_a_set_leaves_the_postings_it_filled(owner_client, owner):
    chosen = make_set(owner)
    position = PositionFactory(owner=owner)
    owner_client.post(reverse("materials:position_apply_set", args=[position.pk]), {"requirement_set": chosen.pk})

    owner_client.post(reverse("materials:requirementset_delete", args=[chosen.pk]))

    assert not RequirementSet.objects.exists() and not RequirementSetItem.objects.exists()
    assert position.requirements.count() == 3
