"""How the reminder machinery is doing, for the health report and the reminders page."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from jobtracker.reminders.models import Beat, Delivery, PlannerMark
from jobtracker.reminders.registry import SOURCES

S = Delivery.Status


def _age(at: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if at is None else round((now - at).total_seconds(), 1)


def planner_lag(now: dt.datetime) -> dict:
    """Per kind, how long the oldest change the planner has not read yet has been waiting (seconds)."""
    marks = {m.kind: m for m in PlannerMark.objects.all()}
    lags = {}
    for kind, source in SOURCES.items():
        mark = marks.get(kind)
        rows = (
            source.changed_since(mark.planned_until, mark.last_id) if mark else source.queryset().order_by("updated_at")
        )
        oldest = rows.values_list("updated_at", flat=True).first()
        lags[kind] = _age(oldest, now) or 0.0
    return lags


def health() -> dict:
    now = timezone.now()
    ticks = dict(Beat.objects.values_list("name", "ran_at"))
    last_tick = ticks.get("dispatch")
    counts = dict(
        Delivery.objects.filter(status__in=[S.PENDING, S.QUEUED, S.SENDING, S.FAILED, S.UNKNOWN])
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    oldest_due = Delivery.objects.filter(status=S.PENDING, send_at__lte=now).aggregate(at=Min("send_at"))["at"]
    tick_age, late = _age(last_tick, now), _age(oldest_due, now)
    problems = []
    if tick_age is None or tick_age > settings.REMINDERS_HEALTH_TICK_LATE_SECONDS:
        problems.append("beat has not ticked" if tick_age is None else f"beat last ticked {tick_age:.0f} s ago")
    if late is not None and late > settings.REMINDERS_HEALTH_LATE_SECONDS:
        problems.append(f"a due reminder is {late:.0f} s late")
    lag = planner_lag(now)
    return {
        "ok": not problems,
        "problems": problems,
        "last_tick": last_tick,
        "last_tick_age_seconds": tick_age,
        "chores": {name: _age(at, now) for name, at in ticks.items()},
        "planner_lag_seconds": max(lag.values(), default=0.0),
        "planner_lag_by_kind": lag,
        "deliveries": {status: counts.get(status, 0) for status in (S.PENDING, S.SENDING, S.FAILED, S.UNKNOWN)},
        "oldest_due_unsent": oldest_due,
        "oldest_due_late_seconds": late,
    }
