"""Write a validated backup into an empty account in one transaction, every id remapped.

Rows are read again from the zip line by line and inserted in chunks; only the map from each backed-up id to
its new id is kept for the whole restore. Uploaded files are stored under fresh generated names; if anything
fails, the transaction rolls back and the files stored so far are deleted, so a failed restore leaves nothing.
"""

import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import islice

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from jobtracker.core.deletion import count_phrase
from jobtracker.transfer import catalogue
from jobtracker.transfer.archive import BackupProblem, RowReader, open_archive, read_manifest, stream_entry
from jobtracker.transfer.catalogue import Entry
from jobtracker.transfer.codec import from_json
from jobtracker.transfer.inspection import profile_from

CHUNK_ROWS = 500
PARENTS_KEPT = 2000  # recently restored rows kept per model, so clean() finds a row's parent without a query

Progress = Callable[[int, int], None]


def account_holdings(user) -> list[str]:
    """What the account holds beyond the defaults every account starts with, e.g. ["3 institutions"]."""
    held = []
    for entry in catalogue.entries():
        if entry.label in catalogue.ACCOUNT_DEFAULTS:
            continue
        n = entry.model._default_manager.filter(owner=user).count()
        if n:
            held.append(count_phrase(entry.model, n))
    return held


def check_empty(user) -> None:
    held = account_holdings(user)
    if held:
        raise BackupProblem(
            f"This account already holds {', '.join(held[:4])}{' and more' if len(held) > 4 else ''}. A backup is "
            "restored only into an empty account: sign up for a new account and restore it there."
        )


class _Restore:
    def __init__(self, user, archive, progress: Progress, total: int):
        self.user, self.archive, self.progress = user, archive, progress
        self.done, self.total = 0, total
        self.new_ids: dict[type, dict[int, int]] = {}
        self.recent: dict[type, OrderedDict] = {}
        self.deferred: list[tuple[type, int, str, type, int]] = []  # (model, new pk, attname, target, old id)
        self.stored_files: list[str] = []

    def run(self, listed: dict[str, dict], profile: dict) -> dict[str, int]:
        check_empty(self.user)
        for label in catalogue.ACCOUNT_DEFAULTS:
            catalogue.entry_for(label).model._default_manager.filter(owner=self.user).delete()
        counts = {}
        for entry in catalogue.entries():
            self.new_ids[entry.model] = {}
            self.recent[entry.model] = OrderedDict()
            item = listed.get(entry.label)
            rows = RowReader(self.archive, entry, item["path"]).rows() if item else iter(())
            counts[entry.label] = self._restore_model(entry, rows)
        self._set_deferred()
        for name, value in profile.items():
            setattr(self.user, name, value)
        self.user.save(update_fields=list(profile))
        return counts

    def _restore_model(self, entry: Entry, rows: Iterator[tuple[int, dict]]) -> int:
        count = 0
        while chunk := list(islice(rows, CHUNK_ROWS)):
            built = [(self._build(entry, number, row), row) for number, row in chunk]
            objects = [obj for obj, _row in built]
            entry.model._default_manager.bulk_create(objects)
            self._after_insert(entry, built)
            count += len(objects)
            self.done += len(objects)
            self.progress(self.done, self.total)
        return count

    def _build(self, entry: Entry, number: int, row: dict):
        obj = entry.model(owner=self.user)
        deferred = set(catalogue.deferred_fields(entry))
        for model_field in entry.restored_fields:
            if model_field.name not in row:
                continue
            value = from_json(model_field, row[model_field.name])
            if model_field.is_relation and model_field.related_model is not type(self.user):
                if value is not None and model_field in deferred:
                    self.deferred.append(
                        (entry.model, row["id"], model_field.attname, model_field.related_model, value)
                    )
                    value = None
                elif value is not None:
                    self._link(obj, model_field, value)
                    continue
            elif isinstance(model_field, catalogue.models.FileField):
                value = self._store_file(obj, model_field, value, row) if value else ""
            setattr(obj, model_field.attname, value)
        skip = ["owner", *(f.name for f in entry.fields if f.is_relation or f.primary_key)]
        try:
            obj.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            where = f"{entry.model._meta.verbose_name.capitalize()} on line {number} of {entry.data_path}"
            raise BackupProblem(f"Nothing was restored. {where}: {' '.join(error.messages)}") from None
        return obj

    def _link(self, obj, model_field, old_id: int) -> None:
        target = model_field.related_model
        new_id = self.new_ids[target][old_id]
        parent = self.recent[target].get(new_id)
        if parent is not None:
            setattr(obj, model_field.name, parent)
        else:
            setattr(obj, model_field.attname, new_id)

    def _store_file(self, obj, model_field, path: str, row: dict) -> str:
        name = model_field.generate_filename(obj, row.get("original_name") or path.rsplit("/", 1)[-1])
        with tempfile.TemporaryFile() as copy:
            for chunk in stream_entry(self.archive, path):
                copy.write(chunk)
            copy.seek(0)
            stored = default_storage.save(name, File(copy, name=name))
        self.stored_files.append(stored)
        return stored

    def _after_insert(self, entry: Entry, built: list) -> None:
        stamps = [f for f in entry.restored_fields if getattr(f, "auto_now_add", False)]
        for obj, row in built:
            self.new_ids[entry.model][row["id"]] = obj.pk
            recent = self.recent[entry.model]
            recent[obj.pk] = obj
            if len(recent) > PARENTS_KEPT:
                recent.popitem(last=False)
            for stamp in stamps:  # bulk_create stamped them "now"; the backup's dates are the true ones
                if stamp.name in row:
                    setattr(obj, stamp.attname, from_json(stamp, row[stamp.name]))
        objects = [obj for obj, _row in built]
        if stamps:
            entry.model._default_manager.bulk_update(objects, [s.name for s in stamps])
        for relation in entry.many_to_many:
            through = relation.remote_field.through
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            links = [
                through(**{f"{source}_id": obj.pk, f"{target}_id": self.new_ids[relation.related_model][old]})
                for obj, row in built
                for old in row.get(relation.name, [])
            ]
            through._default_manager.bulk_create(links)

    def _set_deferred(self) -> None:
        for model, old_pk, attname, target, old_target in self.deferred:
            new_pk = self.new_ids[model][old_pk]
            model._default_manager.filter(pk=new_pk).update(**{attname: self.new_ids[target][old_target]})


def restore(*, user, stream, progress: Progress) -> dict[str, int]:
    """Restore the backup in `stream` (validated by inspection.inspect first) into `user`'s empty account."""
    archive = open_archive(stream)
    with archive:
        manifest = read_manifest(archive)
        listed = {item["model"]: item for item in manifest["models"]}
        total = sum(item["rows"] for item in listed.values())
        job = _Restore(user, archive, progress, total)
        try:
            with transaction.atomic():
                counts = job.run(listed, profile_from(manifest))
        except IntegrityError as error:
            _delete(job.stored_files)
            raise BackupProblem(
                f"Nothing was restored: the backup breaks a rule of this database ({str(error).splitlines()[0][:200]})."
            ) from None
        except BaseException:
            _delete(job.stored_files)
            raise
    progress(total, total)
    return counts


def _delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
