"""The planner works through a backlog in bounded steps: chunks in (updated_at, id) order, a bookmark saved
after each, a time budget per run, and one planner per kind at a time. A cold start always progresses."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobtracker.pipeline.models import Institution, Position, Season
from jobtracker.reminders import planning
from jobtracker.reminders.models import Delivery, PlannerMark

S = Delivery.Status


def many_postings(owner, count: int, *, same_moment: bool = True) -> list[Position]:
    """`count` postings the planner has never seen, as a bulk import (or a migration touching updated_at) leaves
    them: all with the same updated_at, written without save()."""
    season = Season.objects.get_or_create(owner=owner, start_year=Season.start_year_for(timezone.localdate()))[0]
    places = Institution.objects.bulk_create(Institution(owner=owner, name=f"University {i}") for i in range(count))
    day = timezone.localdate() + dt.timedelta(days=20)
    rows = [
        Position(owner=owner, institution=place, season=season, title="Lecturer", deadline_date=day, deadline_tz="UTC")
        for place in places
    ]
    for row in rows:
        row.derive_instants()
    rows = Position.objects.bulk_create(rows)
    if same_moment:
        Position.objects.filter(owner=owner).update(updated_at=timezone.now() - dt.timedelta(hours=2))
    return rows


def planned_items() -> int:
    return Delivery.objects.filter(kind="deadline").values("object_id").distinct().count()


def test_a_cold_start_is_planned_in_steps_that_always_progress(owner, settings):
    settings.REMINDERS_PLAN_CHUNK = 25
    many_postings(owner, 120)
    done_after = []
    for _ in range(10):
        planning.plan_kind("deadline", now=timezone.now(), deadline=0)  # a budget already spent: one chunk a run
        done_after.append(planned_items())
    assert done_after[:5] == [25, 50, 75, 100, 120], "each run plans one more chunk, even though all share updated_at"
    mark = PlannerMark.objects.get(kind="deadline")
    assert mark.caught_up and mark.lease_until is None
    assert Delivery.objects.filter(kind="deadline", lead=14).count() == 120


def test_a_run_that_dies_mid_way_resumes_from_the_last_saved_chunk(owner, settings, monkeypatch):
    settings.REMINDERS_PLAN_CHUNK = 20
    many_postings(owner, 70)
    real = planning.plan_objects
    calls = {"n": 0}

    def dies_on_the_third_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(planning, "plan_objects", dies_on_the_third_chunk)
    with pytest.raises(RuntimeError):
        planning.plan_changed(budget=60)
    assert planned_items() == 40, "the two chunks before the failure are kept, the third rolled back"
    assert PlannerMark.objects.get(kind="deadline").lease_until is None, "a failed run gives its lease back"
    monkeypatch.setattr(planning, "plan_objects", real)
    planning.plan_changed(budget=60)
    assert planned_items() == 70


def test_a_second_planner_leaves_a_kind_alone_while_the_first_holds_it(owner):
    many_postings(owner, 5)
    PlannerMark.objects.create(
        kind="deadline", planned_until=planning.BEGINNING, lease_until=timezone.now() + dt.timedelta(minutes=1)
    )
    assert planning.plan_kind("deadline", now=timezone.now(), deadline=float("inf")) == 0
    assert planned_items() == 0
    PlannerMark.objects.filter(kind="deadline").update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    assert planning.plan_kind("deadline", now=timezone.now(), deadline=float("inf")) == 5


def test_planning_costs_a_few_queries_per_chunk_not_per_item(owner, settings):
    settings.REMINDERS_PLAN_CHUNK = 500
    many_postings(owner, 300)
    with CaptureQueriesContext(connection) as small:
        planning.plan_kind("deadline", now=timezone.now(), deadline=float("inf"))
    assert planned_items() == 300
    # Inserts come in batches (SQLite allows ~50 rows a statement); everything else is a handful per chunk.
    reads_and_updates = [q["sql"][:60] for q in small.captured_queries if not q["sql"].startswith("INSERT")]
    assert len(reads_and_updates) < 15, reads_and_updates


def test_planning_the_same_rows_again_changes_nothing(owner):
    many_postings(owner, 30, same_moment=False)
    planning.plan_changed()
    before = set(Delivery.objects.values_list("pk", "status", "send_at"))
    PlannerMark.objects.update(planned_until=planning.BEGINNING, last_id=0, caught_up=True)
    planning.plan_changed()
    assert set(Delivery.objects.values_list("pk", "status", "send_at")) == before


def test_rows_committed_late_with_an_older_updated_at_are_still_planned(owner):
    planning.plan_changed()  # caught up at an empty table
    late = many_postings(owner, 1, same_moment=False)[0]
    Position.objects.filter(pk=late.pk).update(updated_at=timezone.now() - dt.timedelta(seconds=30))
    planning.plan_changed()
    assert planned_items() == 1
