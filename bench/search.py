"""Search benchmark: /search/ for a large account among many, on SQLite and on PostgreSQL, against a trivial page.

Run from the project root: ``.venv/bin/python bench/search.py`` (``--skip-sqlite`` or ``--skip-postgres`` for one).

For each database, in a temporary directory (PostgreSQL: a throwaway database on 127.0.0.1:5432, dropped after):
migrate, ``seed_demo --scale heavy`` (500 institutions, 300 postings and applications for heavy@jobtracker.test),
then 20,000 more contacts for that account (the CSRankings faculty names and affiliations, a quarter linked to one
of its institutions) with 5,000 interactions, and 1,000 other users with 20 contacts and an institution each, so
the owner filter has rows to leave out. On PostgreSQL the tables are then VACUUM ANALYZEd, as autovacuum would.
A real gunicorn (DEBUG=0) serves the pages; each is warmed up, then all are timed in interleaved rounds, and each
median is printed as a multiple of /help/'s median in the same run. The old contact-list filter
(/contacts/?q=wang, the LIKE scan issue 13 measured at about 25x) is timed alongside for comparison.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ROOT, Client, bench_env, code_version, gunicorn, manage, measure, postgres_database, report

DATA = ROOT.parent / "shared" / "data" / "csrankings"
EMAIL, PASSWORD, SHORT_NAME = "heavy@jobtracker.test", "demo-season-2026", "Heavy"
CONTACTS, INTERACTIONS, OTHER_USERS, OTHER_CONTACTS = 20_000, 5_000, 1_000, 20
RARE = "oyelaran"  # one of the heavy account's contacts has it; so do other users', whom the search must skip
PAGES = [
    ("search rare word", f"/search/?q={RARE}", "1 result found for"),
    ("search common word", "/search/?q=wang", "results found for"),
    ("search two words", "/search/?q=wang+university", "results found for"),
    ("search contacts", "/search/?q=wang&kind=contacts", "contacts found for"),
    ("old contact filter", "/contacts/?q=wang", '<h1 class="h3 mb-0">Contacts</h1>'),
    ("baseline (help)", "/help/", "How jobtracker is organised"),
]


def faculty() -> list[tuple[str, str]]:
    rows = []
    for path in sorted(DATA.glob("csrankings-?.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows += [(row["name"], row["affiliation"]) for row in csv.DictReader(handle)]
    if len(rows) < CONTACTS + OTHER_USERS:
        sys.exit(f"expected the CSRankings faculty files in {DATA}")
    return rows


def fill() -> dict:
    """Runs inside a subprocess with the bench environment: Django set up against the throwaway database."""
    import datetime as dt
    import random

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from jobtracker.accounts.models import User
    from jobtracker.network.models import Contact, Interaction
    from jobtracker.pipeline.models import Institution

    rng = random.Random(12)
    people = faculty()
    rng.shuffle(people)
    heavy = User.objects.get(email=EMAIL)
    institutions = list(Institution.objects.filter(owner=heavy))
    contacts = Contact.objects.bulk_create(
        Contact(
            owner=heavy,
            name=name if n else f"Ada {RARE.title()}",
            affiliation=affiliation,
            institution=rng.choice(institutions) if n % 4 == 0 else None,
            notes="met at a workshop" if n % 7 == 0 else "",
        )
        for n, (name, affiliation) in enumerate(people[:CONTACTS])
    )
    Interaction.objects.bulk_create(
        Interaction(
            owner=heavy,
            contact=contact,
            happened_on=dt.date(2026, 1, 1) + dt.timedelta(days=n % 300),
            summary=f"Coffee with {contact.name} about their group",
        )
        for n, contact in enumerate(rng.sample(contacts[1:], INTERACTIONS))  # not the rare one
    )
    password = make_password(None)  # unusable; hashed once, not a thousand times
    others = User.objects.bulk_create(
        User(email=f"other{n}@jobtracker.test", full_name=f"Other {n}", password=password) for n in range(OTHER_USERS)
    )
    their_institutions = Institution.objects.bulk_create(
        Institution(owner=user, name=people[n][1], department="Computer Science") for n, user in enumerate(others)
    )
    Contact.objects.bulk_create(
        Contact(
            owner=user,
            name=f"Ada {RARE.title()}" if k == 0 else people[rng.randrange(len(people))][0],
            institution=institution if k % 2 else None,
        )
        for user, institution in zip(others, their_institutions, strict=True)
        for k in range(OTHER_CONTACTS)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "contacts": Contact.objects.filter(owner=heavy).count(),
        "all_contacts": Contact.objects.count(),
        "institutions": len(institutions),
        "users": User.objects.count(),
    }


def run(database: str, options) -> None:
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir, database_url(database) as url:
        tmp = Path(tmpdir)
        env = bench_env(tmp, url)
        for args in (["migrate", "--noinput"], ["seed_demo", "--scale", "heavy"], ["collectstatic", "--noinput"]):
            manage(env, *args)
        print(f"adding {CONTACTS:,} contacts and {OTHER_USERS:,} other users ...", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, __file__, "--in-process-fill"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            sys.exit(f"filling the database failed:\n{done.stderr[-3000:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        with gunicorn(env, tmp, options.workers) as port:
            client = Client(port, SHORT_NAME)
            client.login(EMAIL, PASSWORD)
            results = measure(client, PAGES, options.warmup, options.rounds)
    setup = f"gunicorn --workers {options.workers}, DEBUG=0, {os.cpu_count()} CPUs, {code_version()}"
    data = (
        f"{figures['contacts']:,} contacts and {figures['institutions']} institutions for the account, "
        f"{figures['all_contacts']:,} contacts and {figures['users']:,} users in all"
    )
    report(PAGES, results, f"{database}: {options.rounds} interleaved rounds, {data}; {setup}")


def database_url(database: str):
    if database == "PostgreSQL":
        return postgres_database("bench_search")
    from contextlib import nullcontext

    return nullcontext(None)  # bench_env's SQLite file in the temporary directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--in-process-fill", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process_fill:
        print(json.dumps(fill()))
        return
    for database, skip in (("SQLite", options.skip_sqlite), ("PostgreSQL", options.skip_postgres)):
        if not skip:
            run(database, options)


if __name__ == "__main__":
    main()
