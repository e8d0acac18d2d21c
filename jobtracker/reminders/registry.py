"""Kinds of dated items. Each kind plugs in the same way: a Source that turns rows into DatedItems.

The reminders app reads the other apps; they never import it. Dates are derived on read: the planner
looks at rows whose updated_at moved since its last run, so a date that changes anywhere is
re-planned within a minute without the owning app knowing reminders exist.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from jobtracker.reminders.schedule import Due


@dataclass
class DatedItem:
    kind: str
    object_id: int
    owner_id: int
    title: str  # what is due, e.g. "Research statement for Carnegie Mellon University"
    due: Due
    done: bool
    path: str  # where the item lives in the app
    own_zone: str = ""  # the zone the date was stated in, when it has one
    detail: str = ""


class Source:
    """Subclasses name their kind and model and say how a row becomes a DatedItem."""

    kind: str = ""
    label: str = ""  # plural, for preferences and the calendar legend

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def changed_since(self, since: dt.datetime) -> QuerySet:
        return self.queryset().filter(updated_at__gt=since)

    def in_range(self, user, start: dt.datetime, end: dt.datetime) -> QuerySet:
        raise NotImplementedError

    def item(self, obj: Model) -> DatedItem | None:
        raise NotImplementedError

    def for_user(self, user) -> QuerySet:
        return self.queryset().filter(owner=user)

    def load(self, object_id: int) -> DatedItem | None:
        obj = self.queryset().filter(pk=object_id).first()
        return self.item(obj) if obj is not None else None


SOURCES: dict[str, Source] = {}


def register(source_class: type[Source]) -> type[Source]:
    source = source_class()
    SOURCES[source.kind] = source
    return source_class


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, source.label) for kind, source in SOURCES.items()]
