"""Real servers for integration tests: gunicorn as docker/gunicorn.conf.py runs it, and nginx with
docker/nginx's template, each on a free local port and always stopped afterwards."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.reminders.services import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = ROOT / "docker" / "gunicorn.conf.py"
NGINX_TEMPLATE = ROOT / "docker" / "nginx" / "default.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"server on port {port} did not start:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def running(command: list[str], *, port: int, env: dict, log: Path):
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True)
    try:
        wait_for_port(port, process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def gunicorn(tmp_path: Path, app: str, *options: str, **environment: str):
    """Gunicorn with the image's configuration; yields its port."""
    port = free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", **environment}
    command = [str(Path(sys.executable).with_name("gunicorn")), "--config", str(GUNICORN_CONFIG), *options, app]
    with running(command, port=port, env=env, log=tmp_path / "gunicorn.log"):
        yield port


def render_template(text: str, values: dict[str, str]) -> str:
    """What the nginx image's envsubst step does: replace ${NAME} for the names it is given, nothing else."""
    rendered = re.sub(r"\$\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)
    leftover = re.findall(r"\$\{\w+\}", rendered)
    assert not leftover, f"template names values the environment does not give: {leftover}"
    return rendered


@contextlib.contextmanager
def nginx(upstream_port: int, *, request_max_mb: int = 21):
    """nginx running docker/nginx/default.conf.template in front of 127.0.0.1:upstream_port; yields its port."""
    if not Path(NGINX).exists():
        from tests.conftest import need_service

        need_service(False, "nginx is not installed (apt-get install nginx-light)")
    port = free_port()
    # Not pytest's tmp_path: nginx's workers run as an unprivileged user and must reach the temp files.
    prefix = Path(tempfile.mkdtemp(prefix="jobtracker-nginx-"))
    prefix.chmod(0o755)
    values = {"NGINX_PORT": f"127.0.0.1:{port}", "WEB_UPSTREAM": f"127.0.0.1:{upstream_port}"}
    site = render_template(NGINX_TEMPLATE.read_text(), {**values, "REQUEST_MAX_MB": str(request_max_mb)})
    (prefix / "site.conf").write_text(site)
    temp = "\n".join(
        f"{kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log stderr warn;\n"
        f"{'user root;' if os.geteuid() == 0 else ''}\n"
        f"events {{ worker_connections 512; }}\n"
        f"http {{\naccess_log off;\n{temp}\ninclude {prefix / 'site.conf'};\n}}\n"
    )
    log = prefix / "nginx.log"
    try:
        with running(
            [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], port=port, env=dict(os.environ), log=log
        ):
            yield port
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
