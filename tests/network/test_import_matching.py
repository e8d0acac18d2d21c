"""How the import finds the existing contact a row belongs to, and the shortcuts it takes to do that quickly."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jobtracker.network import importer
from jobtracker.network.models import Contact, ContactImport
from jobtracker.pipeline.models import Institution

HEADER = b"name,affiliation,homepage,scholarid\n"


def upload_and_commit(client, raw: bytes) -> ContactImport:
    client.post("/contacts/import/", {"file": SimpleUploadedFile("p.csv", raw, content_type="text/csv")})
    contact_import = ContactImport.objects.latest("pk")
    client.post(f"/contacts/imports/{contact_import.pk}/commit/", follow=True)
    contact_import.refresh_from_db()
    return contact_import


@pytest.mark.parametrize("batch", [importer.BATCH, 1])  # 1: contacts read in batches, ties ordered in full
def test_a_homepage_two_contacts_share_merges_into_the_first_by_name(owner_client, owner, monkeypatch, batch):
    monkeypatch.setattr(importer, "BATCH", batch)
    Contact.objects.create(owner=owner, name="Zoe Older", homepage="https://shared.example.edu/lab")
    Contact.objects.create(owner=owner, name="Adam Newer", homepage="http://www.shared.example.edu/lab/")
    done = upload_and_commit(owner_client, HEADER + b"A. Person,ETH,HTTPS://Shared.Example.edu/lab,ABC123\n")
    assert done.report["row_outcomes"][0][3] == "into existing contact Adam Newer"
    assert Contact.objects.get(name="Adam Newer").scholar_id == "ABC123"
    assert Contact.objects.get(name="Zoe Older").scholar_id == ""


def test_a_name_at_an_affiliation_two_contacts_share_merges_into_the_older(owner_client, owner):
    eth = Institution.objects.create(owner=owner, name="ETH Zurich")
    first = Contact.objects.create(owner=owner, name="Ada Lovelace", institution=eth)
    Contact.objects.create(owner=owner, name="Ada Lovelace", affiliation="eth zurich")
    upload_and_commit(owner_client, b"name,affiliation,email\nADA LOVELACE,ETH Zurich,ada@example.org\n")
    assert Contact.objects.count() == 2
    assert list(Contact.objects.order_by("pk").values_list("email", flat=True)) == ["ada@example.org", ""]
    assert Contact.objects.get(pk=first.pk).email == "ada@example.org"


def test_contacts_with_a_homepage_or_scholar_id_are_not_matched_by_name(owner_client, owner):
    Contact.objects.create(owner=owner, name="Ada Lovelace", affiliation="ETH", homepage="https://ada.example")
    upload_and_commit(owner_client, HEADER + b"Ada Lovelace,ETH,,NOSCHOLARPAGE\n")
    assert Contact.objects.count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "http://cs.example.edu/~ada/",
        "https://a.b.c.example.museum/x/y.html?q=1&r=%20#top",
        "http://example.c",  # a one-letter top-level domain
        "http://-bad.example.com",
        "http://bad-.example.com",
        "http://a..example.com",
        "http://" + "a" * 64 + ".example.com",  # a label longer than 63
        "http://" + ".".join(["a" * 63] * 4) + ".com",  # a host longer than 253
        "http://example.com./x",
        "http://example.com:8080/x",
        "http://user@example.com/x",
        "http://example.com/a b",
        "http://example.com/a\tb",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://ex_ample.com/",
        "http://xn--80ak6aa92e.com/",
        "http://пример.рф/",
        "http://example.com/é",
        "HTTP://EXAMPLE.COM/",
        "http://example.co1/",
        "ftp://example.com/",
        "http://example.com/" + "x" * 2100,
    ],
)
def test_plain_urls_are_judged_as_django_judges_them(url):
    try:
        importer.URL_VALIDATOR(url)
    except ValidationError:
        valid = False
    else:
        valid = True
    assert importer._valid_url(url) is valid


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://WWW.Example.org/A//", "example.org/A"),
        ("http://https://x.org", "https://x.org"),
        ("  http://x.org/  ", "x.org"),
        ("x.org/a", "x.org/a"),
        ("http\u017f://x.org/a", "x.org/a"),  # the long s: the regular expression's Unicode case-insensitivity
        ("http://www.www.x.org", "www.x.org"),
    ],
)
def test_homepage_keys_ignore_scheme_case_of_the_host_www_and_trailing_slashes(url, key):
    assert importer.homepage_key(url) == key


@pytest.mark.parametrize(
    ("given", "repaired"),
    [
        ("http://x.org/a", "http://x.org/a"),
        ("  https://x.org  ", "https://x.org"),
        ("http://https://x.org", "https://x.org"),
        ("https://HTTP://x.org", "HTTP://x.org"),
        ("http://http\u017f://x.org", "http\u017f://x.org"),  # the long s, as the regular expression reads it
        ("http://httpbin.org", "http://httpbin.org"),
        ("http:/x.org", "http://x.org"),
        ("HTTPS:/x.org", "HTTPS://x.org"),
        ("x.org/a", "http://x.org/a"),
        ("http://", "http://"),
    ],
)
def test_slips_in_homepages_are_repaired(given, repaired):
    assert importer.repair_url(given) == repaired
