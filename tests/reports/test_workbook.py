import datetime as dt
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone

from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import ApplicationContact, Contact
from jobtracker.pipeline.models import Application
from jobtracker.reports import workbook
from tests.factories import InstitutionFactory, make_application, make_writer
from tests.interviews.factories import make_interview, make_item, make_visit
from tests.offers.factories import make_offer
from tests.queries import assert_flat_queries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = ["Applications", "Stage history", "Interviews and visits", "Letters", "Contacts", "Offers"]


def read_workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    data = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(data)
    return openpyxl.load_workbook(io.BytesIO(data))


def records(ws) -> list[dict]:
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def every_value(book) -> str:
    return "\n".join(str(value) for ws in book for row in ws.iter_rows(values_only=True) for value in row)


def test_the_workbook_has_a_sheet_per_kind_of_record_each_with_a_frozen_bold_header_and_a_filter(owner_client, owner):
    make_application(owner, stage_name="Submitted")
    make_application(owner)
    response = owner_client.get("/exports/workbook.xlsx")
    assert response["Content-Disposition"] == (
        f'attachment; filename="jobtracker-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    book = read_workbook(response)
    assert book.sheetnames == SHEETS
    for ws in book:
        assert ws.freeze_panes == "A2", ws.title
        assert all(cell.font.b for cell in ws[1]), ws.title
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", ws.title
        assert ws.column_dimensions["A"].width > 8, ws.title
    assert book["Applications"].max_row == 3
    assert book["Stage history"].max_row == 1 + 3  # two starts and one move to Submitted


def test_deadlines_are_real_datetimes_in_the_users_zone_and_dates_are_dates(owner_client, owner):
    application = make_application(
        owner,
        stage_name="Submitted",
        institution=InstitutionFactory(owner=owner, name="Stanford University"),
        deadline_date=dt.date(2026, 12, 15),
        deadline_time=dt.time(23, 59),
        deadline_tz="America/Los_Angeles",
    )
    ws = read_workbook(owner_client.get("/exports/workbook.xlsx"))["Applications"]
    [row] = records(ws)
    # 23:59 in Los Angeles on 15 Dec is 07:59 UTC on the 16th, 08:59 in Berlin (winter time).
    assert row["deadline (Europe/Berlin)"] == dt.datetime(2026, 12, 16, 8, 59)
    assert row["deadline zone"] == "America/Los_Angeles"
    submitted = Application.objects.get(pk=application.pk).submitted_on
    assert isinstance(row["submitted on"], dt.date)
    assert row["submitted on"].timetuple()[:3] == submitted.timetuple()[:3]
    # A spreadsheet stores every date as a day number; a date-only format keeps it a date.
    header = [cell.value for cell in ws[1]]
    assert ws.cell(2, header.index("submitted on") + 1).number_format == "yyyy-mm-dd"
    assert isinstance(row["last change (Europe/Berlin)"], dt.datetime)
    assert row["stage"] == "Submitted" and row["outcome"] == "Open"


def test_the_datetime_cells_carry_a_date_and_time_format(owner_client, owner):
    make_application(owner)
    ws = read_workbook(owner_client.get("/exports/workbook.xlsx"))["Applications"]
    header = [cell.value for cell in ws[1]]
    deadline = ws.cell(2, header.index("deadline (Europe/Berlin)") + 1)
    assert deadline.is_date and deadline.number_format == "yyyy-mm-dd hh:mm"


def test_amounts_are_numbers_with_the_annual_figure_and_its_assumption(owner_client, owner):
    make_offer(owner, institution_name="MIT", sign_on=Decimal("15000"), start_date=dt.date(2027, 8, 15))
    [row] = records(read_workbook(owner_client.get("/exports/workbook.xlsx"))["Offers"])
    assert row["institution"] == "MIT"
    assert isinstance(row["base salary"], int | float) and row["base salary"] == 120000
    assert row["annual cash"] == 146666.67  # 120,000 * (9 + 2) / 9
    assert row["annual cash assumption"] == "9-month salary × (9 + 2 summer months) / 9"
    assert row["sign-on"] == 15000 and row["first-year bonus"] is None
    assert row["received on"].timetuple()[:3] == (2027, 2, 1)
    assert row["start date"].timetuple()[:3] == (2027, 8, 15)


def test_text_that_looks_like_a_formula_is_stored_as_text_and_numbers_are_left_alone(owner_client, owner):
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name="=cmd|' /C calc'!A0"))
    Application.objects.filter(pk=application.pk).update(notes="-2 slots left\x0b, maybe")
    make_offer(owner, application=application, base_salary=Decimal("95000"))
    book = read_workbook(owner_client.get("/exports/workbook.xlsx"))
    cell = book["Applications"]["A2"]
    assert cell.value == "'=cmd|' /C calc'!A0"
    assert cell.data_type == "s"
    [row] = records(book["Applications"])
    assert row["notes"] == "'-2 slots left, maybe"  # neutralised, and the control character XML refuses is gone
    [offer] = records(book["Offers"])
    assert offer["institution"] == "'=cmd|' /C calc'!A0" and offer["base salary"] == 95000


def test_interviews_list_each_visit_followed_by_its_meetings_in_the_users_zone(owner_client, owner):
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name="Stanford University"))
    visit = make_visit(owner, application, location="Gates Building")
    make_item(visit, start_time=dt.time(13, 0), end_time=dt.time(14, 0), kind="job_talk", place="Auditorium")
    make_item(visit, start_time=dt.time(10, 0), end_time=dt.time(10, 30))
    make_interview(owner, application, start_date=dt.date(2026, 1, 20), start_time=dt.time(8, 0))
    rows = records(read_workbook(owner_client.get("/exports/workbook.xlsx"))["Interviews and visits"])
    assert [(r["row"], r["kind"]) for r in rows] == [
        ("interview", "Video first round"),
        ("interview", "Campus visit or onsite"),
        ("meeting", "One-on-one"),
        ("meeting", "Job talk"),
    ]
    # 9 Feb 2026, 09:00 and 10:00 in Los Angeles (PST) are 18:00 and 19:00 in Berlin (CET).
    assert rows[1]["starts (Europe/Berlin)"] == dt.datetime(2026, 2, 9, 18, 0)
    assert rows[1]["location"] == "Gates Building" and rows[1]["set in zone"] == "America/Los_Angeles"
    assert rows[2]["starts (Europe/Berlin)"] == dt.datetime(2026, 2, 9, 19, 0)
    assert rows[2]["ends (Europe/Berlin)"] == dt.datetime(2026, 2, 9, 19, 30)
    assert rows[3]["location"] == "Auditorium" and rows[3]["outcome"] is None
    assert {r["institution"] for r in rows} == {"Stanford University"}


def test_letters_list_the_writer_the_application_and_real_dates(owner_client, owner):
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name="ETH Zurich"))
    LetterRequest.objects.create(
        owner=owner,
        application=application,
        writer=make_writer(owner, name="Prof. Ada Lovelace"),
        status="asked",
        asked_on=dt.date(2026, 10, 1),
        due_date=dt.date(2026, 12, 1),
    )
    [row] = records(read_workbook(owner_client.get("/exports/workbook.xlsx"))["Letters"])
    assert (row["writer"], row["institution"], row["status"]) == ("Prof. Ada Lovelace", "ETH Zurich", "Asked")
    assert row["asked on"].timetuple()[:3] == (2026, 10, 1) and row["due date"].timetuple()[:3] == (2026, 12, 1)
    assert row["confirmed on"] is None and row["delivery"] == "Portal upload by the writer"


def test_contacts_show_their_roles_in_words_and_how_many_applications_they_are_linked_to(owner_client, owner):
    first, second, third = make_application(owner), make_application(owner), make_application(owner)
    chair = Contact.objects.create(owner=owner, name="Dr. Hana Sato", email="hana@example.edu", is_recruiter=True)
    for application in (first, second):
        ApplicationContact.objects.create(owner=owner, application=application, contact=chair, role="chair")
        ApplicationContact.objects.create(owner=owner, application=application, contact=chair, role="host")
    LetterRequest.objects.create(owner=owner, application=second, writer=chair)
    LetterRequest.objects.create(owner=owner, application=third, writer=chair)
    Contact.objects.create(owner=owner, name="Zoe Unlinked", affiliation="Somewhere Labs")
    rows = records(read_workbook(owner_client.get("/exports/workbook.xlsx"))["Contacts"])
    assert [r["name"] for r in rows] == ["Dr. Hana Sato", "Zoe Unlinked"]  # everything: every contact
    assert rows[0]["linked applications"] == 3  # two by roles (two roles each), one more by a letter
    assert rows[0]["roles"] == "Recruiter" and rows[0]["e-mail"] == "hana@example.edu"
    assert rows[1]["linked applications"] == 0 and rows[1]["institution or affiliation"] == "Somewhere Labs"


def test_another_users_rows_never_appear(owner_client, owner, outsider):
    make_application(owner)
    secret = "Outsider Only University"
    institution = InstitutionFactory(owner=outsider, name=secret)
    theirs = make_application(outsider, stage_name="Submitted", institution=institution)
    make_offer(outsider, application=theirs)
    make_visit(outsider, theirs)
    writer = make_writer(outsider, name="Outsider Writer")
    LetterRequest.objects.create(owner=outsider, application=theirs, writer=writer)
    ApplicationContact.objects.create(owner=outsider, application=theirs, contact=writer)
    text = every_value(read_workbook(owner_client.get("/exports/workbook.xlsx")))
    assert secret not in text and "Outsider Writer" not in text


def test_another_users_applications_passed_in_by_mistake_are_still_left_out(owner, outsider):
    make_application(owner)
    make_application(outsider, institution=InstitutionFactory(owner=outsider, name="Outsider Only University"))
    target = io.BytesIO()
    workbook.write_workbook(user=owner, applications=Application.objects.all(), target=target)
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert "Outsider Only University" not in every_value(book)
    assert book["Applications"].max_row == 2


def test_progress_is_reported_now_and_then_and_ends_at_the_total(owner, tmp_path, monkeypatch):
    for _ in range(3):
        make_application(owner)
    monkeypatch.setattr(workbook, "PROGRESS_EVERY", 2)
    calls = []
    path = tmp_path / "book.xlsx"
    workbook.write_workbook(
        user=owner,
        applications=Application.objects.for_user(owner),
        target=path,
        progress=lambda done, total: calls.append((done, total)),
    )
    rows = 3 + 3  # three applications, each with the stage event that started it
    assert calls == [(0, rows), (2, rows), (4, rows), (6, rows), (6, rows)]
    assert openpyxl.load_workbook(path).sheetnames == SHEETS


def test_the_workbook_costs_the_same_queries_for_2_and_for_30_applications(client, django_user_model):
    def fill(user, size):
        writer = make_writer(user)
        for n in range(size):
            application = make_application(user, stage_name="Submitted")
            LetterRequest.objects.create(owner=user, application=application, writer=writer)
            ApplicationContact.objects.create(owner=user, application=application, contact=writer)
            if n % 3 == 0:
                make_item(make_visit(user, application))
                make_offer(user, application=application)

    assert_flat_queries(client, django_user_model, fill=fill, url="/exports/workbook.xlsx", sizes=(2, 30))
