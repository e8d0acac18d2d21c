"""Shared view helpers: redirects that only go to local paths, and the one delete confirmation."""

import pytest
from django.test import RequestFactory

from jobtracker.core.deletion import delete_plan
from jobtracker.core.views import safe_next
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Institution
from tests.factories import InstitutionFactory, make_application, make_writer

HOSTILE = [
    "",
    "-1",
    "x y",
    "2026-11-30",
    "\x00",
    "<script>alert(1)</script>",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    " /applications/",
    "/applications/\r\nSet-Cookie: x=1",
    "/" + "a" * 3000,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_next_that_is_not_a_local_path_falls_back_to_the_objects_page(value, owner):
    institution = InstitutionFactory(owner=owner)
    request = RequestFactory().post("/x/", {"next": value})
    response = safe_next(request, institution)
    assert response.status_code == 302 and response["Location"] == institution.get_absolute_url()


def test_a_local_next_is_followed():
    request = RequestFactory().post("/x/", {"next": "/applications/?stage=3&season=1#row-4"})
    assert safe_next(request, "/")["Location"] == "/applications/?stage=3&season=1#row-4"


def test_the_delete_plan_counts_what_cascades_in_the_users_words(owner):
    application = make_application(owner, stage_name="Submitted")
    plan = delete_plan(application.position.institution)
    assert plan.blocked == ""
    assert plan.consequences == ["1 application", "1 posting", "2 stage changes"]


def test_a_row_others_protect_cannot_be_deleted_and_says_why(owner):
    from jobtracker.materials.models import LetterRequest

    writer = make_writer(owner, name="Prof. Kept")
    LetterRequest.objects.create(owner=owner, application=make_application(owner), writer=writer)
    plan = delete_plan(writer)
    assert plan.blocked == "Prof. Kept is still used by 1 letter request; remove or move those first."


def test_the_confirmation_page_lists_consequences_and_deletes_only_on_post(owner_client, owner):
    institution = make_application(owner).position.institution
    page = owner_client.get(f"/institutions/{institution.pk}/delete/").content.decode()
    assert "This also deletes" in page and "1 application" in page and "Delete" in page
    assert Institution.objects.filter(pk=institution.pk).exists()
    response = owner_client.post(f"/institutions/{institution.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/institutions/"
    assert not Institution.objects.filter(pk=institution.pk).exists()


def test_a_protected_row_is_kept_with_a_message_on_get_and_post(owner_client, owner):
    from jobtracker.materials.models import LetterRequest

    writer = make_writer(owner)
    LetterRequest.objects.create(owner=owner, application=make_application(owner), writer=writer)
    for method in (owner_client.get, owner_client.post):
        response = method(f"/contacts/{writer.pk}/delete/", follow=True)
        assert "still used by 1 letter request" in response.content.decode()
    assert Contact.objects.filter(pk=writer.pk).exists()
