"""Refuse a request body over the limit from its Content-Length, before a byte of it is read.

Django applies its own limits only while it reads the body, so a client announcing 4 GB and sending one byte
a second would hold a server thread for the whole trickle. Answered at once instead, the body is never read
(gunicorn drops the connection rather than drain it). Behind the compose file's nginx the proxy refuses the
same requests first; this is for gunicorn run alone.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from jobtracker.core.sizes import too_large_message


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > settings.REQUEST_MAX_BYTES:
            message = too_large_message(length, settings.REQUEST_MAX_BYTES, what="What you sent")
            page = render_to_string("core/request_too_large.html", {"message": message})
            return HttpResponse(page, status=413)
        return self.get_response(request)
