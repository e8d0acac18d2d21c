"""The one form page: the cursor starts where typing begins, and new rows can be added one after another."""

from django.urls import reverse

from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Institution


def test_the_cursor_starts_in_the_first_field(owner_client):
    page = owner_client.get(reverse("pipeline:institution_create")).content.decode()
    first = page.index('name="name"')
    assert "autofocus" in page[page.rindex("<input", 0, first) : page.index(">", first)]
    assert page.count("autofocus") == 1


def test_after_an_error_the_cursor_is_in_the_first_wrong_field(owner_client):
    page = owner_client.post(reverse("network:contact_create"), {"name": "Dr. Sato", "email": "not an address"})
    body = page.content.decode()
    at = body.index('name="email"')
    assert page.status_code == 400 and "autofocus" in body[body.rindex("<input", 0, at) : body.index(">", at)]


def test_save_and_add_another_keeps_the_row_and_opens_an_empty_form_again(owner_client, owner):
    url = reverse("network:contact_create") + "?institution=7"
    response = owner_client.post(url, {"name": "Dr. Hana Sato", "_add_another": "1"})

    assert response.status_code == 302 and response["Location"] == url
    assert Contact.objects.filter(owner=owner, name="Dr. Hana Sato").exists()
    page = owner_client.get(response["Location"]).content.decode()
    assert 'name="name"' in page and 'value="Dr. Hana Sato"' not in page  # an empty form again


def test_only_pages_that_make_rows_offer_it(owner_client, owner):
    assert "Save and add another" in owner_client.get(reverse("pipeline:institution_create")).content.decode()
    assert "Save and add another" in owner_client.get(reverse("pipeline:position_create")).content.decode()
    institution = Institution.objects.create(owner=owner, name="ETH Zurich")
    edit = owner_client.get(reverse("pipeline:institution_edit", args=[institution.pk])).content.decode()
    assert "Save and add another" not in edit


def test_a_document_can_be_uploaded_and_another_started_at_once(owner_client, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobtracker.materials.models import Document
    from tests.factories import PDF_BYTES

    url = reverse("materials:document_create")
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
    data = {"kind": "cv", "title": "CV", "label": "November", "file": upload, "_add_another": "1"}

    response = owner_client.post(url, data)

    assert response.status_code == 302 and response["Location"] == url
    assert Document.objects.filter(owner=owner, title="CV").exists()
    assert "autofocus" in owner_client.get(url).content.decode()
