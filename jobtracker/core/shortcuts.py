"""Small helpers every app's views share."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

PAGE_SIZE = 50


def owned_or_404(model_or_queryset, request, **lookup):
    """The owner's row or a 404: another user's id looks exactly like one that does not exist."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.for_user(request.user), **lookup)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def int_param(request, name: str) -> int | None:
    """A positive id from the query string, or None for anything else (letters, "²", absurd lengths)."""
    raw = request.GET.get(name, "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return int(raw)
