"""A page's costly part rendered once and served from the cache until the user's data changes.

Every user has a data version in the cache, moved on by every write that can change what they see: a POST, PUT,
PATCH or DELETE they make (the middleware below, after the response, so after the request's transaction) and any
save or delete of a row they own, from anywhere (a Celery task, the admin), once its transaction commits. A
fragment is stored under the user, their version, the page's full path and anything else the view names, so a
write makes every older fragment unreachable at once: invalidation is exact, nothing is ever deleted. Writes that
bypass model signals (QuerySet.update, bulk_create) are covered by the request that makes them; a background job
that writes that way calls `bump()` itself. Time still moves what a page says ("3 hours ago", "due tomorrow"), so
a fragment also expires after PAGE_CACHE_SECONDS.

The cache must be shared by every process that serves pages, or a write served by one would leave another's
fragments stale: the settings turn this on only with Redis (PAGE_CACHE_SECONDS is 0 otherwise, and nothing is
cached). A cache that fails is treated as empty; the page is rendered as if nothing were cached.

Fragments hold no per-request secret: a CSRF token is rendered as a placeholder and the request's own token is
put in on the way out, so a fragment rendered for one tab or browser is valid in every other.
"""

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

log = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "csrf-placeholder-9f1c2e7a4b5d6e8f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Page(NamedTuple):
    """What is kept of a page: its title and its content's HTML."""

    title: str
    html: str


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _version_key(user_id: int) -> str:
    return f"data-version:{user_id}"


def data_version(user_id: int) -> int:
    """The user's current version; a new one (the clock in nanoseconds, never a number used before) if the cache
    has none, so fragments stored under a version the cache has since forgotten are never read again."""
    key = _version_key(user_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def bump(user_id: int) -> None:
    """Make every fragment stored for this user unreachable."""
    if not enabled() or user_id is None:
        return
    if _down():
        return  # this process serves nothing from the cache meanwhile (see _fail)
    try:
        cache.incr(_version_key(user_id))
    except ValueError:  # no version yet: the first read makes a fresh one
        pass
    except Exception:
        _fail()
        log.warning("could not move user %s's data version on", user_id, exc_info=True)


def bump_on_commit(user_id: int) -> None:
    """Move the owner's version on once the current transaction commits: once per owner and atomic block, however
    many of their rows it writes (a cascade of hundreds of rows costs one cache round trip, not hundreds)."""
    if not enabled() or user_id is None:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump(user_id)
        return
    queued = connection.__dict__.setdefault("_fragment_owners", {})
    block = tuple(connection.savepoint_ids)
    pending = queued.get(block)
    # A set whose flush is no longer queued (its block rolled back, or it ran) starts over.
    if pending is None or not any(func == pending.flush for _sids, func, _robust in connection.run_on_commit):
        pending = queued[block] = _Pending()
        transaction.on_commit(pending.flush)
    pending.add(user_id)


class _Pending(set):
    def flush(self) -> None:
        owners = list(self)
        self.clear()
        for owner_id in owners:
            bump(owner_id)


# After a cache error this process treats the cache as absent for a while: a hung Redis then costs one timeout,
# not one per write or per page. A bump that failed left the old version current, so this process also renders
# afresh until any copy stored before the failed write has expired.
_down_until = 0.0


def _down() -> bool:
    return time.monotonic() < _down_until


def _fail() -> None:
    global _down_until
    _down_until = time.monotonic() + max(settings.PAGE_CACHE_SECONDS, 5)


def forget_failures() -> None:
    """Trust the cache again at once (a test's fresh start)."""
    global _down_until
    _down_until = 0.0


def _key(request: HttpRequest, name: str) -> str:
    user_id = request.user.pk
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"fragment:{release()}:{name}:{user_id}:{data_version(user_id)}:{path}"


@functools.cache
def release() -> str:
    """The code that renders: a new release (or one template changed) never serves what an older one rendered,
    even while both run during a rolling deploy."""
    digest = hashlib.sha256()
    for root in (Path(settings.BASE_DIR) / "templates", Path(__file__).resolve().parent.parent):
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".py", ".txt"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached(request: HttpRequest, name: str, render: Callable[[dict], Page]) -> Page:
    """`render(extra_context)` for this request, from the cache when the user's data has not changed since.

    `extra_context` holds the CSRF placeholder the template must render its tokens from; the key is the user, the
    version, `name` and the page's full path.
    """

    def afresh() -> Page:
        page = render({})
        return Page(page.title, mark_safe(page.html))  # noqa: S308 (a rendered template)

    if not enabled() or _down():
        return afresh()
    try:
        key = _key(request, name)
        page = cache.get(key)
    except Exception:
        _fail()
        log.warning("page cache unavailable; rendering %s", name, exc_info=True)
        return afresh()
    if page is None:
        page = render({"csrf_token": CSRF_PLACEHOLDER})
        try:
            cache.set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            _fail()
            log.warning("could not store %s in the page cache", name, exc_info=True)
    return Page(page.title, mark_safe(page.html.replace(CSRF_PLACEHOLDER, get_token(request))))  # noqa: S308


def render_page(
    request: HttpRequest, *, content: str, context: Callable[[], dict], title: str | Callable[[dict], str]
) -> HttpResponse:
    """The page `content` (a template) within the site's frame, the content from the cache when it can be.

    `context()` is called only when the content has to be rendered, so a page served from the cache runs none of
    its queries (nor the owner check behind them: a copy exists only for a user who could see the page at this
    data version, and a delete moves the version on). `title` is the page's title, or makes it from the context.
    """

    def render_content(extra: dict) -> Page:
        values = context()
        html = render_to_string(content, {**values, **extra}, request)
        return Page(title(values) if callable(title) else title, html)

    page = cached(request, content, render_content)
    return render(request, "core/cached_page.html", {"title": page.title, "content": page.html})


class DataVersionMiddleware:
    """Moves the user's data version on after every request that may have written (whatever it answered)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                bump(user.pk)
        return response


def _owner_of(instance) -> int | None:
    if isinstance(instance, get_user_model()):
        return instance.pk
    return getattr(instance, "owner_id", None)


def _row_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("action", "post").startswith("pre"):  # m2m_changed announces each change twice
        return
    owner_id = _owner_of(instance)
    if owner_id is not None:
        bump_on_commit(owner_id)


def connect_signals() -> None:
    """Called once by the core app: an owned row saved or deleted, or its tags changed, moves its owner on; and the
    user's own row. Connected per model, so that models without an owner keep Django's fast deletes."""
    from jobtracker.core.models import OwnedModel

    user_model = get_user_model()
    for model in apps.get_models():
        if issubclass(model, OwnedModel) or model is user_model:
            post_save.connect(_row_changed, sender=model, dispatch_uid=f"fragments-save-{model._meta.label}")
            post_delete.connect(_row_changed, sender=model, dispatch_uid=f"fragments-delete-{model._meta.label}")
            for field in model._meta.local_many_to_many:
                uid = f"fragments-m2m-{model._meta.label}-{field.name}"
                m2m_changed.connect(_row_changed, sender=field.remote_field.through, dispatch_uid=uid)
