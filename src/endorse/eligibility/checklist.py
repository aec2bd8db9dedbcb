"""A result as a plain-text checklist, for the terminal."""

from __future__ import annotations

from .result import Requirement, Result, number
from .rules.context import day_text

STATUS_WORDS = {
    "met": "met",
    "not_met": "not met",
    "pending": "pending",
    "not_required": "not required",
}
OVERALL_WORDS = {
    "incomplete": "Incomplete: some requirements are not met yet",
    "awaiting_review": "Awaiting review: the applicant's part is done; staff or reviewers must act",
    "ready_for_exam": "Ready for the written examination",
    "endorsable": "Endorsable: every requirement is met",
}


def render_checklist(result: Result) -> str:
    """The result as lines a person reads: each requirement, its numbers, what is missing, when."""
    lines = [
        f"{result.category_title}",
        f"Policy {result.policy}, evaluated as of {day_text(result.as_of)}",
        "",
        f"Overall: {OVERALL_WORDS[result.overall]}",
        "",
    ]
    width = max(len(word) for word in STATUS_WORDS.values()) + 2
    for requirement in result.requirements:
        mark = f"[{STATUS_WORDS[requirement.status]}]".ljust(width + 1)
        lines.append(f"{mark} {requirement.title}: {requirement.summary}")
        lines.extend(f"{' ' * (width + 2)}{line}" for line in _detail_lines(requirement))
    return "\n".join(lines) + "\n"


def _detail_lines(requirement: Requirement) -> list[str]:
    lines: list[str] = []
    for part in requirement.parts:
        status = STATUS_WORDS[part.status]
        lines.append(
            f"- {part.label}: {number(part.have)} of {number(part.need)} {part.unit} ({status})"
        )
    for item in requirement.missing:
        lines.append(f"missing: {item}")
    if requirement.earliest_on:
        lines.append(f"could be met on {day_text(requirement.earliest_on)} if it continues")
    for excluded in requirement.excluded:
        lines.append(f"not counted: {excluded.id} ({excluded.reason})")
    return lines
