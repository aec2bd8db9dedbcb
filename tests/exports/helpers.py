"""A populated association to export: the import examples (people, endorsements on record,
memberships, applications in progress) and an approved application with a transcript and two
submitted ratings, one of whose raters waived the applicant's right to see it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from endorse.applications.domain import document_upload
from endorse.applications.models import Application, Degree, Rater
from endorse.imports.columns import Kind
from endorse.imports.domain import import_apply
from endorse.imports.reader import read_table
from endorse.references.domain import question_set_of
from endorse.references.models import Rating
from endorse.references.questions import load_questions

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"
PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
KINDS = (Kind.PEOPLE, Kind.ENDORSEMENTS, Kind.MEMBERS, Kind.APPLICATIONS)


def import_examples(association, actor=None) -> None:
    """The four example files of docs/import.md, applied with the import's own code."""
    for kind in KINDS:
        path = EXAMPLES / f"{kind}.csv"
        report = import_apply(
            kind=kind,
            table=read_table(kind, path.name, path.read_bytes()),
            association=association,
            actor=actor,
            portfolios=lambda name: (EXAMPLES / name).read_bytes(),
        )
        assert report.ok, report.problems


def rate(rater: Rater, comments: str) -> Rating:
    now = timezone.now()
    return Rating.objects.create(
        rater=rater,
        questions_version="mentor-2024",
        question_set=question_set_of(load_questions("mentor-2024")),
        answers={"q1": 4},
        recommendation="recommend",
        comments=comments,
        started_at=now,
        submitted_at=now,
    )


def populate(association, application: Application, coordinator) -> dict[str, object]:
    """`application` (approved, the default association's) gets a transcript and two ratings;
    the import examples are applied. Returns what the tests look for."""
    import_examples(association)
    document = document_upload(
        application=application,
        degree=Degree.objects.filter(application=application).first(),
        upload=SimpleUploadedFile("transcript.pdf", PDF),
        actor=coordinator,
        by_staff=True,
    )
    seen, waived = list(Rater.objects.filter(application=application).order_by("pk"))[:2]
    waived.waived = True
    waived.save(update_fields=["waived"])
    return {
        "document": document,
        "seen": rate(seen, "Seen by the applicant: a fine colleague."),
        "waived": rate(waived, "Confidential: waived."),
    }


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rows(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].decode())))


def manifest(files: dict[str, bytes]) -> dict[str, object]:
    data: dict[str, object] = json.loads(files["manifest.json"])
    return data
