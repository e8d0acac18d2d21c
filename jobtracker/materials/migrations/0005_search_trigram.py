# Trigram indexes for the search (/search/), PostgreSQL only, a no-op on SQLite: see core/migration_operations.py.

from django.db import migrations

from jobtracker.core.migration_operations import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0004_planner_index"),
        ("pipeline", "0005_search_trigram"),  # the extensions and the unaccent wrapper
    ]

    operations = [
        AddTrigramIndex(model_name="document", name="document_search_trgm", fields=["title", "notes"]),
        AddTrigramIndex(model_name="documentversion", name="version_search_trgm", fields=["label", "notes"]),
    ]
