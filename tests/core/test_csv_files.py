"""CSV files: formula cells neutralised, a BOM for Excel, streamed."""

import csv
import io

from jobtracker.core.csv_files import csv_response, safe_cell


def test_a_cell_that_starts_like_a_formula_is_neutralised():
    assert [safe_cell(v) for v in ["=SUM(A1)", "+1", "-x", "@cmd", "\tx", "plain", None, 3]] == [
        "'=SUM(A1)",
        "'+1",
        "'-x",
        "'@cmd",
        "'\tx",
        "plain",
        "",
        "3",
    ]


def test_a_csv_response_streams_a_bom_a_header_and_safe_rows():
    rows = iter([["Zoë", '=HYPERLINK("x")'], ["北京大学", "ok"]])
    response = csv_response(filename="people.csv", header=["name", "note"], rows=rows)
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="people.csv"'
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["name", "note"],
        ["Zoë", '\'=HYPERLINK("x")'],
        ["北京大学", "ok"],
    ]
