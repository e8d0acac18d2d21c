"""Reminder benchmark: due reminders through Celery workers and a cold start, on SQLite and PostgreSQL.

Run from the project root: ``.venv/bin/python bench/reminders.py`` (``--help`` for the options).

Everything happens on 127.0.0.1, per database (a fresh SQLite file in a temporary directory, or a throwaway
PostgreSQL database created on the local server and dropped at the end), each Celery run with its own private
redis-server and an aiosmtpd sink that records every X-Jobtracker-Delivery header:

1. Throughput. 10,000 due reminders (1,000 users x 10 postings) as the planner would have left them, sent by
   two ``celery worker -Q <queue>,<queue>.send`` processes and one ``celery beat`` ticking every second. The
   ceiling is measured in the same run, once before and once after the workers: one process loading and
   building the same 10,000 messages and sending them straight through Django's SMTP backend, one connection
   per message. Then the app's own ``delivery.send_due()`` sends them all again in one process (no Celery).
   Every key must arrive exactly once and every row must end ``sent`` with no error. Before all that,
   ``dispatch()`` is timed in-process with the due rows; on PostgreSQL also before ``ANALYZE``, with the
   statistics a bulk insert leaves. With ``--celery-log INFO`` (the default) the workers' logs give per-task
   figures: how long sender rounds and tick chores ran, and how long they waited for a worker.
2. Claim and sweep scans. ``dispatch()``, a sender's claim of one batch and ``sweep()`` with 100 due rows among
   10,000, then 1,000,000, not-yet-due pending rows (and then with 10,000 due rows), with their query plans.
3. Cold start. 10,000 dated items (postings with deadlines, users with settings, last changed a day ago unless
   ``--cold-recent``) and no planner bookmark:
   ``planning.plan_changed()`` timed in-process (items/s), then the real workers and beat from scratch, each
   item's one reminder falling due ``--cold-send-in`` seconds after they start: when planning is done, and
   when the last reminder arrives.
"""

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

from harness import (
    BIN,
    HOST,
    ROOT,
    SmtpSink,
    background,
    bench_env,
    code_version,
    manage,
    postgres_database,
    query_plans,
    redis_server,
    sql_value,
)

HEADER = "X-Jobtracker-Delivery"
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles", "Europe/London"]
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
UNFINISHED = "SELECT COUNT(*) FROM reminders_delivery WHERE status IN ('pending', 'sending')"


# In-process steps: each runs in a subprocess (``--in-process NAME ARGS``) set up against one database.


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            return f"SQLite {sqlite3.sqlite_version}, journal mode {cursor.fetchone()[0]}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def seed(users: int, per_user: int, keys_file: Path) -> dict:
    """Users, postings due in two days and one due delivery each, as the planner would have left them."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from jobtracker.accounts.models import User
    from jobtracker.pipeline.models import Institution, Position, Season
    from jobtracker.reminders.models import Delivery, PlannerMark, ReminderSettings
    from jobtracker.reminders.registry import SOURCES

    now, password = timezone.now(), make_password("bench-password-2026")  # hashed once, not 1,000 times
    # No autovacuum while seeding, so the first dispatch() below sees the statistics a bulk insert leaves behind.
    autovacuum(False)
    owners = User.objects.bulk_create(
        User(email=f"bench{i}@jobtracker.test", full_name=f"Bench {i}", time_zone=ZONES[i % 5], password=password)
        for i in range(users)
    )
    # planned_zone equal to the user's zone, or the first tick re-plans every user.
    ReminderSettings.objects.bulk_create(ReminderSettings(owner=u, planned_zone=u.time_zone) for u in owners)
    year = Season.start_year_for(timezone.localdate())
    seasons = {s.owner_id: s for s in Season.objects.bulk_create(Season(owner=u, start_year=year) for u in owners)}
    places = Institution.objects.bulk_create(
        (Institution(owner=u, name=f"University {j}") for u in owners for j in range(per_user)), batch_size=1000
    )
    deadline = {"deadline_date": timezone.localdate() + dt.timedelta(days=2), "deadline_time": dt.time(23, 59)}
    positions = [
        Position(owner=place.owner, institution=place, season=seasons[place.owner_id], title="Assistant Professor",
                 deadline_tz="America/Los_Angeles", **deadline)
        for place in places
    ]  # fmt: skip
    for position in positions:
        position.derive_instants()  # save() does this; bulk_create does not
    Position.objects.bulk_create(positions, batch_size=1000)
    # Due a minute ago, with the due-date snapshot the planner would have stored. All share one send time, as
    # everybody's 8:00 in one zone does.
    due = [(p, SOURCES["deadline"].item(p).due.snapshot()) for p in positions]
    send_at = now - dt.timedelta(minutes=1)
    deliveries = Delivery.objects.bulk_create(
        (Delivery(owner=p.owner, kind="deadline", object_id=p.pk, lead=2, due_at=due_at, send_at=send_at)
         for p, due_at in due),
        batch_size=1000,
    )  # fmt: skip
    # The planner re-reads rows changed up to 90 s before its mark: backdate them so the first tick plans nothing.
    Position.objects.update(updated_at=now - dt.timedelta(hours=1))
    PlannerMark.objects.bulk_create(PlannerMark(kind=kind, planned_until=now) for kind in SOURCES)
    keys_file.write_text("\n".join(d.key for d in deliveries))
    # One untimed call first: the very first dispatch() creates the send slots and compiles its queries, which
    # would otherwise be charged to whichever figure comes first. It changes no delivery row, so no statistics.
    time_dispatch(1)
    timings = {"dispatch_stale_ms": None}
    if connection.vendor == "postgresql":
        timings["dispatch_stale_ms"] = time_dispatch(3)  # as right after a bulk insert: no statistics yet
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does within a minute or so; the workers get these plans
    timings["dispatch_ms"] = time_dispatch(3)
    autovacuum(True)
    return {"deliveries": len(deliveries), "database": database_version(), **timings}


def autovacuum(on: bool) -> None:
    """PostgreSQL only: autovacuum (and its ANALYZE) on or off for the delivery table."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE reminders_delivery {'RESET' if on else 'SET'} (autovacuum_enabled"
                           f"{'' if on else ' = false'})")  # fmt: skip


def time_dispatch(rounds: int) -> float:
    """Median ms of dispatch() with a no-op start_sender, the slots freed again after each (nothing is sent)."""
    from jobtracker.reminders import delivery
    from jobtracker.reminders.models import SendSlot

    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        delivery.dispatch(start_sender=lambda slot: None)
        samples.append((time.perf_counter() - start) * 1000)
        SendSlot.objects.update(lease_until=None, claimed_by="")
    return statistics.median(samples)


def ceiling(port_each: int, port_shared: int) -> dict:
    """The same messages, built and sent by one process through Django's SMTP backend: no Celery, no claims.

    One connection per message (the ceiling), then, when port_shared is not 0, all over one connection.
    """
    from django.conf import settings
    from django.core.mail import get_connection
    from django.utils import timezone

    from jobtracker.reminders.emails import reminder_email
    from jobtracker.reminders.models import Delivery
    from jobtracker.reminders.registry import SOURCES

    source, start = SOURCES["deadline"], time.perf_counter()
    positions = {p.pk: p for p in source.queryset()}
    sent_at = timezone.now()
    messages = [
        reminder_email(user=d.owner, delivery=d, item=source.item(positions[d.object_id]), sent_at=sent_at)
        for d in Delivery.objects.filter(kind="deadline").select_related("owner").order_by("pk")
    ]
    build = time.perf_counter() - start
    start = time.perf_counter()
    for message in messages:
        with get_connection(port=port_each, timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages([message])
    each = time.perf_counter() - start
    shared = None
    if port_shared:
        start = time.perf_counter()
        with get_connection(port=port_shared, timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages(messages)
        shared = time.perf_counter() - start
    return {"messages": len(messages), "build": build, "each": each, "shared": shared}


def _reset_sent(now) -> int:
    """Every delivery back to pending and due a minute ago, as before the workers ran."""
    from jobtracker.reminders.models import Delivery

    return Delivery.objects.update(
        status=Delivery.Status.PENDING, send_at=now - dt.timedelta(minutes=1), claimed_by="", claimed_at=None,
        heartbeat_at=None, sent_at=None, attempts=0, unknown_outcomes=0, last_error="", subject="",
    )  # fmt: skip


def app_send(profile_path: str) -> dict:
    """The app's own delivery.send_due() in this process, no Celery: every row back to pending, then one call
    with a budget long enough to send them all (batches of REMINDERS_SEND_BATCH over one SMTP connection).
    SQL statements are counted and timed. With a profile path, the rows are reset once more and a second,
    profiled call writes cProfile's figures there (the first call's timing is not distorted by the profiler)."""
    from django.db import connection
    from django.utils import timezone

    from jobtracker.reminders import delivery

    sql = {"statements": 0, "sql_seconds": 0.0}

    def timed(execute, *args):
        start = time.perf_counter()
        try:
            return execute(*args)
        finally:
            sql["statements"] += 1
            sql["sql_seconds"] += time.perf_counter() - start

    rows = _reset_sent(timezone.now())
    with connection.execute_wrapper(timed):
        start = time.perf_counter()
        sent = delivery.send_due(budget=3600)
        seconds = time.perf_counter() - start
    result = {"rows": rows, "sent": sent, "seconds": seconds, **sql, "passes": 1}
    if profile_path:
        _reset_sent(timezone.now())
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(delivery.send_due, budget=3600)
        result["profiled_seconds"], result["passes"] = time.perf_counter() - start, 2
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        out.write(f"send_due() of {rows:,} rows on {database_version()}, profiled\n")
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        Path(profile_path).write_text(out.getvalue())
    return result


def check() -> dict:
    """How the delivery rows ended: statuses, rows with an error, rows tried more than once."""
    from django.db.models import Count

    from jobtracker.reminders.models import Delivery

    statuses = dict(Delivery.objects.order_by().values_list("status").annotate(n=Count("pk")))
    errors = Delivery.objects.exclude(last_error="")
    return {
        "statuses": statuses,
        "errors": errors.count(),
        "error_sample": list(errors.values_list("last_error", flat=True)[:3]),
        "retried": Delivery.objects.filter(attempts__gt=1).count(),
        "leads": sorted(set(Delivery.objects.values_list("lead", flat=True))),
    }


def scan(far_total: int, repeat: int, backlog: int) -> dict:
    """dispatch(), one sender's claim and sweep() with 100 due rows among 10,000, then far_total, not-yet-due
    pending rows; then once more with `backlog` due rows (a morning's send hour: all share one send_at)."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from jobtracker.accounts.models import User
    from jobtracker.reminders import delivery
    from jobtracker.reminders.models import Delivery, SendSlot

    S, now = Delivery.Status, timezone.now()
    owners = list(User.objects.values_list("pk", flat=True))
    Delivery.objects.filter(status=S.PENDING).update(status=S.SENT)  # seeded without a delivery run: history

    def add(rows: list) -> None:
        with transaction.atomic():
            Delivery.objects.bulk_create(rows, batch_size=2000)

    def add_due(first: int, last: int) -> None:
        due_at, send_at = now + dt.timedelta(days=1), now - dt.timedelta(minutes=1)
        add([Delivery(owner_id=owners[i % len(owners)], kind="review", object_id=i, lead=0, due_at=due_at,
                      send_at=send_at) for i in range(first, last)])  # fmt: skip

    def add_far(first: int, last: int) -> None:
        print(f"inserting not-yet-due rows {first:,} to {last:,} ...", file=sys.stderr)
        for low in range(first, last, 10_000):
            rows = []
            for i in range(low, min(low + 10_000, last)):
                send_at = now + dt.timedelta(days=1, seconds=5 * i)  # 1,000,000 rows: 1 to 59 days ahead
                row = Delivery(owner_id=owners[i % len(owners)], kind="deadline", object_id=10**7 + i, lead=2)
                row.send_at, row.due_at = send_at, send_at + dt.timedelta(days=2)
                rows.append(row)
            add(rows)

    def analyze() -> None:
        # PostgreSQL's autovacuum analyzes a table within about a minute of a large insert; do it now so the
        # plans are the ones production would get. SQLite is left as the app leaves it: no ANALYZE, ever.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE reminders_delivery")

    def reset() -> None:
        Delivery.objects.filter(status=S.SENDING).update(
            status=S.PENDING, claimed_by="", claimed_at=None, heartbeat_at=None, attempts=0
        )
        SendSlot.objects.update(lease_until=None, claimed_by="")

    def one_round(name: str, *, then_reset: bool = True):
        start = time.perf_counter()
        started = delivery.dispatch(start_sender=lambda slot: None)  # leases the slots, queues nothing
        dispatched = time.perf_counter()
        batch = delivery._claim(name, timezone.now())  # what each sender does before every batch
        claimed = time.perf_counter()
        delivery.sweep()  # nothing is stale: the scan every tick runs
        swept = time.perf_counter()
        if then_reset:
            reset()
        return started, len(batch), (dispatched - start, claimed - dispatched, swept - claimed)

    def measure(due: int, rounds: int) -> dict:
        samples: dict[str, list[float]] = {"dispatch": [], "claim": [], "sweep": []}
        for round_ in range(rounds + 3):  # the first three warm the caches and are dropped
            started, claimed, times = one_round(f"bench#{round_}")
            expected = min(settings.REMINDERS_SENDERS, -(-due // settings.REMINDERS_SEND_BATCH))
            assert (started, claimed) == (expected, min(due, settings.REMINDERS_SEND_BATCH)), (started, claimed)
            if round_ >= 3:
                for name, seconds in zip(samples, times, strict=True):
                    samples[name].append(seconds * 1000)
        return {name: statistics.median(ms) for name, ms in samples.items()}

    def plans() -> list[str]:
        found = query_plans(lambda: one_round("bench#plan", then_reset=False))
        reset()
        return found

    def shape(lines: list[str]) -> list[str]:  # PostgreSQL prints the bound values and costs into its plans
        return [re.sub(r"\(cost=[^)]*\)|'[^']*'", "…", line) for line in lines]

    add_due(0, 100)
    add_far(0, 10_000)
    analyze()
    small = measure(100, repeat)
    small_plans = plans()
    start = time.perf_counter()
    add_far(10_000, far_total)
    insert_seconds = time.perf_counter() - start
    analyze()
    large = measure(100, repeat)
    large_plans = plans()
    add_due(100, backlog)
    analyze()
    busy = measure(backlog, max(repeat // 5, 3))
    busy_plans = plans()
    same = shape(small_plans) == shape(large_plans)
    return {"small": small, "large": large, "busy": busy, "plans": large_plans, "busy_plans": busy_plans,
            "same": same, "rows": Delivery.objects.count(), "insert": insert_seconds,
            "far": far_total, "backlog": backlog}  # fmt: skip


def seed_cold(users: int, per_user: int, recent: bool) -> dict:
    """Postings due the day after tomorrow for users in UTC with one lead time (1 day) and their send hour in
    about an hour; no planner bookmark: a first deploy on existing data. See also tests/reminders/
    test_at_scale_integration.py::unplanned_postings.

    Existing data was last changed a day ago, unless `recent`: then the postings keep the time they were
    created, and for 90 s (the planner's OVERLAP) every tick re-reads and re-plans all of them."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from jobtracker.accounts.models import User
    from jobtracker.pipeline.models import Institution, Position, Season
    from jobtracker.reminders.models import PlannerMark, ReminderSettings

    at = (timezone.now() + dt.timedelta(hours=1)).replace(microsecond=0)
    password = make_password("bench-password-2026")
    owners = User.objects.bulk_create(
        User(email=f"cold{i}@jobtracker.test", full_name=f"Cold {i}", time_zone="UTC", password=password)
        for i in range(users)
    )
    ReminderSettings.objects.bulk_create(
        ReminderSettings(owner=u, leads="1", send_hour=at.time(), planned_zone="UTC", disabled_kinds=[]) for u in owners
    )
    year = Season.start_year_for(at.date())
    seasons = {s.owner_id: s for s in Season.objects.bulk_create(Season(owner=u, start_year=year) for u in owners)}
    places = Institution.objects.bulk_create(
        (Institution(owner=u, name=f"University {j}") for u in owners for j in range(per_user)), batch_size=1000
    )
    rows = [
        Position(owner=place.owner, institution=place, season=seasons[place.owner_id], title="Lecturer",
                 deadline_date=at.date() + dt.timedelta(days=1), deadline_time=dt.time(23, 0), deadline_tz="UTC")
        for place in places
    ]  # fmt: skip
    for row in rows:
        row.derive_instants()
    Position.objects.bulk_create(rows, batch_size=1000)
    if not recent:
        Position.objects.update(updated_at=timezone.now() - dt.timedelta(days=1))
    assert not PlannerMark.objects.exists()
    return {"items": len(rows), "database": database_version()}


def _forget_plans() -> None:
    from jobtracker.reminders.models import Delivery, PlannerMark

    Delivery.objects.all().delete()
    PlannerMark.objects.all().delete()


def plan_cold(repeat: int) -> dict:
    """planning.plan_changed() from no bookmark, in this process, `repeat` times (plans forgotten in between)."""
    from jobtracker.reminders import planning
    from jobtracker.reminders.models import Delivery, PlannerMark

    runs = []
    for _ in range(repeat):
        _forget_plans()
        start = time.perf_counter()
        planned = planning.plan_changed(budget=3600)
        seconds = time.perf_counter() - start
        assert PlannerMark.objects.filter(caught_up=True).count() == PlannerMark.objects.count() > 0
        start = time.perf_counter()
        again = planning.plan_changed(budget=3600)  # the next tick, nothing having changed
        idle = time.perf_counter() - start
        runs.append({"planned": planned, "seconds": seconds, "deliveries": Delivery.objects.count(),
                     "again": again, "again_seconds": idle})  # fmt: skip
    return {"runs": runs}


def retime_cold(send_in: float, keys_file: Path) -> dict:
    """Forget every plan again, and move each user's send hour (and the deadlines, the day after it) so that
    each item's one reminder falls due `send_in` seconds from now. Writes the delivery keys to expect."""
    from django.utils import timezone

    from jobtracker.pipeline.models import Position
    from jobtracker.reminders.models import ReminderSettings

    _forget_plans()
    at = (timezone.now() + dt.timedelta(seconds=send_in)).replace(microsecond=0)
    day = at.date() + dt.timedelta(days=1)
    deadline = dt.datetime.combine(day, dt.time(23, 0), tzinfo=dt.UTC)
    ReminderSettings.objects.update(send_hour=at.time())
    Position.objects.update(deadline_date=day, deadline_at=deadline)
    keys = [f"deadline-{pk}-1-{int(deadline.timestamp())}" for pk in Position.objects.values_list("pk", flat=True)]
    keys_file.write_text("\n".join(keys))
    return {"send_at": at.timestamp()}


IN_PROCESS = {
    "seed": lambda users, per_user, keys: seed(int(users), int(per_user), Path(keys)),
    "ceiling": lambda each, shared: ceiling(int(each), int(shared)),
    "app_send": lambda profile="": app_send(profile),
    "check": check,
    "scan": lambda far, repeat, backlog: scan(int(far), int(repeat), int(backlog)),
    "seed_cold": lambda users, per_user, recent: seed_cold(int(users), int(per_user), recent == "recent"),
    "plan_cold": lambda repeat: plan_cold(int(repeat)),
    "retime_cold": lambda send_in, keys: retime_cold(float(send_in), Path(keys)),
}


def in_process(env: dict[str, str], *args: str) -> dict:
    """Runs this file with --in-process ... in a subprocess set up against env's database."""
    done = subprocess.run([sys.executable, __file__, "--in-process", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE)
    if done.returncode:
        raise RuntimeError(f"--in-process {' '.join(args)} failed with {done.returncode}")
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


# Real processes


def celery_run(env, tmp: Path, label: str, expected: set[str], options, planned: int = 0) -> dict:
    """Workers and one beat, started together, each run on a private Redis and its own queues.

    Waits until the sink holds one message per expected key, then until no row is pending or sending, then three
    more ticks (nothing more may arrive). With `planned`, also notes when the table first holds that many rows.
    """
    celery, queue = [str(BIN / "celery"), "-A", "jobtracker"], f"bench-{label}"
    worker = ["worker", "-Q", f"{queue},{queue}.send", f"--concurrency={options.concurrency}", "--pool=prefork"]
    worker += ["-l", options.celery_log, "--without-gossip", "--without-mingle", "--without-heartbeat"]  # as tests
    worker += [arg for option in options.worker_option for arg in option.split()]
    beat = ["beat", "-s", str(tmp / f"beat-{label}"), "--max-interval", "1", "-l", options.celery_log]
    url = env["DATABASE_URL"]
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(tmp))
        sink = stack.enter_context(SmtpSink(HEADER))
        run_env = env | {"REDIS_URL": redis_url, "CELERY_QUEUE": queue, "EMAIL_PORT": str(sink.port)}
        start = stack.enter_context(background(run_env, tmp))
        began, began_wall = time.perf_counter(), time.time()
        processes = [start(f"{label}-worker-{n}", *celery, *worker, "-n", f"{label}{n}@%h")
                     for n in range(options.workers)]  # fmt: skip
        processes.append(start(f"{label}-beat", *celery, *beat))
        planned_at, polled, arrived = None, 0.0, False
        while time.perf_counter() - began < options.timeout and all(p.poll() is None for p in processes):
            if planned and planned_at is None and time.perf_counter() - polled >= 0.5:
                polled = time.perf_counter()
                if sql_value(url, "SELECT COUNT(*) FROM reminders_delivery") >= planned:
                    planned_at = polled - began
            if sink.count() >= len(expected):
                arrived = True
                break
            time.sleep(0.05)
        settled = time.perf_counter() + 30
        while arrived and time.perf_counter() < settled and sql_value(url, UNFINISHED):
            time.sleep(0.2)
        time.sleep(3 if arrived else 0)  # three more ticks: nothing more may arrive
        arrivals = list(sink.arrivals)
    if options.keep_logs:
        Path(options.keep_logs).mkdir(parents=True, exist_ok=True)
        for log in tmp.glob(f"{label}-*.log"):
            shutil.copy(log, Path(options.keep_logs) / log.name)
    times = sorted(at - began for at, _ in arrivals)
    keys = Counter(key for _, key in arrivals)
    tasks = task_stats(sorted(tmp.glob(f"{label}-worker-*.log"), key=lambda p: int(p.stem.rsplit("-", 1)[1])))
    if not arrived:
        logs = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(tmp.glob(f"{label}-*.log")))
        print(f"only {len(times):,} of {len(expected):,} reminders arrived in {options.timeout:.0f} s\n{logs}",
              file=sys.stderr)  # fmt: skip
    return {
        "arrived": arrived,
        "count": len(times),
        "first": times[0] if times else None,
        "last": times[len(expected) - 1] if arrived else None,
        "planned_at": planned_at,
        "began_wall": began_wall,
        "missing": len(expected - set(keys)),
        "unexpected": len(set(keys) - expected),
        "repeated": sum(n - 1 for n in keys.values() if n > 1),
        "tasks": tasks,
    }


LOG_LINE = re.compile(
    r"^\[(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): INFO/[^\]]+\] Task (?P<task>[\w.]+)\[(?P<id>[0-9a-f-]+)\] "
    r"(?:(?P<received>received)|succeeded in (?P<seconds>[\d.]+)s: (?P<result>.*))$"
)


def task_stats(logs: list[Path]) -> dict:
    """From the workers' INFO logs: per task name, how many ran, how long they ran and how long each waited
    between reaching its worker and starting (a task reserved behind another on a busy process waits)."""
    seen: dict[str, dict] = {}
    for worker, log in enumerate(logs):
        for line in log.read_text(errors="replace").splitlines():
            found = LOG_LINE.match(line)
            if not found:
                continue
            at = dt.datetime.strptime(found["at"], "%Y-%m-%d %H:%M:%S,%f").timestamp()
            task = seen.setdefault(found["id"], {"name": found["task"], "worker": worker})
            if found["received"]:
                task["received"] = at
            else:
                task["ran"], task["result"] = float(found["seconds"]), found["result"]
                task["started"] = at - task["ran"]
    stats: dict[str, dict] = {}
    for task in seen.values():
        if "ran" not in task:
            continue
        entry = stats.setdefault(task["name"].removeprefix("reminders."), {"ran": [], "waited": [], "workers": []})
        entry["ran"].append(task["ran"])
        entry["waited"].append(max(task["started"] - task.get("received", task["started"]), 0))
        entry["workers"].append(task["worker"])
    return {
        name: {"count": len(e["ran"]), "median": statistics.median(e["ran"]), "max": max(e["ran"]),
               "max_wait": max(e["waited"]), "by_worker": dict(Counter(e["workers"]))}
        for name, e in stats.items()
    }  # fmt: skip


@contextmanager
def database(kind: str, tmp: Path, name: str):
    """A fresh database for one part: a SQLite file in tmp, or a throwaway PostgreSQL database. Yields its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / f'{name}.sqlite3'}"
    else:
        with postgres_database(f"bench_reminders_{name}") as url:
            yield url


def migrate(env: dict[str, str], kind: str, wal: bool) -> None:
    manage(env, "migrate", "--noinput")
    if kind == "sqlite":
        import sqlite3

        with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
            db.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")


def throughput(kind: str, env: dict[str, str], tmp: Path, options) -> dict:
    n = options.users * options.per_user
    print(f"[{kind}] creating {options.users:,} users and {n:,} due reminders ...", file=sys.stderr)
    seeded = in_process(env, "seed", str(options.users), str(options.per_user), str(tmp / "keys.txt"))
    expected = set((tmp / "keys.txt").read_text().split())
    result: dict = {"n": n, "database": seeded["database"], "load": [os.getloadavg()[0]], "seed": seeded}

    def measure_ceiling(shared: bool) -> dict:
        with SmtpSink(HEADER) as each, SmtpSink(HEADER) as together:
            top = in_process(env, "ceiling", str(each.port), str(together.port if shared else 0))
            sinks = (each, together) if shared else (each,)
            top["ok"] = all(Counter(k for _, k in s.arrivals) == Counter(expected) for s in sinks)
        return top

    print(f"[{kind}] ceiling before the workers ...", file=sys.stderr)
    result["ceiling_before"] = measure_ceiling(shared=True)
    print(f"[{kind}] delivering with {options.workers} workers and beat ...", file=sys.stderr)
    result["run"] = celery_run(env, tmp, f"{kind}-load", expected, options)
    result["load"].append(os.getloadavg()[0])
    result["check"] = in_process(env, "check")
    print(f"[{kind}] ceiling after the workers ...", file=sys.stderr)
    result["ceiling_after"] = measure_ceiling(shared=False)
    print(f"[{kind}] the app's send_due() in one process ...", file=sys.stderr)
    profile = str(Path(options.profile).resolve() / f"send_due-{kind}.txt") if options.profile else ""
    with SmtpSink(HEADER) as sink:
        app = in_process(env | {"EMAIL_PORT": str(sink.port)}, "app_send", *([profile] if profile else []))
        app["ok"] = Counter(k for _, k in sink.arrivals) == Counter(dict.fromkeys(expected, app["passes"]))
    app["check"] = in_process(env, "check")
    result["app"] = app
    result["load"].append(os.getloadavg()[0])
    return result


def cold_start(kind: str, env: dict[str, str], tmp: Path, options) -> dict:
    n = options.cold_users * options.cold_per_user
    print(f"[{kind}] cold start: {n:,} dated items, no planner bookmark ...", file=sys.stderr)
    age = "recent" if options.cold_recent else "old"
    seeded = in_process(env, "seed_cold", str(options.cold_users), str(options.cold_per_user), age)
    result: dict = {"items": seeded["items"], "database": seeded["database"], "load": [os.getloadavg()[0]]}
    print(f"[{kind}] plan_changed() in-process, {options.plan_repeat} times ...", file=sys.stderr)
    result["plan"] = in_process(env, "plan_cold", str(options.plan_repeat))["runs"]
    keys_file = tmp / "cold-keys.txt"
    retimed = in_process(env, "retime_cold", str(options.cold_send_in), str(keys_file))
    expected = set(keys_file.read_text().split())
    print(f"[{kind}] cold start through {options.workers} workers and beat ...", file=sys.stderr)
    run = celery_run(env, tmp, f"{kind}-cold", expected, options, planned=n)
    run["due_at"] = retimed["send_at"] - run["began_wall"]  # seconds after starting the workers
    result["run"] = run
    result["check"] = in_process(env, "check")
    result["load"].append(os.getloadavg()[0])
    return result


def run_database(kind: str, options, tmp_root: Path) -> dict:
    tmp = tmp_root / kind
    tmp.mkdir()
    found: dict = {}
    parts = set(options.parts)
    with ExitStack() as stack:
        if parts & {"throughput", "scan"}:
            url = stack.enter_context(database(kind, tmp, "load"))
            env = bench_env(tmp, url) | {"EMAIL_HOST": HOST, "EMAIL_USE_TLS": "0", "REMINDERS_TICK_SECONDS": "1"}
            migrate(env, kind, options.wal)
            if "throughput" in parts:
                found["throughput"] = throughput(kind, env, tmp, options)
            else:
                in_process(env, "seed", str(options.users), str(options.per_user), str(tmp / "keys.txt"))
            if "scan" in parts:
                print(f"[{kind}] claim and sweep scans ...", file=sys.stderr)
                found["scan"] = in_process(env, "scan", str(options.far), str(options.repeat), str(options.backlog))
        if "cold" in parts:
            url = stack.enter_context(database(kind, tmp, "cold"))
            env = bench_env(tmp, url) | {"EMAIL_HOST": HOST, "EMAIL_USE_TLS": "0", "REMINDERS_TICK_SECONDS": "1"}
            migrate(env, kind, options.wal)
            found["cold"] = cold_start(kind, env, tmp, options)
    return found


# Report


def rate(count: int, seconds: float | None) -> str:
    return f"{count / seconds:,.0f}" if seconds else "–"


def report(results: dict[str, dict], options) -> list[str]:
    """Prints the figures as Markdown tables, a column per database; returns the problems found."""
    kinds, problems = list(results), []
    print(f"\nCode: {code_version()}; {os.cpu_count()} CPUs; {options.workers} workers --concurrency="
          f"{options.concurrency} (-Q <queue>,<queue>.send) + 1 beat, tick 1 s")  # fmt: skip
    for kind in kinds:
        for part in ("throughput", "cold"):
            if part in results[kind]:
                r = results[kind][part]
                loads = ", ".join(f"{x:.1f}" for x in r["load"])
                print(f"- {NAMES[kind]} {part}: {r['database']}; 1-minute load average during the part: {loads}")
    loaded = {k: results[k]["throughput"] for k in kinds if "throughput" in results[k]}
    if loaded:
        problems += report_throughput(loaded, options)
    scans = {k: results[k]["scan"] for k in kinds if "scan" in results[k]}
    if scans:
        report_scans(scans)
    cold = {k: results[k]["cold"] for k in kinds if "cold" in results[k]}
    if cold:
        problems += report_cold(cold, options)
    return problems


def per_message(c: dict) -> float:
    """Seconds for the ceiling: loading and building every message, then a new SMTP connection per message."""
    return c["build"] + c["each"]


def ceiling_rate(r: dict) -> float:
    """The mean of the two per-message ceilings (messages/s) measured before and after the workers."""
    return statistics.mean(r["n"] / per_message(c) for c in (r["ceiling_before"], r["ceiling_after"]))


def report_throughput(loaded: dict[str, dict], options) -> list[str]:
    n, problems = next(iter(loaded.values()))["n"], []
    print(f"\nThroughput: {n:,} due reminders across {options.users:,} users, aiosmtpd sink")
    print(f"| path | {' | '.join(f'{NAMES[k]} msg/s | ÷ ceiling' for k in loaded)} |")
    print(f"|---|{'---:|---:|' * len(loaded)}")
    lines = [
        ("workers + beat, from starting them to the last arrival", lambda r: (n, r["run"]["last"])),
        ("workers + beat, from the first arrival to the last",
         lambda r: (n - 1, r["run"]["last"] - r["run"]["first"] if r["run"]["arrived"] else None)),
        ("**ceiling**: one process, build + send, a new SMTP connection per message (mean of the two below)",
         lambda r: (n, n / ceiling_rate(r))),
        ("ceiling measured before the workers", lambda r: (n, per_message(r["ceiling_before"]))),
        ("ceiling measured after the workers", lambda r: (n, per_message(r["ceiling_after"]))),
        ("one process, build + send, one shared SMTP connection",
         lambda r: (n, r["ceiling_before"]["build"] + r["ceiling_before"]["shared"])),
        ("one process, loading and building the messages alone", lambda r: (n, r["ceiling_before"]["build"])),
        ("the app's send_due() in one process, no Celery", lambda r: (r["app"]["rows"], r["app"]["seconds"])),
    ]  # fmt: skip
    for label, figure in lines:
        cells = []
        for r in loaded.values():
            count, seconds = figure(r)
            cells += [rate(count, seconds), f"{count / seconds / ceiling_rate(r):.2f}" if seconds else "–"]
        print(f"| {label} | {' | '.join(cells)} |")
    print()
    for kind, r in loaded.items():
        run, c, app = r["run"], r["check"], r["app"]
        ceilings_ok = r["ceiling_before"]["ok"] and r["ceiling_after"]["ok"]
        last = f"last {run['last']:.1f} s" if run["arrived"] else f"only {run['count']:,} arrived"
        sql = app["statements"]
        first = f"{run['first']:.1f}" if run["first"] is not None else "–"
        print(f"- {NAMES[kind]}: first arrival {first} s after starting the workers, {last}. "
              f"Keys missing {run['missing']}, repeated {run['repeated']}, unexpected {run['unexpected']}. "
              f"Rows {c['statuses']}; with an error (last_error not empty): {c['errors']}; tried more than "
              f"once: {c['retried']}. Ceiling sinks got every key once: {ceilings_ok}. In-process send_due(): "
              f"every key once per pass {app['ok']}, rows {app['check']['statuses']}, with an error "
              f"{app['check']['errors']}; {sql:,} SQL statements ({sql / app['rows']:.1f} per message) taking "
              f"{app['sql_seconds']:.1f} s of its {app['seconds']:.1f} s.")  # fmt: skip
        stale = r["seed"]["dispatch_stale_ms"]
        print(
            f"  - dispatch() in-process with the {n:,} due rows: {r['seed']['dispatch_ms']:.0f} ms"
            + (f"; {stale:,.0f} ms before ANALYZE (statistics as a bulk insert leaves them)" if stale else "")
        )
        print(f"  - Worker tasks: {tasks_line(run['tasks'], options.workers)}.")
        if run["missing"] or run["repeated"] or run["unexpected"] or not run["arrived"]:
            problems.append(f"{NAMES[kind]}: some reminder did not arrive exactly once")
        if c["errors"] or set(c["statuses"]) != {"sent"} or app["check"]["errors"] or not ceilings_ok or not app["ok"]:
            problems.append(f"{NAMES[kind]}: a row ended unsent or with an error, or a sink missed a key")
    return problems


def tasks_line(tasks: dict, workers: int) -> str:
    """What the workers' logs say about the tasks: sender rounds, and how long the tick chores took."""
    parts = []
    for name in ("send", "dispatch", "plan", "sweep"):
        if name in tasks:
            t = tasks[name]
            per_worker = "/".join(str(t["by_worker"].get(w, 0)) for w in range(workers))  # a worker with none: 0
            parts.append(f"{name} ×{t['count']} (per worker {per_worker}): ran median {t['median']:.2f} s, max "
                         f"{t['max']:.2f} s; longest wait before starting {t['max_wait']:.1f} s")  # fmt: skip
    return "; ".join(parts) or "no task log lines (--celery-log INFO gives them)"


def report_scans(scans: dict[str, dict]) -> None:
    for kind, found in scans.items():
        small, large, busy = found["small"], found["large"], found["busy"]
        print(f"\n{NAMES[kind]}: dispatch(), one sender's claim of a batch and sweep(); medians "
              f"({found['rows']:,} delivery rows in the end; inserting {found['far'] - 10_000:,} took "
              f"{found['insert']:.0f} s)")  # fmt: skip
        print("| due | pending, not yet due | dispatch() ms | claim ms | sweep() ms |\n|---:|---:|---:|---:|---:|")
        rows = (("100", "10,000", small), ("100", f"{found['far']:,}", large), ("", "ratio", None),
                (f"{found['backlog']:,}", f"{found['far']:,}", busy))  # fmt: skip
        for due, label, ms in rows:
            ms = ms or {name: large[name] / small[name] for name in small}
            print(f"| {due} | {label} | {ms['dispatch']:.2f} | {ms['claim']:.2f} | {ms['sweep']:.2f} |")
        print(f"\nQuery plans at {found['far']:,} not yet due, 100 due (the same at 10,000: {found['same']}):")
        print("\n".join(found["plans"]))
        print(f"\nQuery plans with {found['backlog']:,} due:")
        print("\n".join(found["busy_plans"]))


def report_cold(cold: dict[str, dict], options) -> list[str]:
    problems = []
    n = next(iter(cold.values()))["items"]
    print(f"\nCold start: {n:,} dated items, no planner bookmark, items last changed "
          f"{'just now' if options.cold_recent else 'a day ago'}")  # fmt: skip
    print(f"| figure | {' | '.join(NAMES[k] for k in cold)} |\n|---|{'---:|' * len(cold)}")

    def plan_rates(r) -> list[float]:
        return [run["planned"] / run["seconds"] for run in r["plan"]]

    def at(value) -> str:
        return f"{value:.1f}" if value is not None else "–"

    def sent_after_due(r) -> str:
        return at(r["run"]["last"] - r["run"]["due_at"] if r["run"]["arrived"] else None)

    def sending_rate(r) -> str:
        return rate(n - 1, r["run"]["last"] - r["run"]["first"] if r["run"]["arrived"] else None)

    lines = [
        ("plan_changed() in-process, items/s (median; range)",
         lambda r: f"{statistics.median(plan_rates(r)):,.0f} ({min(plan_rates(r)):,.0f}–{max(plan_rates(r)):,.0f})"),
        ("plan_changed() in-process, seconds (median)",
         lambda r: f"{statistics.median(x['seconds'] for x in r['plan']):.1f}"),
        ("plan_changed() again right after, nothing changed: items re-planned, ms (median)",
         lambda r: f"{statistics.median(x['again'] for x in r['plan']):,.0f} items, "
                   f"{statistics.median(x['again_seconds'] for x in r['plan']) * 1000:,.0f} ms"),
        ("workers: every item planned, s after starting them", lambda r: at(r["run"]["planned_at"])),
        ("workers: reminders fall due, s after starting them", lambda r: at(r["run"]["due_at"])),
        ("workers: first arrival, s", lambda r: at(r["run"]["first"])),
        ("workers: last arrival, s", lambda r: at(r["run"]["last"])),
        ("**every reminder sent, s after falling due**", sent_after_due),
        ("workers: sending rate, first to last arrival, msg/s", sending_rate),
    ]  # fmt: skip
    for label, figure in lines:
        print(f"| {label} | {' | '.join(figure(r) for r in cold.values())} |")
    print()
    for kind, r in cold.items():
        run, c = r["run"], r["check"]
        deliveries = {x["deliveries"] for x in r["plan"]}
        runs = ", ".join(f"{x['seconds']:.1f} s" for x in r["plan"])
        print(f"- {NAMES[kind]}: in-process runs {runs}, "
              f"deliveries planned per run {deliveries}. Through the workers: keys missing {run['missing']}, "
              f"repeated {run['repeated']}, unexpected {run['unexpected']}; rows {c['statuses']}, lead times "
              f"{c['leads']}, with an error {c['errors']}, tried more than once {c['retried']}.")  # fmt: skip
        print(f"  - Worker tasks: {tasks_line(run['tasks'], options.workers)}.")
        if run["missing"] or run["repeated"] or run["unexpected"] or c["errors"] or set(c["statuses"]) != {"sent"}:
            problems.append(f"{NAMES[kind]}: the cold start did not send every reminder exactly once")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--parts", nargs="+", choices=["throughput", "scan", "cold"],
                        default=["throughput", "scan", "cold"])  # fmt: skip
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=10, help="due reminders (postings) per user")
    parser.add_argument("--workers", type=int, default=2, help="celery worker processes")
    parser.add_argument("--concurrency", type=int, default=1, help="pool processes per worker")
    parser.add_argument("--far", type=int, default=1_000_000, help="not-yet-due pending rows for the large scan")
    parser.add_argument("--backlog", type=int, default=10_000, help="due rows for the last scan")
    parser.add_argument("--repeat", type=int, default=50, help="rounds per scan measurement")
    parser.add_argument("--cold-users", type=int, default=1000)
    parser.add_argument("--cold-per-user", type=int, default=10, help="dated items (postings) per user")
    parser.add_argument("--cold-send-in", type=float, default=60, help="seconds from starting the workers")
    parser.add_argument("--cold-recent", action="store_true",
                        help="cold-start items changed just now (default: a day ago, as existing data)")  # fmt: skip
    parser.add_argument("--plan-repeat", type=int, default=3, help="in-process plan_changed() runs")
    parser.add_argument("--timeout", type=float, default=600, help="seconds the workers get to deliver everything")
    parser.add_argument("--profile", metavar="DIR", help="also profile send_due() in-process, into DIR")
    parser.add_argument("--keep-logs", metavar="DIR", help="copy the Celery processes' logs into DIR")
    parser.add_argument("--celery-log", default="INFO", help="log level of the Celery processes (INFO: task times)")
    parser.add_argument("--worker-option", action="append", default=[],
                        help="extra celery worker options, e.g. --worker-option=--disable-prefetch")  # fmt: skip
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    parser.add_argument("--wal", action="store_true", help="put SQLite in WAL mode (the app does not)")
    parser.add_argument("--in-process", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process:
        import django

        django.setup()
        name, *args = options.in_process
        print(json.dumps(IN_PROCESS[name](*args)))
        return
    kinds = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    if options.profile:
        Path(options.profile).mkdir(parents=True, exist_ok=True)
    results, failed = {}, []
    with tempfile.TemporaryDirectory(prefix="jobtracker-bench-") as tmpdir:
        for kind in kinds:
            try:
                results[kind] = run_database(kind, options, Path(tmpdir))
            except Exception:  # the other database still gets its run; the failure is reported at the end
                traceback.print_exc()
                failed.append(f"{NAMES[kind]}: the run failed (traceback above)")
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1, default=str))
    problems = failed + report(results, options)
    if problems:
        sys.exit("\n".join(problems))


if __name__ == "__main__":
    main()
