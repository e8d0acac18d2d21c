"""Gunicorn for the web role (the image's default command). Environment: WEB_CONCURRENCY, WEB_THREADS,
GUNICORN_TIMEOUT. See docker/README.md, "Deployment shape"."""

import contextlib
import os
import socket
import time

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

# A body gunicorn would have to drain before reusing the connection: above this, the connection closes instead.
DRAIN_LIMIT = 64 * 1024
# How long a closing connection waits for the client to stop sending, in the request's own thread.
LINGER_SECONDS = 1.0


def pre_request(worker, req):
    """A request with a large body closes its connection after its answer.

    When the app answers without reading the body (jobtracker refuses an announced 4 GB upload from its
    Content-Length alone), gunicorn would drain the rest before the next request on the connection, a
    read that a client trickling one byte a second stretches for ever, holding the thread. Closing costs
    a large upload nothing (browsers open a new connection for the next page).
    """
    length = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), "0")
    if not length.isdigit() or int(length) > DRAIN_LIMIT:
        req.must_close = True  # gunicorn's own flag: Response.should_close() then answers True


def post_request(worker, req, environ, resp):
    """Close such a connection here, in the request's thread, within LINGER_SECONDS.

    Gunicorn's own close lingers up to two seconds for the client to stop sending, on the worker's main
    thread, the one that accepts connections: four trickling clients refused in a row stalled every other
    request for eight seconds. Lingering here (the answer is already sent) and then shutting the read side
    leaves gunicorn's close nothing to wait for.
    """
    if resp is None or not getattr(req, "must_close", False):
        return
    sock = resp.sock
    try:
        sock.shutdown(socket.SHUT_WR)  # the client sees the end of the answer now
        deadline = time.monotonic() + LINGER_SECONDS
        while (remaining := deadline - time.monotonic()) > 0:
            sock.settimeout(remaining)
            if not sock.recv(65536):
                break
    except OSError:  # timed out, or the client is gone: nothing more to wait for
        pass
    finally:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RD)  # from now on reads end at once, so gunicorn's close waits for nothing
