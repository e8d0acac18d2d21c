import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobtracker.materials.models import LetterRequest, Requirement, Submission
from jobtracker.pipeline.models import Application, Institution, Position, Stage
from tests.factories import InstitutionFactory, make_application, make_document, make_writer, season_for
from tests.http import body_text
from tests.queries import assert_flat_queries


def letter_post(writer, **changes):
    data = {"writer": writer.pk, "status": "asked", "asked_on": "2026-11-01", "delivery": "portal"}
    data.update(changes)
    return data


def test_a_letter_request_defaults_to_the_postings_deadline_and_portal(owner_client, owner):
    application = make_application(owner, portal="ajo")
    writer = make_writer(owner)
    response = owner_client.post(f"/applications/{application.pk}/letters/new/", letter_post(writer, due_date=""))
    assert response.status_code == 302
    letter = LetterRequest.objects.get()
    assert letter.due_date == application.position.deadline_date and letter.portal == "ajo"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"confirmed_on": "2026-10-01"}, "cannot come before you asked"),
        ({"status": "to_ask"}, "set the status to Asked"),
        ({"status": "lost"}, "Select a valid choice"),
        ({"due_date": "3000-01-01"}, "between 1 Jan 2000 and 31 Dec 2100"),
    ],
)
def test_a_bad_letter_request_is_a_field_error_and_saves_nothing(owner_client, owner, changes, message):
    application = make_application(owner)
    writer = make_writer(owner)
    response = owner_client.post(f"/applications/{application.pk}/letters/new/", letter_post(writer, **changes))
    assert message in response.content.decode()
    assert not LetterRequest.objects.exists()


def test_another_users_writer_cannot_be_asked(owner_client, owner, outsider):
    application = make_application(owner)
    response = owner_client.post(f"/applications/{application.pk}/letters/new/", letter_post(make_writer(outsider)))
    assert "Select a valid choice" in response.content.decode()
    assert not LetterRequest.objects.exists()


def test_the_same_writer_twice_for_one_application_is_a_clear_error(owner_client, owner):
    application = make_application(owner)
    writer = make_writer(owner)
    owner_client.post(f"/applications/{application.pk}/letters/new/", letter_post(writer))
    response = owner_client.post(f"/applications/{application.pk}/letters/new/", letter_post(writer))
    assert "already has a request for this application" in response.content.decode()
    assert LetterRequest.objects.count() == 1


def test_the_writers_list_is_sorted_by_due_date_in_the_writers_zone(owner_client, owner):
    writer = make_writer(owner, time_zone="Europe/Berlin", name="Prof. Grace Hopper")
    late = make_application(
        owner,
        institution=InstitutionFactory(owner=owner, name="Late University"),
        deadline_date=timezone.localdate() + dt.timedelta(days=40),
    )
    early = make_application(
        owner,
        institution=InstitutionFactory(owner=owner, name="Stanford University"),
        deadline_date=dt.date(2026, 12, 15),
        deadline_time=dt.time(23, 59),
        deadline_tz="America/Los_Angeles",
        posting_url="https://example.edu/jobs/1",
    )
    done = make_application(owner, institution=InstitutionFactory(owner=owner, name="Done College"))
    for application, status in ((late, "asked"), (early, "agreed"), (done, "submitted")):
        LetterRequest.objects.create(
            owner=owner,
            application=application,
            writer=writer,
            status=status,
            due_date=application.position.deadline_date,
            portal="ajo",
        )
    text = owner_client.get(f"/letters/writers/{writer.pk}/requests.txt").content.decode()
    assert text.index("Stanford University") < text.index("Late University")
    assert "Done College" not in text
    assert "Due: Wed 16 Dec 2026, 08:59 CET" in text
    assert "Link: https://example.edu/jobs/1" in text and "Submit through: AcademicJobsOnline" in text

    response = owner_client.get(f"/letters/writers/{writer.pk}/requests.csv")
    rows = list(csv.reader(io.StringIO(body_text(response).lstrip("\ufeff"))))
    assert rows[0] == ["institution", "position", "portal", "link", "due", "status"]
    assert [r[0] for r in rows[1:]] == ["Stanford University", "Late University"]
    assert rows[1][4] == "Wed 16 Dec 2026, 08:59 CET"


def test_without_a_writer_zone_the_posting_zone_is_used(owner_client, owner):
    writer = make_writer(owner)
    application = make_application(
        owner, deadline_date=dt.date(2026, 12, 15), deadline_time=dt.time(23, 59), deadline_tz="America/Los_Angeles"
    )
    LetterRequest.objects.create(owner=owner, application=application, writer=writer, due_date=dt.date(2026, 12, 15))
    text = owner_client.get(f"/letters/writers/{writer.pk}/requests.txt").content.decode()
    assert "Tue 15 Dec 2026, 23:59 PST" in text


def test_the_season_matrix_shows_each_cell_status(owner_client, owner):
    ada, grace = make_writer(owner, name="Ada"), make_writer(owner, name="Grace")
    application = make_application(owner)
    LetterRequest.objects.create(owner=owner, application=application, writer=ada, status="submitted")
    body = owner_client.get("/letters/").content.decode()
    assert '<option value="submitted" selected>Submitted</option>' in body
    assert f"?writer={grace.pk}&amp;next=/letters/" in body


def test_the_dashboard_flags_letters_missing_within_a_week(owner_client, owner):
    writer = make_writer(owner, name="Prof. Barbara Liskov")
    soon = make_application(owner, institution=InstitutionFactory(owner=owner, name="Soon University"))
    later = make_application(owner, institution=InstitutionFactory(owner=owner, name="Later University"))
    today = timezone.localdate()
    LetterRequest.objects.create(
        owner=owner, application=soon, writer=writer, status="agreed", due_date=today + dt.timedelta(days=5)
    )
    LetterRequest.objects.create(
        owner=owner, application=later, writer=writer, status="agreed", due_date=today + dt.timedelta(days=20)
    )
    body = owner_client.get("/").content.decode()
    section = body.split("Letters still missing")[1].split("</ul>")[0]
    assert "Soon University" in section and "Later University" not in section
    LetterRequest.objects.filter(application=soon).update(status="submitted")
    assert "Letters still missing" not in owner_client.get("/").content.decode()


def fill(owner, applications: int, writers: int = 5):
    """Applications with requirements, attached versions and letters from every writer."""
    season = season_for(owner)
    stage = Stage.objects.filter(owner=owner, track="faculty").first()
    people = [make_writer(owner, name=f"Writer {i}") for i in range(writers)]
    version = make_document(owner).versions.get()
    institutions = Institution.objects.bulk_create(
        [Institution(owner=owner, name=f"University {i}") for i in range(applications)]
    )
    positions = [
        Position(
            owner=owner,
            institution=inst,
            season=season,
            title="Assistant Professor",
            deadline_date=timezone.localdate() + dt.timedelta(days=i % 25),
            deadline_tz="UTC",
        )
        for i, inst in enumerate(institutions)
    ]
    for position in positions:
        position.derive_instants()
    positions = Position.objects.bulk_create(positions)
    apps = Application.objects.bulk_create(
        [Application(owner=owner, position=p, track="faculty", stage=stage) for p in positions]
    )
    requirements = Requirement.objects.bulk_create(
        [Requirement(owner=owner, position=p, kind="research_statement") for p in positions]
    )
    Submission.objects.bulk_create(
        [
            Submission(owner=owner, application=a, requirement=r, version=version)
            for a, r in zip(apps, requirements, strict=True)
        ]
    )
    LetterRequest.objects.bulk_create(
        [
            LetterRequest(
                owner=owner,
                application=a,
                writer=w,
                status="agreed",
                due_date=timezone.localdate() + dt.timedelta(days=3),
            )
            for a in apps
            for w in people
        ]
    )
    return people


@pytest.mark.parametrize("path", ["/letters/", "/applications/", "/", "/letters/writers/", "/materials/", "writer"])
def test_letters_and_lists_cost_the_same_queries_with_5_and_60_applications(client, django_user_model, path):
    url = (lambda people: f"/letters/writers/{people[0].pk}/") if path == "writer" else path
    assert_flat_queries(client, django_user_model, fill=fill, url=url, sizes=(5, 60))


def test_a_checklist_page_costs_the_same_with_many_requirements(owner_client, owner):
    counts = []
    for size in (2, 12):
        application = make_application(owner)
        for i in range(size):
            Requirement.objects.create(owner=owner, position=application.position, kind="cv", note=str(i))
        with CaptureQueriesContext(connection) as context:
            owner_client.get(f"/applications/{application.pk}/checklist/")
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_a_letters_status_changes_in_its_cell_without_leaving_the_matrix(owner_client, owner):
    letter = LetterRequest.objects.create(owner=owner, application=make_application(owner), writer=make_writer(owner))
    response = owner_client.post(
        f"/letters/{letter.pk}/status/", {"status": "submitted"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.strip().startswith(f'<td class="letter-cell" id="letter-{letter.pk}">') and "<html" not in body
    assert f'id="letter-status-{letter.pk}"' in body and '<option value="submitted" selected>' in body
    letter.refresh_from_db()
    assert letter.status == "submitted" and letter.confirmed_on == timezone.localdate()


def test_without_javascript_a_status_change_goes_back_to_the_page_it_came_from(owner_client, owner):
    letter = LetterRequest.objects.create(owner=owner, application=make_application(owner), writer=make_writer(owner))
    response = owner_client.post(f"/letters/{letter.pk}/status/?next=/letters/?season=1", {"status": "agreed"})
    assert response["Location"] == "/letters/?season=1"
    letter.refresh_from_db()
    assert letter.status == "agreed"


@pytest.mark.parametrize("status", ["", "sent", "<b>"])
def test_an_unknown_status_changes_nothing_and_says_so(owner_client, owner, status):
    letter = LetterRequest.objects.create(owner=owner, application=make_application(owner), writer=make_writer(owner))
    response = owner_client.post(f"/letters/{letter.pk}/status/", {"status": status}, headers={"HX-Request": "true"})
    assert "Choose one of the statuses" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == "to_ask"


def test_ticked_letters_are_marked_submitted_at_once_and_another_users_are_untouched(owner_client, owner, outsider):
    writer = make_writer(owner)
    mine = [
        LetterRequest.objects.create(owner=owner, application=make_application(owner), writer=writer) for _ in range(3)
    ]
    theirs = LetterRequest.objects.create(
        owner=outsider, application=make_application(outsider), writer=make_writer(outsider)
    )
    response = owner_client.post(
        f"/letters/status/?next=/letters/writers/{writer.pk}/",
        {"status": "submitted", "letter": [mine[0].pk, mine[2].pk, theirs.pk]},
        follow=True,
    )
    assert "2 letters marked “submitted”" in response.content.decode()
    assert [letter.status for letter in LetterRequest.objects.filter(owner=owner).order_by("pk")] == [
        "submitted",
        "to_ask",
        "submitted",
    ]
    theirs.refresh_from_db()
    assert theirs.status == "to_ask"


def test_a_letter_requested_from_the_matrix_comes_back_to_the_matrix(owner_client, owner):
    application, writer = make_application(owner), make_writer(owner)
    response = owner_client.post(
        f"/applications/{application.pk}/letters/new/?writer={writer.pk}&next=/letters/", letter_post(writer)
    )
    assert response["Location"] == "/letters/"
