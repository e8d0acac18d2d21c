"""The search over everything (/search/): which kinds of rows it finds, by which text, and how words match.

A query is split into words (at most MAX_WORDS; one-letter words left out); a row matches when every word is a
substring of its text (its searched columns, core.migration_operations.SearchDocument) or of a related row's (a
contact is found by its institution's name, a document by its versions' labels). On PostgreSQL a match ignores
case and accents and uses the trigram indexes built on the same expressions (the *_search_trgm migrations); on
SQLite it is LIKE, which ignores the case of ASCII letters only, scanning the user's rows.

A summary costs one query per kind, whatever the data: its first rows with the total count beside them.
"""

import unicodedata
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import Case, F, Q, Subquery, When, Window

from jobtracker.core.migration_operations import UNACCENT, SearchDocument
from jobtracker.materials.models import Document, DocumentVersion
from jobtracker.network.models import Contact, Interaction
from jobtracker.pipeline.models import Application, Institution, Position

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
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
        ("name", "other_names", "email", "affiliation", "department", "how_we_met", "notes"),
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


@dataclass(frozen=True)
class SearchQuery:
    text: str  # as searched: NUL bytes removed, cut at MAX_QUERY_LENGTH
    words: tuple[str, ...]  # empty when there is nothing worth searching for
    words_dropped: bool  # more words were typed than are searched


def ignores_accents() -> bool:
    return connection.vendor == "postgresql"


def _worth_searching(word: str) -> bool:
    """One Latin letter or digit is in nearly every row (and has no trigram for an index to use), so it is left
    out: "J Smith" searches "smith". One CJK, kana or Hangul character can be a whole name, so it stays."""
    return len(word) > 1 or unicodedata.name(word, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def parse(raw: str) -> SearchQuery:
    # PostgreSQL refuses NUL in text; nothing a person searches for contains one.
    text = raw.replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
    # lower(), not casefold(): casefold turns "ß" into "ss", which LIKE would then not find in "Großmann".
    words = tuple(dict.fromkeys(word.lower() for word in text.split() if _worth_searching(word)))
    return SearchQuery(text=text, words=words[:MAX_WORDS], words_dropped=len(words) > MAX_WORDS)


class Contains(models.Expression):
    """`document` contains `word`, taken literally (%, _ and \\ are not wildcards); or only at the start of one
    of its space-separated words."""

    output_field = models.BooleanField()

    def __init__(self, document: SearchDocument, word: str, *, at_word_start: bool = False):
        super().__init__()
        self.document = document
        self.word = word
        self.at_word_start = at_word_start

    def get_source_expressions(self):
        return [self.document]

    def set_source_expressions(self, expressions):
        (self.document,) = expressions

    def _either(self, document: str, params: list, operator: str, patterns: list[tuple[str, list]]):
        """`document` compared with each (pattern SQL, its params), ORed."""
        sql = " OR ".join(f"{document} {operator} {pattern}" for pattern, _ in patterns)
        return f"({sql})", [value for _, pattern_params in patterns for value in (*params, *pattern_params)]

    def as_sql(self, compiler, connection):
        document, params = compiler.compile(self.document)
        escaped = self.word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        patterns = [f"{escaped}%", f"% {escaped}%"] if self.at_word_start else [f"%{escaped}%"]
        return self._either(document, params, "LIKE", [("%s ESCAPE '\\'", [pattern]) for pattern in patterns])

    def as_postgresql(self, compiler, connection):
        document, params = compiler.compile(self.document)
        # Escaped after unaccent, which turns a full-width percent sign or low line into a wildcard. All immutable,
        # so the planner folds the pattern into a constant and takes its trigrams to the index.
        word = f"{UNACCENT}(%s)"
        for char in ("\\", "%%", "_"):
            word = f"replace({word}, '{char}', '\\{char}')"
        if self.at_word_start:
            patterns = [f"{word} || '%%'", f"'%% ' || {word} || '%%'"]
        else:
            patterns = [f"'%%' || {word} || '%%'"]
        return self._either(document, params, "ILIKE", [(f"({pattern})", [self.word]) for pattern in patterns])


class InRows(models.Expression):
    """`column` is one of the values `rows` (a one-column queryset) holds.

    On PostgreSQL written `= ANY(ARRAY(...))`: an init plan, run once, whose result the planner can OR with the
    trigram index in one bitmap scan. `IN (...)` there is a hashed subplan, which forces a scan of every row.
    """

    output_field = models.BooleanField()

    def __init__(self, column: str, rows: models.QuerySet):
        super().__init__()
        self.column = F(column)
        self.rows = Subquery(rows)

    def get_source_expressions(self):
        return [self.column, self.rows]

    def set_source_expressions(self, expressions):
        self.column, self.rows = expressions

    def as_sql(self, compiler, connection, template="{column} IN {rows}"):
        column, column_params = compiler.compile(self.column)
        rows, rows_params = compiler.compile(self.rows)
        return template.format(column=column, rows=rows), [*column_params, *rows_params]

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="{column} = ANY(ARRAY{rows})")


def _contains(fields: tuple[str, ...], word: str, **options) -> Contains:
    return Contains(SearchDocument(*fields), word, **options)


def _word_matches(kind: Kind, user, word: str) -> Q:
    condition = Q(_contains(kind.fields, word))
    for via in kind.via:
        others = via.model.objects.for_user(user).filter(_contains(via.fields, word)).order_by().values(via.key)
        condition |= Q(InRows(via.link, others))
    return condition


def _words_starting_the_title(kind: Kind, words: tuple[str, ...]):
    """How many words start a word of the kind's first field (a contact's name...): the better matches first.

    Being an expression, it also keeps PostgreSQL from walking an index in name order to find a rare word.
    """
    starts = [Case(When(_contains(kind.fields[:1], word, at_word_start=True), then=1), default=0) for word in words]
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
