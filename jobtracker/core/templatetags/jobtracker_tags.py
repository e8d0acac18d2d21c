"""Shared template helpers: zoned moments in the viewer's zone, countdowns, dictionary look-ups."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jobtracker.core import links
from jobtracker.core.zoned import Zoned

register = template.Library()


@register.simple_tag
def object_url(name: str, pk: int) -> str:
    """{% url name pk %} for a row of a long list: the name is resolved once (core/links.py)."""
    return links.object_url(name, pk)


def _span(start, end, zone, day_fmt: str, sep: str = ", ") -> str:
    """e.g. "Sun 8 Mar 2026, 09:00-10:30 PDT" (with an en dash); the end shows its date when on another day."""
    start = start.astimezone(zone)
    head = f"{date_format(start, day_fmt)}{sep}" if day_fmt else ""
    if end is None:
        return f"{head}{date_format(start, 'H:i T')}"
    end = end.astimezone(zone)
    if end.date() != start.date():
        return f"{head}{date_format(start, 'H:i T')} – {date_format(end, 'D j M, H:i T')}"
    if end.tzname() != start.tzname():
        return f"{head}{date_format(start, 'H:i T')}–{date_format(end, 'H:i T')}"
    return f"{head}{date_format(start, 'H:i')}–{date_format(end, 'H:i T')}"


INLINE = '{} <span class="text-body-secondary small">({} in {})</span>'
# Under a day heading that names the visit's zone once: the viewer's time, then the time where it happens.
SLOT = '{}<div class="text-body-secondary small">{} there<span class="visually-hidden"> ({})</span></div>'


@register.simple_tag
def zoned(value: Zoned, layout: str = "inline", empty: str = ""):
    """A stated moment in the viewer's zone, plus the stated zone's wall time when the zones differ.

    "inline": "Wed 16 Dec 2026, 08:59 CET (Tue 23:59 PST in America/Los_Angeles)".
    "slot": a meeting's time under its day heading; its date shows only when the viewer's day differs.
    A whole day (no time given) reads "Tue 15 Dec 2026 (end of day, America/New_York)".
    """
    if value is None or value.at is None:
        return format_html('<span class="text-body-secondary">{}</span>', empty) if empty else ""
    if not value.timed:
        return format_html(
            '{} <span class="text-body-secondary small">(end of day, {})</span>',
            date_format(value.day, "D j M Y"),
            value.zone,
        )
    viewer = timezone.get_current_timezone()
    if layout == "slot":
        day_fmt = "" if timezone.localtime(value.at).date() == value.day else "D j M"
        shown, own_fmt, layout = _span(value.at, value.end, viewer, day_fmt), "", SLOT
    else:
        shown, own_fmt, layout = _span(value.at, value.end, viewer, "D j M Y"), "D", INLINE
    if value.zone == timezone.get_current_timezone_name():
        return shown
    own = _span(value.at, value.end, ZoneInfo(value.zone), own_fmt, sep=" ")
    return format_html(layout, shown, own, value.zone)


@register.simple_tag
def days_left(value: Zoned):
    """A countdown badge to a moment, counted in the viewer's days."""
    if value is None or value.at is None:
        return ""
    days = (timezone.localdate(value.at) - timezone.localdate()).days
    if days < 0:
        return mark_safe('<span class="badge text-bg-light border">passed</span>')
    if days == 0:
        return mark_safe('<span class="badge text-bg-danger">today</span>')
    css = "text-bg-danger" if days <= 3 else "text-bg-warning" if days <= 7 else "text-bg-light border"
    return format_html('<span class="badge {}">{} day{}</span>', css, days, "" if days == 1 else "s")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
