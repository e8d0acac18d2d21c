"""Leaving: delete an account with every row it owns and every file it uploaded or had built, then say so."""

import contextlib
import os
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import transaction

from jobtracker.core.deletion import count_phrase
from jobtracker.transfer import catalogue
from jobtracker.transfer.storage import delete_files_on_commit

# Where each app keeps a user's files: documents/<id>/, imports/<id>/, reports/<id>/, transfer/<id>/.
USER_FOLDERS = ("documents", "imports", "reports", "transfer")


@dataclass
class Farewell:
    rows: list[str]  # e.g. ["12 institutions", "3 documents"]
    row_count: int
    files: int


def owned_file_names(user) -> list[str]:
    """Every stored file any row of the user names, whatever the app (read from the models' file fields)."""
    names = []
    for model in catalogue.owned_models():
        file_fields = [f.name for f in model._meta.concrete_fields if f.get_internal_type() == "FileField"]
        for name in file_fields:
            rows = model._default_manager.filter(owner=user).exclude(**{name: ""}).values_list(name, flat=True)
            names.extend(rows.iterator())
    return names


def _delete_rows(user) -> tuple[list[str], int]:
    """Every owned row, children before parents (a letter protects its writer until the letter is gone)."""
    described, total = [], 0
    backed_up = [entry.model for entry in catalogue.entries()]
    others = [m for m in catalogue.owned_models() if m not in backed_up]
    for model in [*others, *reversed(backed_up)]:
        _deleted, per_model = model._default_manager.filter(owner=user).delete()
        for label, n in per_model.items():
            total += n
            counted = apps.get_model(label)
            if n and not counted._meta.auto_created:
                described.append(count_phrase(counted, n))
    return described, total


def delete_account(*, user) -> Farewell:
    """Rows in one transaction; the files once it has committed, with the user's now empty folders."""
    with transaction.atomic():
        names = [name for name in owned_file_names(user) if default_storage.exists(name)]
        rows, total = _delete_rows(user)
        pk = user.pk
        user.delete()
        delete_files_on_commit(names)
        transaction.on_commit(lambda: _remove_empty_folders(pk))
    return Farewell(rows=rows, row_count=total, files=len(names))


def _remove_empty_folders(pk: int) -> None:
    for folder in USER_FOLDERS:
        with contextlib.suppress(NotImplementedError, OSError):  # not on disk, not empty, or never made
            os.rmdir(default_storage.path(f"{folder}/{pk}"))
