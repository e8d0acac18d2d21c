"""The image's gunicorn, run as docker/gunicorn.conf.py configures it.

A long streamed export outlives gunicorn's worker timeout (a 100,000-row export takes 20-35 s, and a slow
client holds a response as long). The image's threaded worker keeps telling the arbiter it is alive while a
response streams, so the export completes; a sync worker is killed mid-stream, and then the client sees a
broken chunked body, never a short file that looks complete. The response here comes from a tiny WSGI app
(tests/integration/slow_stream_app.py) that streams for twice the timeout: what is tested is the server.
"""

import http.client
import time

import pytest

from tests.integration.servers import gunicorn
from tests.integration.slow_stream_app import LINES

pytestmark = pytest.mark.integration
APP = "tests.integration.slow_stream_app:application"


def download(port: int) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 200
        return response.read()
    finally:
        conn.close()


def test_a_response_streaming_past_the_worker_timeout_completes_with_the_images_threaded_workers(tmp_path):
    with gunicorn(tmp_path, APP, GUNICORN_TIMEOUT="2") as port:
        started = time.monotonic()
        body = download(port)
        assert time.monotonic() - started > 2, "the stream was quicker than the timeout; nothing is proven"
    assert body.decode().splitlines()[-1].startswith(f"{LINES - 1},")


def test_a_sync_worker_cut_off_mid_stream_is_a_visible_error_not_a_short_file(tmp_path):
    sync = ("--worker-class", "sync", "--threads", "1")
    with gunicorn(tmp_path, APP, *sync, GUNICORN_TIMEOUT="2") as port, pytest.raises(http.client.IncompleteRead):
        download(port)
