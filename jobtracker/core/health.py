"""The health report an operator can trust: infrastructure checks here, apps add their own by registering.

Each check returns a dict with at least "ok"; the report is healthy when every check is. `/healthz/` stays a
cheap liveness probe; `/healthz/detail/` (staff or HEALTH_TOKEN) and `manage.py health` show this report.
"""

import time
from collections.abc import Callable

from django.db import connection

CHECKS: dict[str, Callable[[], dict]] = {}


def register(name: str, check: Callable[[], dict]) -> None:
    CHECKS[name] = check


def database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor, "ms": round((time.monotonic() - started) * 1000, 1)}


def broker() -> dict:
    from jobtracker.celery import app

    started = time.monotonic()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            transport = conn.transport_cls
    except Exception as error:
        return {"ok": False, "error": f"{error.__class__.__name__}: {error}"[:300]}
    return {"ok": True, "transport": str(transport), "ms": round((time.monotonic() - started) * 1000, 1)}


register("database", database)
register("broker", broker)


def report() -> dict:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # a check that breaks is a failed check, not a broken page
            results[name] = {"ok": False, "error": f"{error.__class__.__name__}: {error}"[:300]}
    return {"ok": all(result["ok"] for result in results.values()), "checks": results}
