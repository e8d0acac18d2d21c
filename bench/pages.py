"""Page benchmark: how long the heaviest pages take for a large account, against a trivial page.

Run from the project root: ``.venv/bin/python bench/pages.py`` (or ``make bench``).

Everything happens in a temporary directory on 127.0.0.1: a fresh SQLite database seeded with
``seed_demo --scale heavy``, static files collected there, and a real gunicorn server in production
mode (DEBUG=0). The script logs in as the heavy account, warms each page up, then requests the
pages in interleaved rounds so machine noise hits all of them alike, and prints median and p90
latency per page plus each page's median as a multiple of the baseline page's median.
"""

import argparse
import http.client
import http.cookies
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
EMAIL, PASSWORD, SHORT_NAME = "heavy@jobtracker.test", "demo-season-2026", "Heavy"
BASELINE = "/help/"
# (label, path, text the page must contain), timed in this order every round; the baseline last.
PAGES = [
    ("dashboard", "/", '<h1 class="h3 mb-0">Season '),
    ("application list", "/applications/", '<h1 class="h3 mb-0">Applications</h1>'),
    ("institution list", "/institutions/", '<h1 class="h3 mb-0">Target institutions</h1>'),
    ("baseline (help)", BASELINE, "How jobtracker is organised"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Client:
    """Minimal HTTP client: one connection per request (gunicorn's sync workers close it), no redirects."""

    def __init__(self, port: int):
        self.port = port
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

    def login(self) -> None:
        status, _, html = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not token or "csrftoken" not in self.cookies:
            sys.exit(f"login page: status {status}, no CSRF token or cookie")
        form = {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token[1], "next": ""}
        status, headers, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"login failed: status {status}, Location {headers.get('Location')!r}")

    def timed_get(self, path: str, expected: str) -> tuple[float, int]:
        """Seconds for one full request (connect, send, read the whole body); fails on anything but the page."""
        start = time.perf_counter()
        status, headers, html = self.request("GET", path)
        elapsed = time.perf_counter() - start
        if status != 200 or expected not in html or f">{SHORT_NAME}</a>" not in html:
            sys.exit(f"GET {path}: status {status}, Location {headers.get('Location')!r}; not the expected page")
        return elapsed, len(html.encode())


def prepare(tmp: Path) -> dict[str, str]:
    """Environment for every subprocess; migrates, seeds and collects static files in tmp."""
    # Settings are the project's own; only STATIC_ROOT moves into tmp so the tree is left alone.
    (tmp / "bench_settings.py").write_text(
        f"from jobtracker.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(tmp / 'static')!r}\n"
    )
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "JOBTRACKER_VAR_DIR": str(tmp / "var"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # required by DEBUG=0; never contacted by these pages
        "LOG_LEVEL": "WARNING",
    }
    for args in (["migrate", "--noinput"], ["seed_demo", "--scale", "heavy"], ["collectstatic", "--noinput"]):
        print(f"manage.py {' '.join(args)} ...", file=sys.stderr)
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def wait_healthy(server: subprocess.Popen, port: int, log: Path) -> None:
    for _ in range(120):  # up to ~30 s
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz/", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.25)
    sys.exit(f"gunicorn did not answer /healthz/ in time:\n{log.read_text()[-3000:]}")


def measure(client: Client, warmup: int, rounds: int) -> dict[str, tuple[list[float], int]]:
    for label, path, expected in PAGES:
        print(f"warming up {label} ...", file=sys.stderr)
        for _ in range(warmup):
            client.timed_get(path, expected)
    samples: dict[str, list[float]] = {label: [] for label, _, _ in PAGES}
    sizes: dict[str, int] = {}
    for _ in range(rounds):
        for label, path, expected in PAGES:
            seconds, sizes[label] = client.timed_get(path, expected)
            samples[label].append(seconds * 1000)
    return {label: (samples[label], sizes[label]) for label in samples}


def report(results: dict[str, tuple[list[float], int]], rounds: int, workers: int) -> None:
    baseline = statistics.median(results[PAGES[-1][0]][0])
    print(f"\n{rounds} interleaved rounds, gunicorn --workers {workers}, DEBUG=0, SQLite, {os.cpu_count()} CPUs")
    print(f"| {'page':<18} | {'path':<15} | median ms | p90 ms | × baseline | HTML KB |")
    print(f"|{'-' * 20}|{'-' * 17}|----------:|-------:|-----------:|--------:|")
    for label, path, _ in PAGES:
        ms, size = results[label]
        median, p90 = statistics.median(ms), statistics.quantiles(ms, n=10, method="inclusive")[-1]
        ratio, kb = median / baseline, size / 1024
        print(f"| {label:<18} | {path:<15} | {median:9.1f} | {p90:6.1f} | {ratio:9.1f}× | {kb:7.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = prepare(tmp)
        port, log = free_port(), tmp / "gunicorn.log"
        command = [str(BIN / "gunicorn"), "jobtracker.wsgi:application", "--bind", f"{HOST}:{port}"]
        with log.open("w") as log_file:
            server = subprocess.Popen(
                [*command, "--workers", str(options.workers)], cwd=ROOT, env=env, stdout=log_file, stderr=log_file
            )
            try:
                wait_healthy(server, port, log)
                client = Client(port)
                client.login()
                results = measure(client, options.warmup, options.rounds)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
        report(results, options.rounds, options.workers)


if __name__ == "__main__":
    main()
