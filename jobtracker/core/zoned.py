"""One type for every "date, time, IANA zone" a user states: posting deadlines, offer response deadlines,
interviews and the meetings of a campus visit.

A model declares which of its fields hold the wall-clock parts and where the derived UTC instant goes
(`ZonedFields`); `ZonedInstantsModel.derive_instants()` is the one place that turns them into instants, used
by clean(), save() and every bulk path. A time in the spring-forward gap is refused with a message saying
where the clocks jump; a time that happens twice means its first occurrence (see wallclock.py).

`Zoned` is the value pages show: an instant (or a whole day), an optional end, and the zone it was stated in.
The display rule lives in jobtracker_tags.zoned: the viewer's zone first, then the stated zone's wall time
when the two differ.
"""

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from jobtracker.core import wallclock
from jobtracker.core.validators import is_sane_date

END_OF_DAY = dt.time(23, 59)


@dataclass(frozen=True)
class ZonedFields:
    """Where a model keeps one zoned moment: its date, time and zone fields and the derived UTC instant.

    `zone` may be a path through a relation ("interview.time_zone"): a visit's meetings use the visit's zone.
    With `end_of_day`, a date without a time means 23:59 that day (a deadline); otherwise no time, no instant.
    """

    date: str
    time: str
    zone: str
    instant: str
    end_of_day: bool = False


@dataclass(frozen=True)
class Zoned:
    """A moment as stated: the UTC instant (None without a date), the day, whether a time was given, the zone."""

    at: dt.datetime | None
    day: dt.date | None
    timed: bool
    zone: str
    end: dt.datetime | None = None


def _resolve(obj, path: str):
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def instant_for(day: dt.date | None, at: dt.time | None, zone: str | None, *, end_of_day: bool = False):
    """The UTC instant of a wall-clock date and time in a zone; None when a part is missing.

    Raises wallclock.NonexistentTimeError for a time in the spring-forward gap.
    """
    if at is None and end_of_day:
        at = END_OF_DAY
    if day is None or at is None or not zone or not is_sane_date(day):
        return None
    return wallclock.to_instant(day, at, zone)


class ZonedInstantsModel(models.Model):
    """Models with wall-clock moments: declare them in `zoned_fields`, call derive_instants() in clean()."""

    zoned_fields: ClassVar[dict[str, ZonedFields]] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        sources = {name for spec in self.zoned_fields.values() for name in (spec.date, spec.time, spec.zone)}
        if update_fields is None or sources & set(update_fields):
            errors = self.derive_instants()
            if errors:  # services validate first (full_clean); this keeps a bad time out of the database anyway
                raise ValidationError(errors)
        super().save(*args, **kwargs)

    def derive_instants(self) -> dict[str, str]:
        """Set every derived instant from its wall-clock fields; returns {time field: why it does not exist}."""
        errors = {}
        for spec in self.zoned_fields.values():
            try:
                value = instant_for(
                    getattr(self, spec.date),
                    getattr(self, spec.time),
                    _resolve(self, spec.zone),
                    end_of_day=spec.end_of_day,
                )
            except wallclock.NonexistentTimeError as error:
                errors[spec.time] = str(error)
                value = None
            setattr(self, spec.instant, value)
        return errors

    @property
    def derived_fields(self) -> list[str]:
        return [spec.instant for spec in self.zoned_fields.values()]

    def zoned(self, name: str, *, until: str | None = None) -> Zoned:
        spec = self.zoned_fields[name]
        end = getattr(self, self.zoned_fields[until].instant) if until else None
        return Zoned(
            at=getattr(self, spec.instant),
            day=getattr(self, spec.date),
            timed=getattr(self, spec.time) is not None,
            zone=_resolve(self, spec.zone) or "UTC",
            end=end,
        )
