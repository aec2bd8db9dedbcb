"""Submitting: only when nothing the applicant must supply is missing; a frozen snapshot; an email."""

from pathlib import Path

import pytest
from django.core import mail

from endorse.applications import domain
from endorse.applications.enums import Status
from endorse.applications.models import Submission, Training
from endorse.applications.queries import applications_with_evidence, submission_blockers

from ..conftest import sign_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _import(applicant, name, trusted=True):
    return domain.application_import(
        applicant=applicant, text=(EXAMPLES / f"{name}.json").read_bytes(), trusted=trusted
    )


def _blockers(application):
    from django.utils import timezone

    return submission_blockers(
        applications_with_evidence().get(pk=application.pk), today=timezone.localdate()
    )


def test_in_progress_application_lists_what_the_applicant_must_still_supply(applicant):
    application = _import(applicant, "clinical-in-progress")
    # The unapproved RS/C provider and the claimed rater endorsement are staff's to judge and do
    # not block; hours, referees, the signature and evidence for two domains are the applicant's.
    assert _blockers(application) == [
        "In-service training",
        "Specialized work experience",
        "Leadership activities",
        "Reflective supervision/consultation",
        "Reference ratings",
        "Code of Ethics and Endorsement Agreement",
        "Documentation of competencies",
    ]
    with pytest.raises(domain.NotReadyError) as caught:
        domain.application_submit(application=application, actor=applicant)
    assert caught.value.missing[0] == "In-service training"
    application.refresh_from_db()
    assert (application.status, Submission.objects.count()) == (Status.DRAFT, 0)


def test_waiting_for_staff_does_not_block(applicant):
    """Transcript received, rater endorsement claimed, review not yet done: ready to submit."""
    application = _import(applicant, "research-faculty-awaiting-review")
    assert _blockers(application) == []


def test_missing_transcript_is_the_applicants_to_send(applicant):
    application = _import(applicant, "research-faculty-awaiting-review")
    application.degrees.update(transcript="missing")
    assert _blockers(application) == ["Education"]


def test_submit_freezes_a_snapshot_moves_status_and_emails_after_commit(
    applicant, django_capture_on_commit_callbacks
):
    application = _import(applicant, "research-faculty-awaiting-review")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission = domain.application_submit(application=application, actor=applicant)
    application.refresh_from_db()
    assert (application.status, submission.number, len(callbacks)) == (Status.SUBMITTED, 1, 1)
    assert submission.portfolio["category"] == "mentor-research-faculty"
    assert submission.verdict["overall"] == "awaiting_review"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([applicant.email], "[Endorse] Your application is submitted")
    ]
    assert "kept exactly as it is now" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"
    assert list(application.events.values_list("kind", flat=True)) == ["imported", "status"]


def test_no_email_when_the_submission_rolls_back(applicant, django_capture_on_commit_callbacks):
    application = _import(applicant, "clinical-in-progress")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(domain.NotReadyError),
    ):
        domain.application_submit(application=application, actor=applicant)
    assert (callbacks, mail.outbox) == ([], [])


def test_later_edits_never_change_the_submitted_snapshot(applicant):
    application = _import(applicant, "research-faculty-awaiting-review")
    submission = domain.application_submit(application=application, actor=applicant)
    frozen = (submission.portfolio, submission.verdict)
    # Staff ask for changes; the applicant edits a training.
    domain.application_transition(
        application=application, to=Status.CHANGES_REQUESTED, actor=applicant
    )
    application.reopened_sections = ["trainings"]
    training = Training.objects.filter(application=application).first()
    training.hours = 99
    domain.evidence_save(application=application, entry=training, actor=applicant)
    submission.refresh_from_db()
    assert (submission.portfolio, submission.verdict) == frozen
    # Resubmitting adds a second snapshot.
    second = domain.application_submit(application=application, actor=applicant)
    assert second.number == 2
    assert second.portfolio != submission.portfolio


def test_submitting_twice_is_refused(applicant):
    application = _import(applicant, "research-faculty-awaiting-review")
    domain.application_submit(application=application, actor=applicant)
    with pytest.raises(domain.TransitionError):
        domain.application_submit(application=application, actor=applicant)
    assert Submission.objects.count() == 1


def test_submit_through_the_pages(client, applicant):
    application = _import(applicant, "research-faculty-awaiting-review")
    sign_in(client, applicant)
    workspace = client.get(f"/applications/{application.pk}/")
    assert "Ready to submit" in workspace.text
    assert client.get(f"/applications/{application.pk}/submit/").status_code == 200
    response = client.post(
        f"/applications/{application.pk}/submit/", {"declared": "on"}, follow=True
    )
    assert "Application submitted" in response.text
    workspace = client.get(f"/applications/{application.pk}/")
    assert "Status: <strong>Submitted</strong>" in workspace.text
    assert "Add a training" not in workspace.text


def test_submit_page_lists_what_is_missing(client, applicant):
    application = _import(applicant, "clinical-in-progress")
    sign_in(client, applicant)
    response = client.post(f"/applications/{application.pk}/submit/", {"declared": "on"})
    assert response.status_code == 400
    assert (
        f'<li><a href="/applications/{application.pk}/#section-references">Reference ratings</a></li>'
        in response.text
    )
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_someone_elses_application_cannot_be_submitted(client, applicant, other_applicant):
    application = _import(applicant, "research-faculty-awaiting-review")
    sign_in(client, other_applicant)
    assert client.post(f"/applications/{application.pk}/submit/").status_code == 404
    application.refresh_from_db()
    assert application.status == Status.DRAFT
