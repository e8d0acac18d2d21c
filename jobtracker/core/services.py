"""Generic writes every app uses: create, update and delete one row, validated and race-safe.

The rule of the house: views and tasks never write models themselves; they call a service, and a simple
service is one of these. Each write runs `full_clean()` (so per-owner uniqueness and every model rule hold),
happens in a transaction, and first locks the rows it depends on (SELECT ... FOR UPDATE, in one global
order: by table, then id), so two requests on the same rows (a double click, two tabs) wait for each other
instead of deadlocking, and a row deleted meanwhile gives a clear message instead of a server error.
Foreign keys are checked before the transaction ends (PostgreSQL defers them to COMMIT otherwise), so a
parent that vanished anyway is a message too.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from jobtracker.core.deletion import count_phrase

GONE = "{label} was deleted meanwhile (perhaps in another tab); nothing was saved."
CONFLICT = "Someone changed this at the same moment (perhaps in another tab); nothing was saved. Try again."


def _label(row: models.Model) -> str:
    """How a row is named in a message; its __str__ may need relations that are gone too."""
    kind = str(row._meta.verbose_name).capitalize()
    try:
        return f"{kind} “{row}”"
    except Exception:
        return f"{kind} #{row.pk}"


def concrete_data(model: type[models.Model], data: dict) -> dict:
    """The entries of a form's cleaned data that are the model's own editable columns (no m2m, no extras)."""
    names = {f.name for f in model._meta.concrete_fields if f.editable}
    return {key: value for key, value in data.items() if key in names}


def lock_rows(rows: Iterable[models.Model]) -> None:
    """SELECT ... FOR UPDATE each row, in one global order; a row that is gone raises a ValidationError.

    On SQLite the transaction itself is the lock (settings use BEGIN IMMEDIATE), so this is a re-check.
    """
    assert connection.in_atomic_block, "lock_rows() holds its locks until the end of a transaction: open one"
    unique = {(r.__class__, r.pk): r for r in rows if r is not None and r.pk is not None}
    for (model, pk), row in sorted(unique.items(), key=lambda entry: (entry[0][0]._meta.db_table, entry[0][1])):
        if not model._base_manager.select_for_update().filter(pk=pk).exists():
            raise ValidationError(GONE.format(label=_label(row)))


def _parents(instance: models.Model, lock: Iterable[str]) -> list[models.Model]:
    return [getattr(instance, name) for name in lock if getattr(instance, f"{name}_id", None) is not None]


def _stored_parents(instance: models.Model, lock: Iterable[str]) -> list[models.Model]:
    """The parents the row has in the database now (a form may already have pointed it elsewhere)."""
    names = list(lock)
    if not names or instance.pk is None:
        return []
    stored = instance.__class__._base_manager.filter(pk=instance.pk).values(*[f"{n}_id" for n in names]).first()
    parents = []
    for name in names:
        pk = (stored or {}).get(f"{name}_id")
        if pk is not None:
            parents.append(instance._meta.get_field(name).related_model(pk=pk))
    return parents


def _save(instance: models.Model, **save_kwargs) -> None:
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
            if connection.vendor == "postgresql":
                connection.check_constraints()  # PostgreSQL checks foreign keys at COMMIT otherwise
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
    for name, value in values.items():
        setattr(instance, name, value)
    lock_rows([*_stored_parents(instance, lock), *_parents(instance, lock), instance])
    instance.full_clean()
    fields = [instance._meta.get_field(name).attname for name in values]
    fields += getattr(instance, "derived_fields", [])  # e.g. a deadline's UTC instant, set in save()
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        fields.append("updated_at")
    _save(instance, update_fields=fields or None)
    return instance


@transaction.atomic
def model_delete(*, instance: models.Model) -> None:
    """Delete a row and what cascades from it, locking the row first so a concurrent edit waits.

    Rows that protect it (added meanwhile, perhaps in another tab) make a clear message, not a server error.
    """
    lock_rows([instance])
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as error:
        rows = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        counts: dict = {}
        for row in rows:
            counts[row.__class__] = counts.get(row.__class__, 0) + 1
        held = ", ".join(count_phrase(model, n) for model, n in counts.items())
        raise ValidationError(f"{_label(instance)} is still used by {held}; remove or move those first.") from None
