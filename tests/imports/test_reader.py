"""Reading import files: CSV and XLSX, the columns checked against the template."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from endorse.imports.columns import TEMPLATES, Kind
from endorse.imports.reader import ImportFileError, read_table


def xlsx(*rows: tuple[object, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_read_csv_numbers_rows_as_the_spreadsheet_and_skips_empty_ones():
    data = "\ufeffname,email\nAda Lovelace, ada@example.org \n,\nGrace Hopper,grace@example.org\n"

    table = read_table(Kind.PEOPLE, "people.csv", data.encode())

    assert table.rows == [
        (2, {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "", "residence": ""}),
        (4, {"name": "Grace Hopper", "email": "grace@example.org", "phone": "", "residence": ""}),
    ]


def test_read_xlsx_reads_dates_numbers_and_booleans_as_the_csv_would():
    data = xlsx(
        ("holder", "category", "number", "issued_on", "listed"),
        ("Ada", "IFS", 1234.0, datetime(2020, 3, 4), True),
        ("Bea", "IFA", "MI-IFA-00001", date(2021, 1, 2), False),
    )

    table = read_table(Kind.ENDORSEMENTS, "endorsements.xlsx", data)

    assert [(row["number"], row["issued_on"], row["listed"]) for _, row in table.rows] == [
        ("1234", "2020-03-04", "yes"),
        ("MI-IFA-00001", "2021-01-02", "no"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("people.txt", b"name,email\n", "expected a .csv or .xlsx file"),
        ("people.csv", b"", "the file is empty; the first row names the columns"),
        (
            "people.csv",
            b"name,email\n\xff\n",
            "not UTF-8 text (byte 11); save the spreadsheet as CSV UTF-8",
        ),
        ("people.csv", b"name\n", "missing column email"),
        ("people.csv", b"name,email,email\n", "column email appears more than once"),
        (
            "people.csv",
            b"name,email,age\n",
            "unknown column age; the people template's columns are name, email, phone, residence",
        ),
        (
            "people.xlsx",
            b"name,email\n",
            ("not an .xlsx workbook; save it from the spreadsheet as Excel Workbook (.xlsx)"),
        ),
    ],
)
def test_read_refuses_a_file_it_cannot_read(name, data, message):
    with pytest.raises(ImportFileError) as refused:
        read_table(Kind.PEOPLE, name, data)

    assert str(refused.value) == message


def test_the_example_xlsx_reads_as_the_example_csv():
    folder = Path(__file__).resolve().parents[2] / "examples" / "import"

    from_xlsx = read_table(
        Kind.ENDORSEMENTS, "endorsements.xlsx", (folder / "endorsements.xlsx").read_bytes()
    )
    from_csv = read_table(
        Kind.ENDORSEMENTS, "endorsements.csv", (folder / "endorsements.csv").read_bytes()
    )

    assert from_xlsx == from_csv


def test_docs_describe_every_column_of_every_template():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text()

    for kind, columns in TEMPLATES.items():
        section = docs.split(f"### {kind}\n", 1)[1].split("\n### ", 1)[0]
        described = [
            line.split("|")[1].strip().strip("`")
            for line in section.splitlines()
            if line.startswith("| `")
        ]
        assert described == [column.name for column in columns], kind
