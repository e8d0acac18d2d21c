"""Contact import benchmark: all 26 CSRankings faculty files (28,443 rows) into an empty account.

Run from the project root: ``.venv/bin/python bench/import_contacts.py``.

Reports the import's rows per second and peak memory (tracemalloc, Python allocations) against a
baseline measured in the same run: merely parsing the same files with the csv module. Then serves the
resulting account with gunicorn (DEBUG=0) and times the contact search and list at that size against
the trivial /help/ page, interleaved so machine noise hits all alike.
"""

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from harness import ROOT, Client, bench_env, gunicorn, manage, measure, report

DATA = ROOT.parent / "shared" / "data" / "csrankings"
EMAIL, PASSWORD, SHORT_NAME = "importer@jobtracker.test", "bench-password-2026", "Importer"
PAGES = [
    ("contact search", "/contacts/?q=wang", '<h1 class="h3 mb-0">Contacts</h1>'),
    ("contact list", "/contacts/", '<h1 class="h3 mb-0">Contacts</h1>'),
    ("baseline (help)", "/help/", "How jobtracker is organised"),
]


def files() -> list[Path]:
    found = sorted(DATA.glob("csrankings-?.csv"))
    if len(found) != 26:
        sys.exit(f"expected 26 csrankings-*.csv files in {DATA}, found {len(found)}")
    return found


def import_all() -> dict:
    """Runs inside a subprocess with the bench environment: Django set up against the throwaway database."""
    import django

    django.setup()
    from jobtracker.accounts.models import User
    from jobtracker.network import importer
    from jobtracker.network.models import Contact

    user = User.objects.create_user(EMAIL, PASSWORD, full_name=f"{SHORT_NAME} Bench")
    raw_files = [path.read_bytes() for path in files()]

    start = time.perf_counter()
    baseline_rows = sum(len(list(csv.reader(io.StringIO(raw.decode("utf-8"))))) - 1 for raw in raw_files)
    baseline_seconds = time.perf_counter() - start

    def import_files():
        rows = created = 0
        for raw in raw_files:  # one file at a time, as a user would upload them
            header, table = importer.read_table(raw)
            plan = importer.plan(owner=user, header=header, rows=table, mapping=importer.CSRANKINGS_MAPPING)
            result = importer.apply(owner=user, plan=plan, create_institutions=True)
            rows, created = rows + result["rows"], created + result["created"]
        return rows, created

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    rows, created = import_files()  # timed without tracemalloc, which slows Python down several times
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # A second run imports nothing new but does all the matching; traced for its peak allocation.
    tracemalloc.start()
    import_files()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "created": created,
        "contacts": Contact.objects.filter(owner=user).count(),
        "seconds": seconds,
        "peak_mb": peak / 1048576,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "rss_peak_mb": rss_after / 1024,
        "baseline_rows": baseline_rows,
        "baseline_seconds": baseline_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--in-process-import", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process_import:
        print(json.dumps(import_all()))
        return
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = bench_env(tmp)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        print("importing 26 files ...", file=sys.stderr)
        command = [sys.executable, __file__, "--in-process-import"]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"the import failed:\n{done.stderr[-3000:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        with gunicorn(env, tmp) as port:
            client = Client(port, SHORT_NAME)
            client.login(EMAIL, PASSWORD)
            results = measure(client, PAGES, options.warmup, options.rounds)

    rate = figures["rows"] / figures["seconds"]
    baseline_rate = figures["baseline_rows"] / figures["baseline_seconds"]
    print(f"\nImport of {figures['rows']:,} rows in 26 files into an empty account ({os.cpu_count()} CPUs, SQLite)")
    print("| measure | value |\n|---|---:|")
    print(f"| contacts created (people after merging spellings) | {figures['created']:,} |")
    print(f"| import time | {figures['seconds']:.2f} s |")
    print(f"| rows per second | {rate:,.0f} |")
    print(f"| baseline: csv parsing alone, rows per second | {baseline_rate:,.0f} |")
    print(f"| import cost relative to parsing alone | {baseline_rate / rate:.0f}× |")
    print(f"| peak resident memory of the importing process | {figures['rss_peak_mb']:.0f} MB |")
    print(f"| ... of which grown during the import | {figures['rss_growth_mb']:.0f} MB |")
    print(f"| peak Python allocation while re-importing everything (tracemalloc) | {figures['peak_mb']:.1f} MB |")
    report(
        PAGES,
        results,
        f"{options.rounds} interleaved rounds with {figures['contacts']:,} contacts, gunicorn --workers 2, DEBUG=0",
    )


if __name__ == "__main__":
    main()
