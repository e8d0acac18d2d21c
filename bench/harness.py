"""Shared pieces of the benchmarks: a throwaway production-mode environment, gunicorn, a tiny HTTP client,
and for the reminder benchmark a private redis-server, an SMTP sink and background processes.

Everything runs in a temporary directory and on 127.0.0.1 only.
"""

import contextlib
import http.client
import http.cookies
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_env(tmp: Path, database_url: str | None = None) -> dict[str, str]:
    """Environment for every subprocess: production settings on a fresh SQLite file inside tmp (or database_url)."""
    # Settings are the project's own; only STATIC_ROOT moves into tmp so the tree is left alone.
    (tmp / "bench_settings.py").write_text(
        f"from jobtracker.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(tmp / 'static')!r}\n"
    )
    return os.environ | {
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
        "JOBTRACKER_VAR_DIR": str(tmp / "var"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # required by DEBUG=0; never contacted by these pages
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> None:
    print(f"manage.py {' '.join(args)} ...", file=sys.stderr)
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _wait_healthy(server: subprocess.Popen, port: int, log: Path) -> None:
    for _ in range(120):  # up to ~30 s
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/healthz/", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.25)
    sys.exit(f"gunicorn did not answer /healthz/ in time:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], tmp: Path, workers: int = 2):
    """A real gunicorn on a free loopback port; stopped (terminate, then kill) on exit. Yields the port."""
    port, log = free_port(), tmp / "gunicorn.log"
    command = [str(BIN / "gunicorn"), "jobtracker.wsgi:application", "--bind", f"{HOST}:{port}"]
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [*command, "--workers", str(workers)], cwd=ROOT, env=env, stdout=log_file, stderr=log_file
        )
        try:
            _wait_healthy(server, port, log)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class Client:
    """Minimal HTTP client: one connection per request (gunicorn's sync workers close it), no redirects."""

    def __init__(self, port: int, short_name: str):
        self.port = port
        self.short_name = short_name
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, str]:
        # Production cookies are Secure and CSRF checks the origin, so talk as if behind a TLS proxy.
        headers = {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            origin = f"https://{HOST}:{self.port}"
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
            headers["Referer"] = origin + path
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for raw in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers), text

    def login(self, email: str, password: str) -> None:
        status, _, html = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not token or "csrftoken" not in self.cookies:
            sys.exit(f"login page: status {status}, no CSRF token or cookie")
        form = {"username": email, "password": password, "csrfmiddlewaretoken": token[1], "next": ""}
        status, headers, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"login failed: status {status}, Location {headers.get('Location')!r}")

    def timed_get(self, path: str, expected: str) -> tuple[float, int]:
        """Seconds for one full request (connect, send, read the whole body); fails on anything but the page."""
        start = time.perf_counter()
        status, headers, html = self.request("GET", path)
        elapsed = time.perf_counter() - start
        if status != 200 or expected not in html or f">{self.short_name}</a>" not in html:
            sys.exit(f"GET {path}: status {status}, Location {headers.get('Location')!r}; not the expected page")
        return elapsed, len(html.encode())


def measure(client: Client, pages, warmup: int, rounds: int) -> dict[str, tuple[list[float], int]]:
    """Warm every page up, then time them in interleaved rounds so machine noise hits all alike."""
    for label, path, expected in pages:
        print(f"warming up {label} ...", file=sys.stderr)
        for _ in range(warmup):
            client.timed_get(path, expected)
    samples: dict[str, list[float]] = {label: [] for label, _, _ in pages}
    sizes: dict[str, int] = {}
    for _ in range(rounds):
        for label, path, expected in pages:
            seconds, sizes[label] = client.timed_get(path, expected)
            samples[label].append(seconds * 1000)
    return {label: (samples[label], sizes[label]) for label in samples}


def report(pages, results: dict[str, tuple[list[float], int]], header: str) -> None:
    """A table of median and p90 per page, with each median as a multiple of the last page's (the baseline)."""
    baseline = statistics.median(results[pages[-1][0]][0])
    width = max(len(path) for _, path, _ in pages)
    print(f"\n{header}")
    print(f"| {'page':<18} | {'path':<{width}} | median ms | p90 ms | × baseline | HTML KB |")
    print(f"|{'-' * 20}|{'-' * (width + 2)}|----------:|-------:|-----------:|--------:|")
    for label, path, _ in pages:
        ms, size = results[label]
        median, p90 = statistics.median(ms), statistics.quantiles(ms, n=10, method="inclusive")[-1]
        ratio, kb = median / baseline, size / 1024
        print(f"| {label:<18} | {path:<{width}} | {median:9.1f} | {p90:6.1f} | {ratio:9.1f}× | {kb:7.1f} |")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (a Celery worker's pool processes too), SIGKILL after 15 s."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def background(env: dict[str, str], tmp: Path):
    """Yields start(name, *command): each command in its own process group, logging to tmp/<name>.log.

    Every process started is stopped on exit, whatever happened.
    """
    started: list[subprocess.Popen] = []

    def start(name: str, *command: str) -> subprocess.Popen:
        with (tmp / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            stop(process)


@contextlib.contextmanager
def redis_server(tmp: Path):
    """A private redis-server on a free loopback port that keeps nothing on disk. Yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    args = [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", str(tmp)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):  # up to ~5 s
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
            time.sleep(0.05)
        else:
            sys.exit("redis-server did not start")
        yield f"redis://{HOST}:{port}/0"
    finally:
        stop(process)


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free loopback port that records when each message arrived and the
    value of one header; the messages themselves are dropped. Use as a context manager."""

    def __init__(self, header: str):
        self.pattern = re.compile(rb"^" + re.escape(header.encode()) + rb":[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)
        self.arrivals: list[tuple[float, str]] = []  # (time.perf_counter(), header value)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        found = self.pattern.search(envelope.original_content or envelope.content)
        with self.lock:
            self.arrivals.append((time.perf_counter(), found[1].decode() if found else ""))
        return "250 Message accepted for delivery"

    def __enter__(self):
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.controller = Controller(self, hostname=HOST, port=self.port, server_hostname="bench-sink")
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)

    def wait_for(self, count: int, timeout: float, alive=lambda: True) -> bool:
        """Polls until count messages arrived (True), or timeout passed or alive() turned false (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and alive():
            if self.count() >= count:
                return True
            time.sleep(0.05)
        return self.count() >= count


def code_version() -> str:
    """The commit measured, e.g. "7badceb 2026-11-29", and whether the app's files differed from it."""
    if not (ROOT / ".git").exists():  # an exported tree (git archive), e.g. to measure while others edit the checkout
        return os.environ.get("BENCH_CODE_VERSION", "unknown commit (not a git checkout)")
    commit = subprocess.run(["git", "log", "-1", "--format=%h %cs"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--short", "jobtracker", "templates"], cwd=ROOT, capture_output=True)
    return commit.strip() + (" with uncommitted changes" if dirty.stdout.strip() else "")


# A throwaway PostgreSQL database per run: the server at 127.0.0.1:5432 with trust auth (BENCH_POSTGRES_URL).
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


@contextlib.contextmanager
def postgres_database(prefix: str = "bench"):
    """CREATE DATABASE <prefix>_<random> on the local server, dropped (WITH (FORCE)) on exit. Yields its URL.

    Never a name starting with "test": test runs on the same server own those."""
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    if name.startswith("test"):
        raise ValueError(f"refusing a database named {name!r}")
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sql_value(database_url: str, sql: str):
    """The first column of the first row of one read-only query, on a short-lived connection of its own
    (SQLite or PostgreSQL), for polling a database that other processes are writing."""
    if database_url.startswith("sqlite:///"):
        import sqlite3

        db = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=20)
        try:
            return db.execute(sql).fetchone()[0]
        finally:
            db.close()
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as db:
        return db.execute(sql).fetchone()[0]


def query_plans(action) -> list[str]:
    """The plan of each distinct SELECT/UPDATE that action runs, explained with the same bound parameters:
    SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN (without ANALYZE: nothing is executed twice)."""
    from django.db import connection

    captured: dict[str, list] = {}

    def capture(execute, sql, params, many, context):
        if sql.lstrip().startswith(("SELECT", "UPDATE")):
            captured.setdefault(sql, params)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        action()
    lines = []
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        for sql, params in captured.items():
            cursor.execute(explain + sql, params)
            lines += [sql[:160] + (" ..." if len(sql) > 160 else ""), *(f"  -> {row[-1]}" for row in cursor.fetchall())]
    return lines
