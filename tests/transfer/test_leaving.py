"""Leaving: the page offers a backup first; deleting removes every row and every file of the account, only its own."""

import os

import pytest
from django.conf import settings

from jobtracker.accounts.models import User
from jobtracker.transfer import catalogue
from jobtracker.transfer.models import Backup
from jobtracker.transfer.services import build_backup, request_backup
from tests.factories import PASSWORD, make_application
from tests.transfer.season import build_full_season

pytestmark = pytest.mark.django_db


def _files(root) -> set[str]:
    return {os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files}


def _owned_rows(user_id: int) -> int:
    return sum(m._default_manager.filter(owner_id=user_id).count() for m in catalogue.owned_models())


def test_the_page_offers_a_backup_before_anything_is_deleted(owner_client, owner):
    make_application(owner)
    page = owner_client.get("/leave/").content.decode()
    assert "take your data with you" in page and 'action="/backups/new/"' in page and "1 application" in page


def test_a_wrong_password_deletes_nothing(owner_client, owner):
    make_application(owner)
    response = owner_client.post("/leave/", {"password": "not it"})
    assert response.status_code == 400 and "That is not your password" in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists() and _owned_rows(owner.pk) > 0


def test_leaving_removes_every_row_and_file_of_the_account_and_says_so(
    client, outsider, django_capture_on_commit_callbacks
):
    user = build_full_season()
    user.set_password(PASSWORD)
    user.save()
    build_backup(pk=request_backup(user=user).pk)
    make_application(outsider)
    theirs = _files(settings.MEDIA_ROOT)
    mine = {path for path in theirs if f"/{user.pk}/" in path}
    assert len(mine) > 5
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/leave/", {"password": PASSWORD})

    body = response.content.decode()
    assert response.status_code == 200 and "Your account is deleted" in body
    assert f"and {len(mine)} files on the disk" in body and "institutions" in body
    assert not User.objects.filter(pk=user.pk).exists()
    assert _owned_rows(user.pk) == 0 and not Backup.objects.exists()
    assert _files(settings.MEDIA_ROOT) == theirs - mine
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "documents", str(user.pk)))
    assert _owned_rows(outsider.pk) > 0
    assert client.get("/").status_code == 302  # logged out
