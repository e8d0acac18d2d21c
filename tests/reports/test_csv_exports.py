import csv
import io

from django.http import StreamingHttpResponse

from jobtracker.pipeline import services
from jobtracker.pipeline.models import Stage
from tests.factories import InstitutionFactory, make_application


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse), "exports must stream"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_applications_csv_has_one_row_per_application_with_times_in_the_users_zone(owner_client, owner):
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name="ETH Zurich"))
    services.move_application(
        application=application, to_stage=Stage.objects.get(owner=owner, track="faculty", name="Submitted")
    )
    response = owner_client.get("/exports/applications.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    header, *rows = read_csv(response)
    assert header[:4] == ["institution", "department", "position", "kind"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["institution"] == "ETH Zurich"
    assert row["stage"] == "Submitted" and row["outcome"] == "Open"
    # The posting's wall time beside the posting's zone (the factory's deadline is 23:59 in Los Angeles), then the
    # same moment in the owner's zone (Europe/Berlin).
    assert row["deadline"].endswith("23:59 PST") and row["deadline time zone"] == "America/Los_Angeles"
    assert row["deadline in your zone"].endswith("08:59 CET")
    assert row["submitted on"] == application.__class__.objects.get(pk=application.pk).submitted_on.isoformat()


def test_the_stage_history_csv_lists_every_change_in_order(owner_client, owner):
    application = make_application(owner)
    for name in ("Preparing", "Submitted"):
        services.move_application(
            application=application,
            to_stage=Stage.objects.get(owner=owner, track="faculty", name=name),
            note=f"now {name}",
        )
    header, *rows = read_csv(owner_client.get("/exports/stage-history.csv"))
    moves = [(r[header.index("from stage")], r[header.index("to stage")], r[header.index("note")]) for r in rows]
    assert moves == [
        ("", "Interested", ""),
        ("Interested", "Preparing", "now Preparing"),
        ("Preparing", "Submitted", "now Submitted"),
    ]


def test_exports_hold_only_the_users_own_rows(owner_client, owner, outsider):
    make_application(owner)
    make_application(outsider, institution=InstitutionFactory(owner=outsider, name="Outsider Only University"))
    for url in ("/exports/applications.csv", "/exports/stage-history.csv"):
        text = "\n".join(",".join(row) for row in read_csv(owner_client.get(url)))
        assert "Outsider Only University" not in text


def test_a_cell_that_looks_like_a_formula_is_neutralised(owner_client, owner):
    make_application(owner, institution=InstitutionFactory(owner=owner, name='=HYPERLINK("http://evil.example")'))
    _header, row = read_csv(owner_client.get("/exports/applications.csv"))
    assert row[0] == '\'=HYPERLINK("http://evil.example")'


def test_non_ascii_names_survive_the_export(owner_client, owner):
    make_application(owner, institution=InstitutionFactory(owner=owner, name="Özyeğin Üniversitesi"))
    _header, row = read_csv(owner_client.get("/exports/applications.csv"))
    assert row[0] == "Özyeğin Üniversitesi"
