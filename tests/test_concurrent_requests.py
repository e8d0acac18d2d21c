"""Two requests on the same rows at once (a double click, two tabs) get answers, never a server error.

Each pair runs in real threads, each with its own database connection, released together by a barrier and
repeated over fresh rows, in two interleavings: as the scheduler pleases (with a little jitter so either may
go first), and the worst one forced: a service pauses between its last check of the rows and its write, and
the second request lands in that pause, so the first would write against rows that just changed. On PostgreSQL (CI)
rows really are locked and a wrong lock order would show as "deadlock detected"; on SQLite writes queue behind
its one writer. The loser sees a form error, a message or a 404, and the rows left are consistent: no child
without its parent.
"""

import random
import threading
import time

import pytest
from django.db import connection, connections, models
from django.test import Client

from jobtracker.accounts.models import User
from jobtracker.interviews.models import Interview, ItineraryItem
from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import ApplicationContact, Contact
from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent
from tests.factories import InstitutionFactory, UserFactory, make_application, make_writer
from tests.interviews.factories import make_visit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
TRIALS = 6
ANSWERS = {200, 302, 400, 404}
JITTER = random.Random(15)
PAUSE_BEFORE_WRITING = 0.3


@pytest.fixture(params=["natural", "second-lands-between-check-and-write"])
def interleaving(request, monkeypatch):
    if request.param == "natural":
        return lambda count: [JITTER.uniform(0, 0.03) for _ in range(count)]
    check = models.Model.full_clean

    def check_then_pause(instance, *args, **kwargs):
        check(instance, *args, **kwargs)
        if connection.in_atomic_block:  # a service's last check before it writes (forms validate outside)
            time.sleep(PAUSE_BEFORE_WRITING)

    monkeypatch.setattr(models.Model, "full_clean", check_then_pause)
    return lambda count: [0] + [PAUSE_BEFORE_WRITING / 2] * (count - 1)


@pytest.fixture
def user():
    return UserFactory(email="racer@example.edu")


def tab(user) -> Client:
    """A browser tab: its own session, and a server error comes back as a 500, not as an exception here."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def race(delays, *requests):
    """Run each (client, url, data) POST in its own thread, released together then after its delay."""
    barrier = threading.Barrier(len(requests))
    jitter = delays(len(requests))
    responses: list = [None] * len(requests)

    def post(index, client, url, data):
        try:
            barrier.wait(timeout=30)
            time.sleep(jitter[index])
            responses[index] = client.post(url, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in responses), "a request never answered"
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= ANSWERS, f"server error in a race: {statuses}"
    return responses


def test_linking_an_application_to_a_contact_while_the_contact_is_deleted(user, interleaving):
    application = make_application(user)
    for _ in range(TRIALS):
        contact = Contact.objects.create(owner=user, name="Dr. Hana Sato")
        race(
            interleaving,
            (tab(user), f"/contacts/{contact.pk}/links/new/", {"application": application.pk, "role": "host"}),
            (tab(user), f"/contacts/{contact.pk}/delete/", {}),
        )
        assert not Contact.objects.filter(pk=contact.pk).exists()
        assert not ApplicationContact.objects.filter(contact_id=contact.pk).exists()


def test_adding_a_posting_while_its_institution_is_deleted(user, interleaving):
    season = Season.objects.get(owner=user)
    for trial in range(TRIALS):
        institution = InstitutionFactory(owner=user, name=f"Race University {trial}")
        posting = {
            "institution": institution.pk,
            "title": "Assistant Professor",
            "kind": "tenure_track",
            "season": season.pk,
            "deadline_date": "2026-12-15",
            "deadline_tz": "America/New_York",
            "letters_required": "3",
            "start_application": "on",
        }
        race(
            interleaving,
            (tab(user), "/positions/new/", posting),
            (tab(user), f"/institutions/{institution.pk}/delete/", {}),
        )
        kept = Institution.objects.filter(pk=institution.pk).exists()
        postings = Position.objects.filter(institution_id=institution.pk).count()
        assert postings == 0 or kept, "a posting outlived its institution"


def test_editing_an_institutions_tags_while_it_is_deleted(user, interleaving):
    for trial in range(TRIALS):
        institution = InstitutionFactory(owner=user, name=f"Tagged University {trial}")
        edit = {"name": institution.name, "kind": "research_university", "priority": "2", "tag_names": "dream, west"}
        race(
            interleaving,
            (tab(user), f"/institutions/{institution.pk}/edit/", edit),
            (tab(user), f"/institutions/{institution.pk}/delete/", {}),
        )
        assert not Institution.objects.filter(pk=institution.pk).exists()


def test_asking_for_a_letter_while_the_application_is_deleted(user, interleaving):
    writer = make_writer(user)
    for _ in range(TRIALS):
        application = make_application(user)
        letter = {"writer": writer.pk, "status": "asked", "asked_on": "2026-11-01", "delivery": "portal"}
        race(
            interleaving,
            (tab(user), f"/applications/{application.pk}/letters/new/", letter),
            (tab(user), f"/applications/{application.pk}/delete/", {}),
        )
        assert not Application.objects.filter(pk=application.pk).exists()
        assert not LetterRequest.objects.filter(application_id=application.pk).exists()


def test_adding_to_a_visits_itinerary_while_the_visit_is_deleted(user, interleaving):
    for _ in range(TRIALS):
        visit = make_visit(user)
        item = {
            "date": visit.start_date.isoformat(),
            "start_time": "10:00",
            "end_time": "10:30",
            "kind": "one_on_one",
            "place": "Gates 310",
            "people": "Prof. Helen Whitfield",
        }
        race(
            interleaving,
            (tab(user), f"/interviews/{visit.pk}/", item),
            (tab(user), f"/interviews/{visit.pk}/delete/", {}),
        )
        assert not Interview.objects.filter(pk=visit.pk).exists()
        assert not ItineraryItem.objects.filter(interview_id=visit.pk).exists()


def test_moving_an_application_from_two_tabs_at_once_records_each_move_once(user, interleaving):
    application = make_application(user)
    stages = list(Stage.objects.filter(owner=user, track=application.track).order_by("order"))
    for stage in stages[1:4]:
        before = StageEvent.objects.filter(application=application).count()
        race(
            interleaving,
            (tab(user), f"/applications/{application.pk}/move/", {"to_stage": stage.pk}),
            (tab(user), f"/applications/{application.pk}/move/", {"to_stage": stage.pk}),
        )
        application.refresh_from_db()
        assert application.stage_id == stage.pk
        assert StageEvent.objects.filter(application=application).count() == before + 1


def test_signing_up_twice_at_once_with_one_address_opens_one_account(interleaving):
    form = {
        "email": "double@example.edu",
        "full_name": "Double Click",
        "time_zone": "Europe/Berlin",
        "password1": "correct-horse-battery-staple-17",
        "password2": "correct-horse-battery-staple-17",
    }
    visitor = Client(raise_request_exception=False)
    responses = race(
        interleaving,
        (visitor, "/accounts/signup/", form),
        (Client(raise_request_exception=False), "/accounts/signup/", form),
    )
    assert [r.status_code for r in responses] == [302, 302]
    assert User.objects.filter(email="double@example.edu").count() == 1
