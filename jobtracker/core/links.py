"""An object's URL without resolving it each time: list pages build several per row (issue 13's profile counted
109 reverse() calls on the dashboard alone).

`object_url("app:name", pk)` reverses the name once per URL configuration and script prefix, with a marker for
the pk, and then only puts the pk in. It serves names whose one argument is an integer id; anything else goes
through reverse() as before.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse

MARKER = 987654321987


@lru_cache(maxsize=512)
def _around(name: str, prefix: str) -> tuple[str, str] | None:
    parts = reverse(name, args=[MARKER]).split(str(MARKER))
    return (parts[0], parts[1]) if len(parts) == 2 else None


def object_url(name: str, pk: int) -> str:
    around = _around(name, get_script_prefix())
    if around is None or not isinstance(pk, int):
        return reverse(name, args=[pk])
    return f"{around[0]}{pk}{around[1]}"


def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around.cache_clear()


setting_changed.connect(_forget, dispatch_uid="core-links-forget")
