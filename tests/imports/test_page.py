"""The coordinator's import page: check a file (the report), download the problems, apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from endorse.accounts.models import User
from endorse.registry.models import Endorsement

from ..conftest import sign_in

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"

GOOD = (
    b"holder,email,category,number,issued_on\n"
    b"Ada Lovelace,ada@example.org,IFS,MI-IFS-00120,2019-05-01\n"
)
BAD = b"holder,email,category,number,issued_on\n<b>Ada</b>,ada@,IFS,MI-IFS-00120,someday\n"


def post(client, data: bytes, action: str, name: str = "endorsements.csv"):
    return client.post(
        reverse("staff:imports"),
        {
            "kind": "endorsements",
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "action": action,
        },
    )


def test_import_page_check_lists_the_problems_and_writes_nothing(client, coordinator):
    sign_in(client, coordinator)

    response = post(client, BAD, "check")

    assert response.status_code == 400
    page = response.content.decode()
    assert "endorsements: 1 rows, 2 problems; nothing written" in page
    assert (
        '<td data-label="Value">ada@</td><td data-label="Problem">not an email address</td>' in page
    )
    assert "<b>Ada</b>" not in page
    assert (Endorsement.objects.count(), User.objects.filter(email="ada@example.org").count()) == (
        0,
        0,
    )


def test_import_page_report_downloads_the_problems_as_csv(client, coordinator):
    sign_in(client, coordinator)

    response = post(client, BAD, "report")

    assert response["Content-Disposition"] == (
        'attachment; filename="endorsements-import-problems.csv"'
    )
    assert response.content.decode().splitlines() == [
        "row,column,value,problem",
        "2,email,ada@,not an email address",
        "2,issued_on,someday,expected a date as YYYY-MM-DD",
    ]


def test_import_page_apply_writes_the_file_and_says_what_it_did(client, coordinator):
    sign_in(client, coordinator)

    response = post(client, GOOD, "apply")

    assert response.status_code == 302
    assert list(Endorsement.objects.values_list("number", "person__email")) == [
        ("MI-IFS-00120", "ada@example.org")
    ]
    page = client.get(response["Location"]).content.decode()
    assert (
        "endorsements: 1 rows: 1 created, 0 updated, 0 unchanged; 1 unclaimed accounts made" in page
    )


def test_import_page_refuses_a_file_of_another_kind_in_the_field(client, coordinator):
    sign_in(client, coordinator)

    response = post(client, b"name\n", "check", name="people.txt")

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["Expected a .csv or .xlsx file."]}


def test_import_page_checks_an_xlsx_file(client, coordinator):
    sign_in(client, coordinator)
    workbook = (EXAMPLES / "endorsements.xlsx").read_bytes()

    response = post(client, workbook, "check", name="endorsements.xlsx")

    assert response.status_code == 200
    assert response.context["report"].summary() == (
        "endorsements: 5 rows: 5 would be created, 0 would be updated, 0 unchanged; "
        "3 unclaimed accounts would be made (dry run: nothing written)"
    )
    assert Endorsement.objects.count() == 0
