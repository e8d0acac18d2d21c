"""Interview pages cost the same number of SQL queries with a little data and with a heavy season."""

import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Application, Institution, Position, Stage
from tests.factories import season_for
from tests.queries import assert_flat_queries

SMALL = {"interviews": 2, "items": 3, "contacts": 5}
LARGE = {"interviews": 40, "items": 600, "contacts": 2000}


def fill(owner, interviews: int, items: int, contacts: int) -> Interview:
    """Bulk-create interviews (every other one a two-day visit), itinerary items with two people each, and
    contacts; returns the first visit, which holds a quarter of the items."""
    season = season_for(owner)
    stage = Stage.objects.filter(owner=owner, track="faculty").first()
    institutions = Institution.objects.bulk_create(
        [Institution(owner=owner, name=f"University {i}") for i in range(max(interviews // 4, 1))]
    )
    positions = Position.objects.bulk_create(
        [Position(owner=owner, institution=inst, season=season, title="Assistant Professor") for inst in institutions]
    )
    apps = Application.objects.bulk_create(
        [Application(owner=owner, position=p, track="faculty", stage=stage) for p in positions]
    )
    people = Contact.objects.bulk_create([Contact(owner=owner, name=f"Person {i:04d}") for i in range(contacts)])
    today = timezone.localdate()
    rows = []
    for i in range(interviews):
        visit = i % 2 == 0
        start = today + dt.timedelta(days=i - interviews // 2)
        row = Interview(
            owner=owner,
            application=apps[i % len(apps)],
            kind="campus_visit" if visit else "video",
            start_date=start,
            start_time=dt.time(9, 0),
            end_date=start + dt.timedelta(days=1 if visit else 0),
            time_zone="America/Los_Angeles",
            notes_after=f"Notes {i}",
        )
        row.derive_instants()  # bulk_create skips save(), which derives the UTC instants
        rows.append(row)
    rows = Interview.objects.bulk_create(rows)
    visits = [row for row in rows if row.kind == "campus_visit"]
    first_share = items // 4 if items > 10 else items
    targets = [visits[0]] * first_share + [visits[1 + k % (len(visits) - 1)] for k in range(items - first_share)]
    slots = []
    for k, visit in enumerate(targets):
        slot = ItineraryItem(
            owner=owner,
            interview=visit,
            date=visit.start_date + dt.timedelta(days=k % 2),
            start_time=dt.time(8 + k % 10, k % 60),
            kind="one_on_one",
            place=f"Room {k}",
        )
        slot.derive_instants()
        slots.append(slot)
    slots = ItineraryItem.objects.bulk_create(slots)
    ItineraryPerson.objects.bulk_create(
        [
            ItineraryPerson(
                owner=owner,
                item=slot,
                contact=people[(2 * k + j) % len(people)],
                thank_you_status="sent" if k % 3 == 0 else "to_send",
                thank_you_sent_on=today if k % 3 == 0 else None,
            )
            for k, slot in enumerate(slots)
            for j in range(2)
        ]
    )
    return visits[0]


@pytest.mark.parametrize("page", ["list", "visit", "print", "application"])
def test_interview_pages_cost_the_same_queries_with_small_and_heavy_data(client, django_user_model, page):
    urls = {
        "list": lambda visit: "/interviews/",
        "visit": lambda visit: f"/interviews/{visit.pk}/",
        "print": lambda visit: f"/interviews/{visit.pk}/itinerary/print/",
        "application": lambda visit: f"/applications/{visit.application_id}/",
    }
    sizes = {"small": SMALL, "large": LARGE}
    fill_size = lambda user, size: fill(user, **sizes[size])  # noqa: E731
    assert_flat_queries(client, django_user_model, fill=fill_size, url=urls[page], sizes=("small", "large"))


def test_the_heavy_visit_page_shows_all_its_items_and_people(client, django_user_model):
    user = django_user_model.objects.create_user("heavy@example.edu", "pw-long-enough-1")
    visit = fill(user, **LARGE)
    client.force_login(user)
    body = client.get(f"/interviews/{visit.pk}/").content.decode()
    assert body.count('action="/interviews/people/') == 2 * LARGE["items"] // 4
    assert f'<dd class="col-8">{2 * LARGE["items"] // 4}' in body  # distinct people met in this visit
