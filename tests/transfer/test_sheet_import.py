"""Importing applications from a spreadsheet: our own export reads back into the same list; bad rows block all."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from jobtracker.pipeline.models import Application, Institution, Position
from jobtracker.transfer.models import SheetImport
from tests.factories import InstitutionFactory, UserFactory
from tests.reports.small_season import build_small_season

pytestmark = pytest.mark.django_db


def _upload(client, name: str, data: bytes, zone="Europe/Berlin", create=True):
    fields = {"file": SimpleUploadedFile(name, data), "time_zone": zone}
    if create:
        fields["create_institutions"] = "on"
    return client.post("/imports/applications/", fields)


def _export(client) -> list[list[str]]:
    response = client.get("/exports/applications.csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_our_export_imported_into_a_new_account_gives_the_same_list(client, owner):
    build_small_season(owner)
    position = Position.objects.filter(owner=owner).first()
    position.title = "-Assistant Professor (formula-looking)"
    position.save()
    client.force_login(owner)
    exported = _export(client)
    data = b"".join(client.get("/exports/applications.csv").streaming_content)
    newcomer = UserFactory(email="newcomer@example.edu", time_zone="Europe/Berlin")
    client.force_login(newcomer)

    response = _upload(client, "applications.csv", data)
    sheet = SheetImport.objects.get(owner=newcomer)
    preview = client.get(response["Location"]).content.decode()
    assert f"{len(exported) - 1} new applications, 0 already in your list, 0 refused" in preview
    client.post(f"/imports/applications/{sheet.pk}/commit/")

    assert _export(client) == exported
    sheet.refresh_from_db()
    assert sheet.committed_at and not sheet.file


def test_importing_the_same_file_twice_adds_nothing(client, owner):
    build_small_season(owner)
    client.force_login(owner)
    data = b"".join(client.get("/exports/applications.csv").streaming_content)
    before = Application.objects.filter(owner=owner).count()
    response = _upload(client, "again.csv", data)
    assert "0 new applications, 6 already in your list, 0 refused" in client.get(response["Location"]).content.decode()
    assert Application.objects.filter(owner=owner).count() == before


SHEET = """Company,Job Title,Status,Deadline,Time zone,Date applied,Link,Priority,Notes
Stanford University,Assistant Professor,Submitted,15 Dec 2026,America/Los_Angeles,12/01/2026,stanford.edu/jobs/1,1,dream
ETH Zurich,Tenure-track Assistant Professor,,2026-12-01 17:00,Europe/Zurich,,,2,
"""


def test_a_hand_made_sheet_with_other_column_names_and_date_formats_imports(owner_client, owner):
    response = _upload(owner_client, "targets.csv", SHEET.encode())
    sheet = SheetImport.objects.get()
    assert "2 new applications" in owner_client.get(response["Location"]).content.decode()
    owner_client.post(f"/imports/applications/{sheet.pk}/commit/")

    stanford = Application.objects.get(owner=owner, position__institution__name="Stanford University")
    assert stanford.stage.name == "Submitted" and stanford.submitted_on.isoformat() == "2026-12-01"
    assert stanford.notes == "dream" and stanford.position.posting_url == "http://stanford.edu/jobs/1"
    assert stanford.position.deadline_tz == "America/Los_Angeles" and stanford.position.deadline_time is None
    assert stanford.position.institution.priority == 1
    eth = Application.objects.get(owner=owner, position__institution__name="ETH Zurich").position
    assert (str(eth.deadline_time), eth.deadline_tz) == ("17:00:00", "Europe/Zurich")


def test_an_xlsx_sheet_imports_with_real_date_cells(owner_client, owner):
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Institution", "Position", "Deadline"])
    sheet.append(["University of Toronto", "Assistant Professor", dt.datetime(2026, 12, 10)])
    target = io.BytesIO()
    workbook.save(target)
    response = _upload(owner_client, "targets.xlsx", target.getvalue())
    owner_client.post(f"{response['Location']}commit/")
    position = Position.objects.get(owner=owner, institution__name="University of Toronto")
    assert position.deadline_date.isoformat() == "2026-12-10" and position.deadline_tz == "Europe/Berlin"


BAD = """institution,position,stage,deadline,priority
Stanford University,Assistant Professor,Submitted,2026-12-15,1
MIT,Assistant Professor,Daydreaming,2026-12-15,2
Oxford,Lecturer,,31/31/2026,3
Toronto,Assistant Professor,,2026-12-15,9
"""


def test_bad_rows_are_reported_with_their_line_and_nothing_is_written(owner_client, owner):
    response = _upload(owner_client, "bad.csv", BAD.encode())
    page = owner_client.get(response["Location"]).content.decode()
    assert "1 new application, 0 already in your list, 3 refused" in page
    assert "stage “Daydreaming” is not one of your Faculty stages" in page
    assert "“31/31/2026” is not a date I can read" in page
    assert "priority “9” is not a number from 1 to 5" in page
    sheet = SheetImport.objects.get()
    response = owner_client.post(f"/imports/applications/{sheet.pk}/commit/", follow=True)
    assert "Nothing was imported: 3 rows cannot be imported (line 3: stage" in response.content.decode()
    assert not Institution.objects.filter(owner=owner).exists()
    assert not Application.objects.filter(owner=owner).exists()


def test_an_institution_not_on_the_list_is_refused_unless_creating_is_ticked(owner_client, owner):
    InstitutionFactory(owner=owner, name="Stanford University")
    data = b"institution,position\nStanford University,Assistant Professor\nMIT,Assistant Professor\n"
    response = _upload(owner_client, "list.csv", data, create=False)
    page = owner_client.get(response["Location"]).content.decode()
    assert "MIT is not one of your institutions" in page and "1 refused" in page
    sheet = SheetImport.objects.get()
    mapping = {f"column_{name}": str(index) for name, index in sheet.mapping.items()}
    owner_client.post(response["Location"], {**mapping, "time_zone": "UTC", "create_institutions": "on"})
    assert "2 new applications" in owner_client.get(response["Location"]).content.decode()


def test_a_zone_abbreviation_that_contradicts_the_files_zone_is_refused(owner_client):
    data = b"institution,deadline\nStanford,2026-12-15 23:59 PST\n"
    response = _upload(owner_client, "x.csv", data, zone="Europe/Berlin")
    assert (
        "marked PST but the file&#x27;s zone Europe/Berlin says CET"
        in owner_client.get(response["Location"]).content.decode()
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.xlsx", b"not a workbook", "is not a workbook"),
        ("x.xlsx", b"PK\x03\x04 broken", "not a workbook that can be read"),
        ("x.csv", b"", "empty"),
        ("x.csv", b"a," * 300 + b"\n", "columns"),
    ],
)
def test_unreadable_files_are_refused_on_the_field(owner_client, name, data, message):
    response = _upload(owner_client, name, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not SheetImport.objects.exists()


def test_another_users_import_is_not_found(owner_client, client, outsider):
    response = _upload(owner_client, "targets.csv", SHEET.encode())
    client.force_login(outsider)
    assert client.get(response["Location"]).status_code == 404
    assert client.post(f"{response['Location']}commit/").status_code == 404
    assert not Application.objects.exists()
