"""A whole season replayed through the browser by a new user, on the fastest paths the app offers, counted.

Issue 12 measured the same season at about 400 page loads, 392 clicks and 527 filled fields. This journey does
the same work (8 targets with postings in three zones, materials with versions, 3 letter writers and 15 letter
requests, interviews with a two-day campus visit and its 12 thank-you notes, three offers, the decision and the
export) and counts what it costs: page loads (main-frame navigations, form posts that reload included, and file
downloads), htmx requests (answered in place, no reload), clicks (key presses apart) and filled fields (typed
text, chosen options, chosen files). Run with -s to see the table per phase.
"""

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
from jobtracker.materials.models import Document, DocumentVersion, LetterRequest
from jobtracker.network.models import Contact
from jobtracker.offers.models import Offer, Score
from jobtracker.pipeline.models import Application, Institution, Position
from tests.factories import PASSWORD, PDF_BYTES, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USER_ZONE = "Europe/Berlin"  # the user's own zone, in which the pages show "today"
LOAD_BUDGET = 200  # issue 12: at most half of the 400 page loads seen before

ZONES = NEW_YORK, ZURICH, TOKYO = ("America/New_York", "Europe/Zurich", "Asia/Tokyo")
FACULTY, SCIENTIST = "tenure_track", "research_scientist"

# institution, department, title, kind, days from today to the deadline, time, zone
POSTINGS = [
    (
        "Carnegie Mellon University",
        "Machine Learning Department",
        "Assistant Professor",
        FACULTY,
        -70,
        "23:59",
        NEW_YORK,
    ),
    ("Princeton University", "Computer Science", "Assistant Professor", FACULTY, -66, "23:59", NEW_YORK),
    ("Cornell University", "Computer Science", "Assistant Professor", FACULTY, -62, "17:00", NEW_YORK),
    ("Google Research", "New York", "Research Scientist", SCIENTIST, -55, "23:59", NEW_YORK),
    ("ETH Zurich", "D-INFK", "Assistant Professor (Tenure Track)", FACULTY, -64, "17:00", ZURICH),
    ("EPFL", "Computer and Communication Sciences", "Tenure-track Assistant Professor", FACULTY, -60, "17:00", ZURICH),
    ("The University of Tokyo", "Information Science and Technology", "Lecturer", FACULTY, -58, "17:00", TOKYO),
    ("Sakana AI", "Research", "Research Scientist", SCIENTIST, -50, "18:00", TOKYO),
]
PASTED_LINK = ("Cornell University", "https://academicjobsonline.org/ajo/jobs/28914")
WRITERS = [
    ("Prof. Miriam Adler", "miriam.adler@example.edu", "Professor, PhD advisor"),
    ("Prof. Rahul Menon", "rahul.menon@example.edu", "Associate Professor, collaborator"),
    ("Dr. Sofia Lindqvist", "sofia.lindqvist@example.com", "Staff Research Scientist, internship host"),
]
LETTER_TARGETS = ["Carnegie Mellon University", "Princeton University", "Cornell University", "ETH Zurich", "EPFL"]
# The two-day visit at Carnegie Mellon: day (0 or 1), start, kind, people met (12 in all)
ITINERARY = [
    (0, "08:30", "meal", "Prof. Maria Chen, Prof. David Okafor"),
    (0, "10:00", "one_on_one", "Prof. Lena Fischer"),
    (0, "11:00", "one_on_one", "Prof. Samuel Ortiz"),
    (0, "12:00", "meal", "Priya Raman, Tomás Silva"),
    (1, "09:00", "dean_chair", "Dean Robert Klein"),
    (1, "10:00", "one_on_one", "Prof. Hannah Weiss"),
    (1, "11:00", "chalk_talk", "Prof. Kenji Tanaka, Prof. Aisha Bello"),
    (1, "13:00", "group", "Prof. Jonas Berg, Prof. Elif Kaya"),
]


class Journey:
    """Drives the page through counting helpers; `phase()` starts a new line of the table."""

    KINDS = ("loads", "htmx", "clicks", "keys", "fields")

    def __init__(self, page):
        self.page = page
        self.counts: dict[str, Counter] = {}
        self.current = Counter()
        page.on("framenavigated", lambda frame: self._count("loads") if frame == page.main_frame else None)
        page.on("request", lambda request: self._count("htmx") if request.headers.get("hx-request") else None)
        page.on("download", lambda download: self._count("loads"))

    def _count(self, kind):
        self.current[kind] += 1

    def phase(self, name):
        self.current = self.counts.setdefault(name, Counter())

    def total(self) -> Counter:
        return sum(self.counts.values(), Counter())

    def table(self) -> str:
        lines = [f"{'phase':<38}" + "".join(f"{kind:>8}" for kind in self.KINDS)]
        for name, counter in [*self.counts.items(), ("TOTAL", self.total())]:
            lines.append(f"{name:<38}" + "".join(f"{counter[kind]:>8}" for kind in self.KINDS))
        return "\n".join(lines)

    # What the user does, counted.
    def goto(self, path):
        """Typing an address or following a bookmark: a load, no click."""
        self.page.goto(path)

    def nav(self, label):
        """A link in the main navigation."""
        self.submit(f"nav a.nav-link:text-is('{label}')")

    def click(self, selector, *, focus_only=False):
        """A click; `focus_only` puts the focus there as a click would, without following the link."""
        self.current["clicks"] += 1
        if focus_only:
            self.page.focus(selector)
        else:
            self.page.click(selector)

    def submit(self, selector):
        """A click that posts a form or follows a link: wait for the page it leads to."""
        self.current["clicks"] += 1
        with self.page.expect_navigation():
            self.page.click(selector)

    def htmx(self, action):
        """Run an action whose effect is an htmx request; wait until htmx has swapped its answer in."""
        with self.page.expect_response(lambda response: response.request.headers.get("hx-request") is not None):
            action()
        expect(self.page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)

    def fill(self, selector, value):
        self.current["fields"] += 1
        self.page.fill(selector, value)

    def select(self, selector, value=None, *, label=None):
        self.current["fields"] += 1
        if label is not None:
            self.page.select_option(selector, label=label)
        else:
            self.page.select_option(selector, value)

    def upload(self, selector, path):
        self.current["fields"] += 1
        self.page.set_input_files(selector, str(path))

    def tick(self, selector):
        self.current["clicks"] += 1
        self.page.check(selector)

    def press(self, key):
        self.current["keys"] += 1
        self.page.keyboard.press(key)

    def type(self, text):
        self.current["fields"] += 1
        self.page.keyboard.type(text)


def today() -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(USER_ZONE))


def day(offset: int) -> str:
    return (today() + dt.timedelta(days=offset)).isoformat()


def test_a_whole_season_through_the_browser_costs_at_most_half_the_page_loads(page, tmp_path):
    owner = UserFactory(email="season@example.edu", full_name="Ada Candidate", time_zone=USER_ZONE)
    files = {}
    for name in ("cv-2026-09.pdf", "cv-2026-11.pdf", "research-v1.pdf", "research-v2.pdf", "teaching-v1.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(PDF_BYTES)
    j = Journey(page)

    # --- Log in -------------------------------------------------------------------------------------------------
    j.phase("1. log in")
    j.goto("/accounts/login/")
    j.fill("#id_username", owner.email)
    j.fill("#id_password", PASSWORD)
    j.submit("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Season")

    # --- 8 targets: the posting form names the institution and starts the application -------------------------
    j.phase("2. 8 postings + applications")
    j.nav("Applications")
    j.submit("text=Start an application")
    for name, department, title, kind, days, time, zone in POSTINGS:
        if name == PASTED_LINK[0]:  # the posting's link is pasted first: it fills in the portal
            j.fill("#start-url", PASTED_LINK[1])
            j.submit("button:has-text('Fill in')")
            expect(page.locator("[role=status]")).to_contain_text("Portal: AcademicJobsOnline.")
            assert page.input_value("#id_posting_url") == PASTED_LINK[1]
        # the cursor starts in the institution menu; a new one is typed in the box below it
        assert page.evaluate("document.activeElement.id") == "id_institution"
        j.fill("#id_new_institution", name)
        j.fill("#id_new_department", department)
        j.fill("#id_title", title)
        if kind != FACULTY:
            j.select("#id_kind", kind)
        j.fill("#id_deadline_date", day(days))
        j.fill("#id_deadline_time", time)
        j.select("#id_deadline_tz", zone)
        assert page.is_checked("#id_start_application")
        j.submit("button:has-text('Save and add another')")
        expect(page.locator(".alert-success")).to_contain_text(f"Saved {title}")
    assert Application.objects.filter(owner=owner).count() == 8
    apps = {
        a.position.institution.name: a
        for a in Application.objects.filter(owner=owner).select_related("position__institution")
    }

    # --- Materials: a CV and two statements, then second versions ----------------------------------------------
    j.phase("3. materials with versions")
    j.nav("Materials")
    for kind, title, name in [
        ("cv", "CV", "cv-2026-09.pdf"),
        ("research_statement", "Research statement", "research-v1.pdf"),
        ("teaching_statement", "Teaching statement", "teaching-v1.pdf"),
    ]:
        j.goto("/materials/new/")
        j.select("#id_kind", kind)
        j.fill("#id_title", title)
        j.upload("#id_file", files[name])
        j.submit("button:has-text('Upload')")
        expect(page.locator("h1")).to_have_text(title)
    # ...and a month later, a revised research statement and CV, each from its document's page
    for title, name in [("Research statement", "research-v2.pdf"), ("CV", "cv-2026-11.pdf")]:
        j.nav("Materials")
        j.submit(f"main a:text-is('{title}')")
        j.upload("#id_file", files[name])
        j.fill("#id_label", "v2")
        j.submit("button:has-text('Upload version')")
        expect(page.locator("main")).to_contain_text("v2")

    # --- 3 letter writers -----------------------------------------------------------------------------------------
    j.phase("4. 3 letter writers")
    # The writers' page adds one and opens its page; a contact form saves and comes back empty, so the three
    # are contacts ticked "letter writer".
    j.nav("Contacts")
    j.submit("main a:has-text('Add a contact')")
    for name, email, title in WRITERS:
        j.fill("#id_name", name)
        j.fill("#id_email", email)
        j.fill("#id_title", title)
        j.tick("input[name=tags][value=letter_writer]")
        j.submit("button:has-text('Save and add another')")
        expect(page.locator(".alert-success")).to_contain_text(name)
    j.nav("Letters")

    # --- 15 letter requests from the season matrix: "+" in a cell, the form, back to the matrix -------------------
    j.phase("5. 15 letter requests")
    for institution in LETTER_TARGETS:
        for writer, _, _ in WRITERS:
            j.submit(f"[aria-label='Request a letter from {writer} for {institution}']")
            assert page.input_value("#id_writer") != ""  # the writer comes chosen from the cell
            j.select("#id_status", "asked")
            j.submit("button:has-text('Save')")
            page.wait_for_url("**/letters/")

    # --- Stage moves: ticked faculty applications submitted at once, the industry ones in their rows -----------
    j.phase("6. submit: bulk move + row selects")
    j.nav("Applications")
    for app in apps.values():
        if app.track == Application.Track.FACULTY:
            j.tick(f"input[name=application][value='{app.pk}']")
    j.select("#bulk-stage", label="Submitted")
    j.submit("#bulk-applications button[value=move]")
    expect(page.locator(".alert-success")).to_contain_text("Moved to Submitted: 6 applications")
    for name in ("Google Research", "Sakana AI"):
        j.htmx(lambda name=name: j.select(f"#stage-of-{apps[name].pk}", label="Referred or applied"))
        expect(page.locator(f"#stage-{apps[name].pk} [role=status]")).to_have_text("Moved to Referred or applied")

    # --- Letters: the writers say yes in the matrix cells; then each writer's letters are ticked as submitted ---
    j.phase("7. letter statuses inline + bulk")
    j.nav("Letters")
    for letter in LetterRequest.objects.filter(owner=owner, writer__name=WRITERS[2][0]):
        j.htmx(lambda letter=letter: j.select(f"#letter-status-{letter.pk}", "agreed"))
        expect(page.locator(f"#letter-{letter.pk} [role=status]")).to_have_count(1)
    for writer, _, _ in WRITERS:
        j.submit(f"thead >> text={writer}")
        for letter in LetterRequest.objects.filter(owner=owner, writer__name=writer):
            j.tick(f"#tick-{letter.pk}")
        assert page.input_value("#bulk-status") == "submitted"
        j.submit("#bulk-letters button:has-text('Set')")
        expect(page.locator(".alert-success")).to_contain_text("5 letters marked “submitted”")
        j.nav("Letters")
    assert LetterRequest.objects.filter(owner=owner, status="submitted").count() == 15

    # --- First rounds: scheduled from each application, which moves on with it ---------------------------------
    j.phase("8. first-round interviews")
    first_rounds = [
        ("Carnegie Mellon University", "video", -40, "16:00", "America/New_York"),
        ("Princeton University", "video", -38, "15:00", "America/New_York"),
        ("ETH Zurich", "video", -36, "10:00", "Europe/Zurich"),
        ("EPFL", "video", -35, "14:00", "Europe/Zurich"),
        ("Google Research", "recruiter", -45, "17:00", "America/New_York"),
        ("Sakana AI", "research", -30, "09:00", "Asia/Tokyo"),
    ]
    for institution, kind, days, time, zone in first_rounds:
        schedule(j, apps[institution], kind=kind, start=day(days), time=time, zone=zone)
    stages = dict(Application.objects.filter(owner=owner).values_list("position__institution__name", "stage__name"))
    assert stages["Carnegie Mellon University"] == "First-round interview" and stages["Sakana AI"] == "Interviews"

    # --- A two-day campus visit at Carnegie Mellon with 12 people, and their thank-you notes -------------------
    j.phase("9. campus visit, 12 people, thanks")
    visit_days = (day(-14), day(-13))
    schedule(
        j,
        apps["Carnegie Mellon University"],
        kind="campus_visit",
        start=visit_days[0],
        time="08:00",
        zone="America/New_York",
        end=(visit_days[1], "17:00"),
    )
    for index, time, kind, people in ITINERARY:
        if page.input_value("#id_date") != visit_days[index]:
            j.fill("#id_date", visit_days[index])
        j.fill("#id_start_time", time)
        if kind != "one_on_one":
            j.select("#id_kind", kind)
        j.fill("#id_people", people)
        j.submit("main form button:has-text('Add')")
        expect(page.locator(".alert-success")).to_contain_text(f"at {time}")
    visit = Interview.objects.get(application=apps["Carnegie Mellon University"], kind="campus_visit")
    people = list(ItineraryPerson.objects.filter(item__interview=visit).select_related("contact").order_by("pk"))
    assert len(people) == 12
    for person in people[:3]:  # the first notes, as each is written: in place, the page stays where it is
        j.select(f"#thanks-{person.pk}", "sent")
        j.htmx(lambda person=person: j.click(f"#thanks-save-{person.pk}"))
        expect(page.locator(f"#person-{person.pk} [role=status]")).to_have_text("Saved")
    j.submit("button:has-text('as sent today')")  # the other nine at once
    assert ItineraryPerson.objects.filter(item__interview=visit, thank_you_status="sent").count() == 12

    # --- More visits, onsites and the board: the three offers arrive ------------------------------------------
    j.phase("10. visits + board moves")
    schedule(j, apps["ETH Zurich"], kind="campus_visit", start=day(-20), time="09:00", zone="Europe/Zurich")
    schedule(j, apps["Google Research"], kind="campus_visit", start=day(-18), time="09:30", zone="America/New_York")
    j.nav("Applications")
    j.submit("main >> text=Board")
    # each card's "Move to" menu: Offer for the two universities that made one...
    for institution in ("Carnegie Mellon University", "ETH Zurich"):
        app = apps[institution]
        j.select(f"#move-{app.pk}", label="Offer")
        j.htmx(lambda app=app: j.click(f"#card-{app.pk} button:has-text('Move')"))
        expect(page.locator("#board-messages")).to_contain_text(f"Moved {institution} to Offer.")
    # ...and Google's with the keyboard alone: from the card, Tab to its menu, one step past "Team match", Enter
    google_card = apps["Google Research"].pk
    j.click(f"#card-{google_card} .board-card-link", focus_only=True)
    j.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"move-{google_card}"
    j.press("ArrowDown")
    j.htmx(lambda: j.press("Enter"))
    expect(page.locator("#board-messages")).to_contain_text("Moved Google Research to Offer.")
    # Princeton said no: in its row on the list
    j.nav("Applications")
    j.htmx(lambda: j.select(f"#stage-of-{apps['Princeton University'].pk}", label="Rejected"))

    # --- Three offers, one from industry with equity -------------------------------------------------------------
    j.phase("11. 3 offers")
    record_offer(
        j,
        apps["Carnegie Mellon University"],
        {"#id_base_salary": "135000", "#id_summer_months": "2", "#id_startup_package": "900000"},
        period="nine_month",
        currency="USD",
        deadline=day(14),
        scores=["5", "4", "3"],
    )
    record_offer(
        j,
        apps["ETH Zurich"],
        {"#id_base_salary": "152000", "#id_startup_package": "600000"},
        currency="CHF",
        deadline=day(21),
        scores=["4", "4", "4"],
    )
    record_offer(
        j,
        apps["Google Research"],
        {
            "#id_base_salary": "215000",
            "#id_bonus_percent": "15",
            "#id_sign_on": "50000",
            "#id_equity_amount": "600000",
        },
        currency="USD",
        deadline=day(10),
        scores=["3", "5", "4"],
    )
    expect(page.locator("main")).to_contain_text("600,000")

    # --- The decision: compare, withdraw what no longer matters, accept one -----------------------------------
    j.phase("12. decide: compare, withdraw, accept")
    j.nav("Offers")
    j.submit("main >> text=Compare")
    expect(page.locator("main")).to_contain_text("Google Research")
    j.nav("Applications")
    for institution in ("Cornell University", "The University of Tokyo"):
        j.tick(f"input[name=application][value='{apps[institution].pk}']")
    j.submit("#bulk-applications button[value=withdraw]")
    expect(page.locator(".alert-success")).to_contain_text("Withdrew 2 applications")
    # the search box, from the keyboard: "/" then the name, Enter. An application is found by its notes only, not
    # by its institution's name, so the way to it is the posting's result, then the posting's page.
    cmu = apps["Carnegie Mellon University"]
    j.press("/")
    j.type("Carnegie")
    with page.expect_navigation():
        j.press("Enter")
    j.submit(f"#search-results a[href='/positions/{cmu.position_id}/']")
    j.submit(f"main a[href='/applications/{cmu.pk}/']")
    j.submit("text=Open the offer")
    j.submit("main a:has-text('Accept')")
    j.submit("button:has-text('Confirm: accept')")  # the other two offers declined, the rest withdrawn
    expect(page.locator(".alert-success")).to_contain_text("Accepted the offer from Carnegie Mellon University")

    # --- The export, and a look at the season ------------------------------------------------------------------
    j.phase("13. export + report")
    j.nav("Applications")
    j.submit("text=Export these")
    with page.expect_download() as download_info:
        j.click("text=Applications (CSV)")
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    j.submit("text=Season report (page and PDF)")
    expect(page.locator("#report")).to_be_visible()
    j.nav("Calendar")
    j.submit("main a.nav-link:text-is('Month')")
    expect(page.locator("main")).to_contain_text(today().strftime("%B %Y"))

    # --- What is in the database --------------------------------------------------------------------------------
    assert len(rows) == 8
    assert Institution.objects.filter(owner=owner).count() == 8
    positions = Position.objects.filter(owner=owner)
    assert {p.deadline_tz for p in positions} == set(ZONES)
    cornell = positions.get(institution__name="Cornell University")
    assert (cornell.posting_url, cornell.portal) == (PASTED_LINK[1], "ajo")
    assert positions.filter(kind="research_scientist").count() == 2
    assert Application.objects.filter(owner=owner, track="industry").count() == 2
    assert Document.objects.filter(owner=owner).count() == 3
    assert DocumentVersion.objects.filter(document__owner=owner).count() == 5
    research = Document.objects.get(owner=owner, kind="research_statement")
    assert research.versions.count() == 2
    assert Contact.objects.filter(owner=owner, writes_letters=True).count() == 3
    assert LetterRequest.objects.filter(owner=owner).count() == 15
    assert Interview.objects.filter(owner=owner).count() == 9
    assert ItineraryItem.objects.filter(interview=visit).count() == 8
    assert Offer.objects.filter(owner=owner).count() == 3
    assert Score.objects.filter(offer__owner=owner).count() == 9
    google = Offer.objects.get(owner=owner, application=apps["Google Research"])
    assert google.equity_amount == 600000 and google.status == "declined"
    assert Offer.objects.get(application=apps["Carnegie Mellon University"]).status == "accepted"
    assert Offer.objects.get(application=apps["ETH Zurich"]).status == "declined"
    final = dict(Application.objects.filter(owner=owner).values_list("position__institution__name", "stage__name"))
    assert final == {
        "Carnegie Mellon University": "Accepted",
        "Princeton University": "Rejected",
        "Cornell University": "Withdrawn",
        "Google Research": "Declined",
        "ETH Zurich": "Declined",
        "EPFL": "Withdrawn",
        "The University of Tokyo": "Withdrawn",
        "Sakana AI": "Withdrawn",
    }

    total = j.total()
    print("\nSeason through the browser (issue 12 saw about 400 loads, 392 clicks, 527 fields):\n" + j.table())
    assert total["loads"] <= LOAD_BUDGET, j.table()


def schedule(j, application, *, kind, start, time, zone, end=None):
    """From the application's page: Schedule an interview, the form (moving the application on), Save."""
    page = j.page
    j.nav("Applications")
    j.submit(f"main a:text-is('{application.position.institution.name}')")
    j.submit("text=Schedule an interview")
    j.select("#id_kind", kind)
    j.fill("#id_start_date", start)
    j.fill("#id_start_time", time)
    if end:
        j.fill("#id_end_date", end[0])
        j.fill("#id_end_time", end[1])
    j.select("#id_time_zone", zone)
    j.submit("main form button:has-text('Save')")
    expect(page).to_have_url(re.compile(r"/interviews/\d+/"))


def record_offer(j, application, amounts, *, currency, deadline, scores, period=None):
    """From the application's page: Record an offer (the application comes chosen), the terms, Save; then score it
    on the first criteria of the decision matrix (research freedom, resources, focus) on the offer's page."""
    page = j.page
    j.nav("Applications")
    j.submit(f"main a:text-is('{application.position.institution.name}')")
    j.submit("text=Record an offer")
    assert page.input_value("#id_application") == str(application.pk)
    j.fill("#id_response_deadline_date", deadline)
    if currency != "USD":
        j.fill("#id_currency", currency)
    if period:
        j.select("#id_salary_period", period)
    for selector, value in amounts.items():
        j.fill(selector, value)
    j.submit("main form button:has-text('Save')")
    expect(page).to_have_url(re.compile(r"/offers/\d+/"))
    scores_form = "main form:has(button:has-text('Save scores'))"
    for index, score in enumerate(scores):
        j.select(f"{scores_form} select >> nth={index}", score)
    j.submit("button:has-text('Save scores')")
