"""Season report benchmark: the PDF, the workbook and the CSV exports of a 300-application account, and at 4x.

Run from the project root: ``.venv/bin/python bench/reports.py`` (``--help`` for the options).

Per database (a fresh SQLite file in a temporary directory, or a throwaway PostgreSQL database on the local server,
dropped at the end), after ``migrate`` and ``seed_demo --scale heavy``: the heavy account (heavy@jobtracker.test:
500 institutions, 300 applications, 5,000 stage events, all in the current season) gets each output built the way
the app builds it, in one process with production settings (DEBUG=0):

- the season report PDF: ``season.build()`` with the report's default choices, then ``pdf.render_pdf()`` on A4
  (what ``builders.render`` runs for a queued PDF); ``season.build()`` alone is also timed;
- the workbook: ``workbook.write_workbook()`` of every application into a temporary file;
- the two CSV exports (applications, stage history): the views' row generators through ``csv_lines`` into a
  temporary file, as the streamed response would send them;
- the report page ``/reports/`` through Django's test client (logged in, same choices), for comparison;
- the baseline: a one-page fpdf2 document with the report's fonts (Source Sans Pro), the fixed cost of any PDF.

Each is timed in ``--rounds`` interleaved rounds after one warm-up (wall time, median), then run once more under
tracemalloc (peak Python allocation during the call; files written to disk are not memory) and with Django's
query capture (queries). Then the account is grown in bulk to 4x (2,000 institutions, 1,200 applications, 20,000
stage events: the same shapes as seed_heavy) and everything is measured again, to show how each output grows.
"""

import argparse
import datetime as dt
import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

from harness import HOST, ROOT, bench_env, code_version, manage, postgres_database

EMAIL = "heavy@jobtracker.test"
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# (key, label), in the order they are timed each round; the baseline last.
OUTPUTS = [
    ("pdf", "season report PDF (build + render, A4)"),
    ("build", "… of which season.build() (the report's data)"),
    ("workbook", "workbook (.xlsx, write-only)"),
    ("csv_applications", "applications CSV"),
    ("csv_history", "stage history CSV"),
    ("page", "report page /reports/ (test client)"),
    ("baseline", "baseline: one-page fpdf2 document, same fonts"),
]


# In-process: runs in a subprocess set up against one database (``--in-process``).


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def counts(user) -> dict:
    from jobtracker.pipeline.models import Application, Institution, StageEvent

    return {
        "institutions": Institution.objects.filter(owner=user).count(),
        "applications": Application.objects.filter(owner=user).count(),
        "events": StageEvent.objects.filter(owner=user).count(),
    }


def grow(user, factor: int, seed: int = 12) -> None:
    """Add rows in bulk until the account holds `factor` times seed_heavy's 500 institutions, 300 applications
    (one position each, in the current season) and 5,000 stage events, built as seed_heavy builds them."""
    from django.db import transaction
    from django.utils import timezone

    from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent

    rng, now, have = random.Random(seed), timezone.now(), counts(user)
    season = Season.objects.filter(owner=user).order_by("-start_year").first()
    stages = list(Stage.objects.for_user(user).filter(track=Stage.Track.FACULTY))
    model = Institution.objects.filter(owner=user).order_by("pk").first()
    with transaction.atomic():
        insts = Institution.objects.bulk_create(
            [
                Institution(owner=user, name=f"Benchmark University {i}", department=model.department,
                            kind=model.kind, priority=rng.randint(1, 5), country=model.country, region=model.region)
                for i in range(have["institutions"], 500 * factor)
            ],
            batch_size=1000,
        )  # fmt: skip
        positions = [
            Position(owner=user, institution=insts[i % len(insts)], season=season,
                     title=f"Assistant Professor ({i})", deadline_tz="America/New_York",
                     deadline_date=(now + dt.timedelta(days=rng.randint(-60, 60))).date())
            for i in range(have["applications"], 300 * factor)
        ]  # fmt: skip
        for position in positions:
            position.derive_instants()
        Position.objects.bulk_create(positions, batch_size=1000)
        apps = Application.objects.bulk_create(
            [
                Application(owner=user, position=p, track=Stage.Track.FACULTY, stage=rng.choice(stages),
                            stage_changed_at=now - dt.timedelta(hours=rng.randint(1, 2000)))
                for p in positions
            ],
            batch_size=1000,
        )  # fmt: skip
        StageEvent.objects.bulk_create(
            [
                StageEvent(owner=user, application=apps[i % len(apps)], from_stage=rng.choice(stages),
                           to_stage=rng.choice(stages), occurred_at=now - dt.timedelta(hours=rng.randint(1, 4000)))
                for i in range(have["events"], 5000 * factor)
            ],
            batch_size=1000,
        )  # fmt: skip


def actions(user, last: dict) -> dict:
    """Each output as a no-argument callable returning the size in bytes of what it produced; the last PDF is
    kept in `last`."""
    from django.http import QueryDict
    from django.test import Client
    from fpdf import FPDF

    from jobtracker.core.csv_files import csv_lines
    from jobtracker.pipeline.models import Application
    from jobtracker.reports import csv_export, fonts, pdf, season, selectors, workbook

    def options():
        return selectors.options_from_query(user, QueryDict(""))

    def report_pdf() -> int:
        last["pdf"] = pdf.render_pdf(season.build(user=user, options=options()), paper="A4")
        return len(last["pdf"])

    def build() -> int:
        return len(season.build(user=user, options=options()).applications)  # rows, not bytes

    def xlsx() -> int:
        with tempfile.TemporaryFile() as target:
            workbook.write_workbook(user=user, applications=Application.objects.for_user(user), target=target)
            return target.tell()

    def csv_file(header, rows) -> int:
        with tempfile.TemporaryFile() as target:
            for line in csv_lines(header, rows(user=user, applications=Application.objects.for_user(user))):
                target.write(line.encode())
            return target.tell()

    client = Client()
    client.force_login(user)

    def page() -> int:
        response = client.get("/reports/", HTTP_HOST=HOST, secure=True)
        if response.status_code != 200 or b"<h1" not in response.content:
            raise RuntimeError(f"/reports/ answered {response.status_code}")
        return len(response.content)

    def baseline() -> int:
        document = FPDF(unit="mm", format="a4")
        fonts.register(document)
        document.add_page()
        document.set_font(fonts.FAMILY, "", 9.5)
        document.multi_cell(0, 5, "Season 2026–27: 300 applications, 12 interviews, 2 offers. Page 1 of 1.")
        return len(bytes(document.output()))

    return {
        "pdf": report_pdf,
        "build": build,
        "workbook": xlsx,
        "csv_applications": lambda: csv_file(csv_export.APPLICATION_HEADER, csv_export.application_rows),
        "csv_history": lambda: csv_file(csv_export.HISTORY_HEADER, csv_export.stage_history_rows),
        "page": page,
        "baseline": baseline,
    }


def measure_all(user, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found: dict = {key: {"ms": []} for key, _ in OUTPUTS}
    last: dict = {}
    run = actions(user, last)
    for key, _ in OUTPUTS:  # warm-up: imports, fonts found, templates compiled, connection open
        found[key]["size"] = run[key]()
    for _ in range(rounds):
        for key, _ in OUTPUTS:
            start = time.perf_counter()
            run[key]()
            found[key]["ms"].append((time.perf_counter() - start) * 1000)
    for key, _ in OUTPUTS:
        gc.collect()
        tracemalloc.start()
        with CaptureQueriesContext(connection) as queries:
            run[key]()
        found[key]["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        found[key]["queries"] = len(queries)
    data = last.pop("pdf")
    found["pdf"]["pages"] = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    found["pdf"]["cjk"] = b"NotoSansCJK" in data
    return found


def measure(rounds: int, factor: int) -> dict:
    from django.db import connection

    from jobtracker.accounts.models import User

    user = User.objects.get(email=EMAIL)
    result = {"database": database_version(), "scales": []}
    for scale in (1, factor):
        if scale > 1:
            print(f"growing the account to {scale}x ...", file=sys.stderr)
            start = time.perf_counter()
            grow(user, scale)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # what autovacuum does within a minute of a bulk insert
            result["grow_seconds"] = time.perf_counter() - start
        print(f"measuring at {scale}x, {rounds} rounds ...", file=sys.stderr)
        load = os.getloadavg()[0]
        found = measure_all(user, rounds)
        result["scales"].append({"factor": scale, "counts": counts(user), "found": found,
                                 "load": [load, os.getloadavg()[0]]})  # fmt: skip
    return result


# Driver


@contextmanager
def database(kind: str, tmp: Path):
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'reports.sqlite3'}"
    else:
        with postgres_database("bench_reports") as url:
            yield url


def run_database(kind: str, options, tmp_root: Path) -> dict:
    tmp = tmp_root / kind
    tmp.mkdir()
    with database(kind, tmp) as url:
        env = bench_env(tmp, url)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--scale", "heavy")
        manage(env, "collectstatic", "--noinput")  # the report page links manifest static files (DEBUG=0)
        print(f"[{kind}] measuring ...", file=sys.stderr)
        command = [sys.executable, __file__, "--in-process", str(options.rounds), str(options.factor)]
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE)
        if done.returncode:
            raise RuntimeError(f"the measuring process failed with {done.returncode}")
        return json.loads(done.stdout.decode().strip().splitlines()[-1])


def report(results: dict[str, dict], options) -> None:
    print(f"\nCode: {code_version()}; {os.cpu_count()} CPUs; DEBUG=0; median of {options.rounds} interleaved rounds "
          f"after one warm-up; peak = tracemalloc peak of one more call; × base = median ÷ the baseline's median "
          f"in the same run and at the same size")  # fmt: skip
    for kind, result in results.items():
        small, large = result["scales"]
        print(f"\n{NAMES[kind]} ({result['database']}); growing to {large['factor']}x took "
              f"{result['grow_seconds']:.1f} s")  # fmt: skip
        for scale in (small, large):
            c = scale["counts"]
            print(f"- {scale['factor']}x: {c['applications']:,} applications, {c['institutions']:,} institutions, "
                  f"{c['events']:,} stage events; PDF {scale['found']['pdf']['pages']} pages, CJK font embedded: "
                  f"{scale['found']['pdf']['cjk']}; "
                  f"1-minute load average before/after: {scale['load'][0]:.1f}/{scale['load'][1]:.1f}")  # fmt: skip
        n1, n4 = small["counts"]["applications"], large["counts"]["applications"]
        x = large["factor"]
        print(
            f"\n| output | {n1:,}: median ms | × base | peak MB | queries | KB "
            f"| {n4:,}: median ms | × base | peak MB | queries | KB | time ×{x} | peak ×{x} |"
        )
        print(f"|---|{'---:|' * 12}")  # fmt: skip
        for key, label in OUTPUTS:
            cells = []
            for scale in (small, large):
                f, base = scale["found"][key], statistics.median(scale["found"]["baseline"]["ms"])
                ms = statistics.median(f["ms"])
                size = f"{f['size'] / 1024:,.0f}" if key != "build" else f"{f['size']:,} rows"
                cells += [f"{ms:,.0f}", f"{ms / base:,.1f}", f"{f['peak'] / 2**20:,.1f}", f"{f['queries']}", size]
            a, b = small["found"][key], large["found"][key]
            cells += [f"{statistics.median(b['ms']) / statistics.median(a['ms']):.2f}", f"{b['peak'] / a['peak']:.2f}"]
            print(f"| {label} | {' | '.join(cells)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per size (after one warm-up)")
    parser.add_argument("--factor", type=int, default=4, help="the larger account, in multiples of the heavy one")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    parser.add_argument("--in-process", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process:
        import django

        django.setup()
        rounds, factor = map(int, options.in_process)
        print(json.dumps(measure(rounds, factor)))
        return
    kinds = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    results = {}
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir:
        for kind in kinds:
            results[kind] = run_database(kind, options, Path(tmpdir))
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1))
    report(results, options)


if __name__ == "__main__":
    main()
