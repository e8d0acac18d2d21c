"""CSV import of contacts, against the real CSRankings faculty list."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobtracker.network import importer, services, tasks
from jobtracker.network.models import Contact, ContactImport
from jobtracker.pipeline.models import Institution
from tests.conftest import need_service
from tests.http import body_text

CSRANKINGS = Path(__file__).resolve().parents[3] / "shared" / "data" / "csrankings"


def csrankings_file(name="csrankings-z.csv") -> bytes:
    path = CSRANKINGS / name
    need_service(path.exists(), f"the CSRankings data is not at {path}")
    return path.read_bytes()


def distinct_people(raw: bytes) -> int:
    """People in the file counted independently of the importer: rows joined by homepage or scholar id."""
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    parent = list(range(len(rows)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    seen = {}
    for i, row in enumerate(rows):
        keys = [("h", row["homepage"].strip())] if row["homepage"].strip() else []
        if row["scholarid"].strip() not in ("", "NOSCHOLARPAGE"):
            keys.append(("s", row["scholarid"].strip()))
        for key in keys:
            if key in seen:
                parent[root(i)] = root(seen[key])
            else:
                seen[key] = i
    return len({root(i) for i in range(len(rows))})


def upload(client, raw: bytes, name="people.csv"):
    return client.post("/contacts/import/", {"file": SimpleUploadedFile(name, raw, content_type="text/csv")})


def commit(client, contact_import):
    return client.post(f"/contacts/imports/{contact_import.pk}/commit/", follow=True)


@pytest.fixture
def z_institutions(owner):
    raw = csrankings_file()
    names = {row["affiliation"].strip() for row in csv.DictReader(io.StringIO(raw.decode("utf-8")))}
    Institution.objects.bulk_create([Institution(owner=owner, name=name) for name in sorted(names)])
    return names


def test_importing_csrankings_z_creates_one_contact_per_person(owner_client, owner, z_institutions):
    raw = csrankings_file()
    response = upload(owner_client, raw, "csrankings-z.csv")
    contact_import = ContactImport.objects.get()
    assert response["Location"] == contact_import.get_absolute_url()
    assert contact_import.format == "csrankings"
    preview = owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "CSRankings faculty list" in preview and "not on your target list" not in preview
    assert not Contact.objects.exists(), "the preview must not write anything"

    commit(owner_client, contact_import)
    assert Contact.objects.filter(owner=owner).count() == distinct_people(raw)
    assert Contact.objects.filter(name="Z. Meral Özsoyoglu").exists()
    assert not Contact.objects.filter(scholar_id="NOSCHOLARPAGE").exists()
    taysi = Contact.objects.get(name="Z. Cihan Taysi")
    assert taysi.institution.name == "Yıldız Technical University" and taysi.scholar_id == ""


def test_importing_the_same_file_twice_adds_nothing(owner_client, owner, z_institutions):
    raw = csrankings_file()
    upload(owner_client, raw)
    commit(owner_client, ContactImport.objects.get())
    before = Contact.objects.count()
    upload(owner_client, raw)
    second = ContactImport.objects.latest("pk")
    preview = owner_client.get(second.get_absolute_url()).content.decode()
    assert "Import 0 new contacts" in preview
    commit(owner_client, second)
    assert Contact.objects.count() == before
    second.refresh_from_db()
    assert second.report["created"] == 0 and second.report["merged"] == second.report["rows"]


def test_spellings_of_one_person_are_merged_and_kept(owner_client, owner):
    raw = (
        b"name,affiliation,homepage,scholarid\n"
        b"Zhen Ming (Jack) Jiang,York University,http://www.cse.yorku.ca/~zmjiang,Y1AUT_IAAAAJ\n"
        b"Zhen Ming Jiang,York University,http://www.cse.yorku.ca/~zmjiang,Y1AUT_IAAAAJ\n"
        b"Zheng Wang 0007,University of Leeds,https://example.ac.uk/zw,NOSCHOLARPAGE\n"
    )
    upload(owner_client, raw)
    commit(owner_client, ContactImport.objects.get())
    jiang = Contact.objects.get(scholar_id="Y1AUT_IAAAAJ")
    assert jiang.name == "Zhen Ming (Jack) Jiang" and jiang.other_names == "Zhen Ming Jiang"
    assert jiang.affiliation == "York University" and jiang.institution is None
    assert Contact.objects.count() == 2


def test_unmatched_affiliations_are_listed_and_can_be_created(owner_client, owner):
    raw = "name,affiliation,homepage,scholarid\nAda,Babeș-Bolyai University,https://a.example,NOSCHOLARPAGE\n".encode()
    upload(owner_client, raw)
    contact_import = ContactImport.objects.get()
    preview = owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "1 affiliation not on your target list" in preview and "Babeș-Bolyai University" in preview
    owner_client.post(contact_import.get_absolute_url(), {"create_institutions": "on"})
    commit(owner_client, contact_import)
    assert Contact.objects.get().institution.name == "Babeș-Bolyai University"


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (b",Purdue University,https://nobody.example,NOSCHOLARPAGE\n", "has no name"),
        (b"Junk \xff\xfe\x00 Row,Purdue University,https://junk.example,NOSCHOLARPAGE\n", "binary data"),
    ],
)
def test_a_file_with_a_bad_row_commits_nothing_and_reports_the_row(owner_client, owner, bad_row, reason):
    raw = b"name,affiliation,homepage,scholarid\nGood Person,Purdue University,https://good.example,NOSCHOLARPAGE\n"
    upload(owner_client, raw + bad_row)
    contact_import = ContactImport.objects.get()
    preview = owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "Row 3" in preview and reason in preview
    response = commit(owner_client, contact_import)
    assert "nothing was imported" in response.content.decode()
    assert not Contact.objects.exists()
    report = body_text(owner_client.get(f"/contacts/imports/{contact_import.pk}/rows.csv"))
    assert "3," in report and "rejected" in report


def test_slips_in_homepages_are_repaired_or_kept_in_the_notes(owner_client, owner):
    raw = (
        b"name,affiliation,homepage,scholarid\n"
        b"Travis Desell,UND,http://http://tdesell.cs.und.edu,NOSCHOLARPAGE\n"
        b"Tim P. Kelly,York,https:/www-users.cs.york.ac.uk/~tpk,NOSCHOLARPAGE\n"
        b"Yllka Velaj,Vienna,cs.univie.ac.at/yllka.velaj,NOSCHOLARPAGE\n"
        b"Steven B. Leeb,MIT,http://meche.mit.edu/SBLEEB@Massachusetts Institute of Technology.EDU,NOSCHOLARPAGE\n"
        b"Steve Leeb,MIT,http://meche.mit.edu/SBLEEB@Massachusetts Institute of Technology.EDU,NOSCHOLARPAGE\n"
    )
    upload(owner_client, raw)
    contact_import = ContactImport.objects.get()
    preview = owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "homepage repaired to http://tdesell.cs.und.edu" in preview
    commit(owner_client, contact_import)
    homepages = dict(Contact.objects.values_list("name", "homepage"))
    assert homepages["Travis Desell"] == "http://tdesell.cs.und.edu"
    assert homepages["Tim P. Kelly"] == "https://www-users.cs.york.ac.uk/~tpk"
    assert homepages["Yllka Velaj"] == "http://cs.univie.ac.at/yllka.velaj"
    leeb = Contact.objects.get(name="Steven B. Leeb")
    assert leeb.homepage == "" and "Homepage as given: http://meche.mit.edu/SBLEEB@" in leeb.notes
    assert leeb.other_names == "Steve Leeb", "the unusable homepage still identifies the person"
    upload(owner_client, raw)
    commit(owner_client, ContactImport.objects.latest("pk"))
    assert Contact.objects.count() == 4, "a second import of the same file adds nobody"


def test_a_generic_csv_is_mapped_by_the_user_before_the_preview(owner_client, owner):
    raw = b"Full Name,Email,Company\nGrace Hopper,grace@example.com,Yale\n"
    upload(owner_client, raw)
    contact_import = ContactImport.objects.get()
    assert contact_import.format == "generic"
    assert contact_import.mapping == {"name": 0, "email": 1, "affiliation": 2}
    response = owner_client.post(contact_import.get_absolute_url(), {"map_name": "0", "map_email": "0"})
    assert "Each column can feed only one field" in response.content.decode()
    owner_client.post(contact_import.get_absolute_url(), {"map_name": "0", "map_title": "2"})
    commit(owner_client, contact_import)
    grace = Contact.objects.get()
    assert (grace.name, grace.title, grace.email) == ("Grace Hopper", "Yale", "")


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("people.pdf", b"%PDF-1.4", "Upload a .csv file"),
        ("people.csv", b"", "The submitted file is empty"),
        ("people.csv", b"%PDF-1.4\x00\x00\x00", "This is not a CSV file"),
    ],
)
def test_a_file_that_is_not_a_csv_is_refused(owner_client, name, raw, message):
    response = upload(owner_client, raw, name)
    assert message in response.content.decode()
    assert not ContactImport.objects.exists()


def test_a_committed_import_cannot_be_committed_again(owner_client, owner):
    upload(owner_client, b"name\nAda\n")
    contact_import = ContactImport.objects.get()
    commit(owner_client, contact_import)
    response = commit(owner_client, contact_import)
    assert Contact.objects.count() == 1
    assert "Imported people.csv" in response.content.decode()


# The plan is made once, on upload (and on a new mapping), and stored: pages never read the file again.


@pytest.fixture
def file_reads(monkeypatch):
    """The names of the uploaded import files opened through the storage."""
    opened = []
    original = FileSystemStorage._open

    def spy(self, name, mode="rb"):
        if name.startswith("imports/"):
            opened.append(name)
        return original(self, name, mode)

    monkeypatch.setattr(FileSystemStorage, "_open", spy)
    return opened


def test_the_preview_and_the_report_never_read_the_file(owner_client, owner, file_reads):
    raw = csrankings_file()
    upload(owner_client, raw, "csrankings-z.csv")
    contact_import = ContactImport.objects.get()
    assert contact_import.planned_at and contact_import.summary["rows"] == raw.count(b"\n") - 1
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            preview = owner_client.get(contact_import.get_absolute_url())
        assert preview.status_code == 200 and "Import " in preview.content.decode()
        assert not [q["sql"] for q in queries if '."plan"' in q["sql"]], "the preview reads only the summary"
        report = body_text(owner_client.get(f"/contacts/imports/{contact_import.pk}/rows.csv"))
        assert report.count("\n") == contact_import.summary["rows"] + 1
    assert file_reads == []
    commit(owner_client, contact_import)
    assert Contact.objects.count() == distinct_people(raw)
    assert file_reads == [], "a plan made against unchanged contacts is applied as stored"


@pytest.fixture
def plans(monkeypatch):
    """The owners importer.plan() was called for, in order."""
    calls = []
    original = importer.plan

    def spy(**kwargs):
        calls.append(kwargs["owner"])
        return original(**kwargs)

    monkeypatch.setattr(importer, "plan", spy)
    return calls


def test_a_csrankings_file_is_planned_once_from_upload_to_commit(owner_client, owner, plans, file_reads):
    raw = csrankings_file()
    upload(owner_client, raw, "csrankings-z.csv")
    contact_import = ContactImport.objects.get()
    assert len(plans) == 1, "planned on upload"
    owner_client.get(contact_import.get_absolute_url())
    response = owner_client.post(contact_import.get_absolute_url(), {"create_institutions": "on"}, follow=True)
    assert "and create" in response.content.decode()
    owner_client.post(contact_import.get_absolute_url(), {"create_institutions": "on"})  # "Update preview" again
    owner_client.get(f"/contacts/imports/{contact_import.pk}/rows.csv")
    commit(owner_client, contact_import)
    assert len(plans) == 1, "the options, the preview, the report and the commit reuse the plan made on upload"
    assert file_reads == []
    assert Contact.objects.count() == distinct_people(raw)
    assert Contact.objects.filter(institution__isnull=False).count() == Contact.objects.count()


UNTICKED = {"create_institutions": ""}  # the form as a browser sends it with the box unticked


def test_update_preview_plans_again_when_contacts_or_institutions_changed(owner_client, owner, plans):
    raw = b"name,affiliation,homepage,scholarid\nAda Lovelace,ETH,https://ada.example,NOSCHOLARPAGE\n"
    upload(owner_client, raw)
    contact_import = ContactImport.objects.get()
    assert contact_import.summary["unmatched"] == 1
    Institution.objects.create(owner=owner, name="ETH")
    owner_client.post(contact_import.get_absolute_url(), UNTICKED)
    contact_import.refresh_from_db()
    assert len(plans) == 2 and contact_import.summary["unmatched"] == 0
    Contact.objects.create(owner=owner, name="Ada L.", homepage="https://ada.example")
    owner_client.post(contact_import.get_absolute_url(), UNTICKED)
    contact_import.refresh_from_db()
    assert len(plans) == 3 and contact_import.summary["new"] == 0 and contact_import.summary["merged"] == 1
    owner_client.post(contact_import.get_absolute_url(), UNTICKED)
    assert len(plans) == 3


def test_the_preview_report_and_commit_work_with_the_file_gone(owner_client, owner):
    upload(owner_client, b"name,affiliation\nAda Lovelace,ETH\nGrace Hopper,Yale\n")
    contact_import = ContactImport.objects.get()
    contact_import.file.storage.delete(contact_import.file.name)
    assert "Import 2 new contacts" in owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "Grace Hopper,created" in body_text(owner_client.get(f"/contacts/imports/{contact_import.pk}/rows.csv"))
    response = commit(owner_client, contact_import)
    assert "Imported 2 rows: 2 new contacts" in response.content.decode()
    assert set(Contact.objects.values_list("name", flat=True)) == {"Ada Lovelace", "Grace Hopper"}


def test_a_new_mapping_reads_the_file_once_and_stores_the_new_plan(owner_client, owner, file_reads):
    upload(owner_client, b"Who,Where\nGrace Hopper,Yale\n")
    contact_import = ContactImport.objects.get()
    assert contact_import.planned_at is None, "no column was recognised as the name"
    page = owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "Choose which column holds the name" in page
    owner_client.post(contact_import.get_absolute_url(), {"map_name": "0", "map_affiliation": "1"})
    assert len(file_reads) == 1
    contact_import.refresh_from_db()
    assert contact_import.summary["new"] == 1 and contact_import.mapping == {"name": 0, "affiliation": 1}
    owner_client.get(contact_import.get_absolute_url())
    commit(owner_client, contact_import)
    assert len(file_reads) == 1
    assert Contact.objects.get().affiliation == "Yale"


def test_a_plan_made_before_other_contacts_changed_is_made_again_in_the_commit(owner_client, owner):
    raw = b"name,affiliation,homepage,scholarid\nAda Lovelace,ETH,https://ada.example,NOSCHOLARPAGE\n"
    upload(owner_client, raw)
    upload(owner_client, raw)  # two tabs: both planned while Ada was not a contact yet
    first, second = ContactImport.objects.order_by("pk")
    assert first.summary["new"] == second.summary["new"] == 1
    commit(owner_client, first)
    response = commit(owner_client, second)
    assert "Imported 1 rows: 0 new contacts, 1 rows merged" in response.content.decode()
    assert Contact.objects.count() == 1


def test_a_contact_the_plan_merges_into_may_be_deleted_before_the_commit(owner_client, owner):
    alice = Contact.objects.create(owner=owner, name="Alice Smith", homepage="https://alice.example.edu")
    upload(owner_client, b"name,affiliation,homepage,scholarid\nA. Smith,ETH,https://alice.example.edu,ABC\n")
    contact_import = ContactImport.objects.get()
    assert contact_import.summary["merged"] == 1
    alice.delete()
    commit(owner_client, contact_import)
    assert list(Contact.objects.values_list("name", "scholar_id")) == [("A. Smith", "ABC")]


def test_an_import_uploaded_before_plans_were_stored_still_works(owner_client, owner, file_reads):
    upload(owner_client, b"name\nAda Lovelace\n")
    ContactImport.objects.update(plan=None, summary={}, planned_at=None)  # as the migration leaves older imports
    contact_import = ContactImport.objects.get()
    page = owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "Press “Update preview”" in page
    report = owner_client.get(f"/contacts/imports/{contact_import.pk}/rows.csv")
    assert report.status_code == 302 and report["Location"] == contact_import.get_absolute_url()
    assert file_reads == []
    commit(owner_client, contact_import)
    assert len(file_reads) == 1, "planned once, inside the commit"
    assert Contact.objects.get().name == "Ada Lovelace"


def test_a_committed_import_keeps_its_report_but_not_its_file(owner_client, owner, django_capture_on_commit_callbacks):
    upload(owner_client, b"name\nAda Lovelace\n")
    contact_import = ContactImport.objects.get()
    stored = contact_import.file.name
    with django_capture_on_commit_callbacks(execute=True):
        commit(owner_client, contact_import)
    contact_import.refresh_from_db()
    assert contact_import.file.name == "" and contact_import.plan is None
    assert not contact_import.file.storage.exists(stored)
    report = body_text(owner_client.get(f"/contacts/imports/{contact_import.pk}/rows.csv"))
    assert "Ada Lovelace,created" in report


def test_a_rejected_row_is_reported_on_its_line(owner_client, owner):
    upload(owner_client, b'name,notes\nAda Lovelace,"two\nlines"\n\n,no name\n')
    contact_import = ContactImport.objects.get()
    assert "Row 5: has no name" in owner_client.get(contact_import.get_absolute_url()).content.decode()
    assert "nothing was imported" in commit(owner_client, contact_import).content.decode()
    assert not Contact.objects.exists()


def test_another_users_import_is_not_found(client, outsider, owner_client):
    upload(owner_client, b"name\nAda Lovelace\n")
    contact_import = ContactImport.objects.get()
    client.force_login(outsider)
    for url in [contact_import.get_absolute_url(), f"/contacts/imports/{contact_import.pk}/rows.csv"]:
        assert client.get(url).status_code == 404
    assert client.post(f"/contacts/imports/{contact_import.pk}/commit/").status_code == 404
    assert client.post(contact_import.get_absolute_url(), {"map_name": "0"}).status_code == 404
    assert not Contact.objects.exists()


# Abandoned imports expire.


def test_uncommitted_imports_older_than_a_day_are_deleted_with_their_files(
    owner_client, owner, django_capture_on_commit_callbacks
):
    for name in ["old.csv", "recent.csv", "committed.csv"]:
        upload(owner_client, b"name\nAda Lovelace\n", name)
    old, recent, committed = (
        ContactImport.objects.get(original_name=n) for n in ["old.csv", "recent.csv", "committed.csv"]
    )
    commit(owner_client, committed)
    day_ago = timezone.now() - timedelta(days=1, minutes=1)
    ContactImport.objects.filter(pk__in=[old.pk, committed.pk]).update(created_at=day_ago)
    storage = old.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_imports() == 1
    assert set(ContactImport.objects.values_list("original_name", flat=True)) == {"recent.csv", "committed.csv"}
    assert not storage.exists(old.file.name) and storage.exists(recent.file.name)
    committed.refresh_from_db()
    assert committed.report["created"] == 1 and committed.file.name == ""
    assert owner_client.get(old.get_absolute_url()).status_code == 404
    assert owner_client.get(recent.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_imports(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert list(ContactImport.objects.values_list("original_name", flat=True)) == ["committed.csv"]
    assert not storage.exists(recent.file.name)


def test_the_expiry_chore_is_the_task_beat_runs(owner_client, owner):
    upload(owner_client, b"name\nAda Lovelace\n")
    ContactImport.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert tasks.expire_imports.name == "network.expire_imports"
    assert tasks.expire_imports.apply().get() == 1
    assert not ContactImport.objects.exists()


def test_committing_an_import_that_expired_meanwhile_says_so(owner_client, owner):
    upload(owner_client, b"name\nAda Lovelace\n")
    contact_import = ContactImport.objects.get()  # as the commit view has fetched it
    ContactImport.objects.update(created_at=timezone.now() - timedelta(days=2))
    services.expire_imports()
    with pytest.raises(ValidationError, match="This import has expired"):
        services.commit_import(contact_import=contact_import)
    assert owner_client.post(f"/contacts/imports/{contact_import.pk}/commit/").status_code == 404
    assert not Contact.objects.exists()
