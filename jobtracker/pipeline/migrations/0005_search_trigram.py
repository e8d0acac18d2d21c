# Trigram indexes for the search (/search/), PostgreSQL only, a no-op on SQLite: see core/migration_operations.py.
# The field lists are those of jobtracker/front/search.py at the time; a change there needs a new index here.

from django.db import migrations

from jobtracker.core.migration_operations import AddTrigramIndex, CreateSearchFunctions


class Migration(migrations.Migration):
    dependencies = [
        ("pipeline", "0004_position_withdrawn_and_planner_index"),
    ]

    operations = [
        CreateSearchFunctions(),
        AddTrigramIndex(
            model_name="institution",
            name="institution_search_trgm",
            fields=["name", "department", "city", "country", "fit_notes"],
        ),
        # Postings and contacts match by their institution's name alone.
        AddTrigramIndex(model_name="institution", name="institution_name_trgm", fields=["name"]),
        AddTrigramIndex(model_name="position", name="position_search_trgm", fields=["title", "field", "notes"]),
        AddTrigramIndex(model_name="application", name="application_notes_trgm", fields=["notes"]),
    ]
