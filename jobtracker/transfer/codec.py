"""Field values to JSON and back, exactly: full microseconds, decimals as text, times with their offset."""

import datetime as dt
import decimal
import json
import uuid

from django.core.exceptions import ValidationError
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField)
INTEGER_FIELDS = (models.IntegerField, models.AutoField, models.BigAutoField)


def to_json(value):
    """A field's Python value as plain JSON (Django's encoder would cut microseconds to milliseconds)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=to_json)


def from_json(field: models.Field, value):
    """The Python value for `field`, or ValueError saying what is wrong with the JSON value."""
    if value is None:
        if not field.null and not isinstance(field, models.FileField):
            raise ValueError("may not be empty (null)")
        return None
    if isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BooleanField):
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if field.is_relation or isinstance(field, INTEGER_FIELDS):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("must be a whole number")
        return value
    if isinstance(field, (*TEXT_FIELDS, models.FileField)):
        if not isinstance(value, str):
            raise ValueError("must be text")
        return value
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError("has the wrong type")
    try:
        converted = field.to_python(value)
    except ValidationError:
        converted = None
    if converted is None:
        raise ValueError(f"is not a valid {field.get_internal_type().removesuffix('Field').lower()}: {str(value)[:40]}")
    if isinstance(converted, dt.datetime) and converted.tzinfo is None:
        raise ValueError("must carry its UTC offset")
    return converted
