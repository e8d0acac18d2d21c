"""The pages: ask for a backup, watch it, download it (its owner only); upload, check and restore a backup."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobtracker.pipeline.models import Application
from jobtracker.transfer import services
from jobtracker.transfer.models import Backup, Restore
from tests.factories import UserFactory, make_application, make_document
from tests.transfer.backups import make_backup, without_ids

pytestmark = pytest.mark.django_db


def _built_backup(client, user) -> Backup:
    response = client.post("/backups/new/")
    backup = Backup.objects.get(owner=user)
    assert response["Location"] == f"/backups/{backup.pk}/"
    assert "Waiting for a worker" in client.get(response["Location"]).content.decode()
    services.build_backup(pk=backup.pk)  # what the Celery task runs
    backup.refresh_from_db()
    return backup


def test_the_owner_asks_for_a_backup_sees_it_ready_and_downloads_it(owner_client, owner):
    make_application(owner)
    make_document(owner)
    backup = _built_backup(owner_client, owner)
    assert backup.status == "done" and backup.done == backup.total > 0 and backup.counts["files"] == 1

    progress = owner_client.get(f"/backups/{backup.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Ready" in progress and "hx-trigger" not in progress
    download = owner_client.get(f"/backups/{backup.pk}/download/")
    assert download["Content-Type"] == "application/zip" and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    data = b"".join(download.streaming_content)
    assert without_ids(data) == without_ids(make_backup(owner))


def test_another_user_can_neither_see_nor_download_nor_rebuild_a_backup(owner_client, owner, client, outsider):
    make_application(owner)
    backup = _built_backup(owner_client, owner)
    client.force_login(outsider)
    for url in [f"/backups/{backup.pk}/", f"/backups/{backup.pk}/download/"]:
        assert client.get(url).status_code == 404
    assert client.post(f"/backups/{backup.pk}/build/").status_code == 404


def test_a_backup_no_worker_picked_up_can_be_built_in_the_request(owner_client, owner):
    make_application(owner)
    owner_client.post("/backups/new/")
    backup = Backup.objects.get()
    response = owner_client.post(f"/backups/{backup.pk}/build/")
    assert response["Location"] == f"/backups/{backup.pk}/"
    backup.refresh_from_db()
    assert backup.status == "done"


def _upload(client, data: bytes, name="backup.zip"):
    return client.post("/backups/restore/", {"file": SimpleUploadedFile(name, data, "application/zip")})


def test_a_backup_is_uploaded_checked_and_restored_into_an_empty_account(client, owner):
    make_application(owner)
    make_document(owner)
    data = make_backup(owner)
    newcomer = UserFactory(email="newcomer@example.edu")
    client.force_login(newcomer)

    response = _upload(client, data)
    restore = Restore.objects.get(owner=newcomer)
    assert response["Location"] == f"/backups/restore/{restore.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "every part of the backup is in order" in page and "1 application" in page
    assert client.post(f"/backups/restore/{restore.pk}/commit/")["Location"] == f"/backups/restore/{restore.pk}/"
    restore.refresh_from_db()
    assert restore.status == "queued"
    services.run_restore(pk=restore.pk)  # what the Celery task runs

    restore.refresh_from_db()
    assert restore.status == "done" and not restore.file
    assert "Restored" in client.get(f"/backups/restore/{restore.pk}/").content.decode()
    newcomer.refresh_from_db()
    assert without_ids(make_backup(newcomer)) == without_ids(data)


def test_a_bad_upload_is_refused_on_its_page_and_its_file_is_not_kept(owner_client, owner):
    response = _upload(owner_client, b"PK\x03\x04 not really a zip")
    restore = Restore.objects.get()
    assert restore.status == "invalid" and not restore.file
    page = owner_client.get(response["Location"]).content.decode()
    assert "This backup was refused: The zip file is damaged" in page
    assert owner_client.post(f"/backups/restore/{restore.pk}/commit/").status_code == 302
    restore.refresh_from_db()
    assert restore.status == "invalid"


def test_an_upload_over_the_limit_is_refused_on_the_field(owner_client, settings):
    settings.TRANSFER_MAX_UPLOAD_BYTES = 10
    response = _upload(owner_client, b"PK\x03\x04" + b"x" * 100)
    assert response.status_code == 400 and "the limit is 10" in response.content.decode()
    assert not Restore.objects.exists()


def test_an_account_with_data_is_told_to_restore_elsewhere_and_cannot(owner_client, owner):
    make_application(owner)
    data = make_backup(owner)
    response = _upload(owner_client, data)
    restore = Restore.objects.get()
    page = owner_client.get(response["Location"]).content.decode()
    assert "already holds 1 institution, 1 posting, 1 application" in page
    owner_client.post(f"/backups/restore/{restore.pk}/commit/")
    restore.refresh_from_db()
    assert restore.status == "valid"
    assert Application.objects.filter(owner=owner).count() == 1


def test_another_users_uploaded_backup_cannot_be_seen_or_restored_into_any_account(owner, client, outsider):
    make_application(owner)
    data = make_backup(owner)
    newcomer = UserFactory(email="newcomer@example.edu")
    client.force_login(newcomer)
    _upload(client, data)
    restore = Restore.objects.get()

    client.force_login(outsider)
    assert client.get(f"/backups/restore/{restore.pk}/").status_code == 404
    assert client.post(f"/backups/restore/{restore.pk}/commit/").status_code == 404
    assert client.post(f"/backups/restore/{restore.pk}/run/").status_code == 404
    restore.refresh_from_db()
    assert restore.status == "valid"
    assert not Application.objects.filter(owner__in=[outsider, newcomer]).exists()


def test_a_restore_no_worker_picked_up_can_run_in_the_request(owner, client):
    make_application(owner)
    newcomer = UserFactory(email="newcomer@example.edu")
    client.force_login(newcomer)
    _upload(client, make_backup(owner))
    restore = Restore.objects.get()
    client.post(f"/backups/restore/{restore.pk}/commit/")
    client.post(f"/backups/restore/{restore.pk}/run/")
    restore.refresh_from_db()
    assert restore.status == "done"
    assert Application.objects.filter(owner=newcomer).count() == 1


def test_a_restore_that_fails_says_why_and_can_be_tried_again(owner, client, monkeypatch):
    make_application(owner)
    newcomer = UserFactory(email="newcomer@example.edu")
    client.force_login(newcomer)
    _upload(client, make_backup(owner))
    restore = Restore.objects.get()
    client.post(f"/backups/restore/{restore.pk}/commit/")
    make_application(newcomer)  # the account filled up meanwhile
    services.run_restore(pk=restore.pk)
    restore.refresh_from_db()
    assert restore.status == "failed" and "already holds" in restore.error
    assert Application.objects.filter(owner=newcomer).count() == 1


def test_expired_backups_restores_and_imports_go_with_their_files(
    owner_client, owner, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.core.files.storage import default_storage
    from django.utils import timezone

    make_application(owner)
    backup = _built_backup(owner_client, owner)
    name = backup.file.name
    assert default_storage.exists(name)
    assert services.expire() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire(now=timezone.now() + dt.timedelta(days=1, minutes=1)) == 1
    assert not Backup.objects.exists() and not default_storage.exists(name)


def test_a_backup_zip_is_read_from_its_own_stream(owner):
    make_application(owner)
    assert io.BytesIO(make_backup(owner)).read(4) == b"PK\x03\x04"
