"""Write an account's backup: a zip with one JSON document per model, the uploaded files, and a manifest.

Rows are read in chunks and written as they come, each JSON document one row per line, so memory stays flat
however large the account (see docs/backup-format.md for the layout).
"""

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils import timezone

from jobtracker.materials.uploads import display_name
from jobtracker.transfer import catalogue, codec
from jobtracker.transfer.catalogue import Entry

CHUNK_ROWS = 500
COPY_BYTES = 1024 * 1024
MANIFEST = "manifest.json"

Progress = Callable[[int, int], None]


@dataclass
class _Written:
    done: int = 0
    total: int = 0
    models: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    # (path in the zip, name in storage, SHA-256 the row records) of every file still to copy
    pending_files: list[tuple[str, str, str]] = field(default_factory=list)
    missing_files: list[dict] = field(default_factory=list)


def owned_rows(entry: Entry, user):
    return entry.model._default_manager.filter(owner=user).order_by("pk")


def count_rows(user) -> dict[str, int]:
    return {entry.label: owned_rows(entry, user).count() for entry in catalogue.entries()}


def file_path(sha256: str, original_name: str) -> str:
    """Where a file sits in the zip: under its SHA-256, with its original (made harmless) name."""
    return f"files/{sha256}/{display_name(original_name)}"


class _HashingWriter:
    def __init__(self, stream):
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.stream.write(data)


def write_backup(*, user, target, progress: Progress) -> dict:
    """Write the backup of `user` into the binary file `target`; returns the manifest."""
    counts = count_rows(user)
    written = _Written(total=sum(counts.values()))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for entry in catalogue.entries():
            _write_model(archive, entry, user, written, progress)
        written.total += len(written.pending_files)
        _copy_files(archive, written, progress)
        manifest = _manifest(user, written)
        archive.writestr(MANIFEST, codec.dumps(manifest) + "\n")
    progress(written.total, written.total)
    return manifest


def _row(entry: Entry, obj, written: _Written) -> dict:
    row = {}
    for model_field in entry.fields:
        value = getattr(obj, model_field.attname)
        if model_field in entry.file_fields:
            value = _file_value(obj, value, written)
        row[model_field.name] = value
    for relation in entry.many_to_many:
        row[relation.name] = sorted(item.pk for item in getattr(obj, relation.name).all())
    return row


def _file_value(obj, stored, written: _Written) -> str:
    """The file's path in the zip; "" when the row has no file or the file is gone from the disk."""
    name = getattr(stored, "name", stored) or ""
    if not name:
        return ""
    if not default_storage.exists(name):
        written.missing_files.append({"model": catalogue.label_of(type(obj)), "id": obj.pk})
        return ""
    path = file_path(obj.sha256, obj.original_name)
    written.pending_files.append((path, name, obj.sha256))
    return path


def _write_model(archive, entry: Entry, user, written: _Written, progress: Progress) -> None:
    rows = owned_rows(entry, user)
    if entry.many_to_many:
        rows = rows.prefetch_related(*(f.name for f in entry.many_to_many))
    count = 0
    with archive.open(entry.data_path, "w", force_zip64=True) as raw:
        out = _HashingWriter(raw)
        header = {"model": entry.label, "schema_version": catalogue.SCHEMA_VERSION}
        out.write((codec.dumps(header)[:-1] + ',"rows":[').encode())
        for obj in rows.iterator(chunk_size=CHUNK_ROWS):
            out.write(("\n" if count == 0 else ",\n").encode() + codec.dumps(_row(entry, obj, written)).encode())
            count += 1
            written.done += 1
            progress(written.done, written.total)
        out.write(b"\n]}\n")
    written.models.append(
        {
            "model": entry.label,
            "path": entry.data_path,
            "rows": count,
            "sha256": out.digest.hexdigest(),
            "size": out.size,
        }
    )


def _copy_files(archive, written: _Written, progress: Progress) -> None:
    copied = set()
    for path, name, recorded in written.pending_files:
        written.done += 1
        if path in copied:  # the same content under the same name: one copy serves every version
            continue
        copied.add(path)
        with default_storage.open(name, "rb") as source, archive.open(path, "w", force_zip64=True) as raw:
            out = _HashingWriter(raw)
            while chunk := source.read(COPY_BYTES):
                out.write(chunk)
        actual = out.digest.hexdigest()
        if actual != recorded:
            raise ValueError(f"The stored file {path.rsplit('/', 1)[-1]} no longer matches its recorded checksum.")
        written.files.append({"path": path, "sha256": actual, "size": out.size})
        progress(written.done, written.total)


def _manifest(user, written: _Written) -> dict:
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder.Migration.objects.filter(app__in={e.model._meta.app_label for e in catalogue.entries()})
    latest: dict[str, str] = {}
    for app, name in applied.order_by("app", "name").values_list("app", "name"):
        latest[app] = name
    return {
        "format": catalogue.FORMAT_NAME,
        "schema_version": catalogue.SCHEMA_VERSION,
        "created_at": timezone.now(),
        "migrations": latest,
        "account": {"email": user.email, **{name: getattr(user, name) for name in catalogue.PROFILE_FIELDS}},
        "models": written.models,
        "files": written.files,
        "missing_files": written.missing_files,
    }
