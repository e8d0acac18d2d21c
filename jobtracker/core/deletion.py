"""What deleting a row takes with it, read from Django's own cascade rules, for the confirmation page."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError


def count_phrase(model, n: int) -> str:
    meta = model._meta
    return f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"


@dataclass
class DeletePlan:
    consequences: list[str] = field(default_factory=list)  # e.g. ["1 application", "4 stage changes"]
    blocked: str = ""  # why it cannot be deleted, when other rows protect it


def delete_plan(obj) -> DeletePlan:
    """Every row the delete would cascade to, counted per kind; link tables (tags, people met) left out."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        rows = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        held = Counter(type(row) for row in rows)
        listed = ", ".join(count_phrase(model, n) for model, n in held.items())
        return DeletePlan(blocked=f"{obj} is still used by {listed}; remove or move those first.")
    counts: Counter = Counter()
    for model, rows in collector.data.items():
        counts[model] += len(rows)
    for queryset in collector.fast_deletes:
        counts[queryset.model] += queryset.count()
    shown = [(model, n) for model, n in counts.items() if n and model is not type(obj) and not model._meta.auto_created]
    shown.sort(key=lambda pair: str(pair[0]._meta.verbose_name))
    return DeletePlan(consequences=[count_phrase(model, n) for model, n in shown])
