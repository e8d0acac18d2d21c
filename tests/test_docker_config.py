"""The deployment files in docker/ agree with the project they deploy.

No Docker engine is needed and no database is touched: compose.yaml is read with PyYAML, the commands it
and the Dockerfile run are checked with their own --help or --check-config, and the entrypoint and the
health check script run directly against this checkout with throwaway SQLite files and local sockets.
"""

import importlib.util
import json
import os
import re
import secrets
import shlex
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings
from django.urls import resolve

from jobtracker.core import views as core_views

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
DOCKERFILE = DOCKER / "Dockerfile"
ENTRYPOINT = DOCKER / "entrypoint.sh"
HEALTHCHECK = DOCKER / "healthcheck.py"
BIN = Path(sys.executable).parent  # the virtualenv running the tests, with celery and gunicorn beside python
APP_DIR = "/app"  # the Dockerfile's WORKDIR: where this checkout lives inside the image
APP_SERVICES = ("web", "worker", "beat")
ALL_SERVICES = (*APP_SERVICES, "proxy", "postgres", "redis", "mailpit")
NGINX_TEMPLATE = DOCKER / "nginx" / "default.conf.template"
TRUE_VALUES = {"1", "true", "yes", "on"}


# --- helpers -------------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and continuation lines joined."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerfile(keyword: str) -> list[str]:
    return [arguments for found, arguments in dockerfile_instructions() if found == keyword]


def exec_form(arguments: str) -> list[str]:
    """The JSON array of an exec-form CMD or ENTRYPOINT."""
    argv = json.loads(arguments)
    assert isinstance(argv, list), f"expected the exec (JSON array) form: {arguments}"
    return argv


def healthcheck_command() -> list[str]:
    (arguments,) = dockerfile("HEALTHCHECK")
    options = r"(?:--[a-z-]+=\S+\s+)*"
    match = re.fullmatch(options + r"CMD\s+(\[.*\])", arguments)
    assert match, f"HEALTHCHECK should use the exec form: {arguments}"
    return json.loads(match.group(1))


def in_checkout(image_path: str) -> Path:
    """Where a path inside the image (under WORKDIR /app) comes from in this checkout."""
    return ROOT / Path(image_path).relative_to(APP_DIR)


def interpolate(value, variables: dict[str, str]):
    """Compose's variable interpolation, as far as compose.yaml uses it: $$, ${NAME}, ${NAME:-x}, ${NAME:?x}."""
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.groups()
        if variables.get(name):
            return variables[name]
        if operator == ":?":
            raise AssertionError(f"compose would refuse to start without {name}: {argument}")
        return argument or ""

    return re.sub(r"\$\$|\$\{(\w+)(?:(:[?-])([^}]*))?\}", substitute, value)


def clean_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """A minimal environment, so settings from the caller's shell (e.g. CI's DATABASE_URL) cannot leak in."""
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "jobtracker.settings",
        "JOBTRACKER_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "1",  # these checks run the image's commands, not its production settings (tested apart)
        **variables,
    }


def run(command: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def load_healthcheck_module():
    spec = importlib.util.spec_from_file_location("docker_healthcheck", HEALTHCHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compose() -> dict:
    # PyYAML belongs in requirements-dev.txt; until it is there, only the compose.yaml checks are skipped.
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read docker/compose.yaml")
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def as_argv(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def celery_commands(services: dict) -> list[list[str]]:
    """Every `celery ...` command compose runs: service commands and health checks."""
    commands = []
    for service in services.values():
        candidates = [service.get("command")]
        test = (service.get("healthcheck") or {}).get("test")
        if isinstance(test, list) and test and test[0] == "CMD-SHELL":
            candidates.append(test[1])
        elif isinstance(test, list) and test and test[0] == "CMD":
            candidates.append(test[1:])
        for candidate in candidates:
            if candidate:
                argv = as_argv(interpolate(candidate, {}))
                if argv[0] == "celery":
                    commands.append(argv)
    return commands


class RecordingHandler(BaseHTTPRequestHandler):
    """Answers like /healthz/ (or with a redirect) and remembers the headers it was sent."""

    status = 200
    body = b'{"status": "ok"}'
    seen: list[dict[str, str]]

    def do_GET(self):
        self.seen.append(dict(self.headers))
        self.send_response(self.status)
        if 300 <= self.status < 400:
            self.send_header("Location", "https://example.com/healthz/")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_web():
    """A local HTTP server on a free loopback port; yields (handler class, base URL)."""
    handler = type("Handler", (RecordingHandler,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- compose.yaml ------------------------------------------------------------------------------------------


def test_compose_defines_proxy_web_worker_beat_postgres_redis_and_mailpit(services):
    assert set(ALL_SERVICES) <= set(services)


def test_compose_runs_exactly_one_beat(services):
    beat = services["beat"]
    assert beat["deploy"]["replicas"] == 1
    assert "scale" not in beat
    assert beat["command"][:4] == ["celery", "-A", "jobtracker", "beat"]


def test_workers_can_be_scaled_because_they_have_no_container_name_or_ports(services):
    worker = services["worker"]
    assert "container_name" not in worker
    assert "ports" not in worker
    assert worker["command"][:4] == ["celery", "-A", "jobtracker", "worker"]


def test_web_worker_and_beat_share_one_image_built_from_the_project_root(services):
    builds = {json.dumps(services[name]["build"], sort_keys=True) for name in APP_SERVICES}
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(builds) == 1
    assert len(images) == 1
    build = services["web"]["build"]
    context = (DOCKER / build["context"]).resolve()
    assert context == ROOT
    assert (context / build["dockerfile"]).resolve() == DOCKERFILE


def test_only_web_runs_migrations(services):
    assert environment(services["web"]).get("RUN_MIGRATIONS", "").lower() in TRUE_VALUES
    for name in ("worker", "beat"):
        assert environment(services[name]).get("RUN_MIGRATIONS", "0").lower() not in TRUE_VALUES


def test_app_services_start_after_postgres_and_redis_report_healthy(services):
    for name in APP_SERVICES:
        depends_on = services[name]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in services["postgres"]["volumes"])


def test_compose_requires_a_secret_key_instead_of_shipping_one(services):
    for name in APP_SERVICES:
        assert environment(services[name])["SECRET_KEY"].startswith("${SECRET_KEY:?")
    with pytest.raises(AssertionError, match="SECRET_KEY"):
        interpolate(environment(services["web"]), {})


def test_compose_points_the_app_at_its_postgres_redis_and_mailpit(services):
    env = environment(services["web"])
    assert env["DEBUG"] == "0"
    assert env["DATABASE_URL"] == "postgres://jobtracker:jobtracker@postgres:5432/jobtracker"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["CACHE_URL"] == "redis://cache:6379/0"  # the cache apart from the broker's queues
    cache_command = services["cache"]["command"]
    assert cache_command[cache_command.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert (env["EMAIL_HOST"], env["EMAIL_PORT"], env["EMAIL_USE_TLS"]) == ("mailpit", "1025", "0")
    postgres = environment(services["postgres"])
    assert (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"]) == ("jobtracker",) * 3
    assert services["mailpit"]["image"].startswith("axllent/mailpit")
    published = {str(port).rsplit(":", 1)[-1] for port in services["mailpit"]["ports"]}
    assert {"8025", "1025"} <= published


def test_compose_environment_passes_deploy_checks_except_the_local_ssl_redirect_override(services, tmp_path):
    env = interpolate(environment(services["web"]), {"SECRET_KEY": secrets.token_urlsafe(50)})
    assert env["SECURE_SSL_REDIRECT"] == "0"
    result = run([str(BIN / "python"), "manage.py", "check", "--deploy"], clean_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    assert set(re.findall(r"\((\w+\.[EW]\d+)\)", result.stdout + result.stderr)) == {"security.W008"}


def test_every_celery_command_names_an_importable_app_and_an_existing_subcommand(services, tmp_path):
    commands = celery_commands(services)
    subcommands = {argv[3] for argv in commands}
    assert {"worker", "beat"} <= subcommands
    for argv in commands:
        assert argv[1:3] == ["-A", "jobtracker"], argv
        # --help is eager: unknown options and subcommands still fail, but nothing connects anywhere.
        result = run([str(BIN / "celery"), *argv[1:], "--help"], clean_env(tmp_path))
        assert result.returncode == 0, f"{shlex.join(argv)}\n{result.stdout}\n{result.stderr}"
        assert f"celery {argv[3]}" in result.stdout


def gunicorn_config() -> dict:
    """The settings docker/gunicorn.conf.py gives, read as gunicorn reads the file (plain Python)."""
    values: dict = {}
    exec(compile((DOCKER / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), values)
    return values


def test_only_the_proxy_is_published_and_it_forwards_to_the_port_gunicorn_binds(services):
    argv = exec_form(dockerfile("CMD")[0])
    assert argv[argv.index("--config") + 1] == "docker/gunicorn.conf.py"
    port = gunicorn_config()["bind"].rsplit(":", 1)[-1]
    assert port in dockerfile("EXPOSE")
    web = services["web"]
    assert "ports" not in web and [str(p) for p in web["expose"]] == [port]
    proxy = services["proxy"]
    assert environment(proxy)["WEB_UPSTREAM"] == f"web:{port}"
    assert [str(mapping) for mapping in proxy["ports"]] == [f"127.0.0.1:8000:{environment(proxy)['NGINX_PORT']}"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_proxy_runs_the_official_image_with_our_template_and_every_value_it_names(services):
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    (volume,) = proxy["volumes"]
    source, target, mode = volume.split(":")
    assert (DOCKER / source).resolve() == NGINX_TEMPLATE and mode == "ro"
    assert target == "/etc/nginx/templates/default.conf.template"  # the image renders it into conf.d
    named = set(re.findall(r"\$\{(\w+)\}", NGINX_TEMPLATE.read_text()))
    assert named == set(environment(proxy))


def test_the_proxy_and_the_app_agree_on_the_largest_request(services):
    values = {interpolate(environment(services[name])["REQUEST_MAX_MB"], {}) for name in ("proxy", *APP_SERVICES)}
    assert values == {"21"}
    assert re.search(r"client_max_body_size \$\{REQUEST_MAX_MB\}m;", NGINX_TEMPLATE.read_text())
    assert environment(services["web"])["AXES_PROXY_COUNT"] == "1"  # the client is the address the proxy adds


def test_gunicorn_closes_instead_of_draining_a_large_unread_body():
    config = gunicorn_config()

    class Request:
        def __init__(self, length):
            self.headers = [("HOST", "x"), ("CONTENT-LENGTH", length)] if length is not None else [("HOST", "x")]

    for length, closes in [(None, False), ("10", False), ("65536", False), ("65537", True), ("4294967296", True)]:
        request = Request(length)
        config["pre_request"](None, request)
        assert getattr(request, "must_close", False) is closes, length


def test_web_health_check_in_compose_matches_the_dockerfile(services):
    assert services["web"]["healthcheck"]["test"] == ["CMD", *healthcheck_command()]
    # The image's check is for HTTP; beat checks the reminders' health and the worker answers a ping.
    assert services["beat"]["healthcheck"]["test"] == ["CMD", "python", "manage.py", "health"]
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]


def test_gunicorn_threads_keep_slow_clients_and_long_exports_from_pinning_workers():
    config = gunicorn_config()
    assert config["worker_class"] == "gthread" and config["threads"] >= 2
    assert config["timeout"] >= 30 and config["limit_request_line"] <= 8190


# --- Dockerfile -------------------------------------------------------------------------------------------


def test_dockerfile_builds_on_python_3_11_slim_and_runs_as_a_non_root_user():
    assert dockerfile("FROM") == ["python:3.11-slim"]
    (user,) = dockerfile("USER")
    assert user not in {"root", "0"}
    keywords = [keyword for keyword, _ in dockerfile_instructions()]
    assert keywords.index("USER") < keywords.index("ENTRYPOINT")


def test_dockerfile_installs_runtime_requirements_only():
    runs = " ".join(dockerfile("RUN"))
    assert "pip install -r requirements.txt" in runs
    assert not any("requirements-dev" in arguments for _, arguments in dockerfile_instructions())


def test_every_file_the_dockerfile_copies_or_runs_exists():
    for arguments in dockerfile("COPY"):
        sources = [part for part in shlex.split(arguments) if not part.startswith("--")][:-1]
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}"
    referenced = {*exec_form(dockerfile("ENTRYPOINT")[0]), *exec_form(dockerfile("CMD")[0]), *healthcheck_command()}
    image_paths = {part for part in referenced if part.startswith(APP_DIR + "/")}
    assert {f"{APP_DIR}/docker/entrypoint.sh", f"{APP_DIR}/docker/healthcheck.py"} <= image_paths
    for path in image_paths:
        assert in_checkout(path).is_file(), path
    for relative in re.findall(r"\b(?:docker/[\w./-]+|manage\.py|requirements\.txt)", " ".join(dockerfile("RUN"))):
        assert (ROOT / relative).is_file(), relative


def test_dockerfile_never_bakes_secrets_into_the_image_environment():
    env_keys = set(re.findall(r"(\w+)=", " ".join(dockerfile("ENV"))))
    assert not env_keys & {"SECRET_KEY", "REDIS_URL", "DATABASE_URL", "EMAIL_HOST_PASSWORD"}
    assert not dockerfile("ARG")
    (collectstatic,) = [run_line for run_line in dockerfile("RUN") if "collectstatic" in run_line]
    assert re.search(r"\bSECRET_KEY=\S+", collectstatic)
    assert re.search(r"\bREDIS_URL=\S+", collectstatic)


def test_dockerfile_collectstatic_step_works_with_its_build_time_values(tmp_path):
    (run_line,) = [run_line for run_line in dockerfile("RUN") if "collectstatic" in run_line]
    step = run_line.split("&&")[0]
    words = shlex.split(step)
    assignments = dict(word.split("=", 1) for word in words if re.fullmatch(r"[A-Z_]+=.*", word))
    command = [word for word in words if word not in {f"{k}={v}" for k, v in assignments.items()}]
    assert assignments["DEBUG"] == "0"
    assert command == ["python", "manage.py", "collectstatic", "--noinput"]
    # --dry-run: the same settings and finders, without writing staticfiles/ into this checkout.
    result = run([str(BIN / "python"), *command[1:], "--dry-run"], clean_env(tmp_path, **assignments))
    assert result.returncode == 0, result.stderr
    assert re.search(r"[1-9]\d* static files? copied", result.stdout), result.stdout


def test_gunicorn_target_in_the_dockerfile_imports_and_its_options_are_valid(tmp_path):
    argv = exec_form(dockerfile("CMD")[0])
    assert argv[0] == "gunicorn"
    target = next(part for part in argv[1:] if not part.startswith("-") and ":" in part)
    assert target == "jobtracker.wsgi:application"
    module_name, attribute = target.split(":")
    module = importlib.import_module(module_name)
    assert callable(getattr(module, attribute))
    result = run([str(BIN / "gunicorn"), "--check-config", *argv[1:]], clean_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_health_check_path_resolves_to_the_health_endpoint():
    command = healthcheck_command()
    assert command[:2] == ["python", f"{APP_DIR}/docker/healthcheck.py"]
    path = command[2]
    assert resolve(path).func is core_views.healthz


# --- entrypoint.sh ----------------------------------------------------------------------------------------


def test_entrypoint_is_valid_posix_sh_and_executable():
    result = subprocess.run(["sh", "-n", str(ENTRYPOINT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    text = ENTRYPOINT.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert "\nset -eu\n" in text
    assert re.search(r'^exec "\$@"$', text, re.MULTILINE)
    assert os.access(ENTRYPOINT, os.X_OK)
    assert os.access(HEALTHCHECK, os.X_OK)


def tables_in(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_entrypoint_waits_for_the_database_then_runs_the_command_without_migrating(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = clean_env(tmp_path, DATABASE_URL=f"sqlite:///{database}")
    result = run(["sh", str(ENTRYPOINT), "python", "-c", "print('command ran')"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "command ran"
    assert database.exists()  # the wait connected
    assert "django_migrations" not in tables_in(database)


def test_entrypoint_migrates_when_run_migrations_is_on(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = clean_env(tmp_path, DATABASE_URL=f"sqlite:///{database}", RUN_MIGRATIONS="1")
    result = run(["sh", str(ENTRYPOINT), "true"], env)
    assert result.returncode == 0, result.stderr
    assert {"django_migrations", "accounts_user"} <= tables_in(database)


def test_entrypoint_gives_up_when_the_database_never_answers(tmp_path):
    # Port 1 on the loopback interface: refused at once, so the wait runs out its one-second budget.
    env = clean_env(tmp_path, DATABASE_URL="postgres://nobody:nothing@127.0.0.1:1/none", DB_WAIT_TIMEOUT="1")
    result = run(["sh", str(ENTRYPOINT), "python", "-c", "print('command ran')"], env, timeout=30)
    assert result.returncode != 0
    assert "database unreachable after 1s" in result.stderr
    assert "command ran" not in result.stdout


def test_entrypoint_refuses_a_misspelt_run_migrations_instead_of_skipping_them(tmp_path):
    env = clean_env(tmp_path, WAIT_FOR_DB="0", RUN_MIGRATIONS="ture")
    result = run(["sh", str(ENTRYPOINT), "true"], env)
    assert result.returncode == 64
    assert "RUN_MIGRATIONS='ture' is not a boolean" in result.stderr


# --- healthcheck.py ---------------------------------------------------------------------------------------


def test_health_check_sends_an_allowed_host_and_the_proxy_https_header(fake_web, tmp_path):
    handler, base = fake_web
    env = clean_env(tmp_path, ALLOWED_HOSTS=".example.com,localhost")
    result = run([str(BIN / "python"), str(HEALTHCHECK), f"{base}/healthz/"], env, timeout=30)
    assert result.returncode == 0, result.stderr
    (headers,) = handler.seen
    assert headers["Host"] == "example.com"
    assert headers["X-Forwarded-Proto"] == "https"


@pytest.mark.parametrize(
    ("status", "body"),
    [(301, b""), (400, b"Bad Request"), (503, b'{"status": "error", "database": "OperationalError"}')],
)
def test_health_check_fails_on_a_redirect_or_an_error_answer(fake_web, tmp_path, status, body):
    handler, base = fake_web
    handler.status, handler.body = status, body
    result = run([str(BIN / "python"), str(HEALTHCHECK), f"{base}/healthz/"], clean_env(tmp_path), timeout=30)
    assert result.returncode == 1
    assert f"answered {status}" in result.stderr
    assert len(handler.seen) == 1  # a redirect is reported, not followed


def test_health_check_fails_when_nothing_listens(tmp_path):
    result = run([str(BIN / "python"), str(HEALTHCHECK), "http://127.0.0.1:1/healthz/"], clean_env(tmp_path))
    assert result.returncode == 1
    assert "unreachable" in result.stderr


@override_settings(
    ALLOWED_HOSTS=["jobs.example.com"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_SSL_REDIRECT=True,
)
def test_health_check_request_passes_production_host_validation_and_is_not_redirected():
    healthcheck = load_healthcheck_module()
    host = healthcheck.host_header("jobs.example.com")
    request = RequestFactory().get("/healthz/", headers={"host": host, "x-forwarded-proto": "https"})
    assert request.get_host() == "jobs.example.com"  # raises DisallowedHost otherwise
    assert request.is_secure()  # so SecurityMiddleware does not redirect it to https://


@pytest.mark.parametrize(
    ("allowed_hosts", "expected"),
    [("", "localhost"), ("*", "localhost"), (" .example.com , other.org", "example.com"), ("*,jobs.test", "jobs.test")],
)
def test_health_check_picks_the_first_named_allowed_host(allowed_hosts, expected):
    assert load_healthcheck_module().host_header(allowed_hosts) == expected
