"""Absurd files are refused while they are read, with a clear message on the upload form and nothing stored."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobtracker.network import importer
from jobtracker.network.models import ContactImport


def upload(client, raw: bytes, name="people.csv"):
    return client.post("/contacts/import/", {"file": SimpleUploadedFile(name, raw, content_type="text/csv")})


def nothing_stored(settings) -> bool:
    folder = settings.MEDIA_ROOT / "imports"
    return not ContactImport.objects.exists() and not (folder.exists() and any(folder.rglob("*.csv")))


def wide_file(columns: int) -> bytes:
    header = ",".join(f"c{i}" for i in range(columns))
    return f"{header}\n{','.join(['x'] * columns)}\n".encode()


def test_a_file_with_10000_columns_is_refused_at_once(owner_client, settings):
    raw = wide_file(10_000)
    assert 75_000 < len(raw) < 80_000  # the 78 KB file of the security review
    start = time.perf_counter()
    response = upload(owner_client, raw)
    elapsed = time.perf_counter() - start
    text = response.content.decode()
    assert response.status_code == 200
    assert "Line 1 has 10,000 columns; a contact file may have at most 200" in text
    assert nothing_stored(settings)
    assert elapsed < 1.0, f"refusing took {elapsed:.2f} s"


def test_quoted_columns_are_counted_too(owner_client, settings):
    header = ",".join(f'"c{i}"' for i in range(5_000))
    response = upload(owner_client, f"{header}\nAda\n".encode())
    assert "Line 1 has 5,000 columns" in response.content.decode()
    assert nothing_stored(settings)


def test_a_row_wider_than_the_limit_is_refused_with_its_line(owner_client, settings):
    raw = b"name,affiliation\nAda,ETH\n\n" + b"Bob" + b",x" * 250 + b"\n"
    response = upload(owner_client, raw)
    assert "Line 4 has 251 columns" in response.content.decode()
    assert nothing_stored(settings)


def test_200_columns_are_accepted(owner_client):
    header = ",".join(["name", *(f"extra {i}" for i in range(importer.MAX_COLUMNS - 1))])
    upload(owner_client, f"{header}\nAda Lovelace\n".encode())
    contact_import = ContactImport.objects.get()
    assert len(contact_import.columns) == 200 and contact_import.summary["new"] == 1


@pytest.mark.parametrize("size", [1_048_576, importer.MAX_CELL + 1])
def test_a_file_with_a_huge_cell_is_refused(owner_client, settings, size):
    raw = b"name,notes\nAda Lovelace,short\nCharles Babbage," + b"n" * size + b"\n"
    start = time.perf_counter()
    response = upload(owner_client, raw)
    elapsed = time.perf_counter() - start
    assert "Line 3 has a cell longer than 10,000 characters" in response.content.decode()
    assert nothing_stored(settings)
    assert elapsed < 1.0, f"refusing took {elapsed:.2f} s"


def test_a_cell_of_10000_characters_is_accepted(owner_client):
    upload(owner_client, b"name,notes\nAda Lovelace," + b"n" * importer.MAX_CELL + b"\n")
    assert ContactImport.objects.get().summary["new"] == 1


def test_more_rows_than_the_limit_are_refused(owner_client, settings):
    raw = b"name\n" + b"Ada\n" * (importer.MAX_ROWS + 1)
    response = upload(owner_client, raw)
    assert "The file has more than 100,000 rows; split it into files of at most 100,000." in response.content.decode()
    assert nothing_stored(settings)


def test_a_file_over_20_mb_is_refused(owner_client, settings):
    raw = b"name,notes\n" + (b"Ada," + b"n" * 9_000 + b"\n") * (importer.MAX_BYTES // 9_000 + 1)
    response = upload(owner_client, raw)
    assert "The file is larger than 20 MB; split it into smaller files." in response.content.decode()
    assert nothing_stored(settings)


def test_the_upload_form_states_the_limits(owner_client):
    text = owner_client.get("/contacts/import/").content.decode()
    assert "20 MB, 100,000 rows and 200 columns" in text and "10,000 characters" in text


def test_the_line_numbers_count_blank_lines_and_line_breaks_in_cells():
    raw = b'name,notes\n\nAda,"two\nlines"\n\n\n,no name here\n'
    table = importer.scan_table(raw)
    assert table.lines == [3, 7]
