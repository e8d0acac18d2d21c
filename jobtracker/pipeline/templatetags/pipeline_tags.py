"""Stage display for pipeline templates."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html, format_html_join

from jobtracker.core.templatetags.jobtracker_tags import days_left
from jobtracker.pipeline.selectors import StageMenu

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


@register.simple_tag
def countdown(position):
    """The days left to a posting's deadline, while they still matter: not once it is applied to or closed."""
    if position.withdrawn:
        return ""
    try:
        application = position.application
    except ObjectDoesNotExist:
        application = None
    if application is not None and (application.submitted_on or application.is_closed):
        return ""
    return days_left(position.deadline)


@register.simple_tag
def stage_options(stages, selected_id):
    """The <option>s of a stage menu, built in Python: a list page renders one menu per row (and a StageMenu
    builds its options once for all of them)."""
    if isinstance(stages, StageMenu):
        return stages.options(selected_id)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((stage.pk, " selected" if stage.pk == selected_id else "", stage.name) for stage in stages),
    )
