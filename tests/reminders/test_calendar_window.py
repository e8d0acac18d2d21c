"""The calendar's list reads only the page it shows (reminders.calendar.Window), yet shows exactly what reading
the whole window would: the same entries in the same order on every page, for every kind, in any zone."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator

from jobtracker.front.views.calendar import LIST_PAGE_SIZE
from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import Interaction
from jobtracker.reminders import calendar
from jobtracker.reminders.registry import SOURCES
from tests.factories import InstitutionFactory, PositionFactory, make_application, make_writer
from tests.interviews.factories import make_item, make_visit
from tests.offers.factories import make_offer

FAR_ZONES = ["Pacific/Auckland", "America/Los_Angeles"]
NAMES = ["Brown University", "Rice University", "ETH Zurich", "Aalto University", "Brown University", "Yale"]
ZONES = ["Pacific/Auckland", "America/Los_Angeles", "UTC", "Asia/Kolkata"]
BUSY = 3  # the busy day, days from today: 20 entries before it, then more than a page on it
_names = itertools.count()


def reference(user, *, start: dt.date, days: int, kinds=None) -> list[tuple[dt.date, str, int, str]]:
    """The full read the Window replaces: every row of the window loaded and sorted, (day, kind, pk, title)."""
    zone = ZoneInfo(user.time_zone)
    first = dt.datetime.combine(start, dt.time(0, 0), tzinfo=zone)
    by_day: dict[dt.date, list] = {}
    for kind, source in SOURCES.items():
        if kinds is not None and kind not in kinds:
            continue
        rows = source.in_range(user, first, first + dt.timedelta(days=days))
        # The old read left rows that tie on every key to the database; pk settles them, as the Window does.
        for obj in rows.order_by(*rows.model._meta.ordering, "pk"):
            item = source.item(obj)
            if item is None:
                continue
            day = item.due.local_day(zone)
            if start <= day < start + dt.timedelta(days=days):
                key = item.due.at or dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
                by_day.setdefault(day, []).append((key, item.title, kind, item.object_id))
    return [
        (day, kind, pk, title)
        for day in sorted(by_day)
        for _key, title, kind, pk in sorted(by_day[day], key=lambda entry: entry[:2])
    ]


def _shown(pairs) -> list[tuple[dt.date, str, int, str]]:
    return [(day, entry.item.kind, entry.item.object_id, entry.item.title) for day, entry in pairs]


def _utc(local: dt.datetime) -> dict:
    """Posting fields for an instant stated in UTC."""
    at = local.astimezone(dt.UTC)
    return {"deadline_date": at.date(), "deadline_time": at.time(), "deadline_tz": "UTC"}


def _posting(owner, name: str, **fields):
    return PositionFactory(owner=owner, institution=InstitutionFactory(owner=owner, name=name), **fields)


def fill_season(owner) -> dt.date:
    """Every kind, near midnight in the owner's zone, and a busy day of over 50 entries across pages 1 and 2."""
    zone = ZoneInfo(owner.time_zone)
    today = calendar.today_for(owner)

    def day(n):
        return today + dt.timedelta(days=n)

    def local(n, hour, minute=0):
        return dt.datetime.combine(day(n), dt.time(hour, minute), tzinfo=zone)

    for n in range(20):  # before the busy day: timed, some a minute either side of the owner's midnight
        at = [local(n % 3, 9, n), local(n % 3, 23, 59), local(n % 3, 0, 1)][n % 3]
        _posting(owner, NAMES[n % len(NAMES)], **_utc(at))
    for n in range(40):  # the busy day: day-only deadlines, some titles alike, stated in zones far apart
        _posting(owner, NAMES[n % len(NAMES)], deadline_date=day(BUSY), deadline_time=None, deadline_tz=ZONES[n % 4])
    for n in range(8):  # ... timed ones, two at the owner's midnight itself (tying with the day-only ones)
        at = local(BUSY, 0) if n < 2 else local(BUSY, 8 + n, 30)
        _posting(owner, NAMES[n % len(NAMES)], title=f"Lecturer {n}", **_utc(at))
    applications = [make_application(owner, deadline_date=day(30)) for _ in range(3)]
    for n in range(15):  # ... letters, two writers of the same name
        writer = make_writer(owner, name=f"Prof. Writer {n % 13}")
        LetterRequest.objects.create(owner=owner, application=applications[n % 3], writer=writer, due_date=day(BUSY))
    contact = make_writer(owner, name="Dr Contact")
    for _ in range(6):  # ... follow-ups, all with the same contact: ties on everything
        Interaction.objects.create(owner=owner, contact=contact, happened_on=today, follow_up_on=day(BUSY), summary="x")
    for n in range(6):  # review dates on the busy day and later
        _posting(owner, NAMES[n], review_begins=day(BUSY if n < 3 else 10))
    visit = make_visit(
        owner,
        make_application(owner, institution=InstitutionFactory(owner=owner, name="Visit University")),
        start_date=day(7),
        end_date=day(8),
        time_zone="Asia/Tokyo",
    )
    make_item(visit, date=day(8), start_time=dt.time(8, 0), people=["Prof. Ana Ruiz"])  # thank-you on day 9
    make_offer(owner, institution_name="Timed Offer U", received_on=today, response_deadline_date=day(12),
               response_deadline_time=dt.time(17, 0), response_deadline_tz="Asia/Tokyo")  # fmt: skip
    make_offer(owner, institution_name="Day Offer U", received_on=today, response_deadline_date=day(12))
    _posting(owner, "Last Day U", **_utc(local(59, 23, 59)))  # the window's last minute, and just beyond it
    _posting(owner, "Beyond U", **_utc(local(60, 0, 0)))
    _posting(owner, "Yesterday U", **_utc(local(-1, 12)))
    return today


@pytest.fixture(params=FAR_ZONES)
def far_owner(request, owner):
    owner.time_zone = request.param
    owner.save(update_fields=["time_zone"])
    return owner


def test_the_season_fills_the_pages_it_is_meant_to(far_owner):
    today = fill_season(far_owner)
    expected = reference(far_owner, start=today, days=60)
    busy = [n for n, entry in enumerate(expected) if entry[0] == today + dt.timedelta(days=BUSY)]
    kinds = {entry[1] for entry in expected}
    assert len(busy) > LIST_PAGE_SIZE and busy[0] < LIST_PAGE_SIZE <= busy[-1]  # straddles pages 1 and 2
    assert kinds == set(SOURCES)
    assert len(expected) > 2 * LIST_PAGE_SIZE


def test_every_slice_holds_the_entries_a_full_read_puts_there(far_owner, django_assert_max_num_queries):
    today = fill_season(far_owner)
    expected = reference(far_owner, start=today, days=60)

    window = calendar.Window(user=far_owner, start=today, days=60)

    assert len(window) == len(expected)
    for low in range(0, len(expected) + 1, 7):
        for size in (1, 13, LIST_PAGE_SIZE):
            with django_assert_max_num_queries(2 * len(SOURCES)):  # titles and rows, at most one query each a kind
                shown = _shown(window[low : low + size])
            assert shown == expected[low : low + size], f"slice {low}:{low + size}"


@pytest.mark.parametrize("page", ["1", "2", "3", "last", "0", "99", "x"])
def test_each_page_of_the_list_shows_what_a_full_read_would(owner_client, far_owner, page):
    today = fill_season(far_owner)
    expected = Paginator(reference(far_owner, start=today, days=60), LIST_PAGE_SIZE).get_page(page)

    context = owner_client.get("/calendar/", {"page": page}).context

    assert _shown(context["page"].object_list) == list(expected.object_list)
    assert (context["page"].number, context["page"].paginator.count) == (expected.number, expected.paginator.count)
    grouped = [(day, entry.item.object_id) for day, entries in context["agenda"] for entry in entries]
    assert grouped == [(day, pk) for day, _kind, pk, _title in expected.object_list]
    assert len({day for day, _entries in context["agenda"]}) == len(context["agenda"])  # one heading a day


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "deadline"},
        {"kind": "deadline", "page": "2"},
        {"kind": "letter"},
        {"kind": "thank_you"},
        {"kind": "nonsense"},
        {"past": "1"},
        {"past": "1", "page": "2"},
        {"from": "busy"},
        {"from": "busy", "page": "2", "past": "1"},
    ],
)
def test_kind_from_and_past_keep_showing_what_a_full_read_would(owner_client, far_owner, query):
    today = fill_season(far_owner)
    busy = today + dt.timedelta(days=BUSY)
    query = {key: busy.isoformat() if value == "busy" else value for key, value in query.items()}
    first = busy if "from" in query else today
    start = first - dt.timedelta(days=7) if query.get("past") == "1" else first
    kind = query.get("kind") if query.get("kind") in SOURCES else None
    full = reference(far_owner, start=start, days=60 + (first - start).days, kinds={kind} if kind else None)
    expected = Paginator(full, LIST_PAGE_SIZE).get_page(query.get("page"))

    page = owner_client.get("/calendar/", query).context["page"]

    assert _shown(page.object_list) == list(expected.object_list)
    assert page.paginator.count == len(full) > 0


def test_a_page_loads_whole_rows_only_for_the_entries_it_shows(far_owner, monkeypatch):
    today = fill_season(far_owner)
    built = []
    for source in SOURCES.values():
        monkeypatch.setattr(source, "item", lambda obj, item=source.item: built.append(obj) or item(obj))
    window = calendar.Window(user=far_owner, start=today, days=60)

    assert not built  # the first pass reads plain values only
    for page in (1, 2, 3):
        built.clear()
        assert len(Paginator(window, LIST_PAGE_SIZE).page(page).object_list) == len(built) > 0


def test_an_empty_window_is_one_empty_page(owner_client, far_owner):
    context = owner_client.get("/calendar/", {"page": "2"}).context

    assert context["agenda"] == [] and context["page"].paginator.count == 0
    assert "Nothing dated in this period." in owner_client.get("/calendar/").content.decode()
