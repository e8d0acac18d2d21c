"""CSV files people open in a spreadsheet: formula-safe cells, a BOM for Excel, streamed when long."""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text for a spreadsheet cell; a leading =, +, - or @ is neutralised so a cell cannot run a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The file line by line; the BOM lets Excel read UTF-8 names (accents, CJK) correctly."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(*, filename: str, header: list[str], rows: Iterable[list], inline: bool = False):
    """A CSV download streamed row by row as the rows are produced, never all in memory."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
