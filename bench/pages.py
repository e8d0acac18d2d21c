"""Page benchmark: how long the heaviest pages take for a large account, against a trivial page.

Run from the project root: ``.venv/bin/python bench/pages.py`` (or ``make bench``). Options: ``--database
postgres`` (a throwaway database on the server at BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432,
dropped at the end, or kept with ``--keep`` to read plans in it afterwards), ``--scale 4`` (the heavy account grown
in bulk to 4x: 2,000 institutions, 1,200 applications, 20,000 stage events, as bench/reports.py grows it) and
``--other-users 1000`` (that many other users with about 100 applications each and the rows around them, seeded in
bulk by bench/crowd.py: the pages must leave them out, and their plans must not change for them). With
``--side-by-side`` the account is also served alone from a second database, and both servers are timed in the same
interleaved rounds, so that the crowded / alone ratio does not depend on how the machine's load moved between runs.
``--scale-side-by-side`` serves the account at 1x and at 4x side by side in the same way. ``--page-cache on``
serves the pages with the page cache in Redis (BENCH_CACHE_URL, default redis://127.0.0.1:6379/13, under a fresh
key prefix): what a user sees coming back to a page they have not changed since; ``--page-cache
compare`` times that side by side with the pages rendered afresh, which is what the first view after a write costs.

Everything happens in a temporary directory on 127.0.0.1: a fresh database seeded with ``seed_demo --scale
heavy``, static files collected there, and a real gunicorn server in production mode (DEBUG=0). The script logs
in as the heavy account, warms each page up, then requests the pages in interleaved rounds so machine noise hits
all of them alike, and prints median and p90 latency per page plus each page's median as a multiple of the
baseline page's median.
"""

import argparse
import contextlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import POSTGRES_SERVER, ROOT, Client, bench_env, gunicorn, manage, measure, postgres_database, report

EMAIL, PASSWORD, SHORT_NAME = "heavy@jobtracker.test", "demo-season-2026", "Heavy"
SEARCH = "purdue"  # a few of the heavy account's institutions, their postings and applications; others' too


def pages(ids: dict) -> list[tuple[str, str, str]]:
    """(label, path, text the page must contain), timed in this order every round; the baseline last. `ids` are
    the heavy account's rows that pages of one row show, as the --prepare step found them."""
    application = ids["application"]
    return [
        ("dashboard", "/", '<h1 class="h3 mb-0 text-nowrap">Season '),
        ("application list", "/applications/", '<h1 class="h3 mb-0">Applications</h1>'),
        ("institution list", "/institutions/", '<h1 class="h3 mb-0">Target institutions</h1>'),
        ("posting list", "/positions/", '<h1 class="h3 mb-0">Postings</h1>'),
        ("contact list", "/contacts/", '<h1 class="h3 mb-0">Contacts</h1>'),
        ("calendar", "/calendar/", '<h1 class="h3 mb-0">Calendar</h1>'),
        ("letters", "/letters/", '<h1 class="h3 mb-0">Letters, season '),
        ("application", f"/applications/{application}/", '<h2 class="h5">History</h2>'),
        ("checklist", f"/applications/{application}/checklist/", '<h1 class="h3 mb-1">Checklist</h1>'),
        ("interview list", "/interviews/", '<h1 class="h3 mb-0">Interviews</h1>'),
        ("offers compared", "/offers/compare/", '<h1 class="h3 mb-0">Compare offers</h1>'),
        ("materials", "/materials/", '<h1 class="h3 mb-0">Materials</h1>'),
        ("search", f"/search/?q={SEARCH}", "results found for"),
        ("baseline (help)", "/help/", "How jobtracker is organised"),
    ]


NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


@contextlib.contextmanager
def database(kind: str, tmp: Path, keep: bool = False):
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
    elif keep:  # left on the server for EXPLAIN ANALYZE afterwards; drop it by hand
        import psycopg

        name = f"bench_pages_kept_{secrets.token_hex(4)}"
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        print(f"keeping the database {POSTGRES_SERVER}/{name}", file=sys.stderr)
        yield f"{POSTGRES_SERVER}/{name}"
    else:
        with postgres_database("bench_pages") as url:
            yield url


def prepare(factor: int, other_users: int, ids_file: Path) -> None:
    """In a process of its own (--prepare): the heavy account grown to `factor` times its rows, `other_users`
    other users seeded around it, and on PostgreSQL the tables analysed, as autovacuum would soon do, so that every
    run is planned from statistics alike. The ids of the rows the pages of one row show go to `ids_file`."""
    import django

    django.setup()
    from crowd import crowd
    from django.db import connection
    from reports import grow as grow_account

    from jobtracker.accounts.models import User
    from jobtracker.pipeline.models import Application

    heavy = User.objects.get(email=EMAIL)
    if factor > 1:
        grow_account(heavy, factor)
    if other_users:
        print(f"seeding {other_users} other users ...", file=sys.stderr)
        print(f"  {crowd(other_users)}", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    application = Application.objects.filter(owner=heavy).order_by("pk").values_list("pk", flat=True).first()
    ids_file.write_text(json.dumps({"application": application}))


@contextlib.contextmanager
def served(options, tmp: Path, other_users: int, keep: bool = False, page_cache: bool = False, scale: int = 0):
    """A database prepared as the options say with `other_users` around the heavy account, and gunicorn serving
    it, with the page cache in Redis (BENCH_CACHE_URL, a fresh key prefix) or without. Yields (a logged-in client,
    the pages to time with their ids)."""
    with database(options.database, tmp, keep) as url:
        env = bench_env(tmp, url)
        env.pop("CACHE_URL", None)
        if page_cache:
            env["CACHE_URL"] = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")
            env["CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(6)}"
        for args in (["migrate", "--noinput"], ["seed_demo", "--scale", "heavy"], ["collectstatic", "--noinput"]):
            manage(env, *args)
        scale = scale or options.scale
        print(f"preparing the heavy account at {scale}x ...", file=sys.stderr)
        ids_file = tmp / "ids.json"
        command = [sys.executable, __file__, "--prepare", str(ids_file), "--scale", str(scale)]
        command += ["--other-users", str(other_users)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        with gunicorn(env, tmp, options.workers) as port:
            client = Client(port, SHORT_NAME)
            client.login(EMAIL, PASSWORD)
            yield client, pages(json.loads(ids_file.read_text()))


def side_by_side(runs: dict, warmup: int, rounds: int) -> dict[str, dict[str, tuple[list[float], int]]]:
    """Each page from every server in the same interleaved rounds (which server goes first alternates), so that
    the load of the moment weighs on both alike. runs: name -> (client, pages)."""
    for name, (client, timed) in runs.items():
        for label, path, expected in timed:
            print(f"warming up {label} ({name}) ...", file=sys.stderr)
            for _ in range(warmup):
                client.timed_get(path, expected)
    samples = {name: {label: [] for label, _, _ in timed} for name, (_, timed) in runs.items()}
    sizes: dict[str, dict[str, int]] = {name: {} for name in runs}
    names = list(runs)
    for n in range(rounds):
        for i in range(len(runs[names[0]][1])):
            for name in names if n % 2 == 0 else names[::-1]:
                client, timed = runs[name]
                label, path, expected = timed[i]
                seconds, sizes[name][label] = client.timed_get(path, expected)
                samples[name][label].append(seconds * 1000)
    return {name: {label: (samples[name][label], sizes[name][label]) for label in samples[name]} for name in names}


def report_side_by_side(timed, results: dict, header: str) -> None:
    """A table of the two runs' medians, the second's over the first's, and each over its own baseline."""
    first, second = list(results)
    baseline = {name: statistics.median(found[timed[-1][0]][0]) for name, found in results.items()}
    width = max(len(path) for _, path, _ in timed)
    print(f"\n{header}")
    print(f"| page | path | {first} ms | {second} ms | {second} / {first} | × baseline {first}, {second} |")
    print(f"|{'-' * 20}|{'-' * (width + 2)}|---:|---:|---:|---:|")
    for label, path, _ in timed:
        a, b = statistics.median(results[first][label][0]), statistics.median(results[second][label][0])
        ratios = f"{a / baseline[first]:.1f}×, {b / baseline[second]:.1f}×"
        print(f"| {label:<18} | {path:<{width}} | {a:.1f} | {b:.1f} | {b / a:.2f}× | {ratios} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, choices=[1, 4], default=1, help="the heavy account, or 4x its rows")
    parser.add_argument(
        "--scale-side-by-side",
        action="store_true",
        help="serve the account at 1x and at 4x from two databases, both timed in the same rounds",
    )
    parser.add_argument("--other-users", type=int, default=0, help="other users around it (bench/crowd.py)")
    parser.add_argument(
        "--side-by-side",
        action="store_true",
        help="with --other-users: also serve the account alone from a second database, both timed in the same rounds",
    )
    parser.add_argument(
        "--page-cache",
        choices=["off", "on", "compare"],
        default="off",
        help="serve with the page cache in Redis (core/fragments.py); compare: without and with, side by side",
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (its URL is printed)")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        prepare(options.scale, options.other_users, options.prepare)
        return
    if options.keep and options.database != "postgres":
        parser.error("--keep keeps a PostgreSQL database; add --database postgres")
    if options.side_by_side and not options.other_users:
        parser.error("--side-by-side compares the account alone with the account among --other-users N")
    if sum([options.side_by_side, options.page_cache == "compare", options.scale_side_by_side]) > 1:
        parser.error("--side-by-side, --scale-side-by-side and --page-cache compare each serve two databases")
    setup = f"gunicorn --workers {options.workers}, DEBUG=0, {NAMES[options.database]}, {os.cpu_count()} CPUs"
    scale = "heavy account" if options.scale == 1 else f"heavy account at {options.scale}x"
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir, contextlib.ExitStack() as stack:
        tmp = Path(tmpdir)
        cache = options.page_cache == "on"
        if options.side_by_side or options.page_cache == "compare" or options.scale_side_by_side:
            if options.side_by_side:
                plans = {"alone": (0, cache, 0), "crowded": (options.other_users, cache, 0)}
                what = f"alone and among {options.other_users:,} other users"
            elif options.scale_side_by_side:
                plans = {"1x": (options.other_users, cache, 1), "4x": (options.other_users, cache, 4)}
                what = "at 1x and at 4x"
            else:
                plans = {"afresh": (options.other_users, False, 0), "cached": (options.other_users, True, 0)}
                what = "without and with the page cache"
            runs = {}
            for name, (others, with_cache, scale_of_run) in plans.items():
                (tmp / name).mkdir()
                server = served(options, tmp / name, others, options.keep, with_cache, scale_of_run)
                runs[name] = stack.enter_context(server)
            results = side_by_side(runs, options.warmup, options.rounds)
            timed = runs[list(runs)[-1]][1]
            load = os.getloadavg()[0]
            header = (
                f"{options.rounds} interleaved rounds, {setup}, {scale} {what}, side by side; 1-minute load {load:.1f}"
            )
            report_side_by_side(timed, results, header)
            return
        client, timed = stack.enter_context(served(options, tmp, options.other_users, options.keep, cache))
        results = measure(client, timed, options.warmup, options.rounds)
    if options.other_users:
        scale += f" among {options.other_users:,} other users"
    if cache:
        scale += ", page cache on"
    load = os.getloadavg()[0]
    report(timed, results, f"{options.rounds} interleaved rounds, {setup}, {scale}; 1-minute load {load:.1f}")


if __name__ == "__main__":
    main()
