"""A report file built by a real Celery worker, with its progress seen while it builds."""

import io
import time

import pypdf
import pytest
from django.conf import settings

from jobtracker.celery import app
from jobtracker.reports import services
from tests.factories import make_application
from tests.reminders.services import shared_redis_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_builds_a_large_report_and_the_page_shows_its_progress(owner_client, owner, celery_for):
    for _ in range(200):
        make_application(owner, stage_name="Submitted")
    redis_url = shared_redis_url()
    celery = celery_for(redis_url, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    celery.worker(concurrency=1)
    report_file = services.request_file(
        user=owner, kind="pdf", query="paper=A4", description="Season report", filename="season.pdf"
    )
    with app.connection_for_write(redis_url) as connection:
        app.send_task("reports.build_file", args=[report_file.pk], queue=celery.queue, connection=connection)

    seen, deadline = set(), time.monotonic() + 120
    while time.monotonic() < deadline:
        report_file.refresh_from_db()
        seen.add((report_file.status, report_file.done))
        if report_file.finished:
            break
        time.sleep(0.05)
    assert report_file.status == "done", celery.logs()
    assert any(status == "running" and done > 0 for status, done in seen), f"no progress was seen: {seen}"
    response = owner_client.get(f"/reports/files/{report_file.pk}/download/")
    pages = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    assert len(pages) > 3
