"""The association's archive: the import templates' columns, a portfolio per application, the
stored documents, the ratings an applicant may see, the manifest; nothing of another
association's."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django_scopes import scope

from endorse.exports.archive import archive_write
from endorse.imports.columns import TEMPLATES

from ..conftest import make_association, make_person
from ..renewals.test_reinstatement import rated
from .helpers import manifest, populate, read_zip, rows

pytestmark = pytest.mark.django_db


def _archive(association) -> dict[str, bytes]:
    out = io.BytesIO()
    archive_write(association, out)
    return read_zip(out.getvalue())


def test_archive_files_have_the_import_templates_columns(association, approved, coordinator):
    populate(association, approved, coordinator)

    files = _archive(association)

    for kind, template in TEMPLATES.items():
        header = files[f"{kind}.csv"].decode().splitlines()[0]
        assert header == ",".join(column.name for column in template)


def test_archive_holds_a_portfolio_per_application_named_in_applications_csv(
    association, approved, coordinator
):
    populate(association, approved, coordinator)

    files = _archive(association)

    named = [row["portfolio"] for row in rows(files, "applications.csv")]
    assert named == sorted(named)
    assert len(named) == 3
    assert [json.loads(files[name])["format"] for name in named] == ["imh-portfolio/1"] * 3


def test_archive_holds_every_stored_document_byte_for_byte(association, approved, coordinator):
    found = populate(association, approved, coordinator)
    document = found["document"]

    files = _archive(association)

    assert files[f"documents/{document.file.name}"] == document.file.open("rb").read()
    assert rows(files, "documents.csv")[0]["original_name"] == "transcript.pdf"


def test_archive_ratings_leave_out_the_one_whose_rater_waived_the_right_to_see_it(
    association, approved, coordinator
):
    found = populate(association, approved, coordinator)

    ratings = json.loads(_archive(association)["ratings.json"])

    assert [(r["rater"]["email"], r["visible_to_applicant"]) for r in ratings] == [
        (found["seen"].rater.email, True)
    ]
    assert "Confidential: waived." not in json.dumps(ratings)


def test_archive_manifest_counts_rows_and_hashes_every_file(association, approved, coordinator):
    populate(association, approved, coordinator)

    files = _archive(association)
    described = manifest(files)

    assert described["format"] == "endorse-archive/1"
    assert described["association"] == {"slug": association.slug, "name": association.name}
    assert set(described["files"]) == set(files) - {"manifest.json"}
    assert all(
        hashlib.sha256(files[name]).hexdigest() == digest
        for name, digest in described["files"].items()
    )
    assert described["counts"]["endorsements.csv"] == len(rows(files, "endorsements.csv"))
    assert described["counts"]["ratings.json"] == 1


def test_archive_of_one_association_holds_nothing_of_another(association, approved, coordinator):
    populate(association, approved, coordinator)
    other = make_association("b")
    with scope(association=other):
        make_person("only.b@example.org", "Only In B").memberships.create(association="B-AIMH")

    with scope(association=other):
        theirs = _archive(other)
    ours = _archive(association)

    assert [r["email"] for r in rows(theirs, "people.csv")] == ["only.b@example.org"]
    assert rows(theirs, "endorsements.csv") == []
    assert rows(theirs, "applications.csv") == []
    assert json.loads(theirs["ratings.json"]) == []
    assert "only.b@example.org" not in b"".join(ours.values()).decode(errors="replace")


def test_archive_ratings_of_a_reinstatement_name_the_endorsement_it_reinstates(
    association, applicant
):
    renewal = rated(applicant)

    ratings = json.loads(_archive(association)["ratings.json"])

    number = renewal.endorsements.get().number
    assert [(r["reinstatement_of"], r["applicant"]) for r in ratings] == [
        ([number], applicant.email)
    ] * 3
    assert all("application" not in r for r in ratings)
