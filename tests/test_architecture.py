"""The shape of the code, checked: apps import only downward, no import circles, templates keep the same
layers, every URL is served by the app that owns its first segment, and no GET writes a row."""

import re
from pathlib import Path

import grimp
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

from tests.url_helpers import ALL_URLS, owned_objects, url_for

ROOT = Path(__file__).resolve().parents[1]
LAYERS = [  # lowest first, as in pyproject.toml's import-linter contract and the README
    "core",
    "accounts",
    "pipeline",
    "network",
    "materials",
    "interviews",
    "offers",
    "reminders",
    "reports",
    "transfer",
    "front",
]


def test_apps_import_only_the_layers_below_them():
    config = str(ROOT / "pyproject.toml")
    assert lint_imports(config_filename=config, no_cache=True) == EXIT_STATUS_SUCCESS, "see `lint-imports`"


def _circles(graph, modules) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import circles."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.find_modules_directly_imported_by(node):
            if target not in modules:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("jobtracker", cache_dir=None)
    modules = {m for m in graph.modules if ".migrations" not in m}
    assert _circles(graph, modules) == []


TAG_LIBRARIES = {
    "jobtracker_tags": "core",
    "pipeline_tags": "pipeline",
    "materials_tags": "materials",
    "interviews_tags": "interviews",
    "offers_tags": "offers",
}
LOAD = re.compile(r"{%\s*load\s+([^%]+)%}")
INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")


@pytest.mark.parametrize("app", LAYERS)
def test_an_apps_templates_load_and_include_only_its_own_layer_or_lower(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    for template in (ROOT / "templates" / app).rglob("*.html"):
        text = template.read_text()
        for names in LOAD.findall(text):
            for name in names.split():
                owner = TAG_LIBRARIES.get(name)
                assert owner is None or owner in allowed, f"{template.name} loads {name} from {owner}"
        for folder in INCLUDE.findall(text):
            assert folder not in LAYERS or folder in allowed, f"{template.name} includes a {folder} template"


# The first segment of a URL names the app that serves it; under a posting or an application, the
# segment after the id does. Front's composite pages are the only exceptions (jobtracker/front/urls.py).
SEGMENT_OWNERS = {
    "help": "core",
    "healthz": "core",
    "favicon.ico": "core",
    "accounts": "accounts",
    "institutions": "pipeline",
    "positions": "pipeline",
    "applications": "pipeline",
    "stages": "pipeline",
    "seasons": "pipeline",
    "contacts": "network",
    "materials": "materials",
    "letters": "materials",
    "interviews": "interviews",
    "offers": "offers",
    "reminders": "reminders",
    "exports": "reports",
    "reports": "reports",
    "shared": "reports",
    "backups": "transfer",
    "imports": "transfer",
    "leave": "transfer",
}
SUB_PAGE_OWNERS = {"requirements": "materials", "checklist": "materials", "letters": "materials"}
SUB_PAGE_OWNERS["interviews"] = "interviews"


def _routes(patterns, prefix="", urlconf=""):
    """(route, the urls module that declares it) for every URL pattern but the admin's."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if getattr(entry, "namespace", None) != "admin":
                name = entry.urlconf_name if isinstance(entry.urlconf_name, str) else entry.urlconf_name.__name__
                yield from _routes(entry.url_patterns, route, name)
        elif isinstance(entry, URLPattern):
            yield route.lstrip("^").replace("\\", ""), urlconf


def test_every_url_is_served_by_the_app_its_path_names():
    for route, module in _routes(get_resolver().url_patterns):
        app = module.split(".")[1]
        if app == "front":
            continue
        parts = [p for p in route.split("/") if p]
        expected = SEGMENT_OWNERS[parts[0]]
        if parts[0] in ("positions", "applications") and len(parts) > 2 and parts[2] in SUB_PAGE_OWNERS:
            expected = SUB_PAGE_OWNERS[parts[2]]
        assert app == expected, f"/{route} is served by {module}; its path says {expected}"


WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


# The reads that write on purpose: a shared report counts its openings, a calendar feed its fetches, for the owner.
COUNTS_ITS_READERS = {"reports:shared", "reports:shared_print", "front:calendar_feed"}


def test_no_page_writes_a_row_when_it_is_only_read(owner_client, owner):
    owned = owned_objects(owner)
    owner_client.get("/")  # the first request of a session may store the session itself
    for name in sorted(ALL_URLS):
        if name.startswith("accounts:") or name in COUNTS_ITS_READERS:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(url_for(name, owner, owned))
        if response.status_code == 405:
            continue
        writes = [q["sql"][:120] for q in queries.captured_queries if WRITES.match(q["sql"])]
        assert not writes, f"GET {name} wrote: {writes}"
