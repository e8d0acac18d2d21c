"""axe-core over every main page, in a real Chromium: no serious or critical violation anywhere.

The season is the demo account's (`seed_demo` and the other apps' demo seeds, written through the real
services): about twenty targets in two tracks, documents with versions, letter writers and requests,
contacts with interactions, interviews with a two-day campus visit itinerary, and offers to compare.
Every page below therefore shows its tables, forms and badges with real rows, not empty states.

How axe gets into the page: axe-playwright-python's `Axe.run` passes axe-core's source to
`page.evaluate`, which Playwright sends over the DevTools protocol (Runtime.evaluate). The content
policy (`script-src 'self'`) governs the page's own <script> elements, eval and inline handlers, not
code the automation evaluates, so nothing is refused and no `bypass_csp` context is needed. We keep
the stock `page` fixture, which fails on any Content-Security-Policy refusal: the check runs against
the policy exactly as users get it (a bypassed policy could hide a page that only works without it).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from jobtracker.accounts.models import User
from jobtracker.interviews.models import Interview
from jobtracker.materials.models import Document
from jobtracker.network.models import Contact
from jobtracker.offers.models import Offer
from jobtracker.pipeline import demo
from jobtracker.pipeline.models import Application, Institution, Position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}

# (name, URL); "{...}" is filled in from the demo season's rows by `_rows`.
SIGNED_IN_PAGES = [
    ("dashboard", "/"),
    ("calendar list", "/calendar/"),
    ("calendar month", "/calendar/?view=month"),
    ("calendar week", "/calendar/?view=week"),
    ("applications list", "/applications/"),
    ("applications board", "/applications/board/"),
    ("application detail", "/applications/{application}/"),
    ("postings list", "/positions/"),
    ("posting detail", "/positions/{position}/"),
    ("posting form", "/positions/new/"),
    ("institutions list", "/institutions/"),
    ("institution detail", "/institutions/{institution}/"),
    ("institution form", "/institutions/new/"),
    ("contacts list", "/contacts/"),
    ("contact detail", "/contacts/{contact}/"),
    ("documents list", "/materials/"),
    ("document detail", "/materials/{document}/"),
    ("letters matrix", "/letters/"),
    ("letter writer", "/letters/writers/{writer}/"),
    ("checklist", "/applications/{application}/checklist/"),
    ("interviews list", "/interviews/"),
    ("interview with itinerary", "/interviews/{visit}/"),
    ("offers list", "/offers/"),
    ("offer detail", "/offers/{offer}/"),
    ("offers compare", "/offers/compare/"),
    ("reports", "/reports/"),
    ("search results", "/search/?q=Stanford"),
    ("reminder settings", "/reminders/"),
    ("profile", "/accounts/profile/"),
    ("stages settings", "/stages/"),
    ("seasons", "/seasons/"),
    ("backups", "/backups/"),
]
SIGNED_OUT_PAGES = [
    ("login", "/accounts/login/"),
    ("sign-up", "/accounts/signup/"),
]


@pytest.fixture
def season_owner(db):
    call_command("seed_demo", verbosity=0)
    return User.objects.get(email=demo.DEMO_EMAIL)


def _rows(owner) -> dict:
    """The ids the URLs need, each a row that has something to show."""
    visit = Interview.objects.filter(owner=owner, kind=Interview.Kind.CAMPUS_VISIT, items__isnull=False).first()
    application = visit.application
    writer = Contact.objects.filter(owner=owner, writes_letters=True, letter_requests__isnull=False).first()
    return {
        "application": application.pk,
        "position": application.position_id,
        "institution": application.position.institution_id,
        "contact": Contact.objects.filter(owner=owner, interactions__isnull=False).first().pk,
        "document": Document.objects.filter(owner=owner, versions__isnull=False).first().pk,
        "writer": writer.pk,
        "visit": visit.pk,
        "offer": Offer.objects.filter(owner=owner).first().pk,
    }


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def blocking_violations(page, name: str) -> list[str]:
    """One line per serious or critical node axe finds on the page now shown: page, rule, selectors."""
    results = Axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            targets = ", ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            why = "; ".join(c["message"] for c in checks if c.get("message")) or violation["help"]
            lines.append(f"{name}: {violation['id']} ({violation['impact']}) at {targets}: {why}")
    return lines


def check(page, name: str, url: str) -> None:
    response = page.goto(url)
    assert response.ok, f"{name}: {url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    problems = blocking_violations(page, name)
    assert not problems, f"{len(problems)} serious or critical violation(s) on {name} ({url}):\n" + "\n".join(problems)


@pytest.mark.parametrize(("name", "url"), SIGNED_IN_PAGES, ids=[name for name, _ in SIGNED_IN_PAGES])
def test_a_signed_in_page_has_no_serious_or_critical_violation(page, season_owner, name, url):
    url = url.format(**_rows(season_owner))
    log_in(page, demo.DEMO_EMAIL, demo.DEMO_PASSWORD)
    check(page, name, url)


@pytest.mark.parametrize(("name", "url"), SIGNED_OUT_PAGES, ids=[name for name, _ in SIGNED_OUT_PAGES])
def test_a_signed_out_page_has_no_serious_or_critical_violation(page, name, url):
    check(page, name, url)


def test_the_season_gives_every_page_something_to_show(season_owner):
    rows = _rows(season_owner)
    assert all(rows.values())
    assert Application.objects.filter(owner=season_owner).count() >= 10
    assert Institution.objects.filter(owner=season_owner).count() >= 10
    assert Position.objects.filter(owner=season_owner).count() >= 10
    assert Offer.objects.filter(owner=season_owner).count() >= 2
