"""Every view that reads a `next` value goes back only to a path on this site, whatever is posted.

The views that read one are found in the source: only jobtracker/core/views.safe_next may read `next`,
and these tests post the hostile values from tests/core/test_views.py to every view that uses it, and to
Django's log-in and log-out views.
"""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from jobtracker.materials.models import LetterRequest, RequirementSet
from jobtracker.network.models import Contact, Interaction
from jobtracker.pipeline.models import Stage
from tests.core.test_views import HOSTILE
from tests.factories import PASSWORD, InstitutionFactory, make_application, make_writer

ROOT = Path(__file__).resolve().parents[1] / "jobtracker"
READS_NEXT = re.compile(r"""(GET|POST|GET\.get|POST\.get)\s*[\[(]\s*["']next["']""")
HOSTILE_ONLY = [value for value in HOSTILE if value]


def test_only_the_safe_helper_reads_next_from_a_request():
    readers = sorted(str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py") if READS_NEXT.search(path.read_text()))
    assert readers == ["core/views.py"], readers


def test_the_views_using_the_helper_are_the_ones_tested_here():
    users = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if path.parent.name != "core" and re.search(r"safe_next\(request|local_next\(", path.read_text())
    )
    expected = [
        "accounts/views.py",
        "materials/views/letter_status.py",
        "materials/views/letters.py",
        "materials/views/requirement_sets.py",
        "network/views/contacts.py",
        "pipeline/views/bulk.py",
    ]
    assert users == expected, "a new view reads next: add it to this file's tests"


@pytest.mark.parametrize("value", HOSTILE_ONLY)
def test_marking_a_follow_up_done_saves_it_and_goes_to_the_contact_whatever_next_says(owner_client, owner, value):
    contact = Contact.objects.create(owner=owner, name="Dr. Hana Sato")
    interaction = Interaction.objects.create(
        owner=owner, contact=contact, happened_on=dt.date(2026, 11, 1), summary="x", follow_up_on=dt.date(2026, 12, 1)
    )
    response = owner_client.post(reverse("network:interaction_done", args=[interaction.pk]), {"next": value})
    assert response.status_code == 302 and response["Location"] == contact.get_absolute_url()
    interaction.refresh_from_db()
    assert interaction.follow_up_done


@pytest.mark.parametrize("value", HOSTILE_ONLY)
def test_logging_in_goes_to_the_dashboard_whatever_next_says(client, owner, value):
    response = client.post(reverse("accounts:login"), {"username": owner.email, "password": PASSWORD, "next": value})
    assert response.status_code == 302 and response["Location"] == reverse("front:dashboard")


@pytest.mark.parametrize("value", HOSTILE_ONLY)
def test_logging_out_goes_to_the_login_page_whatever_next_says(owner_client, value):
    response = owner_client.post(reverse("accounts:logout"), {"next": value})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_a_local_next_is_still_followed_after_logging_in(client, owner):
    target = "/reminders/unsubscribe/eyJ1Ijo:1tX:abc/"
    response = client.post(reverse("accounts:login"), {"username": owner.email, "password": PASSWORD, "next": target})
    assert response["Location"] == target


def _list_actions(owner):
    """(url, data, where it must go) for each view that returns to a list through `next`."""
    application = make_application(owner)
    preparing = Stage.objects.get(owner=owner, track=application.track, name="Preparing")
    institution = InstitutionFactory(owner=owner)
    writer, second = make_writer(owner), make_writer(owner, name="Dr. Grace Hopper")
    letter = LetterRequest.objects.create(owner=owner, application=application, writer=writer)
    matrix, applications = reverse("materials:letter_matrix"), reverse("front:application_list")
    checklist = reverse("materials:application_checklist", args=[application.pk])
    requirement_set = RequirementSet.objects.create(owner=owner, name=f"Set {application.pk}")
    requirements = reverse("materials:position_requirements", args=[application.position_id])
    return [
        (
            reverse("materials:position_apply_set", args=[application.position_id]),
            {"requirement_set": requirement_set.pk},
            requirements,
        ),
        (reverse("pipeline:application_bulk"), {"application": [application.pk], "action": "withdraw"}, applications),
        (reverse("pipeline:application_stage", args=[application.pk]), {"stage": preparing.pk}, applications),
        (
            reverse("pipeline:institution_bulk_tags"),
            {"institution": [institution.pk], "add": "x"},
            reverse("pipeline:institution_list"),
        ),
        (reverse("materials:letter_status", args=[letter.pk]), {"status": "asked"}, matrix),
        (reverse("materials:letters_status"), {"letter": [letter.pk], "status": "submitted"}, matrix),
        (
            reverse("materials:application_letter_create", args=[application.pk]),
            {"writer": second.pk, "status": "to_ask", "delivery": "portal"},
            checklist,
        ),
    ]


@pytest.mark.parametrize("value", HOSTILE_ONLY)
def test_the_list_actions_go_back_to_their_list_whatever_next_says(owner_client, owner, value):
    for url, data, default in _list_actions(owner):
        response = owner_client.post(url, {**data, "next": value})
        assert response.status_code == 302 and response["Location"] == default, (url, value)
    for url, data, default in _list_actions(owner):  # fresh rows: a second identical letter request is refused
        response = owner_client.post(f"{url}?{urlencode({'next': value})}", data)
        assert response.status_code == 302 and response["Location"] == default, (url, value)
