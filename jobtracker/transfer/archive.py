"""Reading a backup zip safely: entry names, sizes, compression ratios, and the JSON documents line by line.

Nothing is extracted to disk under a name from the archive; entries are read as streams, each bounded by the
size its header declares (zipfile never returns more), and those sizes are checked before anything is read.
"""

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterator

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from jobtracker.core.sizes import too_large_message
from jobtracker.transfer.catalogue import Entry

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
MANIFEST = "manifest.json"
MAX_ENTRIES = 50_000
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024  # one row; the longest text field of any model is far shorter
# A real backup's JSON compresses about 10:1 and its PDFs hardly at all; a thousandfold entry is a bomb.
MAX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
SAFE_NAME = re.compile(r"[^\x00-\x1f\x7f\\:]+\Z")


class BackupProblem(Exception):
    """The backup cannot be restored; the message says why, for the person who uploaded it."""


def max_unpacked_bytes() -> int:
    return getattr(settings, "TRANSFER_MAX_UNPACKED_BYTES", 4 * 1024**3)


def open_archive(stream) -> zipfile.ZipFile:
    """The zip, after checking its magic bytes and every entry's name and size; BackupProblem otherwise."""
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head not in ZIP_MAGIC:
        raise BackupProblem("This is not a jobtracker backup: a backup is a .zip file (this file is not a zip).")
    try:
        archive = zipfile.ZipFile(stream)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
        raise BackupProblem("The zip file is damaged (its directory cannot be read); nothing was restored.") from None
    check_entries(infos)
    return archive


def check_entries(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise BackupProblem(f"The zip holds {len(infos):,} entries; a backup holds at most {MAX_ENTRIES:,}.")
    seen, total = set(), 0
    for info in infos:
        check_name(info.filename)
        if info.filename in seen:
            raise BackupProblem(f"The zip holds “{info.filename}” twice; a backup never does.")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise BackupProblem(f"“{info.filename}” is encrypted; a backup never is.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BackupProblem(f"“{info.filename}” uses a compression method backups never use.")
        if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BackupProblem(
                f"“{info.filename}” would unpack to {filesizeformat(info.file_size)} from "
                f"{filesizeformat(info.compress_size)}: more than {MAX_RATIO} times its size, as a zip bomb does. "
                "Nothing was restored."
            )
        total += info.file_size
    if total > max_unpacked_bytes():
        raise BackupProblem(too_large_message(total, max_unpacked_bytes(), what="Unpacked, the backup"))


def check_name(name: str) -> None:
    """Only relative names inside the archive: no absolute path, no '..', no backslash, drive or control character."""
    parts = name.split("/")
    if (
        not name
        or len(name) > 500
        or name.startswith("/")
        or not SAFE_NAME.match(name)
        or any(part in ("", ".", "..") for part in parts[:-1])
        or parts[-1] in (".", "..")
    ):
        raise BackupProblem(
            f"The zip holds an entry named “{name[:120]!s}”, which points outside the backup; it was refused "
            "and nothing was restored."
        )


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise BackupProblem("The zip has no manifest.json, so it is not a jobtracker backup.") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BackupProblem(too_large_message(info.file_size, MAX_MANIFEST_BYTES, what="Its manifest.json"))
    try:
        manifest = json.loads(read_entry(archive, MANIFEST))
    except (ValueError, UnicodeDecodeError):
        raise BackupProblem("manifest.json is not valid JSON; the backup is damaged.") from None
    if not isinstance(manifest, dict):
        raise BackupProblem("manifest.json is not a JSON object; the backup is damaged.")
    return manifest


def read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise BackupProblem(f"“{name}” is damaged in the zip (its checksum does not match).") from None


def stream_entry(archive: zipfile.ZipFile, name: str, chunk: int = 1024 * 1024) -> Iterator[bytes]:
    try:
        with archive.open(name) as source:
            while data := source.read(chunk):
                yield data
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise BackupProblem(f"“{name}” is damaged in the zip (its checksum does not match).") from None


class RowReader:
    """The rows of one model's JSON document, one per line, with the document's SHA-256 and size once read."""

    def __init__(self, archive: zipfile.ZipFile, entry: Entry, path: str):
        self.archive, self.entry, self.path = archive, entry, path
        self.digest, self.size = hashlib.sha256(), 0

    def _lines(self) -> Iterator[bytes]:
        try:
            with self.archive.open(self.path) as source:
                while line := source.readline(MAX_LINE_BYTES + 1):
                    self.digest.update(line)
                    self.size += len(line)
                    if len(line) > MAX_LINE_BYTES:
                        raise BackupProblem(f"{self.path} has a row longer than {filesizeformat(MAX_LINE_BYTES)}.")
                    yield line
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise BackupProblem(f"“{self.path}” is damaged in the zip (its checksum does not match).") from None

    def rows(self) -> Iterator[tuple[int, dict]]:
        """(line number, row) for every row; BackupProblem when the document is not laid out as a backup's is."""
        lines = self._lines()
        header = next(lines, b"").rstrip(b"\n")
        try:
            parsed = json.loads(header + b"]}")
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict) or parsed.get("model") != self.entry.label:
            raise BackupProblem(f"{self.path} does not start as a backup's {self.entry.label} document.")
        ended = False
        for number, line in enumerate(lines, start=2):
            text = line.rstrip(b"\n")
            if ended:
                if text.strip():
                    raise BackupProblem(f"{self.path} has data after its end (line {number}).")
                continue
            if text == b"]}":
                ended = True
                continue
            try:
                row = json.loads(text.removesuffix(b","))
            except ValueError:
                raise BackupProblem(f"Line {number} of {self.path} is not valid JSON.") from None
            if not isinstance(row, dict):
                raise BackupProblem(f"Line {number} of {self.path} is not a JSON object.")
            yield number, row
        if not ended:
            raise BackupProblem(f"{self.path} ends too early; the backup is incomplete.")
