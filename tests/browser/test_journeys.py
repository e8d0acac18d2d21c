"""A candidate's first session, in a real Chromium."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from jobtracker.accounts.models import User
from jobtracker.materials.models import Requirement, Submission
from jobtracker.pipeline.models import Application
from tests.factories import PDF_BYTES, InstitutionFactory, make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, email="ada@example.edu"):
    page.goto("/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_full_name", "Ada Candidate")
    page.select_option("#id_time_zone", "Europe/Berlin")
    page.fill("#id_password1", "multimodal-season-2026")
    page.fill("#id_password2", "multimodal-season-2026")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    page.goto(confirmation_link(email))
    page.click("text=Confirm and log in")
    page.wait_for_selector("text=Address confirmed. Start by adding")  # the dashboard


def confirmation_link(email):
    """The live server runs in this process, so its e-mails land in this outbox."""
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return re.search(r"https?://\S+/accounts/confirm/\S+/", message.body).group(0)


def test_a_new_user_adds_a_target_and_a_posting_and_moves_the_application(page):
    sign_up(page)
    assert "Season" in page.inner_text("h1")

    page.click("text=Institutions")
    page.click("text=Add the first institution")
    page.fill("#id_name", "Carnegie Mellon University")
    page.fill("#id_department", "Machine Learning Department")
    page.fill("#id_tag_names", "dream job, Pittsburgh")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Carnegie Mellon University')")

    page.click("text=Add posting")
    page.fill("#id_title", "Assistant Professor")
    page.fill("#id_deadline_date", "2030-12-15")
    page.fill("#id_deadline_time", "23:59")
    page.select_option("#id_deadline_tz", "America/Los_Angeles")
    page.click("button:has-text('Save')")
    page.wait_for_url("**/applications/*/")
    assert "Mon 16 Dec 2030, 08:59 CET" in page.content()

    page.select_option("#id_to_stage", label="Submitted")
    page.fill("#id_note", "Uploaded via AcademicJobsOnline")
    page.click("button:has-text('Move')")
    page.wait_for_selector("text=Moved to Submitted.")
    assert "Uploaded via AcademicJobsOnline" in page.inner_text(".timeline")
    application = Application.objects.get()
    assert application.stage.name == "Submitted" and application.submitted_on is not None


def test_a_form_error_keeps_what_the_user_typed(page):
    sign_up(page, "grace@example.edu")
    page.goto("/institutions/new/")
    page.fill("#id_name", "ETH Zurich")
    page.fill("#id_fit_notes", "Strong vision group; two-body friendly city.")
    page.fill("#id_priority", "9")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Nothing was saved")  # the POST has come back with the form
    assert page.input_value("#id_fit_notes") == "Strong vision group; two-body friendly city."
    assert "less than or equal to 5" in page.inner_text("main form")


def test_the_dashboard_works_on_a_phone(phone):
    sign_up(phone, "phone@example.edu")
    phone.click(".navbar-toggler")
    phone.click("text=Applications")
    phone.wait_for_url("**/applications/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"


def test_typing_in_search_filters_the_list_without_a_reload(page):
    sign_up(page, "search@example.edu")
    user = User.objects.get(email="search@example.edu")
    make_application(user, institution=InstitutionFactory(owner=user, name="University of Toronto"))
    make_application(user, institution=InstitutionFactory(owner=user, name="ETH Zurich"))
    page.goto("/applications/")
    page.evaluate("window.notReloaded = true")
    page.fill("#id_q", "toronto")
    expect(page.locator("#results")).not_to_contain_text("ETH Zurich")  # no eval: the page's policy forbids it
    assert "University of Toronto" in page.inner_text("#results")
    assert page.evaluate("window.notReloaded") is True
    assert "q=toronto" in page.url


def test_a_candidate_uploads_a_statement_and_attaches_it_to_an_application(page, tmp_path):
    sign_up(page, "upload@example.edu")
    user = User.objects.get(email="upload@example.edu")
    application = make_application(user, institution=InstitutionFactory(owner=user, name="University of Toronto"))
    Requirement.objects.create(owner=user, position=application.position, kind="research_statement", page_limit=3)
    statement = tmp_path / "research-statement.pdf"
    statement.write_bytes(PDF_BYTES)

    page.goto("/materials/new/")
    page.select_option("#id_kind", "research_statement")
    page.fill("#id_title", "Research statement")
    page.set_input_files("#id_file", str(statement))
    page.click("button:has-text('Upload')")
    page.wait_for_selector("h1:has-text('Research statement')")
    assert "research-statement.pdf" in page.inner_text("table")

    page.goto(f"/applications/{application.pk}/checklist/")
    page.select_option("select", label="Research statement: v1")
    page.click("button:has-text('Save checklist')")
    page.wait_for_selector("text=Checklist saved.")
    assert "1 of 4" in page.inner_text("main")
    assert Submission.objects.get().application == application
