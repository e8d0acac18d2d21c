import pytest

from jobtracker.pipeline import services
from jobtracker.pipeline.models import Application, Institution, Position
from tests.factories import InstitutionFactory, PositionFactory, make_application

BAD_QUERIES = [
    "?sort=bogus",
    "?track=astronaut",
    "?stage=abc",
    "?season=99999999999999999999999",
    "?page=abc",
    "?page=-5",
    "?page=99999",
    "?priority=9",
    "?tag=%00",
    "?q=%27%3B%20DROP%20TABLE%20pipeline_application%3B--",
    "?has_application=maybe",
]


@pytest.mark.parametrize("path", ["/applications/", "/institutions/", "/positions/", "/"])
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_list_pages_never_fail_on_odd_query_strings(owner_client, owner, path, query):
    make_application(owner)
    response = owner_client.get(path + query)
    assert response.status_code == 200


def test_an_invalid_filter_is_explained_next_to_the_field(owner_client, owner):
    make_application(owner)
    body = owner_client.get("/applications/?track=astronaut").content.decode()
    assert "Select a valid choice" in body


def test_search_finds_applications_by_institution_and_keeps_filters_when_paging(owner_client, owner):
    for i in range(55):
        make_application(owner, institution=InstitutionFactory(owner=owner, name=f"Searchable University {i:02d}"))
    make_application(owner, institution=InstitutionFactory(owner=owner, name="Hidden College"))
    body = owner_client.get("/applications/?q=searchable&sort=institution").content.decode()
    assert "Hidden College" not in body
    assert "Searchable University 00" in body and "Searchable University 54" not in body
    assert "?q=searchable&amp;sort=institution&amp;page=2" in body
    page_two = owner_client.get("/applications/?q=searchable&sort=institution&page=2").content.decode()
    assert "Searchable University 54" in page_two


def test_institutions_filter_by_tag_and_sort_by_priority(owner_client, owner):
    top = InstitutionFactory(owner=owner, name="Top Choice University", priority=1)
    InstitutionFactory(owner=owner, name="Long Shot University", priority=5)
    services.set_tags(owner=owner, obj=top, names=["dream job"])
    tag = top.tags.get()
    body = owner_client.get(f"/institutions/?tag={tag.pk}").content.decode()
    assert "Top Choice University" in body and "Long Shot University" not in body
    body = owner_client.get("/institutions/?sort=-priority").content.decode()
    assert body.index("Long Shot University") < body.index("Top Choice University")


def test_deleting_an_institution_asks_first_then_removes_its_postings(owner_client, owner, outsider):
    application = make_application(owner)
    institution = application.position.institution
    confirm = owner_client.get(f"/institutions/{institution.pk}/delete/").content.decode()
    assert "This also deletes" in confirm and "1 posting" in confirm
    other_client = owner_client.__class__()
    other_client.force_login(outsider)
    assert other_client.post(f"/institutions/{institution.pk}/delete/").status_code == 404
    assert owner_client.post(f"/institutions/{institution.pk}/delete/").status_code == 302
    assert not Institution.objects.filter(pk=institution.pk).exists()
    assert not Application.objects.filter(pk=application.pk).exists()


def test_deleting_an_application_keeps_the_posting(owner_client, owner):
    application = make_application(owner)
    response = owner_client.post(f"/applications/{application.pk}/delete/")
    assert response.status_code == 302
    assert Position.objects.filter(pk=application.position.pk).exists()


def test_the_postings_filter_starts_at_applied_or_not_and_filters_both_ways(owner_client, owner):
    make_application(owner, institution=InstitutionFactory(owner=owner, name="Applied University"))
    PositionFactory(owner=owner, institution=InstitutionFactory(owner=owner, name="Waiting College"))
    page = owner_client.get("/positions/").content.decode()
    assert "Unknown" not in page and '<option value="" selected>Applied or not</option>' in page
    applied_only = owner_client.get("/positions/?has_application=true").content.decode()
    assert "Applied University" in applied_only and "Waiting College" not in applied_only
    waiting = owner_client.get("/positions/?has_application=false").content.decode()
    assert "Waiting College" in waiting and "Applied University" not in waiting
