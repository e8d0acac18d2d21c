"""A body announced over the limit is refused before it is read; everything else passes untouched."""

from django.conf import settings
from django.test import RequestFactory

from jobtracker.core.middleware import RequestSizeLimitMiddleware
from jobtracker.network import importer


class Unreadable:
    def read(self, *args):
        raise AssertionError("the body was read")


def view(request):
    request.read(10)
    return "view ran"


def guarded(request):
    return RequestSizeLimitMiddleware(view)(request)


def test_an_announced_body_over_the_limit_is_refused_unread_with_both_sizes():
    request = RequestFactory().post("/materials/new/", data=b"x", content_type="application/pdf")
    request.META["CONTENT_LENGTH"] = str(4 * 1024**3)
    request._stream = Unreadable()
    response = guarded(request)
    body = response.content.decode()
    assert response.status_code == 413
    assert "What you sent is 4.0\xa0GB; the limit is 21.0\xa0MB." in body and "Nothing was saved" in body


def test_a_body_within_the_limit_reaches_the_view():
    request = RequestFactory().post("/x/", data=b"y" * 100, content_type="text/plain")
    assert guarded(request) == "view ran"


def test_the_limit_leaves_room_for_every_upload_the_site_accepts():
    largest_upload = max(settings.MATERIALS_MAX_UPLOAD_BYTES, importer.MAX_BYTES)
    assert largest_upload < settings.REQUEST_MAX_BYTES


def test_the_refusal_is_served_on_a_real_url_with_a_normal_client(client):
    response = client.generic(
        "POST", "/materials/new/", b"x", CONTENT_TYPE="multipart/form-data; boundary=z", CONTENT_LENGTH=str(10**10)
    )
    assert response.status_code == 413
