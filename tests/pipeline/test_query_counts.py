"""List pages and the dashboard cost the same number of SQL queries whatever the data size."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobtracker.pipeline.models import Application, Institution, Position, Stage, StageEvent, Tag
from tests.factories import season_for


def fill(owner, applications: int):
    """Bulk-create applications spread over stages, with events and tags, as a heavy account would have."""
    rng = random.Random(applications)
    season = season_for(owner)
    stages = list(Stage.objects.filter(owner=owner, track="faculty"))
    tags = [Tag.objects.create(owner=owner, name=f"tag {i}") for i in range(3)]
    institutions = Institution.objects.bulk_create(
        [Institution(owner=owner, name=f"University {i}", priority=1 + i % 5) for i in range(applications)]
    )
    for institution in institutions:
        institution.tags.set(tags[: rng.randint(0, 3)])
    today = timezone.localdate()
    positions = [
        Position(
            owner=owner,
            institution=inst,
            season=season,
            title="Assistant Professor",
            deadline_tz="America/Los_Angeles",
            deadline_date=today + dt.timedelta(days=rng.randint(-20, 25)),
            deadline_time=dt.time(23, 59) if rng.random() < 0.5 else None,
        )
        for inst in institutions
    ]
    for position in positions:  # bulk_create bypasses save(), which derives deadline_at
        position.derive_instants()
    positions = Position.objects.bulk_create(positions)
    apps = Application.objects.bulk_create(
        [
            Application(owner=owner, position=p, track="faculty", stage=stages[i % len(stages)])
            for i, p in enumerate(positions[: applications - 2])  # two postings stay without an application
        ]
    )
    StageEvent.objects.bulk_create(
        [StageEvent(owner=owner, application=a, from_stage=stages[0], to_stage=a.stage) for a in apps for _ in range(2)]
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/", "/applications/", "/institutions/", "/positions/", "/stages/", "/seasons/", "/exports/applications.csv"],
)
def test_page_queries_do_not_grow_with_data(client, django_user_model, url):
    counts = []
    for size in (5, 300):
        user = django_user_model.objects.create_user(f"size{size}@example.edu", "pw-long-enough-1")
        fill(user, size)
        client.force_login(user)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], f"{url}: {counts[0]} queries with 5 applications, {counts[1]} with 300"


def test_filters_and_sorting_keep_the_query_count_flat(client, django_user_model):
    counts = []
    for size in (5, 300):
        user = django_user_model.objects.create_user(f"filter{size}@example.edu", "pw-long-enough-1")
        fill(user, size)
        client.force_login(user)
        counts.append(count_queries(client, "/applications/?track=faculty&sort=-deadline&q=University"))
    assert counts[0] == counts[1]
