"""Helpers for backup tests: make one, read it as plain data with the ids taken out, and tamper with it."""

import hashlib
import io
import json
import zipfile

from jobtracker.transfer import catalogue, writer


def make_backup(user) -> bytes:
    target = io.BytesIO()
    writer.write_backup(user=user, target=target, progress=lambda done, total: None)
    return target.getvalue()


def read_backup(data: bytes) -> tuple[dict, dict[str, list[dict]], dict[str, bytes]]:
    """(manifest, rows per model, file contents per path)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = {item["model"]: json.loads(archive.read(item["path"]))["rows"] for item in manifest["models"]}
        files = {item["path"]: archive.read(item["path"]) for item in manifest["files"]}
    return manifest, rows, files


def without_ids(data: bytes) -> dict:
    """The backup's content with every id replaced by the row's place in its model's list (rows are in id order)."""
    manifest, rows, files = read_backup(data)
    places = {label: {row["id"]: n for n, row in enumerate(model_rows)} for label, model_rows in rows.items()}
    content = {}
    for entry in catalogue.entries():
        relations = {f.name: catalogue.label_of(f.related_model) for f in entry.fields if f.is_relation}
        relations |= {f.name: catalogue.label_of(f.related_model) for f in entry.many_to_many}
        shown = []
        for row in rows[entry.label]:
            row = {key: value for key, value in row.items() if key not in ("id", "updated_at")}
            for name, target in relations.items():
                value = row.get(name)
                if isinstance(value, list):
                    row[name] = sorted(places[target][v] for v in value)
                elif value is not None:
                    row[name] = places[target][value]
            shown.append(row)
        content[entry.label] = shown
    content["account"] = {k: v for k, v in manifest["account"].items() if k != "email"}
    content["files"] = {path: hashlib.sha256(blob).hexdigest() for path, blob in files.items()}
    return content


def rewrite(data: bytes, *, change=None, add: dict | None = None, drop=(), manifest=None, fix_checksums=True) -> bytes:
    """A copy of the backup with entries changed (`change(name, bytes) -> bytes`), added or dropped.

    With fix_checksums the manifest's checksums and sizes are brought up to date, so that the check under test
    is the one that refuses the file, not the checksum.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {name: source.read(name) for name in source.namelist() if name not in drop}
    if change:
        entries = {name: change(name, blob) for name, blob in entries.items()}
    entries.update(add or {})
    meta = json.loads(entries["manifest.json"])
    if fix_checksums:
        for item in meta["models"]:
            if item["path"] in entries:
                blob = entries[item["path"]]
                item["sha256"], item["size"] = hashlib.sha256(blob).hexdigest(), len(blob)
                item["rows"] = blob.count(b"\n{")
    if manifest:
        meta = manifest(meta) or meta
    entries["manifest.json"] = json.dumps(meta).encode()
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return target.getvalue()


def change_rows(label: str, edit):
    """A `change` for rewrite(): edit(row) -> row for every row of one model, keeping the line layout."""

    def change(name: str, blob: bytes) -> bytes:
        if name != f"data/{label}.json":
            return blob
        lines = blob.decode().split("\n")
        out = [lines[0]]
        for line in lines[1:]:
            if line.startswith("{"):
                comma = line.endswith(",")
                row = edit(json.loads(line.removesuffix(",")))
                out.append(json.dumps(row) + ("," if comma else ""))
            else:
                out.append(line)
        return "\n".join(out).encode()

    return change
