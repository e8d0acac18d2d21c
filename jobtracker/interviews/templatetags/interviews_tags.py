"""Interview and itinerary times: in the viewer's zone, plus the stated zone's wall time when it differs."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()

OUTCOME_BADGES = {
    "pending": "text-bg-light border",
    "went_well": "text-bg-success",
    "advanced": "text-bg-success",
    "mixed": "text-bg-warning",
    "went_poorly": "text-bg-secondary",
    "rejected": "text-bg-dark",
}
THANKS_BADGES = {"to_send": "text-bg-warning", "sent": "text-bg-success", "not_needed": "text-bg-light border"}


def _span(start, end, zone, day_fmt: str, sep: str = ", ") -> str:
    """e.g. "Sun 8 Mar 2026, 09:00-10:30 PDT" (an en dash); the end shows its date when it is another day."""
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


def _when(start, end, zone_name: str, day_fmt: str, own_day_fmt: str, own_template: str):
    shown = _span(start, end, timezone.get_current_timezone(), day_fmt)
    if zone_name == timezone.get_current_timezone_name():
        return shown
    own = _span(start, end, ZoneInfo(zone_name), own_day_fmt, sep=" ")
    return format_html(own_template, shown, own, zone_name)


@register.simple_tag
def interview_when(interview):
    """When an interview happens, in the viewer's zone, with the invitation's own time when the zones differ."""
    if interview.starts_at is None:
        return ""
    template = '{} <span class="text-body-secondary small">({} in {})</span>'
    return _when(interview.starts_at, interview.ends_at, interview.time_zone, "D j M Y", "D", template)


@register.simple_tag
def item_when(item, zone_name):
    """An itinerary slot's time under its day heading (which names the visit's zone once): the viewer's time,
    then the time where the visit is. The date appears only when the viewer's day differs."""
    if item.starts_at is None:
        return ""
    viewer_day = timezone.localtime(item.starts_at).date()
    day_fmt = "" if viewer_day == item.date else "D j M"
    template = '{}<div class="text-body-secondary small">{} there<span class="visually-hidden"> ({})</span></div>'
    return _when(item.starts_at, item.ends_at, zone_name, day_fmt, "", template)


@register.simple_tag
def outcome_badge(interview):
    css = OUTCOME_BADGES.get(interview.outcome, "text-bg-light")
    return format_html('<span class="badge {}">{}</span>', css, interview.get_outcome_display())


@register.simple_tag
def thanks_badge(person):
    css = THANKS_BADGES.get(person.thank_you_status, "text-bg-light")
    label = person.get_thank_you_status_display()
    if person.thank_you_sent_on:
        label = f"{label} {date_format(person.thank_you_sent_on, 'j M')}"
    return format_html('<span class="badge {}">{}</span>', css, label)
