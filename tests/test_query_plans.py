"""Query plans that hold with many users (PostgreSQL only).

The database is seeded with many other users' rows in bulk, analysed, and the owner's pages' main queries are
read with EXPLAIN (FORMAT JSON): each must reach the big tables through an index on the owner, never a Seq Scan,
and, where the page shows a page of rows, never sort all of the owner's rows to keep the first few. Issue 13 saw
the dashboard's recent changes go from 0.28 ms to 91 ms when the planner started from the season's positions once
1,000 other users existed; bench/pages.py --other-users measures the pages themselves.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.core.shortcuts import PAGE_SIZE
from jobtracker.front import selectors as front_selectors
from jobtracker.interviews import selectors as interview_selectors
from jobtracker.interviews.models import Interview, ItineraryItem
from jobtracker.materials import selectors as materials_selectors
from jobtracker.materials.models import LetterRequest, Requirement
from jobtracker.materials.views.letters import LETTERLESS_PAGE_SIZE
from jobtracker.network.filters import ContactFilter
from jobtracker.network.models import Contact, Interaction
from jobtracker.network.selectors import contacts_for_list
from jobtracker.offers import selectors as offer_selectors
from jobtracker.offers.models import Offer
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.pipeline.filters import InstitutionFilter, PositionFilter
from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent
from jobtracker.reminders.registry import SOURCES
from tests.factories import UserFactory, season_for

OTHER_USERS, APPLICATIONS_EACH, EVENTS_EACH = 300, 50, 5
OWNER_SEASONS, OWNER_APPLICATIONS_EACH, OWNER_EVENTS = 6, 50, 5000
# What else each has: contacts (the first WRITERS write letters), interactions, letters for the first applications
# of this season, materials listed per posting, interviews (one campus visit with an itinerary), offers.
OWNER_MORE = {"contacts": 200, "interactions": 300, "letter_apps": 30, "interviews": 100, "offers": 20}
OWNER_TARGETS = 440  # institutions without a posting yet: 500 in all, as the heavy demo account has
OTHER_MORE = {"contacts": 10, "interactions": 10, "letter_apps": 5, "interviews": 5, "offers": 1}
WRITERS, REQUIREMENTS_EACH = 3, 2
BIG_TABLES = {
    "pipeline_stageevent",
    "pipeline_application",
    "pipeline_position",
    "network_contact",
    "network_interaction",
    "materials_letterrequest",
    "materials_requirement",
    "interviews_interview",
    "offers_offer",
}

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL only")


def _applications(owner, season, stage, count, now, *, first_name=0, back=0) -> list[Application]:
    """Institutions, postings (deadlines `back` years ago, around today) and applications for one owner's season,
    in bulk (no signals, no services)."""
    institutions = Institution.objects.bulk_create(
        [
            Institution(owner=owner, name=f"University {first_name + n}", department="Computer Science")
            for n in range(10)
        ]
    )
    positions = [
        Position(
            owner=owner,
            institution=institutions[n % 10],
            season=season,
            title=f"Assistant Professor {n}",
            deadline_date=(now - dt.timedelta(days=365 * back + count // 2 - n)).date(),
            deadline_tz="UTC",
        )
        for n in range(count)
    ]
    for position in positions:
        position.derive_instants()
    Position.objects.bulk_create(positions)
    return Application.objects.bulk_create(
        [
            Application(
                owner=owner, position=p, track=stage.track, stage=stage, stage_changed_at=now - dt.timedelta(hours=n)
            )
            for n, p in enumerate(positions)
        ]
    )


def _events(owner, apps, stage, count, now) -> list[StageEvent]:
    return [
        StageEvent(
            owner=owner, application=apps[n % len(apps)], to_stage=stage, occurred_at=now - dt.timedelta(minutes=7 * n)
        )
        for n in range(count)
    ]


def _around(owner, apps, this_season, more, now) -> dict[str, list]:
    """One owner's contacts (saved) and, unsaved, what hangs on them and on the applications (`this_season` are
    the current season's), in the amounts `more` gives."""
    place = apps[0].position.institution  # one place with a contact, for the contact filter
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                owner=owner, name=f"Person {n:04d}", writes_letters=n < WRITERS, institution=place if n == 1 else None
            )
            for n in range(more["contacts"])
        ]
    )
    today = now.date()
    interviews = []
    for n, app in enumerate((this_season * (more["interviews"] // len(this_season) + 1))[: more["interviews"]]):
        interview = Interview(
            owner=owner,
            application=app,
            kind=Interview.Kind.CAMPUS_VISIT if n == 0 else Interview.Kind.VIDEO,
            start_date=today + dt.timedelta(days=n % 120 - 60),
            start_time=dt.time(10, 0),
            time_zone="UTC",
        )
        interview.derive_instants()
        interviews.append(interview)
    offers = []
    for n, app in enumerate(this_season[-more["offers"] :]):
        offer = Offer(owner=owner, application=app, received_on=today, response_deadline_date=today + dt.timedelta(n))
        offer.derive_instants()
        offers.append(offer)
    return {
        "interactions": [
            Interaction(
                owner=owner,
                contact=contacts[n % len(contacts)],
                happened_on=today - dt.timedelta(days=n % 300),
                summary="Coffee",
                follow_up_on=today + dt.timedelta(days=n % 60 - 30) if n % 3 == 0 else None,
            )
            for n in range(more["interactions"])
        ],
        "letters": [
            LetterRequest(owner=owner, application=app, writer=writer, due_date=app.position.deadline_date)
            for app in this_season[: more["letter_apps"]]
            for writer in contacts[:WRITERS]
        ],
        "requirements": [
            Requirement(owner=owner, position=app.position, kind="cv" if k == 0 else "research_statement")
            for app in apps
            for k in range(REQUIREMENTS_EACH)
        ],
        "interviews": interviews,
        "offers": offers,
    }


def _save_around(rows: dict[str, list]) -> None:
    LetterRequest.objects.bulk_create(rows["letters"], batch_size=5000)
    Interaction.objects.bulk_create(rows["interactions"], batch_size=5000)
    Requirement.objects.bulk_create(rows["requirements"], batch_size=5000)
    Offer.objects.bulk_create(rows["offers"], batch_size=5000)
    interviews = Interview.objects.bulk_create(rows["interviews"], batch_size=5000)
    items = []
    for visit in (i for i in interviews if i.kind == Interview.Kind.CAMPUS_VISIT):
        for hour in (9, 11, 14):
            item = ItineraryItem(
                owner_id=visit.owner_id, interview=visit, date=visit.start_date, start_time=dt.time(hour)
            )
            item.derive_instants()
            items.append(item)
    ItineraryItem.objects.bulk_create(items, batch_size=5000)


@pytest.fixture(scope="module")
def crowded(django_db_setup, django_db_blocker):
    """The owner (500 institutions, 6 seasons of 50 applications, 5,000 stage events, 200 contacts, letters,
    materials, 100 interviews, 20 offers) among 300 other users with 50 applications, 250 events and a few of
    everything else each; seeded once for the module, analysed, and rolled back at the end.

    What misleads the planner is the owner's share of each table (here the season's 50 postings of 15,300): it then
    expects to walk most of the owner's rows before finding the few it wants, and prefers to start elsewhere.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        now = timezone.now()
        owner = UserFactory(email="owner@example.edu")
        stage = Stage.objects.for_user(owner).filter(track=Stage.Track.FACULTY).first()
        current = season_for(owner)
        apps = []
        for back in range(OWNER_SEASONS - 1, -1, -1):
            season = current if back == 0 else Season.objects.create(owner=owner, start_year=current.start_year - back)
            apps += _applications(owner, season, stage, OWNER_APPLICATIONS_EACH, now, first_name=10 * back, back=back)
        this_season = apps[-OWNER_APPLICATIONS_EACH:]
        Institution.objects.bulk_create(
            Institution(owner=owner, name=f"Target {n}", priority=n % 5 + 1) for n in range(OWNER_TARGETS)
        )
        events = _events(owner, apps, stage, OWNER_EVENTS, now)
        around = _around(owner, apps, this_season, OWNER_MORE, now)
        others = User.objects.bulk_create([User(email=f"other{n}@example.edu") for n in range(OTHER_USERS)])
        seasons = Season.objects.bulk_create([Season(owner=u, start_year=current.start_year) for u in others])
        stages = Stage.objects.bulk_create([Stage(owner=u, track=Stage.Track.FACULTY, name="Applied") for u in others])
        for other, other_season, other_stage in zip(others, seasons, stages, strict=True):
            other_apps = _applications(other, other_season, other_stage, APPLICATIONS_EACH, now)
            events += _events(other, other_apps, other_stage, APPLICATIONS_EACH * EVENTS_EACH, now)
            for kind, rows in _around(other, other_apps, other_apps, OTHER_MORE, now).items():
                around[kind] += rows
        StageEvent.objects.bulk_create(events, batch_size=5000)
        _save_around(around)
        with connection.cursor() as cursor:
            # The foreign keys are checked once here, not again at every test's teardown (each rolls back to its
            # savepoint, which queues the checks of every row above anew: seconds per test).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("ANALYZE")
        yield owner, current
        transaction.set_rollback(True)


def _explain(sql: str, params) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        found = cursor.fetchone()[0]
    return (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]


def _plan(queryset) -> dict:
    return _explain(*queryset.query.sql_with_params())


def _plans_of(action) -> list[dict]:
    """The plan of every SELECT that action runs (for selectors that return lists, not querysets)."""
    captured = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().startswith("SELECT"):
            captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        action()
    return [_explain(sql, params) for sql, params in captured]


def _nodes(plan: dict, *, subplans: bool = True):
    """The plan's nodes; without `subplans`, not those run per row (a correlated subquery's)."""
    yield plan
    for child in plan.get("Plans", []):
        if subplans or child.get("Parent Relationship") != "SubPlan":
            yield from _nodes(child, subplans=subplans)


def _show(plan: dict) -> str:
    return json.dumps(plan, indent=1)[:6000]


def _owner_indexes(table: str) -> set[str]:
    """The table's indexes whose first column is owner_id."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
            WHERE t.relname = %s AND a.attname = 'owner_id'
            """,
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def assert_no_seq_scan_on_big_tables(plan: dict) -> None:
    seq = [
        n["Relation Name"]
        for n in _nodes(plan)
        if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES
    ]
    assert not seq, f"Seq Scan on {seq}:\n{_show(plan)}"


def assert_owner_index_plan(plan: dict, *, table: str, index: str | None = None, page: bool = True) -> None:
    """`table` read through `index` (or any index led by owner_id), never by a Seq Scan. For a page of rows
    (`page`), what joins it is found through indexes too (no Seq Scan on a big table) and nothing sorts all of the
    owner's rows to keep the page: the cost is the page's whatever the owner and the others hold.

    A whole list (not `page`) reads all of the owner's rows anyway; how it joins their related rows is left to
    the planner, which may hash a small table whole rather than look each row up.
    """
    nodes = list(_nodes(plan))
    if page:
        assert_no_seq_scan_on_big_tables(plan)
    seq = [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == table]
    assert not seq, f"Seq Scan on {table}:\n{_show(plan)}"
    scans = [n for n in nodes if n.get("Relation Name") == table and "Index" in n["Node Type"]]
    wanted = {index} if index else _owner_indexes(table)
    assert scans and scans[0].get("Index Name") in wanted, f"{table} not read through {wanted}:\n{_show(plan)}"
    if page:
        # An Incremental Sort only breaks ties within rows the index already ordered; a correlated subquery's
        # Sort orders one row's few related rows.
        sorts = [n for n in _nodes(plan, subplans=False) if n["Node Type"] == "Sort"]
        assert not sorts, f"a Sort over the owner's rows:\n{_show(plan)}"


def test_recent_changes_read_the_owners_newest_events_through_the_index(crowded, db):
    owner, season = crowded
    shown = pipeline_selectors.recent_changes(user=owner, season=season)[: front_selectors.RECENT_SHOWN]
    assert_owner_index_plan(_plan(shown), table="pipeline_stageevent", index="stageevent_owner_occurred_idx")


def test_the_application_lists_page_reads_the_owners_applications_through_the_index(crowded, db):
    owner, _season = crowded
    page = front_selectors.applications_for_list(user=owner)[:50]
    assert_owner_index_plan(_plan(page), table="pipeline_application", index="application_owner_changed_idx")


def test_the_institution_lists_page_walks_the_owners_institutions_in_order(crowded, db):
    owner, _season = crowded
    listed = InstitutionFilter(QueryDict(), queryset=pipeline_selectors.institutions_for_list(user=owner), owner=owner)
    plan = _plan(listed.qs[:PAGE_SIZE])
    assert_owner_index_plan(plan, table="pipeline_institution", index="institution_owner_priority_idx")


def test_the_posting_lists_page_walks_the_owners_deadlines_in_order(crowded, db):
    owner, _season = crowded
    listed = PositionFilter(QueryDict(), queryset=pipeline_selectors.positions_for_list(user=owner), owner=owner)
    plan = _plan(listed.qs[:PAGE_SIZE])
    assert_owner_index_plan(plan, table="pipeline_position", index="position_owner_deadline_idx")


def test_the_contact_lists_page_walks_the_owners_contacts_by_name(crowded, db):
    owner, _season = crowded
    listed = ContactFilter(QueryDict(), queryset=contacts_for_list(user=owner), owner=owner)
    assert_owner_index_plan(_plan(listed.qs[:PAGE_SIZE]), table="network_contact", index="contact_owner_name_idx")


def test_the_contact_filters_places_start_from_the_owners_contacts(crowded, db):
    owner, _season = crowded
    places = ContactFilter(QueryDict(), queryset=contacts_for_list(user=owner), owner=owner).filters["institution"]
    plan = _plan(places.queryset)
    assert_owner_index_plan(plan, table="network_contact", page=False)
    assert_owner_index_plan(plan, table="pipeline_institution", page=False)


def test_the_letters_page_reads_the_owners_season_through_owner_indexes(crowded, db):
    owner, season = crowded
    matrix = materials_selectors.letter_matrix(user=owner, season=season)
    plans = _plans_of(lambda: materials_selectors.letter_matrix(user=owner, season=season))
    assert len(plans) == 3  # the applications with letters, their requests, the writers
    assert_owner_index_plan(plans[0], table="pipeline_application", page=False)
    assert_owner_index_plan(plans[1], table="materials_letterrequest", page=False)
    assert_owner_index_plan(plans[2], table="network_contact", page=False)
    # The others, a page at a time in deadline order: read through the owner's and the season's indexes, their
    # related rows looked up. The season's rows are sorted before the page is cut: the planner expects a handful
    # (it takes the owner and the season for independent), so no index walk in deadline order would be chosen;
    # that sort grows with the season, never with other users.
    without = _plan(matrix.without_letters[:LETTERLESS_PAGE_SIZE])
    assert_owner_index_plan(without, table="pipeline_application", page=False)
    assert_no_seq_scan_on_big_tables(without)


def test_the_interview_list_reads_the_owners_interviews_through_an_owner_index(crowded, db):
    owner, _season = crowded
    plan = _plan(interview_selectors.interviews_for_list(user=owner))
    assert_owner_index_plan(plan, table="interviews_interview", page=False)


def test_offers_are_read_through_an_owner_index(crowded, db):
    owner, _season = crowded
    assert_owner_index_plan(_plan(offer_selectors.offers_for_list(user=owner)), table="offers_offer", page=False)


@pytest.mark.parametrize("kind", list(SOURCES))
def test_each_calendar_source_reads_the_owners_dated_rows_through_an_owner_index(crowded, db, kind):
    owner, _season = crowded
    source = SOURCES[kind]
    first = dt.datetime.combine(timezone.localdate(), dt.time(0, 0), tzinfo=ZoneInfo(owner.time_zone))
    last = first + dt.timedelta(days=60)
    table = source.queryset().model._meta.db_table
    assert_owner_index_plan(_plan(source.in_range(owner, first, last)), table=table, page=False)
    # The list's first pass (reminders.calendar.Window): the same rows' dates as tuples.
    assert_owner_index_plan(_plan(source.dates_in_range(owner, first, last)), table=table, page=False)


def test_the_checklists_copy_sources_start_from_the_owners_requirements(crowded, db):
    owner, _season = crowded
    position = Position.objects.filter(owner=owner).first()
    plans = _plans_of(lambda: materials_selectors.requirement_sources(user=owner, position=position))
    copy_sources = next(
        plan for plan in plans if any(n.get("Relation Name") == "pipeline_position" for n in _nodes(plan))
    )
    assert_owner_index_plan(copy_sources, table="materials_requirement", page=False)
