"""Contact import benchmark: all 26 CSRankings faculty files (28,443 rows) into one account, through the web's path.

Run from the project root: ``.venv/bin/python bench/import_contacts.py``; ``--database postgres`` for a throwaway
database on the server at BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432, dropped at the end).

Each file is imported as a user does it in the browser, one after another into one account (later files merge
into the contacts of earlier ones), through the services the views call, in a process with production settings
(DEBUG=0):

- upload: ``services.start_import`` with the uploaded file (read, scan, plan, store the plan and its summary);
- options: ``services.set_mapping`` with the CSRankings columns and "create the institutions" ticked, the POST of
  the preview page;
- commit: ``services.commit_import`` on the import as the commit view loads it (the stored plan applied).

It reports rows per second for the whole and the time of each step, and peak memory: the resident size of the
importing process (and its growth), and the peak Python allocation (tracemalloc) while the 26 files are imported
a second time (nothing new, every row merged: all the matching). The baseline, measured in the same run, is merely
parsing the same files with the csv module. ``--profile FILE`` writes cProfile statistics of the timed run.

Then gunicorn (DEBUG=0) serves the account and the contact search and list are timed against the trivial /help/
page, interleaved so machine noise hits all alike (on PostgreSQL after ANALYZE, as autovacuum would soon run it
after so many inserts). ``--no-pages`` skips that part.
"""

import argparse
import contextlib
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

from harness import ROOT, Client, bench_env, code_version, gunicorn, manage, measure, postgres_database, report

DATA = ROOT.parent / "shared" / "data" / "csrankings"
EMAIL, PASSWORD, SHORT_NAME = "importer@jobtracker.test", "bench-password-2026", "Importer"
PAGES = [
    ("contact search", "/contacts/?q=wang", '<h1 class="h3 mb-0">Contacts</h1>'),
    ("contact list", "/contacts/", '<h1 class="h3 mb-0">Contacts</h1>'),
    ("baseline (help)", "/help/", "How jobtracker is organised"),
]
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
STEPS = ["upload", "options", "commit"]


def files() -> list[Path]:
    found = sorted(DATA.glob("csrankings-?.csv"))
    if len(found) != 26:
        sys.exit(f"expected 26 csrankings-*.csv files in {DATA}, found {len(found)}")
    return found


@contextlib.contextmanager
def database(kind: str, tmp: Path):
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        with postgres_database("bench_import") as url:
            yield url


def import_all(profile: str | None, trace: bool) -> dict:
    """Runs inside a subprocess with the bench environment: Django set up against the throwaway database."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from jobtracker.accounts.models import User
    from jobtracker.network import importer, services
    from jobtracker.network.models import Contact, ContactImport

    user = User.objects.create_user(EMAIL, PASSWORD, full_name=f"{SHORT_NAME} Bench")
    raw_files = [(path.name, path.read_bytes()) for path in files()]

    start = time.perf_counter()
    baseline_rows = sum(len(list(csv.reader(io.StringIO(raw.decode("utf-8"))))) - 1 for _name, raw in raw_files)
    baseline_seconds = time.perf_counter() - start

    def import_files() -> dict:
        seconds = dict.fromkeys(STEPS, 0.0)
        rows = created = merged = 0
        for name, raw in raw_files:  # one file at a time, as a user would upload them
            upload = SimpleUploadedFile(name, raw, content_type="text/csv")
            started = time.perf_counter()
            contact_import = services.start_import(owner=user, upload=upload)
            uploaded = time.perf_counter()
            services.set_mapping(
                contact_import=ContactImport.objects.defer("plan").get(pk=contact_import.pk),
                mapping=dict(importer.CSRANKINGS_MAPPING),
                create_institutions=True,
            )
            mapped = time.perf_counter()
            result = services.commit_import(
                contact_import=ContactImport.objects.defer("plan").get(pk=contact_import.pk)
            )
            committed = time.perf_counter()
            for step, elapsed in zip(STEPS, [uploaded - started, mapped - uploaded, committed - mapped], strict=True):
                seconds[step] += elapsed
            rows, created, merged = rows + result["rows"], created + result["created"], merged + result["merged"]
        return {"rows": rows, "created": created, "merged": merged, "seconds": seconds}

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    first = import_files()  # timed without tracemalloc, which slows Python down several times
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    contacts = Contact.objects.filter(owner=user).count()
    second, peak = {"seconds": {}}, None
    if trace:  # a second run imports nothing new but does all the matching; traced for its peak allocation
        tracemalloc.start()
        second = import_files()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if second["created"] or Contact.objects.filter(owner=user).count() != contacts:
            raise AssertionError(f"importing the files again created {second['created']} contacts")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        **first,
        "contacts": contacts,
        "second_seconds": sum(second["seconds"].values()),
        "peak_mb": peak / 1048576 if peak is not None else None,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "rss_peak_mb": rss_after / 1024,
        "baseline_rows": baseline_rows,
        "baseline_seconds": baseline_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-pages", action="store_true", help="skip the page timings after the import")
    parser.add_argument("--no-trace", action="store_true", help="skip the second import traced by tracemalloc")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile statistics of the timed import to FILE")
    parser.add_argument("--in-process-import", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process_import:
        print(json.dumps(import_all(options.profile, not options.no_trace)))
        return
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir:
        tmp = Path(tmpdir)
        with database(options.database, tmp) as url:
            env = bench_env(tmp, url)
            manage(env, "migrate", "--noinput")
            if not options.no_pages:
                manage(env, "collectstatic", "--noinput")
            print("importing 26 files ...", file=sys.stderr)
            command = [sys.executable, __file__, "--in-process-import"]
            if options.no_trace:
                command.append("--no-trace")
            if options.profile:
                command += ["--profile", str(Path(options.profile).resolve())]
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"the import failed:\n{done.stderr[-3000:]}")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            load_after = os.getloadavg()[0]
            if not options.no_pages:
                with gunicorn(env, tmp) as port:
                    client = Client(port, SHORT_NAME)
                    client.login(EMAIL, PASSWORD)
                    results = measure(client, PAGES, options.warmup, options.rounds)

    seconds = figures["seconds"]
    total = sum(seconds.values())
    rate = figures["rows"] / total
    baseline_rate = figures["baseline_rows"] / figures["baseline_seconds"]
    print(
        f"\nImport of {figures['rows']:,} rows in 26 files into one account through the web's services "
        f"({NAMES[options.database]}, {os.cpu_count()} CPUs, DEBUG=0; {code_version()}; "
        f"1-minute load {load_before:.1f} before, {load_after:.1f} after)"
    )
    print("| measure | value |\n|---|---:|")
    print(f"| contacts created (people after merging spellings) | {figures['created']:,} |")
    print(f"| rows merged (other spellings, people already imported) | {figures['merged']:,} |")
    print(f"| import time, upload + options + commit | {total:.2f} s |")
    print(f"| **rows per second** | **{rate:,.0f}** |")
    for step, label in [
        ("upload", "upload: read, scan, plan, store the plan (start_import)"),
        ("options", "options: create institutions ticked (set_mapping)"),
        ("commit", "commit: apply the stored plan (commit_import)"),
    ]:
        print(f"| ... {label} | {seconds[step]:.2f} s ({seconds[step] / total:.0%}) |")
    if figures["peak_mb"] is not None:
        print(
            f"| importing the 26 files again (all merged), traced by tracemalloc | {figures['second_seconds']:.2f} s |"
        )
    print(f"| baseline: csv parsing alone, rows per second | {baseline_rate:,.0f} |")
    print(f"| import cost relative to parsing alone | {baseline_rate / rate:.0f}× |")
    print(f"| peak resident memory of the importing process | {figures['rss_peak_mb']:.0f} MB |")
    print(f"| ... of which grown during the import | {figures['rss_growth_mb']:.0f} MB |")
    if figures["peak_mb"] is not None:
        print(
            f"| peak Python allocation while importing everything again (tracemalloc) | {figures['peak_mb']:.1f} MB |"
        )
    if not options.no_pages:
        report(
            PAGES,
            results,
            f"{options.rounds} interleaved rounds with {figures['contacts']:,} contacts, gunicorn --workers 2, "
            f"DEBUG=0, {NAMES[options.database]}; 1-minute load {os.getloadavg()[0]:.1f}",
        )


if __name__ == "__main__":
    main()
