from django import template

from jobtracker.materials.selectors import checklist_numbers
from jobtracker.pipeline.models import Position

register = template.Library()


@register.inclusion_tag("materials/_progress.html")
def checklist_progress(obj):
    """ "4 of 6" for an application or posting annotated by selectors.with_*checklist_progress."""
    if obj is None or not hasattr(obj, "materials_total"):
        return {"total": 0}
    position = obj if isinstance(obj, Position) else obj.position
    done, total = checklist_numbers(obj, position)
    return {"done": done, "total": total}
