"""List pages and the dashboard cost the same number of SQL queries whatever the data size."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from jobtracker.pipeline.models import Application, Institution, Position, Stage, StageEvent, Tag
from tests.factories import season_for
from tests.queries import assert_flat_queries


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


@pytest.mark.parametrize(
    "url",
    ["/", "/applications/", "/institutions/", "/positions/", "/stages/", "/seasons/", "/exports/applications.csv"],
)
def test_page_queries_do_not_grow_with_data(client, django_user_model, url):
    assert_flat_queries(client, django_user_model, fill=fill, url=url, sizes=(5, 300))


def test_filters_and_sorting_keep_the_query_count_flat(client, django_user_model):
    url = "/applications/?track=faculty&sort=-deadline&q=University"
    assert_flat_queries(client, django_user_model, fill=fill, url=url, sizes=(5, 300))
