"""manage.py restore_backup: the same checks and restore, for backups larger than an upload may be."""

import pytest
from django.core.management import CommandError, call_command

from jobtracker.pipeline.models import Application
from tests.factories import UserFactory, make_application
from tests.transfer.backups import make_backup

pytestmark = pytest.mark.django_db


def test_the_command_restores_a_backup_file_into_an_empty_account(owner, tmp_path, capsys):
    make_application(owner)
    path = tmp_path / "backup.zip"
    path.write_bytes(make_backup(owner))
    UserFactory(email="newcomer@example.edu")
    call_command("restore_backup", str(path), email="Newcomer@example.edu")
    assert Application.objects.filter(owner__email="newcomer@example.edu").count() == 1
    assert "Restored" in capsys.readouterr().out


def test_the_command_refuses_a_bad_file_with_the_reason(owner, tmp_path):
    path = tmp_path / "backup.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a zip"):
        call_command("restore_backup", str(path), email=owner.email)
