"""Page benchmark: how long the heaviest pages take for a large account, against a trivial page.

Run from the project root: ``.venv/bin/python bench/pages.py`` (or ``make bench``). Options: ``--database
postgres`` (a throwaway database on the server at BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432,
dropped at the end) and ``--scale 4`` (the heavy account grown in bulk to 4x: 2,000 institutions, 1,200
applications, 20,000 stage events, as bench/reports.py grows it).

Everything happens in a temporary directory on 127.0.0.1: a fresh database seeded with ``seed_demo --scale
heavy``, static files collected there, and a real gunicorn server in production mode (DEBUG=0). The script logs
in as the heavy account, warms each page up, then requests the pages in interleaved rounds so machine noise hits
all of them alike, and prints median and p90 latency per page plus each page's median as a multiple of the
baseline page's median.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ROOT, Client, bench_env, gunicorn, manage, measure, postgres_database, report

EMAIL, PASSWORD, SHORT_NAME = "heavy@jobtracker.test", "demo-season-2026", "Heavy"
# (label, path, text the page must contain), timed in this order every round; the baseline last.
PAGES = [
    ("dashboard", "/", '<h1 class="h3 mb-0 text-nowrap">Season '),
    ("application list", "/applications/", '<h1 class="h3 mb-0">Applications</h1>'),
    ("institution list", "/institutions/", '<h1 class="h3 mb-0">Target institutions</h1>'),
    ("contact list", "/contacts/", '<h1 class="h3 mb-0">Contacts</h1>'),
    ("calendar", "/calendar/", '<h1 class="h3 mb-0">Calendar</h1>'),
    ("letters", "/letters/", '<h1 class="h3 mb-0">Letters, season '),
    ("baseline (help)", "/help/", "How jobtracker is organised"),
]
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


@contextlib.contextmanager
def database(kind: str, tmp: Path):
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        with postgres_database("bench_pages") as url:
            yield url


def prepare(factor: int) -> None:
    """In a process of its own (--prepare): the heavy account grown to `factor` times its rows, and on PostgreSQL
    the tables analysed, as autovacuum would soon do, so that 1x and 4x are planned from statistics alike."""
    import django

    django.setup()
    from django.db import connection
    from reports import grow as grow_account

    from jobtracker.accounts.models import User

    if factor > 1:
        grow_account(User.objects.get(email=EMAIL), factor)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, choices=[1, 4], default=1, help="the heavy account, or 4x its rows")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        prepare(options.prepare)
        return
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir:
        tmp = Path(tmpdir)
        with database(options.database, tmp) as url:
            env = bench_env(tmp, url)
            for args in (["migrate", "--noinput"], ["seed_demo", "--scale", "heavy"], ["collectstatic", "--noinput"]):
                manage(env, *args)
            if options.scale > 1 or options.database == "postgres":
                print(f"preparing the heavy account at {options.scale}x ...", file=sys.stderr)
                command = [sys.executable, __file__, "--prepare", str(options.scale)]
                subprocess.run(command, cwd=ROOT, env=env, check=True)
            with gunicorn(env, tmp, options.workers) as port:
                client = Client(port, SHORT_NAME)
                client.login(EMAIL, PASSWORD)
                results = measure(client, PAGES, options.warmup, options.rounds)
    setup = f"gunicorn --workers {options.workers}, DEBUG=0, {NAMES[options.database]}, {os.cpu_count()} CPUs"
    scale = "heavy account" if options.scale == 1 else f"heavy account at {options.scale}x"
    load = os.getloadavg()[0]
    report(PAGES, results, f"{options.rounds} interleaved rounds, {setup}, {scale}; 1-minute load {load:.1f}")


if __name__ == "__main__":
    main()
