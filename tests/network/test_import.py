"""CSV import of contacts, against the real CSRankings faculty list."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
