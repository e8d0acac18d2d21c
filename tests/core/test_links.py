"""object_url is reverse() for an object's page, resolved once: the same URL under any script prefix."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from jobtracker.core.links import object_url

NAMES = ["front:application_detail", "pipeline:application_stage", "materials:application_checklist"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [1, 42, 987654321987])
def test_the_same_url_as_reverse(name, pk):
    assert object_url(name, pk) == reverse(name, args=[pk])


def test_a_script_prefix_is_kept_per_request():
    try:
        set_script_prefix("/tracker/")
        assert object_url("front:application_detail", 7) == "/tracker/applications/7/"
    finally:
        clear_script_prefix()
    assert object_url("front:application_detail", 7) == "/applications/7/"


def test_an_argument_that_is_not_an_id_goes_through_reverse():
    assert object_url("front:application_detail", "7") == reverse("front:application_detail", args=["7"])


def test_every_models_page_link_is_unchanged(owner):
    from tests.factories import make_application

    application = make_application(owner)
    assert application.get_absolute_url() == reverse("front:application_detail", args=[application.pk])
    assert application.position.get_absolute_url() == reverse("front:position_detail", args=[application.position.pk])
