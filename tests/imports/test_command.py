"""`endorse import KIND FILE --association SLUG [--apply]`: the dry run's report, the apply's
summary; exit 2 naming the field on bad arguments, 1 when rows have problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from endorse.accounts.models import Membership, User
from endorse.applications.models import Application
from endorse.cli import main
from endorse.registry.models import Endorsement

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"
KINDS = ("people", "endorsements", "members", "applications")


def test_import_of_the_examples_dry_run_writes_nothing(capsys):
    code = main(["import", "people", str(EXAMPLES / "people.csv"), "--association", "mi-aimh"])

    assert code == 0
    assert capsys.readouterr().out == (
        "people: 3 rows: 3 would be created, 0 would be updated, 0 unchanged; "
        "3 unclaimed accounts would be made (dry run: nothing written)\n"
    )
    assert User.objects.count() == 0


def test_import_of_the_examples_applies_each_file_and_again_changes_nothing(capsys):
    for kind in KINDS:
        file = str(EXAMPLES / f"{kind}.csv")
        assert main(["import", kind, file, "--association", "mi-aimh", "--apply"]) == 0
    first = capsys.readouterr().out.splitlines()
    for kind in KINDS:
        file = str(EXAMPLES / f"{kind}.csv")
        assert main(["import", kind, file, "--association", "mi-aimh", "--apply"]) == 0

    assert first == [
        "people: 3 rows: 3 created, 0 updated, 0 unchanged; 3 unclaimed accounts made",
        "endorsements: 5 rows: 5 created, 0 updated, 0 unchanged",
        "members: 3 rows: 3 created, 0 updated, 0 unchanged",
        "applications: 2 rows: 2 created, 0 updated, 0 unchanged; 1 unclaimed accounts made",
    ]
    assert capsys.readouterr().out.splitlines() == [
        "people: 3 rows: 0 created, 0 updated, 3 unchanged",
        "endorsements: 5 rows: 0 created, 0 updated, 5 unchanged",
        "members: 3 rows: 0 created, 0 updated, 3 unchanged",
        "applications: 2 rows: 0 created, 0 updated, 2 unchanged",
    ]
    counts = (
        User.objects.count(),
        Endorsement.objects.count(),
        Membership.objects.count(),
        Application.objects.count(),
    )
    # Memberships: the members file's three, and one from each portfolio.
    assert counts == (4, 5, 5, 2)


def test_import_with_bad_rows_exits_1_lists_them_and_writes_the_report(tmp_path, capsys):
    file = tmp_path / "people.csv"
    file.write_text("name,email\nAda,ada@\n,bea@example.org\n")
    report = tmp_path / "problems.csv"

    code = main(
        [
            "import",
            "people",
            str(file),
            "--association",
            "mi-aimh",
            "--apply",
            "--report",
            str(report),
        ]
    )

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "row 2, email ('ada@'): not an email address",
        "row 3, name: required",
        "people: 2 rows, 2 problems; nothing written",
    ]
    assert report.read_text().splitlines() == [
        "row,column,value,problem",
        "2,email,ada@,not an email address",
        "3,name,,required",
    ]
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["people", "missing.csv", "--association", "mi-aimh"], "file: missing.csv: no such file"),
        (
            ["people", "EXAMPLES/people.csv", "--association", "nope"],
            "--association: no association 'nope'; one of mi-aimh",
        ),
        (
            ["members", "EXAMPLES/people.csv", "--association", "mi-aimh"],
            "file: EXAMPLES/people.csv: unknown column name, phone, residence; the members "
            "template's columns are email, association, member_id, kind, expires_on",
        ),
    ],
)
def test_import_refuses_bad_arguments_naming_the_field(args, line, capsys):
    args = [arg.replace("EXAMPLES", str(EXAMPLES)) for arg in args]

    assert main(["import", *args]) == 2
    assert capsys.readouterr().err == line.replace("EXAMPLES", str(EXAMPLES)) + "\n"


def test_import_refuses_an_unknown_kind(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", "rabbits", "x.csv", "--association", "mi-aimh"])

    assert exited.value.code == 2
    assert "argument kind: invalid choice: 'rabbits'" in capsys.readouterr().err
