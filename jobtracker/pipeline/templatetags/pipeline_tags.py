"""Deadline and stage display helpers for pipeline templates."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

CATEGORY_BADGES = {
    "open": "text-bg-primary",
    "offer": "text-bg-warning",
    "won": "text-bg-success",
    "lost": "text-bg-secondary",
    "withdrawn": "text-bg-dark",
}


@register.simple_tag
def deadline(position):
    """The deadline in the viewer's zone, with the posting's own wall-clock time when the zones differ."""
    if position.deadline_at is None:
        return mark_safe('<span class="text-body-secondary">no deadline</span>')
    if position.deadline_time is None:
        return format_html(
            '{} <span class="text-body-secondary small">(end of day, {})</span>',
            date_format(position.deadline_date, "D j M Y"),
            position.deadline_tz,
        )
    shown = date_format(timezone.localtime(position.deadline_at), "D j M Y, H:i T")
    if position.deadline_tz == timezone.get_current_timezone_name():
        return shown
    own = position.deadline_at.astimezone(ZoneInfo(position.deadline_tz))
    return format_html(
        '{} <span class="text-body-secondary small">({} in {})</span>',
        shown,
        date_format(own, "D H:i T"),
        position.deadline_tz,
    )


@register.simple_tag
def days_left(position):
    if position.deadline_at is None:
        return ""
    days = (timezone.localdate(position.deadline_at) - timezone.localdate()).days
    if days < 0:
        return mark_safe('<span class="badge text-bg-light border">passed</span>')
    if days == 0:
        return mark_safe('<span class="badge text-bg-danger">today</span>')
    css = "text-bg-danger" if days <= 3 else "text-bg-warning" if days <= 7 else "text-bg-light border"
    return format_html('<span class="badge {}">{} day{}</span>', css, days, "" if days == 1 else "s")


@register.simple_tag
def stage_badge(stage):
    return format_html(
        '<span class="badge {}">{}</span>', CATEGORY_BADGES.get(stage.category, "text-bg-light"), stage.name
    )
