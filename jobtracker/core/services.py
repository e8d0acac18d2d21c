"""Generic writes every app uses: create, update and delete one row, validated and race-safe.

The rule of the house: views and tasks never write models themselves; they call a service, and a simple
service is one of these. Each write runs `full_clean()` (so per-owner uniqueness and every model rule hold),
happens in a transaction, and locks the rows it depends on first, always parents before the row itself, so
two requests on the same rows (a double click, two tabs) wait for each other instead of deadlocking, and a
row deleted meanwhile gives a clear message instead of a server error.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

GONE = "{label} was deleted meanwhile (perhaps in another tab); nothing was saved."
CONFLICT = "Someone changed this at the same moment (perhaps in another tab); nothing was saved. Try again."


def concrete_data(model: type[models.Model], data: dict) -> dict:
    """The entries of a form's cleaned data that are the model's own editable columns (no m2m, no extras)."""
    names = {f.name for f in model._meta.concrete_fields if f.editable}
    return {key: value for key, value in data.items() if key in names}


def lock_rows(rows: Iterable[models.Model]) -> None:
    """SELECT ... FOR UPDATE each row, in one global order; a row that is gone raises a ValidationError.

    On SQLite the transaction itself is the lock (settings use BEGIN IMMEDIATE), so this is a re-check.
    """
    ordered = sorted((r for r in rows if r is not None and r.pk is not None), key=lambda r: (r._meta.db_table, r.pk))
    for row in ordered:
        if not row.__class__._base_manager.select_for_update().filter(pk=row.pk).exists():
            label = str(row._meta.verbose_name).capitalize()
            raise ValidationError(GONE.format(label=f"{label} “{row}”"))


def _parents(instance: models.Model, lock: Iterable[str]) -> list[models.Model]:
    return [getattr(instance, name) for name in lock if getattr(instance, f"{name}_id", None) is not None]


def _save(instance: models.Model, **save_kwargs) -> None:
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError:
        # A unique row or a parent appeared or vanished after full_clean(): say which when we can.
        instance.full_clean()
        raise ValidationError(CONFLICT) from None


@transaction.atomic
def model_create(*, model: type[models.Model], data: dict, lock: Iterable[str] = (), **fixed) -> models.Model:
    """A new row from a form's cleaned data plus fixed values (owner, parent...); `lock` names parent fields."""
    instance = model(**{**concrete_data(model, data), **fixed})
    lock_rows(_parents(instance, lock))
    instance.full_clean()
    _save(instance)
    return instance


@transaction.atomic
def model_update(*, instance: models.Model, data: dict, lock: Iterable[str] = ()) -> models.Model:
    """Set the given columns, validate the whole row, and save only those columns (and updated_at)."""
    values = concrete_data(instance.__class__, data)
    lock_rows([*_parents(instance, lock), instance])
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    fields = [instance._meta.get_field(name).attname for name in values]
    fields += getattr(instance, "derived_fields", [])  # e.g. a deadline's UTC instant, set in save()
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        fields.append("updated_at")
    _save(instance, update_fields=fields or None)
    return instance


@transaction.atomic
def model_delete(*, instance: models.Model) -> None:
    """Delete a row and what cascades from it, locking the row first so a concurrent edit waits."""
    lock_rows([instance])
    instance.delete()
