# Trigram indexes for the search (/search/), PostgreSQL only, a no-op on SQLite: see core/migration_operations.py.

from django.db import migrations

from jobtracker.core.migration_operations import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_import_stored_plan"),
        ("pipeline", "0005_search_trigram"),  # the extensions and the unaccent wrapper
    ]

    operations = [
        AddTrigramIndex(
            model_name="contact",
            name="contact_search_trgm",
            fields=["name", "other_names", "email", "affiliation", "department", "how_we_met", "notes"],
        ),
        AddTrigramIndex(model_name="interaction", name="interaction_summary_trgm", fields=["summary"]),
    ]
