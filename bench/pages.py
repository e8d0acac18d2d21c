"""Page benchmark: how long the heaviest pages take for a large account, against a trivial page.

Run from the project root: ``.venv/bin/python bench/pages.py`` (or ``make bench``).

Everything happens in a temporary directory on 127.0.0.1: a fresh SQLite database seeded with
``seed_demo --scale heavy``, static files collected there, and a real gunicorn server in production
mode (DEBUG=0). The script logs in as the heavy account, warms each page up, then requests the
pages in interleaved rounds so machine noise hits all of them alike, and prints median and p90
latency per page plus each page's median as a multiple of the baseline page's median.
"""

import argparse
import os
import tempfile
from pathlib import Path

from harness import Client, bench_env, gunicorn, manage, measure, report

EMAIL, PASSWORD, SHORT_NAME = "heavy@jobtracker.test", "demo-season-2026", "Heavy"
# (label, path, text the page must contain), timed in this order every round; the baseline last.
PAGES = [
    ("dashboard", "/", '<h1 class="h3 mb-0">Season '),
    ("application list", "/applications/", '<h1 class="h3 mb-0">Applications</h1>'),
    ("institution list", "/institutions/", '<h1 class="h3 mb-0">Target institutions</h1>'),
    ("baseline (help)", "/help/", "How jobtracker is organised"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = bench_env(tmp)
        for args in (["migrate", "--noinput"], ["seed_demo", "--scale", "heavy"], ["collectstatic", "--noinput"]):
            manage(env, *args)
        with gunicorn(env, tmp, options.workers) as port:
            client = Client(port, SHORT_NAME)
            client.login(EMAIL, PASSWORD)
            results = measure(client, PAGES, options.warmup, options.rounds)
    setup = f"gunicorn --workers {options.workers}, DEBUG=0, SQLite, {os.cpu_count()} CPUs"
    report(PAGES, results, f"{options.rounds} interleaved rounds, {setup}")


if __name__ == "__main__":
    main()
