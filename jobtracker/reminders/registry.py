"""Kinds of dated items. Each kind plugs in the same way: a Source that turns rows into DatedItems.

The reminders app reads the other apps; they never import it. Dates are derived on read: the planner reads
the rows whose updated_at moved since its bookmark, so a date that changes anywhere is re-planned within a
tick without the owning app knowing reminders exist. What hangs under an application (its posting's dates,
letters, interviews, the offer) also follows the application's state: the pipeline announces a changed
application with a signal, and the planner re-reads those rows in the same transaction.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from jobtracker.reminders.schedule import Due


@dataclass
class DatedItem:
    kind: str
    object_id: int
    owner_id: int
    title: str  # what is due, e.g. "Research statement for Carnegie Mellon University"
    due: Due
    done: bool  # no longer reminds: finished, or closed
    path: str  # where the item lives in the app
    own_zone: str = ""  # the zone the date was stated in, when it has one
    detail: str = ""
    closed: bool = False  # done because its application closed or its posting was withdrawn


class Source:
    """Subclasses name their kind and model and say how a row becomes a DatedItem.

    A row's due date and title are read from named columns (`due_fields`, `title_fields`, lookups that may
    cross relations) by `due()` and `title()`, whether from a loaded row (`item()`) or from plain values: the
    calendar's list places every row of its window by `due_fields` alone, reads titles only where they decide
    a place, and loads whole rows only for the page it shows (reminders.calendar.Window). One function each, so
    the cheap reads and `item()` cannot disagree.
    """

    kind: str = ""
    label: str = ""  # plural, for preferences and the calendar legend
    # The lookup from the source's rows to their Application, when they hang under one.
    application_path: str | None = None
    due_fields: tuple[str, ...] = ()
    title_fields: tuple[str, ...] = ()

    def rows(self) -> QuerySet:
        """Every row of this kind, with no related rows loaded: what is read as plain values."""
        raise NotImplementedError

    def queryset(self) -> QuerySet:
        """The rows as `item()` reads them (related rows loaded with them)."""
        return self.rows()

    def window(self, start: dt.datetime, end: dt.datetime) -> Q:
        """A filter keeping the rows that may fall between start and end (the caller checks the local day)."""
        raise NotImplementedError

    def due(self, *values) -> Due | None:
        """The due date from the values of `due_fields`, in order; None when the row has none."""
        raise NotImplementedError

    def title(self, *values) -> str:
        """What is due, from the values of `title_fields`, in order."""
        raise NotImplementedError

    def due_of(self, obj: Model) -> Due | None:
        return self.due(*(_follow(obj, path) for path in self.due_fields))

    def title_of(self, obj: Model) -> str:
        return self.title(*(_follow(obj, path) for path in self.title_fields))

    def changed_since(self, at: dt.datetime, last_id: int = 0) -> QuerySet:
        """Rows changed after the (updated_at, id) bookmark, in that order, so planning can resume mid-way."""
        changed = Q(updated_at__gt=at) | Q(updated_at=at, pk__gt=last_id)
        return self.queryset().filter(changed).order_by("updated_at", "pk")

    def under_applications(self, application_ids) -> QuerySet:
        if self.application_path is None:
            return self.queryset().none()
        return self.queryset().filter(**{f"{self.application_path}__in": application_ids})

    def in_range(self, user, start: dt.datetime, end: dt.datetime) -> QuerySet:
        return self.for_user(user).filter(self.window(start, end))

    def dates_in_range(self, user, start: dt.datetime, end: dt.datetime) -> QuerySet:
        """(pk, *due_fields) of the rows `in_range` reads, as tuples, in the order it reads them (the model's
        ordering, then pk where that leaves ties to the database)."""
        rows = self.rows().filter(owner=user).filter(self.window(start, end))
        return rows.order_by(*rows.model._meta.ordering, "pk").values_list("pk", *self.due_fields)

    def titles(self, object_ids) -> dict[int, str]:
        """pk -> title, read as plain values."""
        values = self.rows().filter(pk__in=list(object_ids)).values_list("pk", *self.title_fields)
        return {pk: self.title(*rest) for pk, *rest in values}

    def item(self, obj: Model) -> DatedItem | None:
        raise NotImplementedError

    def for_user(self, user) -> QuerySet:
        return self.queryset().filter(owner=user)

    def load(self, object_id: int) -> DatedItem | None:
        obj = self.queryset().filter(pk=object_id).first()
        return self.item(obj) if obj is not None else None

    def load_many(self, object_ids) -> dict[int, DatedItem]:
        items = (self.item(obj) for obj in self.queryset().filter(pk__in=list(object_ids)))
        return {item.object_id: item for item in items if item is not None}


def _follow(obj, path: str):
    """The value a values() lookup such as "application__position__title" reads, from a loaded row."""
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def display(model: type[Model], field: str, value) -> str:
    """What get_<field>_display() says for a value read as a plain value."""
    return str(dict(model._meta.get_field(field).flatchoices).get(value, value))


SOURCES: dict[str, Source] = {}


def register(source_class: type[Source]) -> type[Source]:
    source = source_class()
    SOURCES[source.kind] = source
    return source_class


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, source.label) for kind, source in SOURCES.items()]


class MessageKind:
    """A recurring e-mail that is not about one dated item (the weekly status), opted into with a boolean on
    the reminder settings and sent through the same claimed rows as reminders: planned as a Delivery whose
    object is the user, so the unique (kind, object, lead, due) key makes a second beat or planner a no-op.

    Other apps register one (the reminders app never imports them): `wanted()` says which e-mails should exist,
    `items_for()` says what each planned row is about now (a DatedItem whose due is the row's own day; `done`
    when the user opted out meanwhile), and `email()` builds the message.
    """

    kind: str = ""
    label: str = ""
    setting: str = ""  # the ReminderSettings boolean that turns it on

    def wanted(self, *, now: dt.datetime, owner_ids=None) -> list[tuple[int, Due, dt.datetime]]:
        """(owner id, due, send at) for every e-mail of this kind that should be planned now."""
        raise NotImplementedError

    def items_for(self, rows) -> dict[int, DatedItem]:
        """Delivery pk -> what that row is about now; a row left out is cancelled."""
        raise NotImplementedError

    def email(self, *, user, delivery, item: DatedItem, sent_at: dt.datetime):
        raise NotImplementedError


MESSAGES: dict[str, MessageKind] = {}


def register_message(message_class: type[MessageKind]) -> type[MessageKind]:
    message = message_class()
    MESSAGES[message.kind] = message
    return message_class
