"""An association's archive imports into another association with the import's own code
(`endorse import archive`), and that association's archive holds the same records."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django_scopes import scope

from endorse.exports.archive import archive_write
from endorse.exports.archive_import import archive_import
from endorse.registry.models import Endorsement

from ..conftest import make_association
from .helpers import populate, read_zip, rows

pytestmark = pytest.mark.django_db


def _archive(association) -> bytes:
    out = io.BytesIO()
    archive_write(association, out)
    return out.getvalue()


def _without_ids(data: Any) -> Any:
    """A portfolio without its entries' ids: each is the section's letter and the row's key in
    the database that wrote it (`t12`), which the import makes anew."""
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(value) for value in data]
    return data


def _records(data: bytes) -> dict[str, Any]:
    """What must come back the same: the four template files' rows, each application's row
    with its portfolio file's content in place of the file's name (the name carries the
    application's reference, `EA-000012`, its key in the database that wrote it)."""
    files = read_zip(data)
    applications = sorted(
        (
            row["email"],
            row["name"],
            json.dumps(_without_ids(json.loads(files[row["portfolio"]])), sort_keys=True),
        )
        for row in rows(files, "applications.csv")
    )
    return {
        "people": rows(files, "people.csv"),
        "endorsements": rows(files, "endorsements.csv"),
        "members": rows(files, "members.csv"),
        "applications": applications,
    }


def test_archive_imported_into_an_empty_association_exports_the_same_records(
    association, approved, coordinator
):
    """Not compared, as they do not travel through the import templates: the ratings, the
    documents and the renewals (no template imports them), and the manifest's moment and
    hashes (the archive is written at another moment)."""
    populate(association, approved, coordinator)
    first = _archive(association)
    # An empty installation holds none of these numbers; numbers are unique on the
    # installation, so the exported association's endorsements are taken out of the way.
    Endorsement.objects.all().delete()
    empty = make_association("b")

    with scope(association=empty):
        reports = archive_import(association=empty, data=first, apply=True, actor=None)
        second = _archive(empty)

    assert [report.summary() for report in reports if not report.ok] == []
    assert _records(second) == _records(first)
    assert {name: len(found) for name, found in _records(first).items()} == {
        "people": 5,
        "endorsements": 5,
        "members": 6,
        "applications": 3,
    }


def test_archive_import_dry_run_writes_nothing(association, approved, coordinator):
    populate(association, approved, coordinator)
    first = _archive(association)
    Endorsement.objects.all().delete()
    empty = make_association("b")

    with scope(association=empty):
        reports = archive_import(association=empty, data=first, apply=False, actor=None)
        after = read_zip(_archive(empty))

    assert [report.summary().endswith("(dry run: nothing written)") for report in reports] == [
        True
    ] * 4
    assert rows(after, "endorsements.csv") == []
    assert rows(after, "applications.csv") == []
