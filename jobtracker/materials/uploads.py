"""Upload vetting: size, extension allow-list and a look at the content itself.

Nothing here writes anything: a file that fails any check is refused before it reaches storage.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename

from jobtracker.core.sizes import too_large_message

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
LATEX = "application/x-tex"

ALLOWED = {".pdf": PDF, ".docx": DOCX, ".txt": TEXT, ".md": MARKDOWN, ".markdown": MARKDOWN, ".tex": LATEX}
DOCX_PARTS = {"[Content_Types].xml", "word/document.xml"}


@dataclass(frozen=True)
class VettedFile:
    display_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return settings.MATERIALS_MAX_UPLOAD_BYTES


NAME_LENGTH = 200
EXTENSION_LENGTH = 16  # longer than any accepted one; a longer "extension" is refused by name anyway


def display_name(raw_name: str) -> str:
    """A harmless name to show and to offer on download; never used for storage.

    A long name loses the end of its stem, never its extension: "…a-very-long-title.pdf" stays a PDF.
    """
    base = PurePosixPath(raw_name.replace("\\", "/")).name
    cleaned = get_valid_filename(base.replace("\x00", "")) if base.strip(". ") else ""
    if len(cleaned) <= NAME_LENGTH:
        return cleaned or "document"
    path = PurePosixPath(cleaned)
    extension = path.suffix if len(path.suffix) <= EXTENSION_LENGTH else ""
    stem = cleaned[: len(cleaned) - len(extension)] if extension else cleaned
    return (stem[: NAME_LENGTH - len(extension)].rstrip(". ") or "document") + extension


def vet_upload(upload) -> VettedFile:
    name = display_name(upload.name or "")
    extension = PurePosixPath(name).suffix.lower()
    if extension not in ALLOWED:
        allowed = ", ".join(sorted(ALLOWED))
        raise ValidationError(f"“{name}” is not an accepted kind of file. Upload one of: {allowed}.", code="extension")
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if upload.size > max_upload_bytes():
        raise ValidationError(too_large_message(upload.size, max_upload_bytes()), code="too_large")
    content_type = ALLOWED[extension]
    digest = hashlib.sha256()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    if content_type == PDF:
        _check_pdf(head)
    elif content_type == DOCX:
        _check_docx(upload)
    else:
        _check_text(upload)
    upload.seek(0)
    return VettedFile(name, extension, content_type, upload.size, digest.hexdigest())


def _check_pdf(head: bytes) -> None:
    if not head.startswith(b"%PDF-"):
        raise ValidationError("This file is named .pdf but is not a PDF.", code="content")


def _check_docx(upload) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("This file is named .docx but is not a Word document.", code="content") from None
    if not names >= DOCX_PARTS:
        raise ValidationError(
            "This file is a zip archive but not a Word document (its Word parts are missing).", code="content"
        )


def _check_text(upload) -> None:
    decoder_input = b"".join(upload.chunks())
    if b"\x00" in decoder_input:
        raise ValidationError("This text file contains binary data.", code="content")
    try:
        decoder_input.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            "This text file is not UTF-8; save it as UTF-8 and upload it again.", code="content"
        ) from None
