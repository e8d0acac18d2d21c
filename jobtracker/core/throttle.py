"""A fixed-window request counter in Django's cache: shared across processes when the cache is (CACHE_URL)."""

import logging
import time

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)


def allow(key: str, *, limit: int, window_seconds: int = 60) -> bool:
    """True while `key` has made at most `limit` calls in the current window.

    A cache that is down lets the call through (and says so in the log): these limits slow abuse down, and a
    Redis outage should not take the pages behind them down with it.
    """
    bucket = f"throttle:{key}:{int(time.time() // window_seconds)}"
    try:
        cache.add(bucket, 0, timeout=window_seconds * 2)
        try:
            return cache.incr(bucket) <= limit
        except ValueError:  # evicted between add and incr: count this call as the first
            cache.set(bucket, 1, timeout=window_seconds * 2)
            return True
    except Exception:
        log.warning("throttle %s not counted: the cache is unavailable", key, exc_info=True)
        return True


def client_address(request) -> str:
    """Whom to count: REMOTE_ADDR, or behind AXES_PROXY_COUNT trusted proxies (compose: nginx), the address the
    outermost of them saw, read from the right of X-Forwarded-For (entries further left are the client's own say).
    Behind a proxy, REMOTE_ADDR is the proxy's: with a shared cache every client would share one count."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
