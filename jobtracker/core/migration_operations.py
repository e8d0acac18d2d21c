"""What the search needs from PostgreSQL, as migration operations: extensions, an unaccent an index can use, and
trigram indexes. On SQLite they do nothing (it has neither extension; the search scans there with LIKE).

The search (jobtracker/front/search.py) matches `SearchDocument(*fields) ILIKE '%word%'`; the indexes below are
built on that same expression object, so the SQL of the query and of the index cannot drift apart.
"""

from django.db import models
from django.db.migrations.operations.base import Operation
from django.db.models.sql import Query

# unaccent() is STABLE (it reads a dictionary), so it cannot be indexed; this wrapper pins the dictionary and
# is declared IMMUTABLE. If unaccent.rules ever changes (a PostgreSQL upgrade), REINDEX the *_search_trgm indexes.
UNACCENT = "jobtracker_unaccent"


class SearchDocument(models.Func):
    """The text a row is searched by: its columns joined by spaces, without accents on PostgreSQL.

    The columns must be NOT NULL (a NULL would blank the whole document); the search splits queries on
    whitespace, so a word can never match across two columns.
    """

    arg_joiner = " || ' ' || "
    template = "(%(expressions)s)"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=f"{UNACCENT}((%(expressions)s))", **extra_context)


# Names unaccent by the schema it was installed in (an index expression cannot depend on the search_path).
_CREATE_UNACCENT_WRAPPER = f"""
DO $do$
DECLARE home text := (SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent');
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION {UNACCENT}(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE'
    ' AS $f$ SELECT %1$s.unaccent(%2$L::regdictionary, $1) $f$',
    home, home || '.unaccent'
  );
END
$do$
"""  # noqa: S608 (UNACCENT is a constant of ours, not input)


def _is_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class CreateSearchFunctions(Operation):
    """The pg_trgm and unaccent extensions (both trusted: a database owner may create them) and the wrapper."""

    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _is_postgresql(schema_editor):
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        # params=None: the SQL holds format() placeholders, not query parameters.
        schema_editor.execute(_CREATE_UNACCENT_WRAPPER, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # The extensions stay: something else may have come to use them.
        if _is_postgresql(schema_editor):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {UNACCENT}(text)")

    def describe(self):
        return "Creates pg_trgm, unaccent and an immutable unaccent (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return "search_functions"


class AddTrigramIndex(Operation):
    """A GIN trigram index on SearchDocument(*fields) of one model (PostgreSQL only).

    It changes no model state, so the models do not declare it and makemigrations leaves it alone.
    """

    reversible = True

    def __init__(self, *, model_name: str, name: str, fields: list[str]):
        self.model_name = model_name
        self.name = name
        self.fields = fields

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _is_postgresql(schema_editor):
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        # Compiled as the search compiles it, so the planner sees the very same expression.
        query = Query(model, alias_cols=False)
        document, params = query.get_compiler(connection=schema_editor.connection).compile(
            SearchDocument(*self.fields).resolve_expression(query)
        )
        table, name = schema_editor.quote_name(model._meta.db_table), schema_editor.quote_name(self.name)
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin (({document}) gin_trgm_ops)", params)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgresql(schema_editor):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Creates trigram index {self.name} on {self.model_name} ({', '.join(self.fields)}) on PostgreSQL"

    @property
    def migration_name_fragment(self):
        return self.name
