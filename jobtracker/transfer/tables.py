"""Reading a spreadsheet (CSV or XLSX) into a header and rows, within limits, and guessing its columns.

CSV goes through the contact import's reader (jobtracker.network.importer.scan_table: BOM, line numbers, limits
checked while reading); XLSX is read here, in openpyxl's read-only mode, with the same limits. Both give the
same Table, so the planning never knows which kind of file it was.
"""

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from jobtracker.network.importer import MAX_CELL, MAX_COLUMNS, ImportFileError, Table, scan_table

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000  # a season is 20 to 60 targets; a tracker kept for years a few hundred
XLSX_MAGIC = b"PK\x03\x04"


def read_table(raw: bytes, *, name: str) -> Table:
    """The file's header and rows, or ImportFileError saying why it cannot be read."""
    if len(raw) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // 1048576} MB; split it into smaller files.")
    if raw.startswith(XLSX_MAGIC):
        return _read_xlsx(raw)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError("This file is named .xlsx but is not a workbook.")
    table = scan_table(raw)
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows; split it into files of at most {MAX_ROWS:,}.")
    return _unneutralised(table)


def _unneutralised(table: Table) -> Table:
    """Our CSV export puts a ' before a cell that starts like a formula (core.csv_files.safe_cell): take it off."""
    for row in table.rows:
        for index, cell in enumerate(row):
            if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                row[index] = cell[1:]
    return table


def _read_xlsx(raw: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError("This file is not a workbook that can be read (save it as .xlsx or .csv).") from None
    try:
        sheet = workbook.worksheets[0]
        header, rows, lines = None, [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
                raise ImportFileError(f"Row {number} has more than {MAX_COLUMNS} columns.")
            cells = [_text(value) for value in values[:MAX_COLUMNS]]
            if not any(cell.strip() for cell in cells):
                continue
            if any(len(cell) > MAX_CELL for cell in cells):
                raise ImportFileError(f"Row {number} has a cell longer than {MAX_CELL:,} characters.")
            if header is None:
                header = [cell.strip() for cell in cells]
                continue
            if len(rows) == MAX_ROWS:
                raise ImportFileError(f"The sheet has more than {MAX_ROWS:,} rows; split it.")
            rows.append(cells)
            lines.append(number)
    finally:
        workbook.close()
    if header is None:
        raise ImportFileError("The first sheet of the workbook is empty.")
    while header and not header[-1]:
        header.pop()
    return Table(header, rows, lines)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def guess_columns(header: list[str], guesses: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field -> column index, from header names; each column is used once, fields in the order given."""
    lowered = [" ".join(h.lower().replace("_", " ").split()) for h in header]
    mapping: dict[str, int] = {}
    for target, names in guesses.items():
        for index, column in enumerate(lowered):
            if column in names and index not in mapping.values():
                mapping[target] = index
                break
    return mapping
