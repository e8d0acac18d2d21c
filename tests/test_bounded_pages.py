"""Bounded pages (issue 13): a page costs the same queries and renders the same rows with 4x the rows that must
not matter to it; panels are capped with a total and a way to all of them, lists page."""

import datetime as dt
import itertools
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobtracker.front import selectors as front_selectors
from jobtracker.front.views import calendar as calendar_views
from jobtracker.materials.models import LetterRequest
from jobtracker.materials.views import letters as letter_views
from jobtracker.network.models import Contact, Interaction
from jobtracker.reminders import calendar_grid
from jobtracker.reminders.registry import SOURCES
from tests.factories import InstitutionFactory, PositionFactory, make_application, make_writer

NOON, BERLIN = dt.time(12, 0), "Europe/Berlin"  # the accounts' zone: an item's day is the same for both
SIZES = (24, 96)  # 1x and 4x; both above every cap, and with as many digits, so totals print alike
_accounts = itertools.count()


def _posting(user, day: dt.date):
    """A posting due at noon in the accounts' zone at an institution of always the same name."""
    institution = InstitutionFactory(owner=user, name="Brown University")
    return PositionFactory(
        owner=user, institution=institution, deadline_date=day, deadline_time=NOON, deadline_tz=BERLIN
    )


def measure(client, django_user_model, *, fill, url, rows: str, sizes=SIZES) -> list[tuple[int, int, int]]:
    """(queries, HTML bytes, rows rendered) of one GET, for a fresh account per size filled by `fill(user, n)`."""
    found = []
    for size in sizes:
        user = django_user_model.objects.create_user(f"bounded{next(_accounts)}@example.edu", "pw-long-enough-1")
        fill(user, size)
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        body = response.content.decode()
        found.append((len(queries.captured_queries), len(body), len(re.findall(rows, body))))
    return found


def assert_bounded(found, *, url, expected_rows=None):
    (queries_1x, size_1x, rows_1x), (queries_4x, size_4x, rows_4x) = found
    assert queries_1x == queries_4x, f"{url}: {queries_1x} queries at 1x, {queries_4x} at 4x"
    assert rows_1x == rows_4x, f"{url}: {rows_1x} rows at 1x, {rows_4x} at 4x"
    if expected_rows is not None:
        assert rows_1x == expected_rows, f"{url}: {rows_1x} rows, expected {expected_rows}"
    # Ids and the accounts' e-mails may gain a digit between the sizes; nothing else may differ.
    assert abs(size_4x - size_1x) <= size_1x * 0.01, f"{url}: {size_1x} bytes at 1x, {size_4x} at 4x"


def test_the_dashboard_caps_every_panel_whatever_the_season_holds(client, django_user_model):
    today = timezone.localdate()

    def fill(user, n):
        writer = make_writer(user)
        for _ in range(n):
            soon = make_application(user, deadline_date=today + dt.timedelta(days=10))
            LetterRequest.objects.create(owner=user, application=soon, writer=writer, due_date=today + dt.timedelta(3))
            PositionFactory(owner=user, deadline_date=today - dt.timedelta(days=10))  # missed: no application
            Interaction.objects.create(owner=user, contact=writer, happened_on=today, follow_up_on=today, summary="x")

    found = measure(client, django_user_model, fill=fill, url="/", rows=r'class="list-group-item')
    assert_bounded(found, url="/")
    body = client.get("/").content.decode()  # the 4x account: each panel says what it leaves out
    more = SIZES[1] - front_selectors.UPCOMING_SHOWN
    assert f"Show all {SIZES[1]} deadlines in the calendar</a> ({more} more)" in body
    more = SIZES[1] - front_selectors.LETTERS_SHOWN
    assert f"Show all {SIZES[1]} on the letters page</a> ({more} more)" in body
    more = SIZES[1] - front_selectors.MISSED_SHOWN
    assert f"Show all {SIZES[1]} postings without an application</a> ({more} more)" in body
    assert f"{SIZES[1] - front_selectors.FOLLOW_UPS_SHOWN} more due" in body


def test_the_dashboard_says_how_many_deadlines_it_leaves_out_and_links_to_all_of_them(owner_client, owner):
    for _ in range(front_selectors.UPCOMING_SHOWN + 3):
        make_application(owner, deadline_date=timezone.localdate() + dt.timedelta(days=5))
    body = owner_client.get("/").content.decode()
    assert f"Show all {front_selectors.UPCOMING_SHOWN + 3} deadlines in the calendar" in body
    assert 'href="/calendar/?kind=deadline"' in body and "(3 more)" in body
    listed = owner_client.get("/calendar/?kind=deadline").content.decode()
    assert listed.count('class="list-group-item') == front_selectors.UPCOMING_SHOWN + 3


def test_the_contacts_filter_offers_only_institutions_with_contacts(client, django_user_model):
    def fill(user, n):
        for name in ("Brown University", "Rice University"):
            Contact.objects.create(
                owner=user, name="Prof. Nobody", institution=InstitutionFactory(owner=user, name=name)
            )
        for _ in range(n):
            InstitutionFactory(owner=user)  # on the target list, nobody known there

    found = measure(client, django_user_model, fill=fill, url="/contacts/", rows=r'<option value="\d+"')
    assert_bounded(found, url="/contacts/", expected_rows=2)


def measure_calendar(client, django_user_model, monkeypatch, *, fill, url) -> list[tuple[int, int, int]]:
    """measure() of a calendar list page, asserting also that the GET built a DatedItem for the entries it shows
    only: a count that does not depend on the machine's speed."""
    built = []
    for source in SOURCES.values():
        monkeypatch.setattr(source, "item", lambda obj, item=source.item: built.append(obj) or item(obj))

    def fill_then_forget(user, n):
        fill(user, n)
        built.clear()  # saving dated rows plans their reminders, which builds items too

    found = []
    for size in SIZES:
        found += measure(
            client, django_user_model, fill=fill_then_forget, url=url, rows=r'<li class="list-group-item', sizes=(size,)
        )
        assert len(built) == calendar_views.LIST_PAGE_SIZE, f"{url}: {len(built)} items built at {size}"
    return found


def test_the_calendar_list_shows_a_page_of_entries_whatever_the_next_60_days_hold(
    client, django_user_model, monkeypatch
):
    today = timezone.localdate()

    def fill(user, n):
        for _ in range(n * 3):  # one busy day, so both pages show the same days; all tie on time and title
            _posting(user, today + dt.timedelta(days=1))

    found = measure_calendar(client, django_user_model, monkeypatch, fill=fill, url="/calendar/")
    assert_bounded(found, url="/calendar/", expected_rows=calendar_views.LIST_PAGE_SIZE)


def test_the_calendar_list_loads_the_same_rows_when_every_day_holds_four_times_as_much(
    client, django_user_model, monkeypatch
):
    today = timezone.localdate()

    def fill(user, n):
        writer = make_writer(user)
        for i in range(n):  # over 20 days, so at 4x the page covers fewer, fuller days
            day = today + dt.timedelta(days=1 + i % 20)
            application = make_application(user, deadline_date=day, deadline_time=NOON, deadline_tz=BERLIN)
            LetterRequest.objects.create(owner=user, application=application, writer=writer, due_date=day)
            Interaction.objects.create(owner=user, contact=writer, happened_on=today, follow_up_on=day, summary="x")

    (queries_1x, _, rows_1x), (queries_4x, _, rows_4x) = measure_calendar(
        client, django_user_model, monkeypatch, fill=fill, url="/calendar/"
    )
    assert queries_1x == queries_4x  # the HTML differs by a few day headings: the same entries cover fewer days
    assert rows_1x == rows_4x == calendar_views.LIST_PAGE_SIZE


def test_the_calendar_week_caps_each_day_and_sends_the_rest_to_the_list(client, django_user_model):
    day = timezone.localdate() + dt.timedelta(days=7)

    def fill(user, n):
        for _ in range(n):
            _posting(user, day)

    url = f"/calendar/?view=week&week={day:%Y-%m-%d}"
    found = measure(client, django_user_model, fill=fill, url=url, rows=r'<li class="cal-week-entry')
    assert_bounded(found, url=url, expected_rows=calendar_grid.WEEK_DAY_LIMIT)


def test_the_calendar_month_caps_each_day(client, django_user_model):
    day = timezone.localdate().replace(day=15)

    def fill(user, n):
        for _ in range(n):
            _posting(user, day)

    url = f"/calendar/?view=month&month={day:%Y-%m}"
    found = measure(client, django_user_model, fill=fill, url=url, rows=r'<li class="cal-entry')
    assert_bounded(found, url=url, expected_rows=calendar_grid.DAY_LIMIT)


def test_a_days_more_link_in_the_week_opens_the_list_on_that_day(owner_client, owner):
    day = timezone.localdate() + dt.timedelta(days=9)
    for _ in range(calendar_grid.WEEK_DAY_LIMIT + 2):
        PositionFactory(owner=owner, deadline_date=day, deadline_time=NOON, deadline_tz=BERLIN)
    week = owner_client.get(f"/calendar/?view=week&week={day:%Y-%m-%d}").content.decode()
    assert f'href="/calendar/?from={day:%Y-%m-%d}">+2 more' in week
    listed = owner_client.get(f"/calendar/?from={day:%Y-%m-%d}").content.decode()
    assert listed.count('<li class="list-group-item') == calendar_grid.WEEK_DAY_LIMIT + 2


def test_the_letters_page_loads_only_applications_with_letters_and_pages_the_others(client, django_user_model):
    def fill(user, n):
        writer = make_writer(user)
        for name in ("Brown University", "Rice University"):
            asked = make_application(user, institution=InstitutionFactory(owner=user, name=name))
            LetterRequest.objects.create(owner=user, application=asked, writer=writer)
        for _ in range(n):
            make_application(user)  # no letter asked for yet

    found = measure(client, django_user_model, fill=fill, url="/letters/", rows=r'<th scope="row"')
    assert_bounded(found, url="/letters/", expected_rows=2 + letter_views.LETTERLESS_PAGE_SIZE)
