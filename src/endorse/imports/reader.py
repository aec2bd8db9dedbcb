"""Reading an import file, CSV or XLSX, into rows of text keyed by column name."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from .columns import TEMPLATES, Kind

# The first data row is row 2 of the spreadsheet: row 1 holds the column names.
FIRST_ROW = 2


class ImportFileError(ValueError):
    """A file that cannot be read as an import of its kind (not its rows' problems)."""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    # Each row: its number in the spreadsheet and its cells by column name (text, stripped).
    rows: list[tuple[int, dict[str, str]]]


def read_table(kind: Kind, filename: str, data: bytes) -> Table:
    """The rows of `data`, a .csv (UTF-8) or .xlsx file, checked against `kind`'s template's
    column names: every required column present, none unknown. Rows with every cell empty are
    skipped."""
    lower = filename.lower()
    if lower.endswith(".csv"):
        header, raw = _csv_rows(data)
    elif lower.endswith(".xlsx"):
        header, raw = _xlsx_rows(data)
    else:
        raise ImportFileError("expected a .csv or .xlsx file")
    columns = tuple(name.strip().lower() for name in header)
    template = TEMPLATES[kind]
    known = {column.name for column in template}
    unknown = [name for name in columns if name and name not in known]
    if unknown:
        raise ImportFileError(
            f"unknown column {', '.join(unknown)}; the {kind} template's columns are "
            f"{', '.join(column.name for column in template)}"
        )
    twice = sorted({name for name in columns if name and columns.count(name) > 1})
    if twice:
        raise ImportFileError(f"column {', '.join(twice)} appears more than once")
    missing = [c.name for c in template if c.required and c.name not in columns]
    if missing:
        raise ImportFileError(f"missing column {', '.join(missing)}")
    rows = []
    for number, cells in enumerate(raw, start=FIRST_ROW):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict.fromkeys(known, "")
        for name, cell in zip(columns, cells, strict=False):
            if name:
                row[name] = cell.strip()
        rows.append((number, row))
    return Table(columns=columns, rows=rows)


def _csv_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"not UTF-8 text (byte {error.start}); save the spreadsheet as CSV UTF-8"
        ) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise ImportFileError("the file is empty; the first row names the columns")
    return rows[0], rows[1:]


def _xlsx_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key errors) for a damaged file
        raise ImportFileError(
            "not an .xlsx workbook; save it from the spreadsheet as Excel Workbook (.xlsx)"
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        raise ImportFileError("the first sheet is empty; its first row names the columns")
    return rows[0], rows[1:]


def _cell_text(value: object) -> str:
    """A cell as the CSV would hold it: a date as YYYY-MM-DD, a whole number without `.0`,
    TRUE/FALSE as yes/no."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
