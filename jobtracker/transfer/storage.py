"""Files on disk: deleting them after the transaction that forgot them, and the limits on uploaded backups."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction


def max_restore_upload_bytes() -> int:
    """An uploaded backup may be as large as a request may be (REQUEST_MAX_MB); larger: manage.py restore_backup."""
    return getattr(settings, "TRANSFER_MAX_UPLOAD_BYTES", settings.REQUEST_MAX_BYTES)


def delete_files(names) -> int:
    deleted = 0
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    return deleted


def delete_files_on_commit(names) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_files(names))
