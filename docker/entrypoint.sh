#!/bin/sh
# Entrypoint for every role of the jobtracker image (web, worker, beat, one-off manage.py commands):
#   1. wait until the database accepts connections: DB_WAIT_TIMEOUT seconds (default 60),
#      WAIT_FOR_DB=0 skips the wait;
#   2. apply migrations, only when RUN_MIGRATIONS is on. Only the web service sets it, so scaled
#      workers and beat never race each other on the schema;
#   3. exec the command, which replaces this shell and so receives the container's signals.
set -eu

cd "$(dirname "$0")/.."

# The same spellings as jobtracker/env.py: a typo stops the container instead of silently meaning "off".
is_on() {
    value=$(printf '%s' "$2" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')
    case "$value" in
        1 | true | yes | on) return 0 ;;
        "" | 0 | false | no | off) return 1 ;;
        *)
            echo "entrypoint: $1='$2' is not a boolean; use one of 1/0, true/false, yes/no, on/off." >&2
            exit 64
            ;;
    esac
}

wait_for_database() {
    python - <<'PY'
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtracker.settings")
# Bound each PostgreSQL connection attempt, so the overall timeout below holds even when packets are dropped.
os.environ.setdefault("PGCONNECT_TIMEOUT", "5")

import django

django.setup()

from django.db import connections
from django.db.utils import OperationalError

timeout = float(os.environ.get("DB_WAIT_TIMEOUT") or 60)
deadline = time.monotonic() + timeout
attempts = 0
while True:
    attempts += 1
    try:
        connections["default"].ensure_connection()
    except OperationalError as exc:
        if time.monotonic() >= deadline:
            sys.exit(f"entrypoint: database unreachable after {timeout:g}s ({attempts} attempts): {exc}")
        if attempts == 1:
            print(f"entrypoint: waiting up to {timeout:g}s for the database ...", file=sys.stderr, flush=True)
        time.sleep(1)
    else:
        connections["default"].close()
        break
PY
}

if [ "$#" -eq 0 ]; then
    echo "entrypoint: no command given" >&2
    exit 64
fi

if is_on WAIT_FOR_DB "${WAIT_FOR_DB:-1}"; then
    wait_for_database
fi

if is_on RUN_MIGRATIONS "${RUN_MIGRATIONS:-0}"; then
    echo "entrypoint: applying migrations" >&2
    python manage.py migrate --noinput
fi

exec "$@"
