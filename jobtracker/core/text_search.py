"""How a search query becomes words, and how a word matches a row's text: shared by the search page (front/search.py)
and the contacts page's own search box.

A query is split into words (at most MAX_WORDS; one-letter words left out); a row matches when every word is a
substring of its text (core.migration_operations.SearchDocument over its searched columns). On PostgreSQL a match
ignores case and accents and uses the trigram index built on the same expression; on SQLite it is LIKE, which
ignores the case of ASCII letters only.
"""

import unicodedata
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import F, Subquery

from jobtracker.core.migration_operations import UNACCENT, SearchDocument

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8


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
    # Each word as typed (the first of those that differ only in case): PostgreSQL's ILIKE ignores case anyway, and
    # SQLite's LIKE ignores it for ASCII letters only, so a lowered "ödegaard" would miss "Ödegaard" there.
    # lower(), not casefold(), for telling repeats apart: casefold turns "ß" into "ss".
    first_spelling: dict[str, str] = {}
    for word in text.split():
        if _worth_searching(word):
            first_spelling.setdefault(word.lower(), word)
    words = tuple(first_spelling.values())
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
        patterns = []
        # SQLite's LIKE ignores the case of ASCII letters only: the word as typed finds "Ödegaard" written so, and
        # lowered, "ZÜRICH" finds "Zürich".
        for spelling in dict.fromkeys((self.word, self.word.lower())):
            escaped = spelling.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            patterns += [f"{escaped}%", f"% {escaped}%"] if self.at_word_start else [f"%{escaped}%"]
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


def contains(fields: tuple[str, ...], word: str, **options) -> Contains:
    """The text of these columns contains `word` (see Contains)."""
    return Contains(SearchDocument(*fields), word, **options)
