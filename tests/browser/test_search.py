"""The search box in a real Chromium: "/" from anywhere, the results page, the arrow keys, and live results."""

from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import expect

from jobtracker.network.models import Contact
from tests.factories import PASSWORD, InstitutionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_ID = "document.activeElement.id"


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_slash_goes_to_the_search_box_and_the_arrow_keys_open_a_result(page):
    owner = UserFactory(email="search@example.edu")
    karolinska = InstitutionFactory(owner=owner, name="Karolinska Institutet", department="Neuroscience")
    InstitutionFactory(owner=owner, name="University of Toronto")
    Contact.objects.create(owner=owner, name="Hugo Brunner", institution=karolinska)
    log_in(page, owner)

    page.keyboard.press("/")
    assert page.evaluate(FOCUSED_ID) == "nav-search"
    assert page.input_value("#nav-search") == ""  # the "/" itself is not typed
    page.keyboard.press("Escape")
    assert page.evaluate(FOCUSED_ID) != "nav-search"
    page.keyboard.press("Control+/")
    assert page.evaluate(FOCUSED_ID) != "nav-search"

    page.keyboard.press("/")
    page.keyboard.type("karolinska")
    page.keyboard.press("Enter")

    page.wait_for_url("**/search/?q=karolinska")
    expect(page.locator("#search-status")).to_have_text("2 results found for “karolinska”.")
    expect(page.locator("#search-results")).to_contain_text("Hugo Brunner")  # through his institution
    expect(page.locator("#search-results")).not_to_contain_text("University of Toronto")
    assert page.evaluate(FOCUSED_ID) == "search-page-q"
    page.keyboard.press("ArrowDown")
    first = page.locator("#search-results [data-search-result]").first
    expect(first).to_be_focused()
    expect(first).to_have_text("Karolinska Institutet")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#search-results [data-search-result]").nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED_ID) == "search-page-q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{karolinska.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Karolinska Institutet")


def test_typing_in_the_search_page_updates_the_results_in_place(page):
    owner = UserFactory(email="live@example.edu")
    InstitutionFactory(owner=owner, name="ETH Zurich")
    Contact.objects.create(owner=owner, name="Ada Wang", notes="robotics")
    Contact.objects.create(owner=owner, name="Li Wang", notes="vision")
    log_in(page, owner)
    page.goto("/search/")
    page.evaluate("window.searchPageMarker = 'still here'")  # gone if the page reloads

    field = page.locator("#search-page-q")
    field.press_sequentially("wang")
    expect(page.locator("#search-status")).to_have_text("2 results found for “wang”.")
    expect(page.locator("#search-results")).to_contain_text("Ada Wang")
    expect(page.locator("#search-results")).to_contain_text("Li Wang")

    field.press_sequentially(" robot/")  # a "/" typed in a field is text, not the shortcut
    expect(page.locator("#search-status")).to_have_text("Nothing found for “wang robot/”.")
    field.press("Backspace")
    expect(page.locator("#search-status")).to_have_text("1 result found for “wang robot”.")
    expect(page.locator("#search-results")).not_to_contain_text("Li Wang")
    assert page.input_value("#search-page-q") == "wang robot"
    assert page.evaluate(FOCUSED_ID) == "search-page-q"  # focus stays in the field while typing
    assert page.evaluate("window.searchPageMarker") == "still here"
    assert unquote_plus(page.url).endswith("/search/?q=wang robot")  # the address follows: Back and reload work

    page.go_back()
    expect(page.locator("#search-status")).not_to_have_text("1 result found for “wang robot”.")
