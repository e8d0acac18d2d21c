"""Reminder benchmark: 10,000 due reminders across 1,000 users sent by two Celery workers to a local SMTP sink.

Run from the project root: ``.venv/bin/python bench/reminders.py``.

Everything happens in a temporary directory on 127.0.0.1: a fresh SQLite database, a private redis-server,
an aiosmtpd sink, two ``celery worker --concurrency=1`` processes and one ``celery beat`` ticking every second.
Reports deliveries per second (every X-Jobtracker-Delivery key must arrive exactly once) against a ceiling
measured in the same run: the same 10,000 messages built and sent by one process straight through Django's
SMTP backend, and the app's own send_delivery() called in that process for a sample. Then times the dispatcher's
scan with 10,000 and with 1,000,000 pending reminders that are not yet due, and prints SQLite's query plans.
"""

import argparse
import datetime as dt
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from harness import BIN, HOST, ROOT, SmtpSink, background, bench_env, code_version, manage, query_plans, redis_server

HEADER = "X-Jobtracker-Delivery"
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles", "Europe/London"]


def seed(users: int, per_user: int, keys_file: Path) -> dict:
    """Users, postings due in two days and one due delivery each, as the planner would have left them."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from jobtracker.accounts.models import User
    from jobtracker.pipeline.models import Institution, Position, Season
    from jobtracker.reminders.models import Delivery, PlannerMark, ReminderSettings
    from jobtracker.reminders.registry import SOURCES

    now, password = timezone.now(), make_password("bench-password-2026")  # hashed once, not 1,000 times
    owners = User.objects.bulk_create(
        User(email=f"bench{i}@jobtracker.test", full_name=f"Bench {i}", time_zone=ZONES[i % 5], password=password)
        for i in range(users)
    )
    # planned_zone equal to the user's zone, or the first tick re-plans every user.
    ReminderSettings.objects.bulk_create(ReminderSettings(owner=u, planned_zone=u.time_zone) for u in owners)
    year = Season.start_year_for(timezone.localdate())
    seasons = {s.owner_id: s for s in Season.objects.bulk_create(Season(owner=u, start_year=year) for u in owners)}
    places = Institution.objects.bulk_create(
        Institution(owner=u, name=f"University {j}") for u in owners for j in range(per_user)
    )
    deadline = {"deadline_date": timezone.localdate() + dt.timedelta(days=2), "deadline_time": dt.time(23, 59)}
    positions = [
        Position(owner=place.owner, institution=place, season=seasons[place.owner_id], title="Assistant Professor",
                 deadline_tz="America/Los_Angeles", **deadline)
        for place in places
    ]  # fmt: skip
    for position in positions:
        position.derive_instants()  # save() does this; bulk_create does not
    Position.objects.bulk_create(positions)
    # Due a minute ago, with the due-date snapshot the planner would have stored.
    due = [(p, SOURCES["deadline"].item(p).due.snapshot()) for p in positions]
    send_at = now - dt.timedelta(minutes=1)
    deliveries = Delivery.objects.bulk_create(
        Delivery(owner=p.owner, kind="deadline", object_id=p.pk, lead=2, due_at=due_at, send_at=send_at)
        for p, due_at in due
    )
    # The planner re-reads rows changed up to 90 s before its mark: backdate them so the first tick plans nothing.
    Position.objects.update(updated_at=now - dt.timedelta(hours=1))
    PlannerMark.objects.bulk_create(PlannerMark(kind=kind, planned_until=now) for kind in SOURCES)
    keys_file.write_text("\n".join(d.key for d in deliveries))
    return {"deliveries": len(deliveries)}


def ceiling(port_each: int, port_shared: int, sample: int) -> dict:
    """The same messages, built and sent by one process through Django's SMTP backend: no Celery, no claims.

    Then, for comparison, the app's own send_delivery() for a sample of them (claim, load, build, send, record).
    """
    from django.conf import settings
    from django.core.mail import get_connection
    from django.utils import timezone

    from jobtracker.reminders.delivery import send_delivery
    from jobtracker.reminders.emails import reminder_email
    from jobtracker.reminders.models import Delivery
    from jobtracker.reminders.registry import SOURCES

    source, start = SOURCES["deadline"], time.perf_counter()
    positions = {p.pk: p for p in source.queryset()}
    sent_at = timezone.now()
    messages = [
        reminder_email(user=d.owner, delivery=d, item=source.item(positions[d.object_id]), sent_at=sent_at)
        for d in Delivery.objects.select_related("owner").order_by("pk")
    ]
    build = time.perf_counter() - start
    start = time.perf_counter()
    for message in messages:  # as the app does: a connection per message
        with get_connection(port=port_each, timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages([message])
    each = time.perf_counter() - start
    start = time.perf_counter()
    with get_connection(port=port_shared, timeout=settings.EMAIL_TIMEOUT) as connection:
        connection.send_messages(messages)
    shared = time.perf_counter() - start
    pks = list(Delivery.objects.order_by("pk").values_list("pk", flat=True)[:sample])
    Delivery.objects.filter(pk__in=pks).update(status=Delivery.Status.QUEUED)  # as the dispatcher leaves them
    start = time.perf_counter()
    outcomes = Counter(send_delivery(pk) for pk in pks)
    app = time.perf_counter() - start
    return {"messages": len(messages), "build": build, "each": each, "shared": shared, "app": app, "outcomes": outcomes}


def scan(far_total: int, repeat: int) -> dict:
    """Dispatcher and sweeper timings with 100 due rows among 10,000, then far_total, not-yet-due pending rows."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from jobtracker.accounts.models import User
    from jobtracker.reminders import delivery
    from jobtracker.reminders.models import Delivery

    pending, now = Delivery.Status.PENDING, timezone.now()

    def lose_all():  # dispatch without sending: the rows are claimed as queued
        return delivery.dispatch(send_one=lambda pk: None, send_digest=lambda pks: None)

    owners = list(User.objects.values_list("pk", flat=True))
    due_rows = Delivery.objects.bulk_create(
        Delivery(owner_id=owners[i % len(owners)], kind="review", object_id=i, lead=0, due_at=now, send_at=now)
        for i in range(100)
    )
    due_pks = [d.pk for d in due_rows]

    def add_far(first: int, last: int) -> None:
        print(f"inserting not-yet-due rows {first:,} to {last:,} ...", file=sys.stderr)
        for low in range(first, last, 10_000):
            rows = []
            for i in range(low, min(low + 10_000, last)):
                send_at = now + dt.timedelta(days=1, seconds=5 * i)  # 1,000,000 rows: 1 to 59 days ahead
                row = Delivery(owner_id=owners[i % len(owners)], kind="deadline", object_id=10**7 + i, lead=2)
                row.send_at, row.due_at = send_at, send_at + dt.timedelta(days=2)
                rows.append(row)
            with transaction.atomic():
                Delivery.objects.bulk_create(rows)

    def select():
        batch = settings.REMINDERS_DISPATCH_BATCH
        query = Delivery.objects.filter(status=pending, send_at__lte=timezone.now()).order_by("send_at")
        return list(query.values_list("pk", "owner_id", "digest", "send_at")[:batch])

    def measure() -> dict:
        samples: dict[str, list[float]] = {"selection": [], "dispatch": [], "sweep": []}
        for round_ in range(repeat + 3):  # the first three warm the caches and are dropped
            start = time.perf_counter()
            assert len(select()) == 100
            selected = time.perf_counter()
            assert lose_all() == 100  # claims all 100: queued
            dispatched = time.perf_counter()
            delivery.sweep()  # none is stuck; this is the scan for stuck rows every tick runs
            swept = time.perf_counter()
            Delivery.objects.filter(pk__in=due_pks).update(status=pending, claimed_at=None)
            if round_ >= 3:
                times = (selected - start, dispatched - selected, swept - dispatched)
                for name, seconds in zip(samples, times, strict=True):
                    samples[name].append(seconds * 1000)
        return {name: statistics.median(ms) for name, ms in samples.items()}

    add_far(0, 10_000)
    small = measure()
    small_plans = query_plans(lambda: (lose_all(), delivery.sweep()))
    Delivery.objects.filter(pk__in=due_pks).update(status=pending, claimed_at=None)
    start = time.perf_counter()
    add_far(10_000, far_total)
    insert_seconds = time.perf_counter() - start
    large = measure()
    large_plans = query_plans(lambda: (lose_all(), delivery.sweep()))
    return {"small": small, "large": large, "plans": large_plans, "same": small_plans == large_plans,
            "rows": Delivery.objects.count(), "insert": insert_seconds}  # fmt: skip


def in_process(env: dict[str, str], *args: str) -> dict:
    """Runs this file with --in-process ... in a subprocess set up against the throwaway database."""
    done = subprocess.run([sys.executable, __file__, "--in-process", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE)
    if done.returncode:
        sys.exit(f"--in-process {' '.join(args)} failed with {done.returncode}")
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def deliver(env: dict[str, str], tmp: Path, expected: set[str], workers: int, timeout: float) -> dict:
    """Workers and one beat, started together; seconds until the sink holds one message per delivery."""
    celery = [str(BIN / "celery"), "-A", "jobtracker"]
    worker = ["worker", "-Q", env["CELERY_QUEUE"], "--concurrency=1", "--pool=prefork", "-l", "WARNING"]
    worker += ["--without-gossip", "--without-mingle", "--without-heartbeat"]  # as the integration tests
    beat = ["beat", "-s", str(tmp / "beat-schedule"), "--max-interval", "1", "-l", "WARNING"]
    with SmtpSink(HEADER) as sink, background(env | {"EMAIL_PORT": str(sink.port)}, tmp) as start:
        began = time.perf_counter()
        processes = [start(f"worker-{n}", *celery, *worker, "-n", f"bench{n}@%h") for n in range(workers)]
        processes.append(start("beat", *celery, *beat))
        arrived = sink.wait_for(len(expected), timeout, alive=lambda: all(p.poll() is None for p in processes))
        time.sleep(3 if arrived else 0)  # three more ticks: nothing more may arrive
        times = [at - began for at, _ in sink.arrivals]
    if not arrived:
        logs = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(tmp.glob("*.log")))
        sys.exit(f"only {len(times):,} of {len(expected):,} reminders arrived in {timeout:.0f} s\n{logs}")
    keys = Counter(key for _, key in sink.arrivals)
    with sqlite3.connect(tmp / "bench.sqlite3") as db:
        statuses = dict(db.execute("SELECT status, COUNT(*) FROM reminders_delivery GROUP BY status").fetchall())
    return {
        "first": times[0],
        "last": sorted(times)[len(expected) - 1],
        "missing": len(expected - set(keys)),
        "unexpected": len(set(keys) - expected),
        "repeated": sum(n - 1 for n in keys.values() if n > 1),
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=10, help="due reminders (postings) per user")
    parser.add_argument("--workers", type=int, default=2, help="celery worker processes, --concurrency=1 each")
    parser.add_argument("--app-sample", type=int, default=1000, help="reminders sent by send_delivery() in-process")
    parser.add_argument("--far", type=int, default=1_000_000, help="not-yet-due pending rows for the large scan")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=600, help="seconds the workers get to deliver everything")
    parser.add_argument("--wal", action="store_true", help="put the database in WAL mode (the app does not)")
    parser.add_argument("--in-process", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process:
        import django

        django.setup()
        name, *args = options.in_process
        work = {"seed": lambda: seed(int(args[0]), int(args[1]), Path(args[2])),
                "ceiling": lambda: ceiling(*map(int, args)),
                "scan": lambda: scan(int(args[0]), int(args[1]))}  # fmt: skip
        print(json.dumps(work[name]()))
        return
    n = options.users * options.per_user
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir, redis_server(Path(tmpdir)) as redis_url:
        tmp = Path(tmpdir)
        env = bench_env(tmp) | {
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": "bench-reminders",
            "EMAIL_HOST": HOST,
            "EMAIL_USE_TLS": "0",
            "REMINDERS_TICK_SECONDS": "1",
            "REMINDERS_DISPATCH_BATCH": "2000",
        }
        manage(env, "migrate", "--noinput")
        with sqlite3.connect(tmp / "bench.sqlite3") as db:
            journal = db.execute(f"PRAGMA journal_mode={'WAL' if options.wal else 'DELETE'}").fetchone()[0]
        print(f"creating {options.users:,} users and {n:,} due reminders ...", file=sys.stderr)
        in_process(env, "seed", str(options.users), str(options.per_user), str(tmp / "keys.txt"))
        expected = set((tmp / "keys.txt").read_text().split())
        print(f"delivering with {options.workers} workers and beat ...", file=sys.stderr)
        run = deliver(env, tmp, expected, options.workers, options.timeout)
        print("ceiling: one process straight through Django's SMTP backend ...", file=sys.stderr)
        with SmtpSink(HEADER) as each, SmtpSink(HEADER) as shared, SmtpSink(HEADER) as app:
            ports = [str(sink.port) for sink in (each, shared)]
            top = in_process(env | {"EMAIL_PORT": str(app.port)}, "ceiling", *ports, str(options.app_sample))
            sinks_ok = all(Counter(k for _, k in s.arrivals) == Counter(expected) for s in (each, shared))
            sinks_ok = sinks_ok and len({k for _, k in app.arrivals}) == app.count() == options.app_sample
        print("dispatcher scan ...", file=sys.stderr)
        found = in_process(env, "scan", str(options.far), str(options.repeat))

    print(f"\nCode: {code_version()}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"SQLite journal mode {journal}")  # fmt: skip
    top_rate = n / (top["build"] + top["each"])
    workers = f"{options.workers} worker{'s' if options.workers > 1 else ''}"
    rows = [
        (f"{workers} + beat, from starting them to the last arrival", n, run["last"]),
        (f"{workers} + beat, from the first arrival to the last", n - 1, run["last"] - run["first"]),
        ("ceiling: one process, build + send, one SMTP connection per message", n, top["build"] + top["each"]),
        ("one process, build + send, one shared SMTP connection", n, top["build"] + top["shared"]),
        ("one process, loading and building the messages alone", n, top["build"]),
        ("one process, sending alone, one connection per message", n, top["each"]),
        ("one process, sending alone, one shared connection", n, top["shared"]),
        ("one process, the app's send_delivery() in a loop (no Celery)", options.app_sample, top["app"]),
    ]
    print(f"\n{n:,} due reminders across {options.users:,} users, Redis, aiosmtpd sink")
    print("| path | messages | seconds | messages/s | ÷ ceiling |\n|---|---:|---:|---:|---:|")
    for label, count, seconds in rows:
        print(f"| {label} | {count:,} | {seconds:.1f} | {count / seconds:,.0f} | {count / seconds / top_rate:.2f} |")
    print(f"\nFirst arrival {run['first']:.1f} s after starting the workers. Keys missing {run['missing']}, "
          f"repeated {run['repeated']}, unexpected {run['unexpected']}; rows {run['statuses']}. "
          f"Ceiling and sample sinks got every key once: {sinks_ok}; send_delivery(): {top['outcomes']}.")  # fmt: skip
    small, large = found["small"], found["large"]
    print(f"\nDispatcher with 100 due rows, median of {options.repeat} ({found['rows']:,} delivery rows in the end; "
          f"inserting {options.far - 10_000:,} took {found['insert']:.0f} s)")  # fmt: skip
    print("| pending, not yet due | selection query ms | dispatch() ms | sweep() ms |\n|---|---:|---:|---:|")
    for label, ms in (("10,000", small), (f"{options.far:,}", large), ("ratio (must be < 2)", None)):
        ms = ms or {name: large[name] / small[name] for name in small}
        print(f"| {label} | {ms['selection']:.2f} | {ms['dispatch']:.2f} | {ms['sweep']:.2f} |")
    print(f"\nEXPLAIN QUERY PLAN at {options.far:,} (the same at 10,000: {found['same']}):")
    print("\n".join(found["plans"]))
    if run["missing"] or run["repeated"] or run["unexpected"] or not sinks_ok:
        sys.exit("some reminder did not arrive exactly once")


if __name__ == "__main__":
    main()
