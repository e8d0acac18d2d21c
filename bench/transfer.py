"""Backup and restore benchmark: the heavy demo account plus 200 uploaded files, on SQLite and PostgreSQL.

Run from the project root: ``.venv/bin/python bench/transfer.py`` (``--no-postgres`` to skip PostgreSQL; its
server is taken from BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/, and a throwaway database
is made there).

For each database, in a fresh throwaway database: migrate, seed the heavy account (500 institutions, 300
applications, 5,000 stage events) and give it 200 documents of one version each (PDFs of 64 KB to 192 KB). Then
time, with peak Python memory (tracemalloc):

- the baseline: read every backed-up row of the account (values(), in chunks) and copy the 200 files into a zip,
  the least any backup has to do;
- the backup (writer.write_backup into a temporary file);
- the check of the whole backup (inspection.inspect: checksums, every row, every file);
- the restore into a new, empty account (restorer.restore, one transaction).

Ratios compare each with the baseline of the same run.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from harness import ROOT, bench_env, manage

FILES = 200


def _measure(work) -> tuple[float, float, object]:
    tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1048576, result


def _pdf(n: int, size: int) -> bytes:
    body = secrets.token_bytes(size)  # incompressible, like the images in real PDFs
    return b"%PDF-1.4\n% bench file " + str(n).encode() + b"\n" + body + b"\n%%EOF\n"


def run_one() -> dict:
    """Runs inside a subprocess with the bench environment: Django set up against the throwaway database."""
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobtracker.materials import services as materials
    from jobtracker.materials.models import DocumentVersion
    from jobtracker.pipeline import demo
    from jobtracker.transfer import catalogue

    user = demo.seed_heavy()
    for n in range(FILES):
        upload = SimpleUploadedFile(f"statement-{n}.pdf", _pdf(n, 64 * 1024 * (1 + n % 3)), "application/pdf")
        materials.create_document(owner=user, kind="other", title=f"Statement {n}", notes="", upload=upload, label="v1")
    rows = sum(e.model._default_manager.filter(owner=user).count() for e in catalogue.entries())

    def baseline():
        with tempfile.TemporaryFile() as target, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in catalogue.entries():
                for _row in entry.model._default_manager.filter(owner=user).values().iterator(chunk_size=500):
                    pass
            for name in DocumentVersion.objects.filter(owner=user).values_list("file", flat=True).iterator():
                with default_storage.open(name, "rb") as source, archive.open(name, "w") as out:
                    while chunk := source.read(1024 * 1024):
                        out.write(chunk)

    figures = {"rows": rows, "files": FILES}
    figures["baseline"] = _measure(baseline)[:2]
    with tempfile.TemporaryFile() as backup_file:
        _timed(figures, user, backup_file)
    return figures


def _timed(figures: dict, user, backup_file) -> None:
    from jobtracker.accounts.models import User
    from jobtracker.transfer import catalogue, inspection, restorer, writer

    seconds, peak, _manifest = _measure(
        lambda: writer.write_backup(user=user, target=backup_file, progress=lambda d, t: None)
    )
    figures["backup"] = (seconds, peak)
    figures["zip_mb"] = backup_file.seek(0, 2) / 1048576
    figures["check"] = _measure(lambda: inspection.inspect(backup_file))[:2]
    newcomer = User.objects.create_user("restored@jobtracker.test", "bench-password-2026")
    figures["restore"] = _measure(
        lambda: restorer.restore(user=newcomer, stream=backup_file, progress=lambda d, t: None)
    )[:2]
    restored = sum(e.model._default_manager.filter(owner=newcomer).count() for e in catalogue.entries())
    assert restored == figures["rows"], (restored, figures["rows"])


def run_database(label: str, database_url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-transfer-") as tmp:
        env = bench_env(Path(tmp), database_url)
        manage(env, "migrate", "--no-input")
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--inside"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])


def _postgres(server: str):
    import psycopg

    name = f"bench_transfer_{secrets.token_hex(4)}"
    with psycopg.connect(server + "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, server + name


def _drop(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def print_table(label: str, figures: dict) -> None:
    base = figures["baseline"][0]
    print(f"\n{label}: {figures['rows']:,} rows, {figures['files']} files, backup {figures['zip_mb']:.1f} MB")
    print("| step | seconds | × baseline | peak MB (tracemalloc) |")
    print("|------|--------:|-----------:|----------------------:|")
    for step, title in [
        ("baseline", "baseline: read rows, zip files"),
        ("backup", "backup"),
        ("check", "check the whole backup"),
        ("restore", "restore into an empty account"),
    ]:
        seconds, peak = figures[step]
        print(f"| {title} | {seconds:.2f} | {seconds / base:.1f}× | {peak:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(run_one()))
        return
    print_table("SQLite", run_database("SQLite", None))
    if not args.no_postgres:
        server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
        name, url = _postgres(server)
        try:
            print_table("PostgreSQL", run_database("PostgreSQL", url))
        finally:
            _drop(server, name)


if __name__ == "__main__":
    main()
