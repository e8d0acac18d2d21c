"""A season report through the browser: build it, download the PDF, share it, read it logged out, revoke it."""

import io
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.reports.small_season import build_small_season

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_a_report_is_built_downloaded_shared_read_logged_out_and_revoked(page, browser, live_server):
    owner = UserFactory(email="reporter@example.edu", full_name="Ada Reporter")
    build_small_season(owner)
    log_in(page, owner)

    page.click("nav >> text=Reports")
    expect(page.locator("#report-summary")).to_be_visible()
    expect(page.locator("#report")).to_contain_text("Median 20.5 days from submission to a first answer")
    page.uncheck("input[name=section][value=materials]")  # htmx redraws the report without reloading
    expect(page.locator("#report-materials")).to_have_count(0)
    assert "section=summary" in page.url and "materials" not in page.url

    with page.expect_download() as download_info:
        page.click("text=Download PDF (A4)")
    data = Path(download_info.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "ETH Zurich" in text and "Materials sent" not in text

    page.click("text=Share with an advisor…")
    page.fill("#id_label", "Prof. Reyes")
    page.click("text=Make the link")
    link = page.input_value("#new-share-link")
    page.click("text=Copy")  # the copy button works under the content policy (no refusal recorded)
    expect(page.locator("tbody tr")).to_contain_text("Prof. Reyes")

    reader_context = browser.new_context()
    reader = reader_context.new_page()
    reader.goto(link)
    expect(reader.locator("body")).to_contain_text("Stanford University")
    assert "startup package" not in reader.content() and reader.locator("nav").count() == 0
    reader.click("text=Printable version")
    expect(reader.locator("button[data-print]")).to_be_visible()

    page.reload()
    expect(page.locator("tbody tr")).to_contain_text("2 times")
    page.click("button:has-text('Revoke')")
    expect(page.locator("tbody tr")).to_contain_text("revoked")
    assert reader.goto(link).status == 404
    reader_context.close()
