"""Markers read a candidate's Part 2 responses in the product, still blind (usability findings:
"exam markers see the candidate's Part 2 responses in the product")."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.accounts.roles import Role
from endorse.associations.models import StaffRole
from endorse.exams import domain
from endorse.exams.domain import ExamError
from endorse.exams.models import ExamCandidate

from ..conftest import sign_in

PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"


@pytest.fixture
def candidate(approved, coordinator) -> ExamCandidate:
    sitting = domain.sitting_create(held_on=date(2026, 12, 10), place="Lansing", actor=coordinator)
    return domain.candidate_register(application=approved, sitting=sitting, actor=coordinator)


def _upload(client, candidate, content=PDF):
    return client.post(
        f"/staff/exams/candidates/{candidate.pk}/part2/",
        {"file": SimpleUploadedFile("Ada Applicant part 2.pdf", content)},
    )


def test_the_coordinator_uploads_responses_and_a_marker_reads_them_by_code_only(
    client, coordinator, exam_reviewers, candidate
):
    sign_in(client, coordinator)
    _upload(client, candidate)
    client.logout()
    sign_in(client, exam_reviewers[0])

    page = client.get(f"/staff/exams/marking/{candidate.pk}/").content.decode()
    download = client.get(f"/staff/exams/marking/{candidate.pk}/responses/")

    assert f"Read the Part 2 responses of {candidate.code} (PDF)" in page
    assert download.status_code == 200
    assert download["Content-Disposition"] == (f'attachment; filename="part2-{candidate.code}.pdf"')
    assert b"".join(download.streaming_content) == PDF
    assert candidate.application.applicant.name not in page


def test_a_reviewer_of_the_application_cannot_read_its_responses(
    client, coordinator, reviewers, exam_reviewers, candidate
):
    """A person who reviewed the application would know whose responses they are."""
    sign_in(client, coordinator)
    _upload(client, candidate)
    client.logout()
    reviewer = reviewers[0]
    StaffRole.objects.create(person=reviewer, role=Role.EXAM_REVIEWER)
    sign_in(client, reviewer)

    assert client.get(f"/staff/exams/marking/{candidate.pk}/responses/").status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_stored(client, coordinator, candidate):
    sign_in(client, coordinator)

    response = _upload(client, candidate, content=b"hello")

    assert response.status_code == 302
    assert not hasattr(ExamCandidate.objects.get(pk=candidate.pk), "part2_response")


def test_responses_already_marked_are_not_replaced(coordinator, exam_reviewers, candidate):
    upload = SimpleUploadedFile("p.pdf", PDF)
    domain.part2_response_upload(candidate=candidate, upload=upload, actor=coordinator)
    domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=exam_reviewers[0])

    with pytest.raises(ExamError, match="already marked"):
        domain.part2_response_upload(
            candidate=candidate, upload=SimpleUploadedFile("p.pdf", PDF), actor=coordinator
        )
