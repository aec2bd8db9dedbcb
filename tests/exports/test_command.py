"""`endorse export --association SLUG FILE` and `endorse import archive FILE --association SLUG`."""

from __future__ import annotations

import pytest

from endorse.cli import main
from endorse.registry.models import Endorsement

from ..conftest import make_association
from .helpers import import_examples, manifest, read_zip

pytestmark = pytest.mark.django_db


def test_export_command_writes_the_archive(association, tmp_path, capsys):
    import_examples(association)
    path = tmp_path / "mi-aimh.zip"

    code = main(["export", "--association", "mi-aimh", str(path)])

    assert code == 0
    assert manifest(read_zip(path.read_bytes()))["counts"]["endorsements.csv"] == 5
    assert capsys.readouterr().out.startswith(f"{path}: written (")


def test_export_command_names_an_unknown_association(tmp_path, capsys):
    code = main(["export", "--association", "nowhere", str(tmp_path / "a.zip")])

    assert code == 2
    assert capsys.readouterr().err == "--association: no association 'nowhere'; one of mi-aimh\n"


def test_import_archive_command_applies_every_kind(association, tmp_path, capsys):
    import_examples(association)
    path = tmp_path / "mi-aimh.zip"
    main(["export", "--association", "mi-aimh", str(path)])
    Endorsement.objects.all().delete()  # numbers are unique on the installation
    make_association("b")
    capsys.readouterr()

    code = main(["import", "archive", str(path), "--association", "b", "--apply"])

    assert code == 0
    assert capsys.readouterr().out.splitlines() == [
        "people: 4 rows: 0 created, 0 updated, 4 unchanged",
        "endorsements: 5 rows: 5 created, 0 updated, 0 unchanged",
        "members: 5 rows: 5 created, 0 updated, 0 unchanged",
        "applications: 2 rows: 2 created, 0 updated, 0 unchanged",
    ]


def test_import_archive_command_refuses_a_file_that_is_not_an_archive(tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text("name,email\n")

    code = main(["import", "archive", str(path), "--association", "mi-aimh"])

    assert code == 2
    assert capsys.readouterr().err == (
        f"file: {path}: not an export archive (a zip file with manifest.json)\n"
    )


def test_import_archive_command_without_a_file_names_the_field(capsys):
    code = main(["import", "archive", "--association", "mi-aimh"])

    assert code == 2
    assert capsys.readouterr().err == "file: required (the export archive, a .zip)\n"


def test_import_archive_command_with_a_missing_file_says_so(tmp_path, capsys):
    missing = tmp_path / "records.zip"

    code = main(["import", "archive", str(missing), "--association", "mi-aimh"])

    assert code == 2
    assert capsys.readouterr().err == f"file: {missing}: no such file\n"
