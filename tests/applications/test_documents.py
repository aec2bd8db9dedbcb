"""Transcript uploads: PDFs by content, size-limited, stored under random names, served only to their owner."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.applications import domain
from endorse.applications.enums import Status
from endorse.applications.models import Degree, Document

from ..conftest import sign_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def application(applicant):
    return domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )


@pytest.fixture
def degree(application):
    return Degree.objects.get(application=application)


def _upload(client, application, degree, name, content):
    return client.post(
        f"/applications/{application.pk}/degrees/{degree.pk}/transcript/",
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
    )


def test_a_pdf_is_stored_under_a_random_name_and_marks_the_transcript_received(
    client, applicant, application, degree
):
    sign_in(client, applicant)
    response = _upload(client, application, degree, "My Transcript.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.original_name, document.size, document.degree_id) == (
        "My Transcript.pdf",
        len(PDF),
        degree.pk,
    )
    assert "Transcript" not in document.file.name
    assert document.file.name.startswith(f"applications/{application.pk}/")
    degree.refresh_from_db()
    assert degree.transcript == "received"


def test_a_renamed_non_pdf_is_refused_by_its_content(client, applicant, application, degree):
    sign_in(client, applicant)
    response = _upload(client, application, degree, "transcript.pdf", PNG)
    assert response.status_code == 400
    assert "The file is not a PDF." in response.text
    assert Document.objects.count() == 0
    degree.refresh_from_db()
    assert degree.transcript == "missing"


def test_an_oversize_file_is_refused(client, applicant, application, degree, settings):
    settings.ENDORSE_DOCUMENT_MAX_BYTES = 1024 * 1024
    sign_in(client, applicant)
    response = _upload(client, application, degree, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.text
    assert Document.objects.count() == 0


def test_the_owner_downloads_it_as_an_attachment(client, applicant, application, degree):
    sign_in(client, applicant)
    _upload(client, application, degree, "transcript.pdf", PDF)
    document = Document.objects.get()
    response = client.get(f"/applications/{application.pk}/documents/{document.pk}/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="transcript.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_nobody_else_can_fetch_or_remove_it(
    client, applicant, application, degree, other_applicant
):
    sign_in(client, applicant)
    _upload(client, application, degree, "transcript.pdf", PDF)
    document = Document.objects.get()
    sign_in(client, other_applicant)
    urls = [
        ("get", f"/applications/{application.pk}/documents/{document.pk}/"),
        ("post", f"/applications/{application.pk}/documents/{document.pk}/remove/"),
        ("get", f"/applications/{application.pk}/degrees/{degree.pk}/transcript/"),
        ("post", f"/applications/{application.pk}/degrees/{degree.pk}/transcript/"),
    ]
    assert {url: getattr(client, method)(url).status_code for method, url in urls} == dict.fromkeys(
        (url for _, url in urls), 404
    )
    mine = domain.application_start(applicant=other_applicant, category="mentor-clinical")
    assert client.get(f"/applications/{mine.pk}/documents/{document.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/applications/{application.pk}/documents/{document.pk}/")
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")
    assert Document.objects.get().removed_at is None


def test_removing_hides_the_document_but_keeps_it_for_submissions(
    client, applicant, application, degree
):
    sign_in(client, applicant)
    _upload(client, application, degree, "transcript.pdf", PDF)
    document = Document.objects.get()
    assert (
        client.post(f"/applications/{application.pk}/documents/{document.pk}/remove/").status_code
        == 302
    )
    document.refresh_from_db()
    assert document.removed_at is not None
    assert document.file.read() == PDF
    assert client.get(f"/applications/{application.pk}/documents/{document.pk}/").status_code == 404


def test_submission_freezes_the_documents_it_was_made_with(applicant):
    application = domain.application_import(
        applicant=applicant,
        text=(EXAMPLES / "research-faculty-awaiting-review.json").read_bytes(),
        trusted=True,
    )
    degree = Degree.objects.get(application=application)
    uploaded = domain.document_upload(
        application=application,
        degree=degree,
        upload=SimpleUploadedFile("t.pdf", PDF),
        actor=applicant,
    )
    submission = domain.application_submit(application=application, actor=applicant)
    assert submission.documents == [
        {
            "id": uploaded.pk,
            "degree": f"d{degree.pk}",
            "name": "t.pdf",
            "sha256": uploaded.sha256,
            "size": len(PDF),
        }
    ]
    domain.application_transition(
        application=application, to=Status.CHANGES_REQUESTED, actor=applicant
    )
    uploaded.application.refresh_from_db()
    uploaded.application.reopened_sections = ["degrees"]
    domain.document_remove(document=uploaded, actor=applicant)
    submission.refresh_from_db()
    assert submission.documents[0]["id"] == uploaded.pk
    assert Document.objects.get(pk=uploaded.pk).file.read() == PDF


def test_no_upload_once_submitted(applicant):
    application = domain.application_import(
        applicant=applicant,
        text=(EXAMPLES / "research-faculty-awaiting-review.json").read_bytes(),
        trusted=True,
    )
    degree = Degree.objects.get(application=application)
    domain.document_upload(
        application=application,
        degree=degree,
        upload=SimpleUploadedFile("t.pdf", PDF),
        actor=applicant,
    )
    domain.application_submit(application=application, actor=applicant)
    with pytest.raises(domain.TransitionError):
        domain.document_upload(
            application=application,
            degree=degree,
            upload=SimpleUploadedFile("u.pdf", PDF),
            actor=applicant,
        )
    assert Document.objects.count() == 1


def test_a_new_transcript_from_the_applicant_is_verified_again(
    client, applicant, application, degree
):
    """Security review finding 6: a verified transcript was verified from the documents staff
    saw; a document the applicant uploads after that puts it back to received, with an event."""
    Degree.objects.filter(pk=degree.pk).update(transcript="verified")
    sign_in(client, applicant)
    assert _upload(client, application, degree, "Transcript.pdf", PDF).status_code == 302
    degree.refresh_from_db()
    reset = application.events.get(kind="judgement_reset")
    assert (degree.transcript, reset.data["judgement"], reset.data["fields"]) == (
        "received",
        "transcript verified",
        ["documents"],
    )


# A file that is a valid PDF to a PDF reader and a page with a script to a browser.
POLYGLOT = PDF.replace(b"%%EOF\n", b"<html><script>alert(document.cookie)</script></html>\n%%EOF\n")


def test_a_pdf_html_polyglot_named_html_is_stored_and_served_as_pdf(
    client, applicant, coordinator, application, degree
):
    """Security review finding 15: the uploader's extension is not kept: a PDF named .html is
    stored and downloaded as .pdf, an application/pdf attachment, to its owner and to staff."""
    sign_in(client, applicant)
    assert _upload(client, application, degree, "transcript.html", POLYGLOT).status_code == 302
    document = Document.objects.get()
    assert (document.original_name, document.file.name.rsplit(".", 1)[1]) == (
        "transcript.pdf",
        "pdf",
    )
    downloads = [client.get(f"/applications/{application.pk}/documents/{document.pk}/")]
    sign_in(client, coordinator)
    downloads.append(client.get(f"/staff/applications/{application.pk}/documents/{document.pk}/"))
    assert [(r.status_code, r["Content-Type"], r["Content-Disposition"]) for r in downloads] == [
        (200, "application/pdf", 'attachment; filename="transcript.pdf"')
    ] * 2


def test_a_document_stored_under_another_extension_is_served_as_pdf(
    client, applicant, application, degree
):
    """Security review finding 15: a row stored before the fix (its name written straight into
    the table) is still served under a sanitized .pdf name."""
    sign_in(client, applicant)
    _upload(client, application, degree, "transcript.pdf", PDF)
    Document.objects.update(original_name='../evil".HTML\r\nX-Header: 1')
    document = Document.objects.get()
    response = client.get(f"/applications/{application.pk}/documents/{document.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'


def test_the_documents_of_an_application_are_capped(
    client, applicant, coordinator, application, degree, settings
):
    """Security review finding 15: an application holds at most ENDORSE_DOCUMENT_MAX_PER_APPLICATION
    documents, removed ones included (their files are kept); one more is a form error, for the
    applicant and for staff, and nothing is stored."""
    settings.ENDORSE_DOCUMENT_MAX_PER_APPLICATION = 2
    sign_in(client, applicant)
    for name in ("one.pdf", "two.pdf"):
        assert _upload(client, application, degree, name, PDF).status_code == 302
    first = Document.objects.get(original_name="one.pdf")
    client.post(f"/applications/{application.pk}/documents/{first.pk}/remove/")
    refused = _upload(client, application, degree, "three.pdf", PDF)
    message = (
        "This application already holds 2 documents, the most it may hold (removed ones are "
        "kept on record). Ask the association if another is needed."
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors == {"file": [message]}
    sign_in(client, coordinator)
    by_staff = client.post(
        f"/staff/applications/{application.pk}/degrees/{degree.pk}/upload/",
        {"file": SimpleUploadedFile("official.pdf", PDF, "application/pdf")},
    )
    assert by_staff.status_code == 400
    assert by_staff.context["form"].errors == {"file": [message]}
    assert sorted(Document.objects.values_list("original_name", flat=True)) == [
        "one.pdf",
        "two.pdf",
    ]
