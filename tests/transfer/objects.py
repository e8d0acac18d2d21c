"""One of each transfer object for an owner, for the URL-wide tests (tests/url_helpers.owned_objects)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from jobtracker.transfer.models import Backup, Restore, SheetImport

INSPECTED = {"created_at": "", "account_email": "", "counts": {}, "files": 0, "file_bytes": 0}


def transfer_objects(owner) -> dict:
    tomorrow = timezone.now() + dt.timedelta(days=1)
    backup = Backup(owner=owner, filename="backup.zip", status=Backup.Status.DONE, expires_at=tomorrow)
    backup.file.save("backup.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    restore = Restore(
        owner=owner, status=Restore.Status.VALID, original_name="backup.zip", inspection=INSPECTED, expires_at=tomorrow
    )
    restore.file.save("backup.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    sheet = SheetImport(
        owner=owner,
        original_name="targets.csv",
        columns=["institution"],
        mapping={"institution": 0},
        time_zone="UTC",
        expires_at=tomorrow,
    )
    sheet.file.save("targets.csv", ContentFile(b"institution\nCarnegie Mellon University\n"), save=True)
    return {"backup": backup, "restore": restore, "sheet": sheet}
