"""Done means done, everywhere: a closed application (withdrawn, declined, lost, accepted) or a withdrawn
posting stops everything under it from reminding, in the same transaction as the change, and the calendar,
the letters pages and the interviews page show it closed. Reopening brings the reminders back."""

import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.materials.models import LetterRequest
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Stage
from jobtracker.reminders import planning
from jobtracker.reminders.models import Delivery
from jobtracker.reminders.registry import SOURCES
from tests.factories import InstitutionFactory, make_application, make_writer
from tests.interviews.factories import make_interview, make_item, make_visit
from tests.offers.factories import make_offer

S = Delivery.Status
AHEAD = timezone.localdate() + dt.timedelta(days=20)


def _deadline(owner, application):
    return application.position


def _review(owner, application):
    return application.position


def _letter(owner, application):
    return LetterRequest.objects.create(
        owner=owner, application=application, writer=make_writer(owner, name="Dr Brandt"), due_date=AHEAD
    )


def _interview(owner, application):
    return make_interview(owner, application, start_date=AHEAD, time_zone="UTC")


def _visit_item(owner, application):
    visit = make_visit(owner, application, start_date=AHEAD, end_date=AHEAD, time_zone="UTC")
    return make_item(visit, date=AHEAD, people=["Prof. Ana Ruiz"])


def _thank_you(owner, application):
    visit = make_visit(owner, application, start_date=AHEAD, end_date=AHEAD, time_zone="UTC")
    make_item(visit, date=AHEAD, people=["Prof. Ana Ruiz"])
    return visit


def _offer(owner, application):
    return make_offer(owner, application=application, received_on=timezone.localdate(), response_deadline_date=AHEAD)


# Every kind of dated item that hangs under an application, and how to make one.
UNDER_AN_APPLICATION = {
    "deadline": _deadline,
    "review": _review,
    "letter": _letter,
    "interview": _interview,
    "visit_item": _visit_item,
    "thank_you": _thank_you,
    "offer": _offer,
}


def test_every_kind_that_hangs_under_an_application_is_covered():
    assert set(UNDER_AN_APPLICATION) == {kind for kind, s in SOURCES.items() if s.application_path}
    assert {kind for kind, s in SOURCES.items() if not s.application_path} == {"follow_up"}


@pytest.fixture
def reminded(owner):
    """Every kind of reminder switched on (campus-visit meetings are off by default)."""
    settings = planning.settings_for(owner)
    settings.disabled_kinds = []
    settings.save()
    return owner


def _stage(owner, application, name):
    return Stage.objects.get(owner=owner, track=application.track, name=name)


def _pending(kind, object_id):
    return Delivery.objects.filter(kind=kind, object_id=object_id, status=S.PENDING)


@pytest.mark.parametrize("kind", sorted(UNDER_AN_APPLICATION))
@pytest.mark.parametrize("closing_stage", ["Withdrawn", "Rejected", "Declined", "Accepted"])
def test_closing_the_application_stops_its_reminders_in_the_same_transaction(reminded, kind, closing_stage):
    application = make_application(reminded, stage_name="Offer", deadline_date=AHEAD, review_begins=AHEAD)
    if kind in ("deadline", "review"):  # a posting's own dates remind until the application is submitted
        application = make_application(reminded, deadline_date=AHEAD, review_begins=AHEAD)
    obj = UNDER_AN_APPLICATION[kind](reminded, application)
    planning.plan_changed()
    assert _pending(kind, obj.pk).exists(), f"no {kind} reminder was planned"

    pipeline_services.move_application(application=application, to_stage=_stage(reminded, application, closing_stage))
    # No planner run: the move itself cancelled them.
    assert not _pending(kind, obj.pk).exists()
    item = SOURCES[kind].load(obj.pk)
    assert item.done and item.closed

    reopened = "Offer" if kind not in ("deadline", "review") else "Preparing"
    pipeline_services.move_application(application=application, to_stage=_stage(reminded, application, reopened))
    assert not SOURCES[kind].load(obj.pk).closed
    if kind in ("deadline", "review") and closing_stage == "Accepted":
        # Jumping to Accepted recorded a submitted date, and a submitted application's posting dates stay quiet.
        assert not _pending(kind, obj.pk).exists()
    else:
        assert _pending(kind, obj.pk).exists(), f"reopening did not bring the {kind} reminders back"


@pytest.mark.parametrize("kind", sorted(UNDER_AN_APPLICATION))
def test_a_posting_withdrawn_by_the_institution_stops_everything_under_it(reminded, kind):
    application = make_application(reminded, deadline_date=AHEAD, review_begins=AHEAD)
    obj = UNDER_AN_APPLICATION[kind](reminded, application)
    planning.plan_changed()
    assert _pending(kind, obj.pk).exists()
    position = application.position
    pipeline_services.save_position(owner=reminded, data={"withdrawn": True}, position=position)
    assert not _pending(kind, obj.pk).exists()
    assert SOURCES[kind].load(obj.pk).closed


def test_the_calendar_strikes_closed_items_through_and_says_closed(owner_client, reminded):
    application = make_application(
        reminded, institution=InstitutionFactory(owner=reminded, name="Stanford University"), deadline_date=AHEAD
    )
    _letter(reminded, application)
    pipeline_services.move_application(application=application, to_stage=_stage(reminded, application, "Withdrawn"))
    body = owner_client.get("/calendar/?past=1").content.decode()
    after = body.split("Letter from Dr Brandt for Stanford University")[1][:200]
    assert "closed" in after


def test_a_withdrawn_applications_letter_leaves_the_writers_list_and_the_dashboard(owner_client, reminded):
    kept = make_application(reminded, institution=InstitutionFactory(owner=reminded, name="ETH Zurich"))
    gone = make_application(reminded, institution=InstitutionFactory(owner=reminded, name="Stanford University"))
    writer = make_writer(reminded, name="Dr Brandt")
    soon = timezone.localdate() + dt.timedelta(days=3)
    for application in (kept, gone):
        LetterRequest.objects.create(owner=reminded, application=application, writer=writer, due_date=soon)
    pipeline_services.move_application(application=gone, to_stage=_stage(reminded, gone, "Withdrawn"))

    text = owner_client.get(f"/letters/writers/{writer.pk}/requests.txt").content.decode()
    assert "ETH Zurich" in text and "Stanford" not in text
    page = owner_client.get(f"/letters/writers/{writer.pk}/").content.decode()
    assert "closed" in page.split("Stanford University</a>")[1][:600]
    dashboard = owner_client.get("/").content.decode()
    assert "Dr Brandt · ETH Zurich" in dashboard and "Dr Brandt · Stanford" not in dashboard
    matrix = owner_client.get("/letters/").content.decode()
    assert "closed" in matrix.split("Stanford University")[1][:100]


def test_a_closed_applications_visit_is_called_off_not_upcoming(owner_client, reminded):
    application = make_application(reminded, institution=InstitutionFactory(owner=reminded, name="Brown University"))
    make_visit(reminded, application, start_date=AHEAD, end_date=AHEAD)
    pipeline_services.move_application(application=application, to_stage=_stage(reminded, application, "Withdrawn"))
    body = owner_client.get("/interviews/").content.decode()
    upcoming = body.split('<h2 class="h5">Upcoming</h2>')[1].split("Called off")[0]
    assert "Brown University" not in upcoming
    assert "Brown University" in body.split("Called off")[1]


def test_a_thank_you_cannot_be_marked_sent_before_the_meeting(owner_client, owner):
    visit = make_visit(owner, start_date=AHEAD, end_date=AHEAD)
    person = make_item(visit, date=AHEAD, people=["Prof. Ana Ruiz"]).people.get()
    response = owner_client.post(f"/interviews/people/{person.pk}/thank-you/", {"thank_you_status": "sent"})
    assert response.status_code == 400
    assert "a thank-you note is sent after it" in response.content.decode()
    person.refresh_from_db()
    assert person.thank_you_status == "to_send" and person.thank_you_sent_on is None


def test_the_reminders_page_names_each_reminder_and_links_to_its_item(owner_client, reminded):
    application = make_application(
        reminded, institution=InstitutionFactory(owner=reminded, name="Stanford University"), deadline_date=AHEAD
    )
    letter = _letter(reminded, application)
    planning.plan_changed()
    body = owner_client.get("/reminders/").content.decode()
    assert f"Letter from Dr Brandt for Stanford University</a>, due {AHEAD:%a} {AHEAD.day} {AHEAD:%b}" in body
    assert f'href="/applications/{letter.application_id}/checklist/"' in body
    assert "Letter due dates ·" not in body
