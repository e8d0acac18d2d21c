"""Through the browser: back up an account, download the zip, restore it into a new account, see the data there."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from jobtracker.transfer import services
from jobtracker.transfer.models import Backup, Restore
from tests.factories import PASSWORD, UserFactory, make_document
from tests.reports.small_season import build_small_season

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(tab, user):
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.email)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url("**/")


def test_a_backup_is_downloaded_and_restored_into_a_new_account_through_the_ui(page, browser, live_server, tmp_path):
    owner = UserFactory(email="leaver@example.edu", full_name="Ada Leaver", time_zone="America/New_York")
    build_small_season(owner)
    make_document(owner)
    log_in(page, owner)

    page.goto("/accounts/profile/")
    page.click("text=Your data: back up, restore")
    page.click("button:has-text('Back up everything')")
    expect(page.locator("#backup-progress")).to_contain_text("Waiting for a worker")
    services.build_backup(pk=Backup.objects.get().pk)  # the worker's part
    expect(page.locator("#backup-progress")).to_contain_text("Ready", timeout=10_000)  # htmx polled it
    with page.expect_download() as download_info:
        page.click("#backup-progress >> text=Download")
    backup = tmp_path / "backup.zip"
    Path(download_info.value.path()).rename(backup)

    newcomer = UserFactory(email="arrival@example.edu", full_name="Someone New")
    context = browser.new_context(base_url=live_server.url)
    arrival = context.new_page()
    log_in(arrival, newcomer)
    arrival.goto("/backups/")
    arrival.set_input_files("#id_file", str(tmp_path / "backup.zip"))
    arrival.click("text=Upload and check")
    expect(arrival.locator("#restore-progress")).to_contain_text("every part of the backup is in order")
    expect(arrival.locator("main")).to_contain_text("6 applications")
    arrival.click("text=Restore into this account")
    expect(arrival.locator("#restore-progress")).to_contain_text("Waiting for a worker")
    services.run_restore(pk=Restore.objects.get().pk)  # the worker's part
    expect(arrival.locator("#restore-progress")).to_contain_text("Restored", timeout=10_000)
    arrival.click("text=Go to the dashboard")
    arrival.goto("/applications/")
    expect(arrival.locator("main")).to_contain_text("ETH Zurich")
    expect(arrival.locator("footer")).to_contain_text("America/New_York")  # the profile's zone came along
    context.close()


def test_a_file_that_is_not_a_backup_is_refused_on_the_page(page, tmp_path):
    user = UserFactory(email="curious@example.edu")
    log_in(page, user)
    fake = tmp_path / "holiday.zip"
    fake.write_bytes(b"%PDF-1.4 not a zip at all")
    page.goto("/backups/restore/")
    page.set_input_files("#id_file", str(fake))
    page.click("text=Upload and check")
    expect(page.locator("#restore-problem")).to_contain_text("This is not a jobtracker backup")
