"""Shared template helpers: dates in the viewer's time zone, query-string editing."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.http import urlencode

register = template.Library()


@register.filter
def local_datetime(value, fmt="D j M Y, H:i T"):
    """An aware datetime shown in the active (viewer's) time zone."""
    if not value:
        return ""
    from django.utils.dateformat import format as date_format

    return date_format(timezone.localtime(value), fmt)


@register.filter
def in_zone(value, zone_name):
    """An aware datetime shown in a named zone, e.g. the posting's own."""
    if not value or not zone_name:
        return ""
    from django.utils.dateformat import format as date_format

    return date_format(value.astimezone(ZoneInfo(zone_name)), "D j M, H:i T")


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some keys replaced (None removes a key); keeps filters on paging."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None) if "page" not in changes else None
    encoded = urlencode(list(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
