"""Reads of the exam: what each part came to, and what is passed so far."""

from __future__ import annotations

from collections.abc import Iterable

from endorse.eligibility import load_policy
from endorse.eligibility.policy import ExamPolicy

from .models import ExamCandidate, Part2Mark


def exam_policy(candidate: ExamCandidate) -> ExamPolicy:
    """The exam's numbers under the candidate's application's policy version."""
    return load_policy(candidate.application.policy).exam


def part_results(
    candidate: ExamCandidate, marks: list[Part2Mark] | None = None
) -> dict[int, bool | None]:
    """For each part sat: passed, failed, or None while it is not (fully) scored. Part 2 needs
    two marks that agree; when two disagree, a third exam reviewer's mark decides. `marks`, when
    given, are the candidate's Part 2 marks in their order, read beforehand."""
    results: dict[int, bool | None] = {}
    if candidate.part1:
        score = candidate.part1_score
        results[1] = None if score is None else score >= exam_policy(candidate).part1_pass
    if candidate.part2:
        passed = [m.passed for m in (candidate.marks.all() if marks is None else marks)]
        if len(passed) >= 2 and passed[0] == passed[1]:
            results[2] = passed[0]
        elif len(passed) == 3:
            results[2] = sum(passed) >= 2
        else:
            results[2] = None
    return results


def parts_passed(candidacies: Iterable[ExamCandidate]) -> set[int]:
    return {
        part
        for candidate in candidacies
        if candidate.finalized_at is not None
        for part, ok in part_results(candidate).items()
        if ok
    }


def marks_needed(candidate: ExamCandidate) -> int:
    """How many more Part 2 marks the candidate needs: two, then a third if those disagree."""
    if not candidate.part2:
        return 0
    marks = [m.passed for m in candidate.marks.all()]
    if len(marks) < 2:
        return 2 - len(marks)
    return 1 if len(marks) == 2 and marks[0] != marks[1] else 0
