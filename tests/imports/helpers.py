"""Import files written in the tests, as a coordinator's spreadsheet would hold them."""

from __future__ import annotations

from datetime import date

from endorse.imports.columns import Kind
from endorse.imports.reader import Table, read_table

TODAY = date(2026, 6, 1)


def table(kind: Kind, *lines: str, name: str = "records.csv") -> Table:
    """The table of a CSV file of `lines` (the first names the columns)."""
    return read_table(kind, name, ("\n".join(lines) + "\n").encode())
