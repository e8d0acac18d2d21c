"""What a backup holds: every model a user owns, in the order a restore writes them, and what it leaves out.

The format (docs/backup-format.md) is derived from the models themselves: a model's rows are its concrete
fields, foreign keys as the ids they had in the account that was backed up. The order below is the only
thing written by hand; a foreign key to a model later in the list (Document.pinned_version) must be
nullable and is set once every row exists. tests/transfer/test_catalogue.py fails when a model with an owner
is in neither list, so a new model cannot silently be missing from backups.
"""

from dataclasses import dataclass
from functools import cache, cached_property

from django.apps import apps
from django.db import models

FORMAT_NAME = "jobtracker-backup"
# Raised whenever a change is not additive (a field removed, renamed or given a new meaning). Adding a model or a
# field with a default does not raise it: an older backup simply lacks it and the restore uses the default.
SCHEMA_VERSION = 1

# The account's own profile: restored onto the account that receives the backup (its e-mail and password stay).
PROFILE_FIELDS = ["full_name", "time_zone"]

BACKED_UP = [
    "pipeline.Season",
    "pipeline.Tag",
    "pipeline.Institution",
    "pipeline.Position",
    "pipeline.Stage",
    "pipeline.Application",
    "pipeline.StageEvent",
    "network.Contact",
    "network.ApplicationContact",
    "network.Interaction",
    "materials.Document",
    "materials.DocumentVersion",
    "materials.Requirement",
    "materials.RequirementSet",
    "materials.RequirementSetItem",
    "materials.Submission",
    "materials.LetterRequest",
    "interviews.Interview",
    "interviews.ItineraryItem",
    "interviews.ItineraryPerson",
    "offers.Offer",
    "offers.NegotiationEntry",
    "offers.Criterion",
    "offers.Score",
    "offers.OfferSettings",
    "offers.ExchangeRate",
    "reminders.ReminderSettings",
]

# Owned rows a backup deliberately leaves out, and why (shown in docs/backup-format.md).
LEFT_OUT = {
    "network.ContactImport": "an import in progress, deleted after a day anyway",
    "reminders.Delivery": "reminders are planned again from the restored dates; what was sent belongs to this server",
    "reminders.CalendarFeed": "a secret address for a phone's calendar; make a new one after a restore",
    "reports.ShareLink": "secret links given to an advisor; make new ones after a restore",
    "reports.ReportFile": "files kept for a day",
    "transfer.Backup": "backups themselves",
    "transfer.Restore": "restores in progress",
    "transfer.SheetImport": "spreadsheet imports in progress",
}

# Rows a new account is given on its own (default stages, the current season, default criteria, settings). An
# account holding only these counts as empty, and a restore replaces them with the backup's.
ACCOUNT_DEFAULTS = [
    "pipeline.Season",
    "pipeline.Tag",
    "pipeline.Stage",
    "offers.Criterion",
    "offers.OfferSettings",
    "reminders.ReminderSettings",
]
# Fields a restore does not take from the backup: the owner is the receiving account, and updated_at is the
# time of the restore so that the reminder planner (which reads rows changed since its bookmark) sees them.
NOT_RESTORED = {"owner", "updated_at"}


@dataclass(frozen=True)
class Entry:
    label: str  # "pipeline.Institution"
    model: type[models.Model]

    @property
    def data_path(self) -> str:
        return f"data/{self.label}.json"

    @cached_property
    def fields(self) -> list[models.Field]:
        """The columns a row carries, the primary key first; the owner is implied."""
        return [f for f in self.model._meta.concrete_fields if f.name != "owner"]

    @cached_property
    def many_to_many(self) -> list[models.ManyToManyField]:
        return list(self.model._meta.many_to_many)

    @cached_property
    def file_fields(self) -> list[models.FileField]:
        return [f for f in self.fields if isinstance(f, models.FileField)]

    @cached_property
    def restored_fields(self) -> list[models.Field]:
        return [f for f in self.fields if not f.primary_key and f.name not in NOT_RESTORED]


@cache
def entries() -> tuple[Entry, ...]:
    return tuple(Entry(label, apps.get_model(label)) for label in BACKED_UP)


def entry_for(label: str) -> Entry | None:
    return next((entry for entry in entries() if entry.label == label), None)


@cache
def deferred_fields(entry: Entry) -> list[models.ForeignKey]:
    """Foreign keys to a model restored later (or to itself): written as null, then set once every row exists."""
    position = {e.model: index for index, e in enumerate(entries())}
    here = position[entry.model]
    return [
        f for f in entry.fields if f.is_relation and f.related_model in position and position[f.related_model] >= here
    ]


def owned_models() -> list[type[models.Model]]:
    """Every model with an owner: the set the two lists above must cover between them."""
    return [m for m in apps.get_models() if any(f.name == "owner" for f in m._meta.concrete_fields)]


def label_of(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"
