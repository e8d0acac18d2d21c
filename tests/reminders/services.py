"""Real components for the reminder integration tests: an SMTP server, Redis, Celery workers and beats.

Everything listens on 127.0.0.1 only; every process is stopped at the end of its test.
"""

import asyncio
import contextlib
import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from django.db import connection

from tests.conftest import need_service

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
DELIVERY_HEADER = "X-Jobtracker-Delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collect:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append(message)  # kept, whatever the reply says or however late it comes
            self.sink.sessions.add(id(session))  # one per SMTP connection
        if self.sink.reply_delay:
            await asyncio.sleep(self.sink.reply_delay)
        return self.sink.reply


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a loopback port, keeping every message it accepts."""

    def __init__(self, reply_delay: float = 0, reply: str = "250 Message accepted for delivery"):
        self.port = free_port()
        self.messages: list = []
        self.sessions: set[int] = set()
        self.lock = threading.Lock()
        self.controller = None
        # A slow server: it keeps the message, then answers the end of the data this many seconds later.
        self.reply_delay, self.reply = reply_delay, reply

    def start(self):
        self.controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def keys(self) -> Counter:
        with self.lock:
            return Counter(m[DELIVERY_HEADER] for m in self.messages)

    def message_ids(self, key: str) -> set[str]:
        with self.lock:
            return {m["Message-ID"] for m in self.messages if m[DELIVERY_HEADER] == key}

    def wait_for(self, count: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.keys()) >= count:
                return len(self.keys())
            time.sleep(0.2)
        return len(self.keys())


def database_url() -> str:
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings["USER"] or "", settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def shared_redis_url() -> str:
    url = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        reachable = True
    except redis.exceptions.ConnectionError:
        reachable = False
    need_service(reachable, f"Redis is not reachable at {url} (set REDIS_URL_FOR_TESTS)")
    return url


class RedisServer:
    """A private redis-server on a free port, so fault tests never disturb the shared one."""

    def __init__(self, tmp: Path):
        binary = shutil.which("redis-server")
        need_service(binary is not None, "redis-server is not installed")
        self.binary, self.tmp, self.port = binary, tmp, free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen([*args, "--dir", str(self.tmp)], stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return self
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Celery:
    """Worker and beat processes of the project's own Celery app, configured for fast test timings."""

    def __init__(self, tmp: Path, *, redis_url: str, smtp_port: int, **settings):
        self.tmp = tmp
        self.queue = f"test-{uuid.uuid4().hex[:8]}"
        self.processes: list[subprocess.Popen] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))}
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "jobtracker.settings",
                "DATABASE_URL": database_url(),
                "REDIS_URL": redis_url,
                "CELERY_QUEUE": self.queue,
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "EMAIL_USE_TLS": "0",
                "EMAIL_TIMEOUT": "2",
                "JOBTRACKER_VAR_DIR": str(tmp / "var"),
                "REMINDERS_TICK_SECONDS": "1",
                # A sender counts as gone after 2 x 2 + 2 + 1 = 7 s without a heartbeat.
                "REMINDERS_FINAL_REPLY_SECONDS": "2",
                "REMINDERS_HEARTBEAT_SECONDS": "1",
                "REMINDERS_SENDER_START_SECONDS": "5",
                "REMINDERS_SEND_BUDGET_SECONDS": "5",
                "REMINDERS_RETRY_BASE_SECONDS": "1",
                "REMINDERS_RETRY_MAX_SECONDS": "8",
                "REMINDERS_MAX_ATTEMPTS": "30",
                "LOG_LEVEL": "WARNING",
            }
        )
        self.env.update({k: str(v) for k, v in settings.items()})

    def _start(self, args: list[str], name: str) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [str(CELERY), "-A", "jobtracker", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,  # its own process group, so a kill reaches the pool processes too
        )
        self.processes.append(process)
        return process

    def worker(self, concurrency: int = 2) -> subprocess.Popen:
        name = f"worker-{len(self.processes)}-{uuid.uuid4().hex[:6]}"
        queues = f"{self.queue},{self.queue}.send"
        args = ["worker", "-Q", queues, "-n", f"{name}@%h", f"--concurrency={concurrency}", "--pool=prefork"]
        return self._start(
            [
                *args,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                os.environ.get("TEST_CELERY_LOG", "WARNING"),
            ],
            name,
        )

    def beat(self) -> subprocess.Popen:
        name = f"beat-{len(self.processes)}"
        return self._start(
            ["beat", "-s", str(self.tmp / f"{name}.schedule"), "--max-interval", "1", "-l", "WARNING"], name
        )

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL to the whole process group: the worker and its pool processes die mid-task."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill(process)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(self.tmp.glob("*.log")))
