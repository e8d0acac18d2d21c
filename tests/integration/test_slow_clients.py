"""Slow and oversized uploads against gunicorn alone and behind the compose file's nginx.

The attack seen: four uploads announcing 4 GB and sending one byte a second held every sync worker, and
/healthz/ stopped answering. Here the real app runs in gunicorn as the image configures it (threaded), alone
and behind nginx running docker/nginx/default.conf.template, and the clients really trickle.
"""

import http.client
import socket
import threading
import time
from contextlib import ExitStack, closing

import pytest

from tests.integration.servers import gunicorn, nginx

pytestmark = pytest.mark.integration
FOUR_GB = 4 * 1024**3
PROMPT = 3.0  # seconds: an answer this quick means nothing was waiting on a slow client


@pytest.fixture
def app_env(tmp_path):
    return {
        "DEBUG": "1",
        "JOBTRACKER_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Few threads on purpose: more slow clients than gunicorn has threads.
        "WEB_THREADS": "2",
    }


class Trickler:
    """A client that sends a form post's headers, then one byte a second until stopped.

    The log-in form, with a CSRF cookie: the CSRF check then reads the whole body, as every form post does."""

    def __init__(self, port: int, length: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        headers = (
            "POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Cookie: csrftoken={'a' * 32}\r\n"
            f"Content-Length: {length}\r\n\r\n"
        )
        self.sock.sendall(headers.encode())
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self):
        while not self.stopped.wait(1.0):
            try:
                self.sock.sendall(b"x")
            except OSError:
                return

    def answer(self, timeout: float) -> bytes:
        """The status line, if the server answered within timeout."""
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(200).split(b"\r\n", 1)[0]
        except TimeoutError:
            return b""
        except ConnectionResetError:
            return b"reset"

    def close(self):
        self.stopped.set()
        self.sock.close()


def tricklers(stack: ExitStack, port: int, count: int, length: int) -> list[Trickler]:
    made = [Trickler(port, length) for _ in range(count)]
    for trickler in made:
        stack.callback(trickler.close)
    return made


def timed_get(port: int, path: str = "/healthz/") -> tuple[int, float]:
    started = time.monotonic()
    with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=10)) as conn:
        conn.request("GET", path)
        status = conn.getresponse().status
    return status, time.monotonic() - started


def test_gunicorn_alone_refuses_announced_giants_at_once_and_keeps_answering(tmp_path, app_env):
    with gunicorn(tmp_path, "jobtracker.wsgi:application", **app_env) as port, ExitStack() as stack:
        giants = tricklers(stack, port, 4, FOUR_GB)
        for giant in giants:
            assert giant.answer(PROMPT) == b"HTTP/1.1 413 Request Entity Too Large"
        for _ in range(5):
            status, seconds = timed_get(port)
            assert status == 200 and seconds < PROMPT


def test_behind_nginx_giants_are_refused_and_more_slow_uploads_than_threads_hold_nothing(tmp_path, app_env):
    with (
        gunicorn(tmp_path, "jobtracker.wsgi:application", **app_env) as web,
        nginx(web) as proxy,
        ExitStack() as stack,
    ):
        giants = tricklers(stack, proxy, 4, FOUR_GB)
        for giant in giants:
            assert giant.answer(PROMPT).startswith(b"HTTP/1.1 413")
        # Uploads within the limit, trickling: nginx holds them all while it waits for the whole body,
        # so gunicorn's two threads stay free.
        tricklers(stack, proxy, 6, 1024 * 1024)
        time.sleep(1.5)
        for _ in range(5):
            status, seconds = timed_get(proxy)
            assert status == 200 and seconds < PROMPT
        status, _ = timed_get(proxy, "/accounts/login/")
        assert status == 200


def test_without_the_proxy_slow_uploads_within_the_limit_do_hold_threads(tmp_path, app_env):
    """Why compose puts nginx in front: gunicorn alone gives each trickling upload a thread until it ends."""
    with gunicorn(tmp_path, "jobtracker.wsgi:application", **app_env) as port, ExitStack() as stack:
        tricklers(stack, port, 2, 1024 * 1024)  # as many as gunicorn has threads
        time.sleep(1.5)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PROMPT)
        stack.callback(conn.close)
        with pytest.raises(TimeoutError):
            conn.request("GET", "/healthz/")
            conn.getresponse()
