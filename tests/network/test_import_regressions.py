"""Regressions found in review: spellings and fields merged into existing contacts, over-long repaired homepages."""

from django.core.files.uploadedfile import SimpleUploadedFile

from jobtracker.network.models import Contact, ContactImport


def upload_and_commit(client, raw: bytes):
    client.post("/contacts/import/", {"file": SimpleUploadedFile("p.csv", raw, content_type="text/csv")})
    contact_import = ContactImport.objects.latest("pk")
    client.post(f"/contacts/imports/{contact_import.pk}/commit/", follow=True)
    return contact_import


def test_a_repaired_homepage_still_fits_its_column(owner_client, owner):
    homepage = "cs.example.edu/" + "a" * 480  # 495 characters, under the 500 limit before repair
    upload_and_commit(
        owner_client, f"name,affiliation,homepage,scholarid\nAda Byron,ETH Zurich,{homepage},NOSCHOLARPAGE\n".encode()
    )
    contact = Contact.objects.get(owner=owner, name="Ada Byron")
    assert len(contact.homepage) <= Contact._meta.get_field("homepage").max_length, len(contact.homepage)


def test_two_rows_merged_into_one_existing_contact_keep_both_spellings(owner_client, owner):
    Contact.objects.create(owner=owner, name="Alice Smith", homepage="https://alice.example.edu", scholar_id="ABC123")
    raw = (
        b"name,affiliation,homepage,scholarid\n"
        b"A. Smith,ETH Zurich,https://alice.example.edu,NOSCHOLARPAGE\n"
        b"Alice B. Smith,ETH Zurich,,ABC123\n"
    )
    upload_and_commit(owner_client, raw)
    contact = Contact.objects.get(owner=owner, name="Alice Smith")
    assert set(contact.other_names.splitlines()) == {"A. Smith", "Alice B. Smith"}, contact.other_names


def test_a_row_merged_into_an_existing_contact_keeps_its_spelling(owner_client, owner):
    Contact.objects.create(owner=owner, name="Alice Smith", homepage="https://alice.example.edu")
    upload_and_commit(
        owner_client,
        b"name,affiliation,homepage,scholarid\nA. Smith,ETH Zurich,https://alice.example.edu,NOSCHOLARPAGE\n",
    )
    contact = Contact.objects.get(owner=owner, name="Alice Smith")
    assert "A. Smith" in contact.other_names.splitlines(), repr(contact.other_names)
