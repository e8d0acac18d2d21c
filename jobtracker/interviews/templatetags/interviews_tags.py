"""Badges for interview outcomes and thank-you notes."""

from django import template
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
