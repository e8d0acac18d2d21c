"""A fixed-window request counter in Django's cache: shared across processes when the cache is (Redis)."""

import time

from django.core.cache import cache


def allow(key: str, *, limit: int, window_seconds: int = 60) -> bool:
    """True while `key` has made at most `limit` calls in the current window."""
    bucket = f"throttle:{key}:{int(time.time() // window_seconds)}"
    cache.add(bucket, 0, timeout=window_seconds * 2)
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # evicted between add and incr: count this call as the first
        cache.set(bucket, 1, timeout=window_seconds * 2)
        return True
