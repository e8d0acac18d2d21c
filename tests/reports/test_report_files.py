"""Report files: the page, the direct PDF of an ordinary season, background builds with progress, expiry."""

import datetime as dt
import io
import os

import pypdf
import pytest
from django.test import Client
from django.utils import timezone

from jobtracker.reports import builders, services
from jobtracker.reports.models import ReportFile
from tests.reports.small_season import build_small_season


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_report_page_shows_the_figures_and_the_charts(owner_client, owner):
    build_small_season(owner)
    body = owner_client.get("/reports/").content.decode()
    assert "Faculty · 5 applications" in body and "<svg" in body
    assert "Median 20.5 days from submission to a first answer (over 2 answers)" in body
    assert "ETH Zurich" in body and "10 weeks" in body
    assert "startup package" not in body
    assert "startup package" in owner_client.get("/reports/?private=1").content.decode()


def test_an_ordinary_season_downloads_its_pdf_at_once(owner_client, owner):
    build_small_season(owner)
    response = owner_client.get("/reports/report.pdf?paper=Letter&section=summary&section=applications")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="jobtracker-season-')
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    assert "ETH Zurich" in pdf_text(response.content)


def test_a_large_season_is_built_in_the_background_with_progress(owner_client, owner, settings):
    settings.REPORTS_INLINE_MAX_APPLICATIONS = 2
    build_small_season(owner)
    page = owner_client.get("/reports/").content.decode()
    assert "Build PDF (A4)" in page and "report.pdf" not in page
    response = owner_client.post("/reports/files/", {"kind": "pdf", "paper": "A4", "query": "section=summary"})
    report_file = ReportFile.objects.get()
    assert response["Location"] == f"/reports/files/{report_file.pk}/"
    assert "Waiting for a worker" in owner_client.get(response["Location"]).content.decode()
    services.build_file(pk=report_file.pk, render=builders.render)  # what the Celery task runs
    report_file.refresh_from_db()
    assert report_file.status == "done" and report_file.size > 1000 and report_file.done == report_file.total
    progress = owner_client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Ready" in progress and "hx-trigger" not in progress  # polling stops once it is done
    download = owner_client.get(f"/reports/files/{report_file.pk}/download/")
    assert "Pipeline summary" in pdf_text(b"".join(download.streaming_content))


def test_a_workbook_can_be_built_in_the_background_too(owner_client, owner):
    build_small_season(owner)
    owner_client.post("/reports/files/", {"kind": "xlsx", "query": ""})
    report_file = ReportFile.objects.get()
    services.build_file(pk=report_file.pk, render=builders.render)
    report_file.refresh_from_db()
    assert report_file.status == "done" and report_file.filename.endswith(".xlsx")


def test_a_file_no_worker_picked_up_can_be_built_in_the_request(owner_client, owner):
    owner_client.post("/reports/files/", {"kind": "pdf", "query": ""})
    report_file = ReportFile.objects.get()
    ReportFile.objects.filter(pk=report_file.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert "No worker has started it yet" in owner_client.get(f"/reports/files/{report_file.pk}/").content.decode()
    owner_client.post(f"/reports/files/{report_file.pk}/build/")
    report_file.refresh_from_db()
    assert report_file.status == "done"


def test_a_build_that_fails_says_why_and_can_be_tried_again(owner_client, owner):
    owner_client.post("/reports/files/", {"kind": "pdf", "query": ""})
    report_file = ReportFile.objects.get()

    def broken(*_args):
        raise RuntimeError("the disk is full")

    services.build_file(pk=report_file.pk, render=broken)
    assert "the disk is full" in owner_client.get(f"/reports/files/{report_file.pk}/").content.decode()
    assert owner_client.get(f"/reports/files/{report_file.pk}/download/").status_code == 404


def test_a_file_is_built_once_even_if_its_task_runs_twice(owner_client, owner):
    owner_client.post("/reports/files/", {"kind": "pdf", "query": ""})
    pk = ReportFile.objects.get().pk
    assert services.build_file(pk=pk, render=builders.render) is not None
    assert services.build_file(pk=pk, render=builders.render) is None


def test_another_users_file_answers_not_found(owner_client, owner, outsider):
    owner_client.post("/reports/files/", {"kind": "pdf", "query": ""})
    report_file = ReportFile.objects.get()
    services.build_file(pk=report_file.pk, render=builders.render)
    other = Client()
    other.force_login(outsider)
    for url in (f"/reports/files/{report_file.pk}/", f"/reports/files/{report_file.pk}/download/"):
        assert other.get(url).status_code == 404
    assert other.post(f"/reports/files/{report_file.pk}/build/").status_code == 404


def test_files_expire_after_a_day_with_what_is_on_disk(
    owner_client, owner, settings, django_capture_on_commit_callbacks
):
    owner_client.post("/reports/files/", {"kind": "pdf", "query": ""})
    report_file = ReportFile.objects.get()
    services.build_file(pk=report_file.pk, render=builders.render)
    report_file.refresh_from_db()
    stored = report_file.file.path
    assert services.expire_files(now=timezone.now() + dt.timedelta(hours=23)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_files(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not ReportFile.objects.exists() and not os.path.exists(stored)


@pytest.mark.parametrize("kind", ["", "exe", "../pdf"])
def test_an_unknown_kind_builds_nothing(owner_client, owner, kind):
    response = owner_client.post("/reports/files/", {"kind": kind, "query": ""}, follow=True)
    assert "Choose a PDF or a workbook" in response.content.decode()
    assert not ReportFile.objects.exists()
