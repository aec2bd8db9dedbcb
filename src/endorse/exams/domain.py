"""Writes of the exam: sittings, registering candidates, Part 1 scores, blind Part 2 marks, the
result and its letter (held for release)."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from endorse.accounts.models import User
from endorse.accounts.roles import Role, has_role
from endorse.applications.domain import DocumentError, TransitionError, pdf_digest, record_event
from endorse.applications.enums import EventKind, Status
from endorse.applications.models import Application
from endorse.eligibility import load_policy
from endorse.eligibility.calendar import add_years
from endorse.notifications.domain import message_queue

from .models import RESULT_LETTER, ExamCandidate, ExamSitting, Part2Mark, Part2Response
from .queries import exam_policy, marks_needed, part_results, parts_passed


class ExamError(TransitionError):
    """An exam step the rules do not allow, in words for the coordinator."""


def sitting_create(*, held_on: date, place: str, actor: User) -> ExamSitting:
    if not place.strip():
        raise ExamError("say where the exam is held")
    return ExamSitting.objects.create(held_on=held_on, place=place.strip())


def candidate_register(
    *, application: Application, sitting: ExamSitting, actor: User
) -> ExamCandidate:
    """Register an approved applicant for a sitting: within a year of the approval, and for a
    retake only the failed part, at least a year after the sitting it was failed at."""
    if application.status != Status.APPROVED_FOR_EXAM or application.approved_on is None:
        raise ExamError("only an application approved to sit the exam can be registered")
    earlier = list(
        ExamCandidate.objects.filter(application=application)
        .select_related("sitting", "application")
        .prefetch_related("marks")
    )
    # The year's validity is for the first sitting; a retake cannot fall inside it (it waits a
    # year), so it is governed by the retake rule alone (docs/interpretations.md).
    valid_until = add_years(application.approved_on, 1)
    if not earlier and sitting.held_on > valid_until:
        raise ExamError(f"the approval to sit is valid until {valid_until:%-d %B %Y}")
    if any(c.finalized_at is None for c in earlier):
        raise ExamError("the last sitting's result is not final yet")
    passed = parts_passed(earlier)
    if passed == {1, 2}:
        raise ExamError("both parts are already passed")
    for candidate in earlier:
        failed = {p for p, ok in part_results(candidate).items() if ok is False}
        if failed - passed and sitting.held_on < add_years(candidate.sitting.held_on, 1):
            raise ExamError(
                "a failed part may be retaken one year after "
                f"{candidate.sitting.held_on:%-d %B %Y} at the earliest"
            )
    with transaction.atomic():
        candidate = ExamCandidate.objects.create(
            sitting=sitting,
            application=application,
            code=f"C-{secrets.token_hex(3).upper()}",
            part1=1 not in passed,
            part2=2 not in passed,
        )
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.EXAM_REGISTERED,
            sitting=sitting.pk,
            parts=[p for p in (1, 2) if p not in passed],
        )
    return candidate


def part1_record(*, candidate: ExamCandidate, score: int, actor: User) -> ExamCandidate:
    if not candidate.part1:
        raise ExamError("this candidate does not sit Part 1")
    if candidate.finalized_at is not None:
        raise ExamError("this result is final")
    exam = exam_policy(candidate)
    if not 0 <= score <= exam.part1_questions:
        raise ExamError(f"a Part 1 score is between 0 and {exam.part1_questions}")
    with transaction.atomic():
        candidate.part1_score = score
        candidate.save(update_fields=["part1_score"])
        record_event(
            application=candidate.application,
            actor=actor,
            kind=EventKind.EXAM_PART1_SCORED,
            candidate=candidate.code,
            score=score,
            passed=score >= exam.part1_pass,
        )
    return candidate


def part2_mark(*, candidate: ExamCandidate, passed: bool, feedback: str, actor: User) -> Part2Mark:
    """An exam reviewer's pass/fail for Part 2; they know the candidate only by the code."""
    if not has_role(actor, Role.EXAM_REVIEWER):
        raise ExamError("only exam reviewers mark Part 2")
    if not candidate.part2:
        raise ExamError("this candidate does not sit Part 2")
    if candidate.finalized_at is not None:
        raise ExamError("this result is final")
    if candidate.application.assignments.filter(reviewer=actor).exists():
        # A reviewer of the application knows whose exam it is: the marking would not be blind.
        raise ExamError(
            "you reviewed this candidate's application, so another exam reviewer marks it"
        )
    with transaction.atomic():
        if Part2Mark.objects.filter(candidate=candidate, marker=actor).exists():
            raise ExamError("you have already marked this candidate")
        if marks_needed(candidate) == 0:
            raise ExamError("this candidate's Part 2 needs no more marks")
        mark = Part2Mark.objects.create(
            candidate=candidate,
            marker=actor,
            passed=passed,
            feedback=feedback.strip(),
            marked_at=timezone.now(),
        )
        record_event(
            application=candidate.application,
            actor=actor,
            kind=EventKind.EXAM_PART2_MARKED,
            candidate=candidate.code,
            passed=passed,
        )
    return mark


def part2_response_upload(
    *, candidate: ExamCandidate, upload: UploadedFile[bytes], actor: User
) -> Part2Response:
    """Store the candidate's written Part 2 responses (one PDF) for the markers, replacing an
    earlier upload until a mark is given (the replaced file is deleted once the replacement is
    committed); the event names the candidate's code only."""
    if not candidate.part2:
        raise ExamError("this candidate does not sit Part 2")
    if candidate.finalized_at is not None:
        raise ExamError("this result is final")
    try:
        digest = pdf_digest(upload, what="the Part 2 responses")
    except DocumentError as error:
        raise ExamError(str(error).rstrip(".")) from None
    with transaction.atomic():
        if Part2Mark.objects.filter(candidate=candidate).exists():
            raise ExamError("a marker has already marked these responses; they stay as marked")
        replaced = Part2Response.objects.filter(candidate=candidate).first()
        if replaced is not None:
            replaced.delete()
            transaction.on_commit(lambda: replaced.file.delete(save=False))
        response = Part2Response(
            candidate=candidate,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        response.file.save("part2.pdf", upload, save=False)
        response.save()
        record_event(
            application=candidate.application,
            actor=actor,
            kind=EventKind.DOCUMENT_UPLOADED,
            document="exam Part 2 responses",
            candidate=candidate.code,
        )
    return response


def result_finalize(*, candidate: ExamCandidate, actor: User) -> ExamCandidate:
    """Close the candidate's sitting: every part they sat is scored (Part 2 by two exam reviewers
    who agree). The application's exam result follows, and the result letter, with the exam
    reviewers' feedback, is composed and held for release."""
    results = part_results(candidate)
    if any(ok is None for ok in results.values()):
        raise ExamError(
            "every part sat must be scored (Part 2 by two exam reviewers who agree, or a third)"
        )
    with transaction.atomic():
        candidate.finalized_at = timezone.now()
        candidate.save(update_fields=["finalized_at"])
        application = candidate.application
        history = list(
            ExamCandidate.objects.filter(application=application)
            .select_related("application")
            .prefetch_related("marks")
        )
        passed_all = parts_passed(history) == {1, 2}
        application.exam_result = "passed" if passed_all else "failed"
        application.exam_taken_on = candidate.sitting.held_on
        # A candidate sits the exam of their category's age band (RULES-categories.md 4.9).
        application.exam_age_band = (
            load_policy(application.policy).category(application.category).band
        )
        application.save(
            update_fields=["exam_result", "exam_taken_on", "exam_age_band", "updated_at"]
        )
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.EXAM_RESULT,
            candidate=candidate.code,
            parts={str(p): ok for p, ok in results.items()},
            result=application.exam_result,
        )
        applicant = application.applicant
        message_queue(
            recipient=applicant.email,
            template=RESULT_LETTER,
            context={
                "applicant_name": applicant.name or applicant.email,
                "held_on": f"{candidate.sitting.held_on:%-d %B %Y}",
                "part1": results.get(1, None),
                "part1_score": candidate.part1_score,
                "part2": results.get(2, None),
                "feedback": [m.feedback for m in candidate.marks.all() if m.feedback],
                "passed": passed_all,
            },
            idempotency_key=f"exam-result:{candidate.pk}",
            application=application,
            hold=True,
        )
    return candidate
