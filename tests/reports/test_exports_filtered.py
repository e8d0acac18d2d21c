import csv
import io

import openpyxl
from django.http import QueryDict

from jobtracker.network.models import ApplicationContact, Contact
from jobtracker.pipeline.models import Stage
from jobtracker.reports.scope import EVERYTHING, applications_for_query
from tests.factories import InstitutionFactory, make_application, make_writer, season_for
from tests.interviews.factories import make_item, make_visit


def institutions_in_csv(response) -> list[str]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    header, *rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    return sorted(row[header.index("institution")] for row in rows)


def workbook_of(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def institutions_in_sheet(book, title: str) -> list[str]:
    header, *rows = book[title].iter_rows(values_only=True)
    return sorted(row[header.index("institution")] for row in rows)


def stage(owner, name, track="faculty") -> Stage:
    return Stage.objects.get(owner=owner, track=track, name=name)


def place(owner, name, **kwargs):
    return make_application(owner, institution=InstitutionFactory(owner=owner, name=name), **kwargs)


def three_applications(owner):
    """Submitted this season, interested this season, and submitted last season."""
    this_season = season_for(owner)
    last_season = season_for(owner, this_season.start_year - 1)
    place(owner, "Submitted Now", stage_name="Submitted", season=this_season)
    place(owner, "Interested Now", season=this_season)
    place(owner, "Submitted Before", stage_name="Submitted", season=last_season)
    return this_season, last_season


EVERY = ["Interested Now", "Submitted Before", "Submitted Now"]


def test_the_applications_csv_exports_only_what_the_list_filter_shows(owner_client, owner):
    three_applications(owner)
    submitted = stage(owner, "Submitted")
    filtered = owner_client.get(f"/exports/applications.csv?stage={submitted.pk}")
    assert institutions_in_csv(filtered) == ["Submitted Before", "Submitted Now"]
    assert institutions_in_csv(owner_client.get("/exports/applications.csv")) == EVERY


def test_the_stage_history_csv_exports_the_changes_of_the_filtered_applications_only(owner_client, owner):
    three_applications(owner)
    response = owner_client.get(f"/exports/stage-history.csv?stage={stage(owner, 'Interested').pk}")
    assert institutions_in_csv(response) == ["Interested Now"]


def test_the_workbook_exports_only_the_applications_of_the_chosen_stage_and_season(owner_client, owner):
    this_season, _last = three_applications(owner)
    submitted = stage(owner, "Submitted")
    book = workbook_of(owner_client.get(f"/exports/workbook.xlsx?stage={submitted.pk}&season={this_season.pk}"))
    assert institutions_in_sheet(book, "Applications") == ["Submitted Now"]
    assert institutions_in_sheet(book, "Stage history") == ["Submitted Now", "Submitted Now"]
    everything = workbook_of(owner_client.get("/exports/workbook.xlsx"))
    assert institutions_in_sheet(everything, "Applications") == EVERY


def test_a_filtered_workbook_lists_only_the_contacts_linked_to_its_applications(owner_client, owner):
    this_season, last_season = three_applications(owner)
    kept = place(owner, "Kept", season=this_season)
    left_out = place(owner, "Left Out", season=last_season)
    host = Contact.objects.create(owner=owner, name="Host Of Kept")
    ApplicationContact.objects.create(owner=owner, application=kept, contact=host, role="host")
    ApplicationContact.objects.create(
        owner=owner, application=left_out, contact=Contact.objects.create(owner=owner, name="Host Of Left Out")
    )
    writer = make_writer(owner, name="Writer For Kept")
    kept.letter_requests.create(owner=owner, writer=writer)
    ApplicationContact.objects.create(owner=owner, application=kept, contact=writer, role="knows")
    make_item(make_visit(owner, kept), people=["Met On Visit To Kept"])
    Contact.objects.create(owner=owner, name="Nobody In Particular")

    book = workbook_of(owner_client.get(f"/exports/workbook.xlsx?season={this_season.pk}"))
    header, *rows = book["Contacts"].iter_rows(values_only=True)
    linked = {row[0]: row[header.index("linked applications")] for row in rows}
    assert linked == {"Host Of Kept": 1, "Met On Visit To Kept": 1, "Writer For Kept": 1}  # a letter and a role: one
    everything = workbook_of(owner_client.get("/exports/workbook.xlsx"))
    assert everything["Contacts"].max_row == 1 + 5


def test_invalid_filter_values_are_ignored_never_a_server_error(owner_client, owner):
    this_season, _last = three_applications(owner)
    for query in ("stage=abc", "season=-1", "stage=99999999999999999999", "category=nonsense", "track=%00"):
        assert institutions_in_csv(owner_client.get(f"/exports/applications.csv?{query}")) == EVERY, query
        book = workbook_of(owner_client.get(f"/exports/workbook.xlsx?{query}"))
        assert institutions_in_sheet(book, "Applications") == EVERY, query
    # A valid filter beside an invalid one still applies.
    response = owner_client.get(f"/exports/applications.csv?stage=abc&season={this_season.pk}")
    assert institutions_in_csv(response) == ["Interested Now", "Submitted Now"]


def test_another_users_stage_or_season_exports_nothing_of_theirs(owner_client, owner, outsider):
    three_applications(owner)
    theirs = place(outsider, "Outsider Only University", stage_name="Submitted")
    query = f"stage={stage(outsider, 'Submitted').pk}&season={theirs.position.season_id}"
    assert institutions_in_csv(owner_client.get(f"/exports/applications.csv?{query}")) == EVERY
    assert institutions_in_csv(owner_client.get(f"/exports/stage-history.csv?{query}")).count("Submitted Now") == 2
    book = workbook_of(owner_client.get(f"/exports/workbook.xlsx?{query}"))
    assert "Outsider Only University" not in institutions_in_sheet(book, "Applications")


def test_the_description_names_the_filters_applied_and_those_ignored(owner):
    this_season, _last = three_applications(owner)
    submitted = stage(owner, "Submitted")

    def described(query):
        applications, description = applications_for_query(owner, QueryDict(query))
        return applications.count(), description

    assert described("") == (3, EVERYTHING)
    assert described("sort=-changed&page=2") == (3, EVERYTHING)
    assert described(f"season={this_season.pk}&stage={submitted.pk}") == (
        1,
        f"filtered: season {this_season.name}, stage Submitted",
    )
    assert described("track=faculty&category=open&q=Now") == (2, "filtered: search “Now”, track Faculty, outcome Open")
    assert described(f"stage=abc&season={this_season.pk}") == (
        2,
        f"filtered: season {this_season.name} (ignored the invalid stage)",
    )
    assert described("stage=abc&season=-1") == (3, "everything (ignored the invalid season and stage)")


def test_the_export_page_links_carry_the_filters_and_say_what_they_export(owner_client, owner):
    this_season, _last = three_applications(owner)
    page = owner_client.get(f"/exports/?season={this_season.pk}&sort=-changed&page=3")
    body = page.content.decode()
    assert page.status_code == 200
    assert f"/exports/workbook.xlsx?season={this_season.pk}" in body
    assert f"/exports/applications.csv?season={this_season.pk}" in body
    assert f"2 applications: filtered: season {this_season.name}." in body
    plain = owner_client.get("/exports/").content.decode()
    assert 'href="/exports/workbook.xlsx"' in plain and "3 applications: everything." in plain


def test_the_export_page_says_an_invalid_value_was_ignored(owner_client, owner):
    three_applications(owner)
    body = owner_client.get("/exports/?stage=abc").content.decode()
    assert "3 applications: everything (ignored the invalid stage)." in body
    assert 'href="/exports/workbook.xlsx?stage=abc"' in body
