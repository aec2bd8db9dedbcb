"""The written exam (PROCESS.md 5, RULES.md 9): approval valid a year, Part 1 pass at 48 of 60,
Part 2 marked blind by two exam reviewers, a retake of the failed part only after a year."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from endorse.accounts.roles import Role
from endorse.applications.enums import Status
from endorse.applications.queries import applications_with_evidence, verdict_for
from endorse.associations.models import StaffRole
from endorse.exams import domain
from endorse.exams.domain import ExamError
from endorse.exams.models import ExamCandidate
from endorse.exams.queries import part_results
from endorse.notifications.models import MessageStatus, OutboxMessage
from endorse.review.domain import letter_release

from ..conftest import make_staff, sign_in


def _sitting(coordinator, days=30):
    return domain.sitting_create(
        held_on=timezone.localdate() + timedelta(days=days), place="Lansing", actor=coordinator
    )


def _sit(application, coordinator, exam_reviewers, *, score, part2, days=30):
    candidate = domain.candidate_register(
        application=application, sitting=_sitting(coordinator, days), actor=coordinator
    )
    if candidate.part1:
        domain.part1_record(candidate=candidate, score=score, actor=coordinator)
    if candidate.part2:
        for marker in exam_reviewers[:2]:
            domain.part2_mark(candidate=candidate, passed=part2, feedback="", actor=marker)
    return domain.result_finalize(candidate=candidate, actor=coordinator)


def test_exam_only_an_approved_application_can_be_registered(submitted, coordinator):
    with pytest.raises(ExamError, match="approved to sit"):
        domain.candidate_register(
            application=submitted, sitting=_sitting(coordinator), actor=coordinator
        )


def test_exam_approval_to_sit_is_valid_one_year(approved, coordinator):
    late = _sitting(coordinator, days=367)
    with pytest.raises(ExamError, match="valid until"):
        domain.candidate_register(application=approved, sitting=late, actor=coordinator)
    on_time = _sitting(coordinator, days=365)
    assert domain.candidate_register(application=approved, sitting=on_time, actor=coordinator)


@pytest.mark.parametrize(("score", "passed"), [(47, False), (48, True), (60, True), (0, False)])
def test_exam_part1_passes_at_48_of_60(approved, coordinator, score, passed):
    candidate = domain.candidate_register(
        application=approved, sitting=_sitting(coordinator), actor=coordinator
    )
    domain.part1_record(candidate=candidate, score=score, actor=coordinator)
    assert part_results(candidate)[1] is passed


def test_exam_part1_scores_outside_0_to_60_are_refused(approved, coordinator):
    candidate = domain.candidate_register(
        application=approved, sitting=_sitting(coordinator), actor=coordinator
    )
    with pytest.raises(ExamError, match="between 0 and 60"):
        domain.part1_record(candidate=candidate, score=61, actor=coordinator)


def test_exam_part2_needs_two_agreeing_marks_or_a_third(approved, coordinator, exam_reviewers):
    candidate = domain.candidate_register(
        application=approved, sitting=_sitting(coordinator), actor=coordinator
    )
    first, second, third = exam_reviewers
    domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=first)
    with pytest.raises(ExamError, match="already marked"):
        domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=first)
    domain.part2_mark(candidate=candidate, passed=False, feedback="", actor=second)
    candidate = ExamCandidate.objects.get(pk=candidate.pk)
    assert part_results(candidate)[2] is None
    domain.part2_mark(candidate=candidate, passed=True, feedback="Clear vignettes", actor=third)
    candidate = ExamCandidate.objects.get(pk=candidate.pk)
    assert part_results(candidate)[2] is True
    fourth = make_staff("examiner4@example.org", "Examiner 4", Role.EXAM_REVIEWER)
    with pytest.raises(ExamError, match="needs no more marks"):
        domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=fourth)
    with pytest.raises(ExamError, match="only exam reviewers"):
        domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=coordinator)


def test_exam_passed_makes_the_application_endorsable_and_the_letter_waits(
    approved, coordinator, exam_reviewers, deliver
):
    deliver()
    _sit(approved, coordinator, exam_reviewers, score=50, part2=True)
    approved.refresh_from_db()
    assert approved.exam_result == "passed"
    verdict = verdict_for(
        applications_with_evidence().get(pk=approved.pk),
        today=timezone.localdate() + timedelta(days=31),
    )
    assert verdict.overall == "endorsable"
    assert deliver() == []  # the result letter is held for release
    assert approved.events.last().kind == "exam_result"
    letter = OutboxMessage.objects.get(
        application=approved, status=MessageStatus.HELD, template="exams/email/result"
    )
    letter_release(message=letter, actor=coordinator)
    [sent] = deliver()
    assert sent.to == [approved.applicant.email]
    released = approved.events.last()
    assert (released.kind, released.actor, released.data) == (
        "letter_released",
        coordinator,
        {"message": letter.pk},
    )


def test_exam_a_retake_covers_only_the_failed_part_and_not_before_a_year(
    approved, coordinator, exam_reviewers
):
    _sit(approved, coordinator, exam_reviewers, score=55, part2=False, days=10)
    approved.refresh_from_db()
    assert approved.exam_result == "failed"
    too_soon = _sitting(coordinator, days=300)
    with pytest.raises(ExamError, match="one year after"):
        domain.candidate_register(application=approved, sitting=too_soon, actor=coordinator)
    retake = domain.candidate_register(
        application=approved, sitting=_sitting(coordinator, days=376), actor=coordinator
    )
    assert (retake.part1, retake.part2) == (False, True)


def test_exam_reviewers_never_see_a_candidates_name(client, approved, coordinator, exam_reviewers):
    candidate = domain.candidate_register(
        application=approved, sitting=_sitting(coordinator), actor=coordinator
    )
    sign_in(client, exam_reviewers[0])
    pages = [
        client.get("/staff/exams/marking/"),
        client.get(f"/staff/exams/marking/{candidate.pk}/"),
    ]
    posted = client.post(
        f"/staff/exams/marking/{candidate.pk}/", {"passed": "yes", "feedback": "Good"}, follow=True
    )
    applicant = approved.applicant
    texts = [p.content.decode() for p in (*pages, posted)]
    assert [p.status_code for p in (*pages, posted)] == [200, 200, 200]
    assert candidate.code in texts[0]
    assert [t for t in texts if applicant.name in t or applicant.email in t] == []
    assert approved.status == Status.APPROVED_FOR_EXAM


def test_exam_a_reviewer_of_the_application_is_not_offered_it_to_mark(
    client, approved, coordinator, reviewers
):
    """Conflict of interest: whoever reviewed the application knows whose exam it is."""
    StaffRole.objects.create(person=reviewers[0], role=Role.EXAM_REVIEWER)
    reviewer = type(reviewers[0]).objects.get(pk=reviewers[0].pk)  # roles read afresh
    candidate = domain.candidate_register(
        application=approved, sitting=_sitting(coordinator), actor=coordinator
    )
    sign_in(client, reviewer)

    page = client.get("/staff/exams/marking/").content.decode()

    assert candidate.code not in page
    with pytest.raises(ExamError, match="you reviewed this candidate's application"):
        domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=reviewer)
