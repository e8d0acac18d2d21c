"""The search over everything (/search/): which kinds of rows it finds, by which text, and how words match.

A query is split into words (at most MAX_WORDS; one-letter words left out); a row matches when every word is a
substring of its text (its searched columns, core.migration_operations.SearchDocument) or of a related row's (a
contact is found by its institution's name, a document by its versions' labels). On PostgreSQL a match ignores
case and accents and uses the trigram indexes built on the same expressions (the *_search_trgm migrations); on
SQLite it is LIKE, which ignores the case of ASCII letters only, scanning the user's rows.

A summary costs one query per kind, whatever the data: its first rows with the total count beside them.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Q, When, Window

# How a query becomes words and how a word matches are core's: the contacts page searches the same way.
from jobtracker.core.text_search import InRows, contains
from jobtracker.materials.models import Document, DocumentVersion
from jobtracker.network.models import Contact, Interaction
from jobtracker.pipeline.models import Application, Institution, Position

PREVIEW_SIZE = 8


@dataclass(frozen=True)
class Via:
    """Rows of another model whose text also makes a row match, e.g. a contact by its institution's name."""

    model: type[models.Model]
    fields: tuple[str, ...]
    link: str  # the searched row's field that holds the other row's `key`
    key: str = "pk"


@dataclass(frozen=True)
class Kind:
    key: str  # the ?kind= of its own page
    label: str
    model: type[models.Model]
    fields: tuple[str, ...]  # the order of the trigram index's expression: keep them in step
    order_by: tuple[str, ...]
    select_related: tuple[str, ...] = ()
    via: tuple[Via, ...] = ()


INSTITUTION_NAME = Via(Institution, ("name",), link="institution")
KINDS = (
    Kind(
        "institutions",
        "Institutions",
        Institution,
        ("name", "department", "city", "country", "fit_notes"),
        order_by=("name", "department", "pk"),
    ),
    Kind(
        "postings",
        "Postings",
        Position,
        ("title", "field", "notes"),
        order_by=("institution__name", "title", "pk"),
        select_related=("institution", "season"),
        via=(INSTITUTION_NAME,),
    ),
    Kind(
        "applications",
        "Applications",
        Application,
        ("notes",),
        order_by=("position__institution__name", "position__title", "pk"),
        select_related=("position__institution", "stage"),
        # "Carnegie" must find the application itself, not only its posting and institution.
        via=(
            Via(Institution, ("name",), link="position__institution"),
            Via(Position, ("title", "field"), link="position"),
        ),
    ),
    Kind(
        "contacts",
        "Contacts",
        Contact,
        Contact.SEARCH_FIELDS,
        order_by=("name", "pk"),
        select_related=("institution",),
        via=(INSTITUTION_NAME,),
    ),
    Kind(
        "documents",
        "Documents",
        Document,
        ("title", "notes"),
        order_by=("title", "pk"),
        via=(Via(DocumentVersion, ("label", "notes"), link="pk", key="document"),),
    ),
    Kind(
        "interactions",
        "Interactions",
        Interaction,
        ("summary",),
        order_by=("-happened_on", "-pk"),
        select_related=("contact",),
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def _word_matches(kind: Kind, user, word: str) -> Q:
    condition = Q(contains(kind.fields, word))
    for via in kind.via:
        others = via.model.objects.for_user(user).filter(contains(via.fields, word)).order_by().values(via.key)
        condition |= Q(InRows(via.link, others))
    return condition


def _words_starting_the_title(kind: Kind, words: tuple[str, ...]):
    """How many words start a word of the kind's first field (a contact's name...): the better matches first.

    Being an expression, it also keeps PostgreSQL from walking an index in name order to find a rare word.
    """
    starts = [Case(When(contains(kind.fields[:1], word, at_word_start=True), then=1), default=0) for word in words]
    return sum(starts[1:], starts[0])


def matching(kind: Kind, *, user, words: tuple[str, ...]) -> models.QuerySet:
    """The user's rows of this kind that contain every word, in the kind's order, ready to show."""
    rows = kind.model.objects.for_user(user)
    for word in words:
        rows = rows.filter(_word_matches(kind, user, word))
    ranked = rows.alias(search_rank=_words_starting_the_title(kind, words))
    return ranked.select_related(*kind.select_related).order_by("-search_rank", *kind.order_by)


@dataclass(frozen=True)
class Group:
    kind: Kind
    rows: list
    total: int

    @property
    def has_more(self) -> bool:
        return self.total > len(self.rows)


def summary(*, user, words: tuple[str, ...], size: int = PREVIEW_SIZE) -> list[Group]:
    """Every kind with its first `size` matches and how many there are in all: one query per kind."""
    groups = []
    for kind in KINDS:
        # The window counts every match before LIMIT keeps the first rows.
        rows = list(matching(kind, user=user, words=words).annotate(search_total=Window(models.Count("pk")))[:size])
        groups.append(Group(kind=kind, rows=rows, total=rows[0].search_total if rows else 0))
    return groups
