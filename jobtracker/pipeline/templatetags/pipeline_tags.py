"""Stage display for pipeline templates."""

from django import template
from django.utils.html import format_html

register = template.Library()

CATEGORY_BADGES = {
    "open": "text-bg-primary",
    "offer": "text-bg-warning",
    "won": "text-bg-success",
    "lost": "text-bg-secondary",
    "withdrawn": "text-bg-dark",
}


@register.simple_tag
def stage_badge(stage):
    return format_html(
        '<span class="badge {}">{}</span>', CATEGORY_BADGES.get(stage.category, "text-bg-light"), stage.name
    )
