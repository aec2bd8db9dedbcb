"""Documents on S3-compatible object storage (docs/deployment.md): with ENDORSE_S3_* set, the
product's own upload, download and replacement paths keep documents in a private bucket, served
only through the access-checked views. Run against a real S3 server on loopback (conftest)."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from endorse.applications import domain as applications
from endorse.applications.models import Degree, Document
from endorse.backup import backup_restore, backup_write
from endorse.exams import domain as exams
from endorse.exports.models import ArchiveExport
from endorse.storage import PrivateS3Storage

from ..conftest import sign_in
from .conftest import PREFIX

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
OTHER_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Other true >>\nendobj\n%%EOF\n"


@pytest.fixture
def draft(applicant):
    return applications.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )


def _upload_transcript(client, application, content=PDF):
    degree = Degree.objects.get(application=application)
    return client.post(
        f"/applications/{application.pk}/degrees/{degree.pk}/transcript/",
        {"file": SimpleUploadedFile("My Transcript.pdf", content, "application/pdf")},
    )


def test_the_storage_is_the_private_s3_storage_on_the_bucket(s3_documents):
    storage = storages["default"]

    assert type(storage) is PrivateS3Storage
    assert (storage.bucket_name, storage.location, storage.default_acl) == (
        s3_documents.name,
        PREFIX,
        None,
    )


def test_a_transcript_is_kept_in_the_bucket_and_downloaded_through_the_owners_page(
    client, applicant, draft, s3_documents
):
    sign_in(client, applicant)

    upload = _upload_transcript(client, draft)
    document = Document.objects.get()
    download = client.get(f"/applications/{draft.pk}/documents/{document.pk}/")

    assert upload.status_code == 302
    assert s3_documents.keys() == [f"{PREFIX}/{document.file.name}"]
    assert s3_documents.read(f"{PREFIX}/{document.file.name}") == PDF
    assert (download.status_code, download["Content-Type"], download["Content-Length"]) == (
        200,
        "application/pdf",
        str(len(PDF)),
    )
    assert download["Content-Disposition"] == 'attachment; filename="My Transcript.pdf"'
    assert b"".join(download.streaming_content) == PDF


def test_a_removed_document_keeps_its_object_for_the_submissions_that_refer_to_it(
    client, applicant, draft, s3_documents
):
    sign_in(client, applicant)
    _upload_transcript(client, draft)
    document = Document.objects.get()

    removed = client.post(f"/applications/{draft.pk}/documents/{document.pk}/remove/")

    document.refresh_from_db()
    assert removed.status_code == 302
    assert document.removed_at is not None
    assert s3_documents.keys() == [f"{PREFIX}/{document.file.name}"]


def test_staff_upload_and_download_a_transcript_in_the_bucket(
    client, coordinator, awaiting_staff, s3_documents
):
    degree = Degree.objects.get(application=awaiting_staff)
    sign_in(client, coordinator)

    upload = client.post(
        f"/staff/applications/{awaiting_staff.pk}/degrees/{degree.pk}/upload/",
        {"file": SimpleUploadedFile("Official.pdf", PDF, "application/pdf")},
    )
    document = Document.objects.get(application=awaiting_staff)
    download = client.get(f"/staff/applications/{awaiting_staff.pk}/documents/{document.pk}/")

    assert upload.status_code == 302
    assert s3_documents.keys() == [f"{PREFIX}/{document.file.name}"]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_replaced_part2_responses_leave_the_bucket_and_markers_read_the_new_ones(
    client, coordinator, exam_reviewers, approved, s3_documents, django_capture_on_commit_callbacks
):
    sitting = exams.sitting_create(held_on=date(2026, 12, 10), place="Lansing", actor=coordinator)
    candidate = exams.candidate_register(application=approved, sitting=sitting, actor=coordinator)
    sign_in(client, coordinator)
    url = f"/staff/exams/candidates/{candidate.pk}/part2/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("first.pdf", PDF)})
    first = s3_documents.keys()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("second.pdf", OTHER_PDF)})
    second = s3_documents.keys()
    client.logout()
    sign_in(client, exam_reviewers[0])
    download = client.get(f"/staff/exams/marking/{candidate.pk}/responses/")

    assert len(first) == 1
    assert len(second) == 1
    assert first != second
    assert s3_documents.read(second[0]) == OTHER_PDF
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == OTHER_PDF


def test_documents_in_the_bucket_are_private_and_the_product_gives_no_address_for_them(
    client, applicant, draft, s3_documents
):
    sign_in(client, applicant)
    _upload_transcript(client, draft)
    document = Document.objects.get()
    key = f"{PREFIX}/{document.file.name}"

    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(f"{s3_documents.endpoint}/{s3_documents.name}/{key}")
    grants = s3_documents.client.get_object_acl(Bucket=s3_documents.name, Key=key)["Grants"]
    workspace = client.get(f"/applications/{draft.pk}/").content.decode()

    assert anonymous.value.code == 403
    assert [(g["Grantee"]["Type"], g["Permission"]) for g in grants] == [
        ("CanonicalUser", "FULL_CONTROL")
    ]
    with pytest.raises(NotImplementedError, match="access-checked views"):
        document.file.url  # noqa: B018
    assert f"/applications/{draft.pk}/documents/{document.pk}/" in workspace
    assert s3_documents.endpoint not in workspace
    assert s3_documents.name not in workspace


def test_another_applicant_cannot_download_a_document_in_the_bucket(
    client, applicant, other_applicant, draft, s3_documents
):
    sign_in(client, applicant)
    _upload_transcript(client, draft)
    document = Document.objects.get()
    client.logout()
    sign_in(client, other_applicant)

    response = client.get(f"/applications/{draft.pk}/documents/{document.pk}/")

    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_backup_carries_the_buckets_documents_and_restores_them_into_it(
    applicant, draft, s3_documents, tmp_path
):
    applications.document_upload(
        application=draft,
        degree=Degree.objects.get(application=draft),
        upload=SimpleUploadedFile("transcript.pdf", PDF),
        actor=applicant,
    )
    name = Document.objects.get().file.name
    file = tmp_path / "instance.zip"
    manifest = backup_write(file)
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(name)
    emptied = s3_documents.keys()

    backup_restore(file)

    assert list(manifest["documents"]) == [name]
    assert emptied == []
    assert s3_documents.keys() == [f"{PREFIX}/{name}"]
    assert s3_documents.read(f"{PREFIX}/{name}") == PDF
    assert Document.objects.get().file.name == name


def test_an_association_archive_reads_documents_from_the_bucket_and_is_stored_there_until_downloaded(
    client, coordinator, applicant, draft, s3_documents, django_capture_on_commit_callbacks
):
    sign_in(client, applicant)
    _upload_transcript(client, draft)
    document = Document.objects.get()
    client.logout()
    sign_in(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/export/")
    export = ArchiveExport.objects.get()
    stored = s3_documents.keys()

    download = client.post(f"/staff/export/{export.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))

    assert f"{PREFIX}/{export.stored_name}" in stored
    assert archive.read(f"documents/{document.file.name}") == PDF
    assert s3_documents.keys() == [f"{PREFIX}/{document.file.name}"]
