"""Gunicorn for the web role (the image's default command). Environment: WEB_CONCURRENCY, WEB_THREADS,
GUNICORN_TIMEOUT. See docker/README.md, "Deployment shape"."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads, not one process per request: a slow client holds a thread, not a whole worker, and the worker
# keeps telling the arbiter it is alive while a long export streams (a sync worker is killed after
# `timeout` seconds even mid-stream, which cut 100,000-row exports short).
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A worker that stops answering its arbiter for this long is replaced; requests themselves may run longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow for ever.
max_requests = 1000
max_requests_jitter = 100
# Heartbeat files in memory, not on the container's overlay filesystem (gunicorn's own advice for Docker).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - a tmpfs only this container's gunicorn writes to
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
accesslog = "-"
# Refuse absurd request lines and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
