"""The calendar's list, month and week views: any month is reachable, the grid is a real table, odd query
strings fall back to today, and a page costs the same queries whatever the data."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from jobtracker.materials.models import LetterRequest
from tests.factories import InstitutionFactory, PositionFactory, make_application, make_writer
from tests.queries import assert_flat_queries


def _next_february(today: dt.date) -> dt.date:
    """The 15th of the first February more than 60 days away: beyond the list, never in this month."""
    day = dt.date(today.year, 2, 15)
    while (day - today).days <= 60:
        day = dt.date(day.year + 1, 2, 15)
    return day


def _deadline(owner, day: dt.date, name: str, at=dt.time(12, 0)):
    """A posting whose deadline is at noon in Berlin, the owner's zone, so its day is the same for both."""
    institution = InstitutionFactory(owner=owner, name=name)
    return PositionFactory(
        owner=owner, institution=institution, deadline_date=day, deadline_time=at, deadline_tz="Europe/Berlin"
    )


class TableShape(HTMLParser):
    """The month table as read by assistive technology: caption, column headers, rows of cells."""

    def __init__(self):
        super().__init__()
        self.caption, self.headers, self.rows, self.today_cells = "", [], [], []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption":
            self._in = "caption"
        elif tag == "th":
            self.headers.append(attrs.get("scope"))
        elif tag == "tr" and self.headers:
            self.rows.append([])
        elif tag == "td":
            self.rows[-1].append(attrs.get("class", ""))
            if attrs.get("aria-current") == "date":
                self.today_cells.append(attrs.get("class", ""))

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None

    def handle_data(self, data):
        if self._in == "caption":
            self.caption += data


def _table(body: str) -> TableShape:
    shape = TableShape()
    shape.feed(body[body.index("<table") : body.index("</table>")])
    return shape


def test_a_february_item_is_in_its_month_view_but_not_in_the_list_of_the_next_60_days(owner_client, owner):
    february = _next_february(timezone.localdate())
    _deadline(owner, february, "February Institute")

    listed = owner_client.get("/calendar/").content.decode()
    month = owner_client.get(f"/calendar/?view=month&month={february:%Y-%m}").content.decode()

    assert "February Institute" not in listed
    assert "Assistant Professor at February Institute" in month
    assert f"February {february.year}" in _table(month).caption
    cell = month.split(f'datetime="{february:%Y-%m-%d}"')[1].split("</td>")[0]
    assert "12:00" in cell and "February Institute" in cell


def test_the_month_grid_is_a_table_with_a_caption_column_headers_and_whole_weeks(owner_client, owner):
    response = owner_client.get("/calendar/?view=month&month=2027-02")

    table = _table(response.content.decode())
    assert response.status_code == 200
    assert table.caption.strip().startswith("February 2027")
    assert table.headers == ["col"] * 7
    # 1 Feb 2027 is a Monday and the month has 28 days: exactly four weeks, none outside the month.
    assert [len(row) for row in table.rows] == [7, 7, 7, 7]
    assert not any("cal-outside" in cell for row in table.rows for cell in row)


def test_days_outside_the_month_are_muted_and_today_is_marked(owner_client, owner):
    today = timezone.localdate()

    body = owner_client.get("/calendar/?view=month").content.decode()

    table = _table(body)
    assert table.today_cells == ["cal-day cal-today"] or table.today_cells == ["cal-day cal-outside cal-today"]
    first = today.replace(day=1)
    assert today.strftime("%B %Y") in table.caption
    if first.weekday():  # the first week starts in the month before, muted
        assert "cal-outside" in table.rows[0][0]
    assert 'href="/calendar/?view=month"' in body  # a way back to today from any month


def test_the_month_view_links_to_the_months_around_it_and_offers_a_month_picker(owner_client, owner):
    body = owner_client.get("/calendar/?view=month&month=2027-01").content.decode()

    assert "?view=month&amp;month=2026-12" in body and "December 2026" in body
    assert "?view=month&amp;month=2027-02" in body and "February 2027" in body
    picker = body.split('<form class="d-flex align-items-center gap-2" method="get"')[1].split("</form>")[0]
    assert 'type="month"' in picker and 'name="month"' in picker and 'value="2027-01"' in picker
    assert 'name="view" value="month"' in picker


def test_a_busy_day_lists_four_items_then_links_to_its_week_for_the_rest(owner_client, owner):
    day = dt.date(2027, 3, 10)  # a Wednesday
    for minute in range(6):
        _deadline(owner, day, f"Busy University {minute}", at=dt.time(9, minute))

    body = owner_client.get("/calendar/?view=month&month=2027-03").content.decode()

    cell = body.split('datetime="2027-03-10"')[1].split("</td>")[0]
    assert cell.count('class="cal-entry') == 4
    assert "+2 more" in cell and "?view=week&amp;week=2027-03-10" in cell
    week = owner_client.get("/calendar/?view=week&week=2027-03-10").content.decode()
    assert all(f"Busy University {minute}" in week for minute in range(6))


def test_done_and_closed_items_are_struck_through_in_the_month(owner_client, owner):
    closed = make_application(
        owner, stage_name="Withdrawn", institution=InstitutionFactory(owner=owner, name="Withdrawn Institute")
    )
    LetterRequest.objects.create(
        owner=owner,
        application=closed,
        writer=make_writer(owner, name="Dr Brandt"),
        due_date=dt.date(2027, 2, 3),
    )
    LetterRequest.objects.create(
        owner=owner,
        application=make_application(owner, institution=InstitutionFactory(owner=owner, name="Open Institute")),
        writer=make_writer(owner, name="Dr Okafor"),
        due_date=dt.date(2027, 2, 4),
        status="submitted",
    )

    body = owner_client.get("/calendar/?view=month&month=2027-02").content.decode()

    closed_cell = body.split('datetime="2027-02-03"')[1].split("</td>")[0]
    done_cell = body.split('datetime="2027-02-04"')[1].split("</td>")[0]
    assert "<s>Letter from Dr Brandt for Withdrawn Institute</s>" in closed_cell and "(closed)" in closed_cell
    assert "<s>Letter from Dr Okafor for Open Institute</s>" in done_cell and "(done)" in done_cell


def test_the_week_view_snaps_any_day_to_its_monday(owner_client, owner):
    _deadline(owner, dt.date(2027, 2, 8), "Monday University")
    _deadline(owner, dt.date(2027, 2, 14), "Sunday University")
    _deadline(owner, dt.date(2027, 2, 15), "Next Week University")

    body = owner_client.get("/calendar/?view=week&week=2027-02-11").content.decode()  # a Thursday

    assert "Week of 8 February to 14 February 2027" in body
    assert body.count('class="cal-week-day') == 7
    assert "Monday University" in body and "Sunday University" in body
    assert "Next Week University" not in body
    assert "12:00" in body  # every item with its time
    assert "?view=week&amp;week=2027-02-01" in body and "?view=week&amp;week=2027-02-15" in body


def test_switching_views_keeps_the_month_or_week_being_looked_at(owner_client, owner):
    week = owner_client.get("/calendar/?view=week&week=2027-02-11").content.decode()
    month = owner_client.get("/calendar/?view=month&month=2027-05").content.decode()

    assert "?view=month&amp;month=2027-02" in week
    assert "?view=week&amp;week=2027-05-01" in month


@pytest.mark.parametrize(
    "query",
    [
        "view=month&month=2027-13",
        "view=month&month=99999-01",
        "view=month&month=0001-01",
        "view=month&month=9999-12",
        "view=month&month=%00",
        "view=month&month=%D9%A2%D9%A0%D9%A2%D9%A7-02",  # Arabic-Indic digits are digits to Python, not to us
        "view=week&week=abc",
        "view=week&week=9999-12-31",
        "view=week&week=0001-01-01",
        "view=week&week=2027-02-30",
    ],
)
def test_odd_months_and_weeks_fall_back_to_today(owner_client, owner, query):
    today = timezone.localdate()

    response = owner_client.get(f"/calendar/?{query}")

    assert response.status_code == 200
    body = response.content.decode()
    if "view=month" in query:
        assert today.strftime("%B %Y") in _table(body).caption
    else:
        monday = today - dt.timedelta(days=today.weekday())
        assert f"Week of {monday.day} {monday:%B}" in body


def test_an_unknown_view_shows_the_list(owner_client, owner):
    response = owner_client.get("/calendar/?view=x")

    assert response.status_code == 200
    assert "Everything dated in the next 60 days" in response.content.decode()


def test_another_users_items_stay_out_of_the_month_and_the_week(owner_client, owner, outsider):
    _deadline(outsider, dt.date(2027, 2, 10), "Outsider Only University")

    month = owner_client.get("/calendar/?view=month&month=2027-02").content.decode()
    week = owner_client.get("/calendar/?view=week&week=2027-02-10").content.decode()

    assert "Outsider Only University" not in month + week


def test_the_calendar_asks_for_a_login(client, db):
    response = client.get("/calendar/?view=month")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _fill_february(user, size):
    writer = make_writer(user)
    for i in range(size):
        day = dt.date(2027, 2, 1 + i % 28)
        application = make_application(user, deadline_date=day, deadline_tz="Europe/Berlin")
        LetterRequest.objects.create(owner=user, application=application, writer=writer, due_date=day)


@pytest.mark.parametrize("url", ["/calendar/?view=month&month=2027-02", "/calendar/?view=week&week=2027-02-03"])
def test_the_month_and_week_cost_the_same_queries_with_2_or_40_items(client, django_user_model, url):
    assert_flat_queries(client, django_user_model, fill=_fill_february, url=url, sizes=(2, 40))
