"""The image's gunicorn, run as docker/gunicorn.conf.py configures it.

A long streamed export outlives gunicorn's worker timeout (a 100,000-row export takes 20-35 s, and a slow
client holds a response as long). The image's threaded worker keeps telling the arbiter it is alive while a
response streams, so the export completes; a sync worker is killed mid-stream, and then the client sees a
broken chunked body, never a short file that looks complete. The response here comes from a tiny WSGI app
(tests/integration/slow_stream_app.py) that streams for twice the timeout: what is tested is the server.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.slow_stream_app import LINES
from tests.reminders.services import free_port

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "docker" / "gunicorn.conf.py"


def start_gunicorn(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_TIMEOUT": "2", "WEB_CONCURRENCY": "1"}
    command = [str(Path(sys.executable).with_name("gunicorn")), "--config", str(CONFIG), *extra]
    log = (tmp_path / "gunicorn.log").open("wb")
    app = "tests.integration.slow_stream_app:application"
    server = subprocess.Popen([*command, app], cwd=ROOT, env=env, stdout=log, stderr=log)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    pytest.fail((tmp_path / "gunicorn.log").read_text()[-3000:])


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
    server, port = start_gunicorn(tmp_path)
    try:
        started = time.monotonic()
        body = download(port)
        assert time.monotonic() - started > 2, "the stream was quicker than the timeout; nothing is proven"
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert body.decode().splitlines()[-1].startswith(f"{LINES - 1},")


def test_a_sync_worker_cut_off_mid_stream_is_a_visible_error_not_a_short_file(tmp_path):
    server, port = start_gunicorn(tmp_path, "--worker-class", "sync", "--threads", "1")
    try:
        with pytest.raises(http.client.IncompleteRead):
            download(port)
    finally:
        server.terminate()
        server.wait(timeout=15)
