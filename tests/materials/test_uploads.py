"""Upload safety: every bad file is refused with a clear message and leaves nothing behind."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobtracker.materials import services
from jobtracker.materials.models import Document, DocumentVersion
from tests.factories import PDF_BYTES, make_document


def docx_bytes(parts=("[Content_Types].xml", "word/document.xml")):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def create(client, name, content, **extra):
    data = {"kind": "cv", "title": "CV", "label": "v1", "file": SimpleUploadedFile(name, content)}
    data.update(extra)
    return client.post("/materials/new/", data)


ATTACKS = [
    ("cv.pdf", b"<html><script>alert(1)</script></html>", "is named .pdf but is not a PDF"),
    ("cv.pdf", b"", "The file is empty"),
    ("../../etc/cv.pdf", b"<html></html>", "is named .pdf but is not a PDF"),
    ("cv.pdf.exe", PDF_BYTES, "is not an accepted kind of file"),
    ("cv.html", b"<html></html>", "is not an accepted kind of file"),
    ("cv", PDF_BYTES, "is not an accepted kind of file"),
    ("cv.docx", b"PK\x03\x04 this is not really a zip", "is not a Word document"),
    ("cv.docx", docx_bytes(parts=("hello.txt",)), "its Word parts are missing"),
    ("notes.txt", "café".encode("latin-1"), "is not UTF-8"),
    ("notes.md", b"text\x00with a NUL", "contains binary data"),
]


@pytest.mark.parametrize(("name", "content", "message"), ATTACKS, ids=[a[0] + ":" + a[2][:20] for a in ATTACKS])
def test_a_bad_upload_is_refused_and_nothing_is_stored(owner_client, owner, settings, name, content, message):
    response = create(owner_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert stored_files(settings) == []


def test_a_file_over_the_limit_is_refused_before_anything_is_stored(owner_client, settings):
    settings.MATERIALS_MAX_UPLOAD_BYTES = 1024
    response = create(owner_client, "paper.pdf", PDF_BYTES + b"0" * 2000)
    assert "the limit is 1.0\xa0KB" in response.content.decode()
    assert not DocumentVersion.objects.exists() and stored_files(settings) == []


def test_a_file_a_few_bytes_over_the_limit_says_both_sizes_in_bytes(owner_client, settings):
    settings.MATERIALS_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    content = PDF_BYTES + b"0" * (settings.MATERIALS_MAX_UPLOAD_BYTES + 1 - len(PDF_BYTES))
    body = create(owner_client, "paper.pdf", content).content.decode()
    assert "The file is 10.0\xa0MB (10,485,761 bytes); the limit is 10.0\xa0MB (10,485,760 bytes)." in body


@pytest.mark.parametrize("name", ["r" * 296 + ".pdf", "a." * 150 + "pdf", "." * 250 + "x.pdf"])
def test_a_very_long_file_name_is_shortened_and_keeps_its_extension(owner_client, owner, name):
    response = create(owner_client, name, PDF_BYTES)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = DocumentVersion.objects.get().original_name
    assert len(stored) <= 200 and stored.endswith(".pdf")


def test_a_bad_new_version_leaves_the_document_as_it_was(owner_client, owner, settings):
    document = make_document(owner)
    before = stored_files(settings)
    response = owner_client.post(
        f"/materials/{document.pk}/upload/",
        {"label": "v2", "file": SimpleUploadedFile("v2.pdf", b"<html></html>")},
    )
    assert response.status_code == 400
    assert "is named .pdf but is not a PDF" in response.content.decode()
    assert document.versions.count() == 1 and stored_files(settings) == before


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("statement.pdf", PDF_BYTES, "application/pdf"),
        ("statement.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("statement.md", "# Statement\nZoltán Ádám Mann".encode(), "text/markdown"),
        ("statement.tex", b"\\documentclass{article}", "application/x-tex"),
        ("STATEMENT.PDF", PDF_BYTES, "application/pdf"),
    ],
)
def test_good_files_are_accepted_under_a_generated_name(owner_client, owner, settings, name, content, content_type):
    response = create(owner_client, name, content)
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.content_type == content_type and version.size == len(content)
    assert version.original_name == name
    stored = stored_files(settings)
    assert len(stored) == 1 and "statement" not in stored[0].name.lower()
    assert str(stored[0]).startswith(str(Path(settings.MEDIA_ROOT)))


def test_a_path_in_the_file_name_never_reaches_storage_or_the_download(owner_client, settings):
    create(owner_client, "../../../etc/passwd.pdf", PDF_BYTES)
    version = DocumentVersion.objects.get()
    assert version.original_name == "passwd.pdf"
    assert all(".." not in str(p.relative_to(settings.MEDIA_ROOT)) for p in stored_files(settings))


def test_the_owner_downloads_an_attachment_with_nosniff(owner_client, owner):
    version = make_document(owner).versions.get()
    response = owner_client.get(f"/materials/versions/{version.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="statement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_download_name_with_quotes_and_accents_is_encoded_safely(owner_client, owner):
    document = make_document(owner)
    upload = SimpleUploadedFile('Zoltán "CV"; evil.pdf', PDF_BYTES)
    version = services.add_version(document=document, upload=upload, label="v2")
    assert version.original_name == "Zoltán_CV_evil.pdf"
    disposition = owner_client.get(f"/materials/versions/{version.pk}/download/")["Content-Disposition"]
    assert disposition == "attachment; filename*=utf-8''Zolt%C3%A1n_CV_evil.pdf"


def test_another_user_cannot_download(client, owner, outsider):
    version = make_document(owner).versions.get()
    client.force_login(outsider)
    assert client.get(f"/materials/versions/{version.pk}/download/").status_code == 404
