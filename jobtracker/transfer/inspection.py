"""Validate a whole backup before anything is written: format and version, checksums, every row's fields and
references, every file's checksum, size and content. Writes nothing; raises BackupProblem with the reason.
"""

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

from jobtracker.accounts.models import User
from jobtracker.core.sizes import too_large_message
from jobtracker.materials import uploads
from jobtracker.transfer import catalogue
from jobtracker.transfer.archive import MANIFEST, BackupProblem, RowReader, open_archive, read_manifest, stream_entry
from jobtracker.transfer.catalogue import Entry
from jobtracker.transfer.codec import from_json

MAX_PROBLEMS = 10


@dataclass
class Inspection:
    """What a valid backup holds, for the page that asks whether to restore it."""

    created_at: str
    account_email: str
    counts: dict[str, int]  # label -> rows
    files: int
    file_bytes: int
    missing_files: int = 0
    profile: dict = field(default_factory=dict)

    def as_stored(self) -> dict:
        return self.__dict__.copy()

    def described_counts(self) -> list[tuple[str, int]]:
        shown = []
        for entry in catalogue.entries():
            n = self.counts.get(entry.label, 0)
            if n:
                meta = entry.model._meta
                shown.append((str(meta.verbose_name if n == 1 else meta.verbose_name_plural), n))
        return shown


def inspect(stream) -> Inspection:
    archive = open_archive(stream)
    with archive:
        manifest = read_manifest(archive)
        check_version(manifest)
        listed = _listed_models(manifest)
        files = _listed_files(manifest)
        expected = {MANIFEST, *(item["path"] for item in listed.values()), *files}
        for name in archive.namelist():
            if name not in expected:
                raise BackupProblem(f"The zip holds “{name[:120]}”, which its manifest does not list.")
        for name in expected - set(archive.namelist()):
            raise BackupProblem(f"The manifest lists “{name[:120]}”, which the zip does not hold.")
        profile = profile_from(manifest)
        counts = _check_rows(archive, listed, files)
        total = _check_files(archive, files)
    return Inspection(
        created_at=str(manifest.get("created_at", ""))[:40],
        account_email=str(manifest.get("account", {}).get("email", ""))[:254],
        counts=counts,
        files=len(files),
        file_bytes=total,
        missing_files=len(manifest.get("missing_files") or []),
        profile=profile,
    )


def check_version(manifest: dict) -> None:
    if manifest.get("format") != catalogue.FORMAT_NAME:
        raise BackupProblem("This zip is not a jobtracker backup (its manifest names another format).")
    version = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupProblem("The backup's schema version is missing or not a number; the backup is damaged.")
    if version > catalogue.SCHEMA_VERSION:
        raise BackupProblem(
            f"This backup was made by a newer version of jobtracker (backup format {version}); this server reads "
            f"formats up to {catalogue.SCHEMA_VERSION}. Restore it on a server that is up to date."
        )


def _listed_models(manifest: dict) -> dict[str, dict]:
    models = manifest.get("models")
    if not isinstance(models, list):
        raise BackupProblem("The manifest does not list the backup's data; the backup is damaged.")
    listed = {}
    for item in models:
        if not isinstance(item, dict) or not isinstance(item.get("model"), str):
            raise BackupProblem("The manifest lists its data in a shape this server does not know.")
        entry = catalogue.entry_for(item["model"])
        if entry is None:
            raise BackupProblem(
                f"The backup holds “{item['model'][:80]}”, which this server does not know: it was made by a newer "
                "version of jobtracker. Restore it on a server that is up to date."
            )
        if item.get("path") != entry.data_path or item["model"] in listed:
            raise BackupProblem(f"The manifest lists {entry.label} in the wrong place; the backup is damaged.")
        for key in ("rows", "size"):
            if not isinstance(item.get(key), int) or item[key] < 0:
                raise BackupProblem(f"The manifest gives no valid {key} for {entry.label}; the backup is damaged.")
        if not isinstance(item.get("sha256"), str):
            raise BackupProblem(f"The manifest gives no checksum for {entry.label}; the backup is damaged.")
        listed[entry.label] = item
    return listed


def _listed_files(manifest: dict) -> dict[str, dict]:
    files = {}
    for item in manifest.get("files") or []:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("path"), str)
            or not isinstance(item.get("sha256"), str)
            or not isinstance(item.get("size"), int)
        ):
            raise BackupProblem("The manifest lists its files in a shape this server does not know.")
        parts = item["path"].split("/")
        if len(parts) != 3 or parts[0] != "files" or parts[1] != item["sha256"] or item["path"] in files:
            raise BackupProblem(f"The manifest lists the file “{item['path'][:120]}” in the wrong place.")
        files[item["path"]] = item
    return files


def profile_from(manifest: dict) -> dict:
    account = manifest.get("account")
    if not isinstance(account, dict):
        raise BackupProblem("The manifest has no account profile; the backup is damaged.")
    profile = {}
    for name in catalogue.PROFILE_FIELDS:
        model_field = User._meta.get_field(name)
        value = account.get(name, model_field.get_default())
        try:
            profile[name] = model_field.clean(value, None)
        except ValidationError as error:
            raise BackupProblem(
                f"The account's {name.replace('_', ' ')} in the backup: {' '.join(error.messages)}"
            ) from None
    return profile


class _Problems:
    def __init__(self):
        self.found: list[str] = []

    def add(self, text: str) -> None:
        self.found.append(text)
        if len(self.found) >= MAX_PROBLEMS:
            self.stop()

    def stop(self) -> None:
        if self.found:
            more = " (and possibly more)" if len(self.found) >= MAX_PROBLEMS else ""
            raise BackupProblem("Nothing was restored. " + " ".join(self.found) + more)


def _check_rows(archive, listed: dict[str, dict], files: dict[str, dict]) -> dict[str, int]:
    """Every row of every model, in restore order: fields, ids, references. Keeps only the ids (for references)."""
    ids: dict[type, set[int]] = {}
    later: list[tuple[str, type, int]] = []  # references to rows of models read later: checked at the end
    problems, counts = _Problems(), {}
    for entry in catalogue.entries():
        ids[entry.model] = set()
        item = listed.get(entry.label)
        if item is None:  # an older backup, made before this model existed
            counts[entry.label] = 0
            continue
        reader = RowReader(archive, entry, item["path"])
        count = 0
        for number, row in reader.rows():
            count += 1
            where = f"{entry.model._meta.verbose_name.capitalize()} on line {number} of {entry.data_path}"
            for text in check_row(entry, row, ids, later, files, where):
                problems.add(text)
            pk = row.get("id")
            if isinstance(pk, int):
                ids[entry.model].add(pk)
        problems.stop()
        if reader.digest.hexdigest() != item["sha256"] or reader.size != item["size"]:
            raise BackupProblem(
                f"{entry.data_path} does not match its checksum in the manifest; the backup was altered."
            )
        if count != item["rows"]:
            raise BackupProblem(f"{entry.data_path} holds {count} rows; its manifest says {item['rows']}.")
        counts[entry.label] = count
    for where, model, pk in later:
        if pk not in ids[model]:
            problems.add(f"{where} refers to a {model._meta.verbose_name} (#{pk}) that the backup does not hold.")
    problems.stop()
    return counts


def check_row(entry: Entry, row: dict, ids: dict, later: list, files: dict, where: str) -> list[str]:
    known = {f.name for f in entry.fields} | {f.name for f in entry.many_to_many}
    unknown = sorted(set(row) - known)
    if unknown:
        return [
            f"{where} has a field this server does not know ({', '.join(u[:40] for u in unknown[:3])}): the backup was "
            "made by a newer version of jobtracker. Restore it on a server that is up to date."
        ]
    pk = row.get("id")
    if not isinstance(pk, int) or isinstance(pk, bool) or pk < 1:
        return [f"{where} has no valid id."]
    if pk in ids[entry.model]:
        return [f"{where} repeats the id {pk}."]
    found, values = [], {}
    deferred = set(catalogue.deferred_fields(entry))
    for model_field in entry.restored_fields:
        if model_field.name not in row:
            continue  # an older backup: the field's default applies
        try:
            value = from_json(model_field, row[model_field.name])
        except ValueError as error:
            found.append(f"{where}: {model_field.name} {error}.")
            continue
        if model_field.is_relation:
            if value is not None:
                if model_field in deferred:
                    later.append((where, model_field.related_model, value))
                elif value not in ids.get(model_field.related_model, ()):
                    found.append(
                        f"{where} refers to a {model_field.related_model._meta.verbose_name} (#{value}) that the "
                        "backup does not hold."
                    )
        elif isinstance(model_field, catalogue.models.FileField):
            if value and value not in files:
                found.append(f"{where} names a file ({value[:80]}) that the backup does not hold.")
            elif value and files[value]["sha256"] != row.get("sha256"):
                found.append(f"{where}: its file's checksum differs from the one the row records.")
        else:
            values[model_field.attname] = value
    for relation in entry.many_to_many:
        listed = row.get(relation.name, [])
        if not isinstance(listed, list) or any(not isinstance(i, int) for i in listed):
            found.append(f"{where}: {relation.name} must be a list of ids.")
        elif any(i not in ids.get(relation.related_model, ()) for i in listed):
            found.append(f"{where}: {relation.name} names a row the backup does not hold.")
    if not found:
        found.extend(_field_errors(entry, values, where))
    return found


def _field_errors(entry: Entry, values: dict, where: str) -> list[str]:
    """Each value against its field's own rules (length, choices, validators), without the database."""
    instance = entry.model(**values)
    skip = [
        "owner",
        *(f.name for f in entry.fields if f.is_relation or f.primary_key or isinstance(f, catalogue.models.FileField)),
    ]
    try:
        instance.clean_fields(exclude=skip)
    except ValidationError as error:
        return [f"{where}: {name} — {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return []


def _check_files(archive, files: dict[str, dict]) -> int:
    """Each file: declared size within the upload limit, content matching its checksum, and of an accepted kind."""
    limit, total = uploads.max_upload_bytes(), 0
    for path, item in files.items():
        name = PurePosixPath(path).name
        info = archive.getinfo(path)
        if info.file_size != item["size"]:
            raise BackupProblem(f"The file {name} is not the size its manifest says; the backup was altered.")
        if info.file_size > limit:
            raise BackupProblem(too_large_message(info.file_size, limit, what=f"The file {name}"))
        digest = hashlib.sha256()
        with tempfile.TemporaryFile() as copy:
            for chunk in stream_entry(archive, path):
                digest.update(chunk)
                copy.write(chunk)
            if digest.hexdigest() != item["sha256"]:
                raise BackupProblem(f"The file {name} does not match its checksum; the backup is damaged or altered.")
            copy.seek(0)
            upload = File(copy, name=name)
            try:
                uploads.vet_upload(upload)
            except ValidationError as error:
                raise BackupProblem(f"The file {name} was refused: {' '.join(error.messages)}") from None
        total += info.file_size
    return total


def describe_size(n: int) -> str:
    return filesizeformat(n)
