"""A `Result` shaped for templates: words for statuses, progress figures, dates as people write them.

Every screen that shows a checklist (the self-check page now; the applicant's workspace and the
reviewer's screen later) renders this, so they all say the same thing about the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from endorse.eligibility import Requirement, Result
from endorse.eligibility.calendar import span_end
from endorse.eligibility.checklist import OVERALL_WORDS
from endorse.eligibility.rules.context import day_text, hours_text, years_text

STATUS = {
    "met": ("Met", "met"),
    "not_met": ("Not met", "not-met"),
    "pending": ("Pending", "pending"),
    "not_required": ("Not required", "not-required"),
}


# Figures worth a progress bar; "1 of 1 activities" is not.
PROGRESS_UNITS = frozenset({"hours", "days", "ratings", "domains"})


@dataclass(frozen=True, slots=True)
class Progress:
    label: str
    have: str
    need: str
    unit: str
    value: int
    maximum: int
    status_label: str = ""


@dataclass(frozen=True, slots=True)
class RequirementView:
    id: str
    title: str
    status: str
    status_label: str
    css: str
    summary: str
    clause: str
    progress: Progress | None
    parts: list[Progress]
    missing: list[str]
    earliest_on: str | None
    counted: list[str]
    excluded: list[tuple[str, str]]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def clause_text(self) -> str:
        """The clause without the policy version's name in front ("seed: Education" →
        "Education"): the part of the published requirements it comes from, in plain words."""
        _, colon, rest = self.clause.partition(": ")
        return rest if colon else self.clause


@dataclass(frozen=True, slots=True)
class ResultView:
    category_title: str
    policy: str
    as_of: str
    overall: str
    overall_text: str
    counts: dict[str, int]
    requirements: list[RequirementView]
    data: dict[str, Any]


def _figures(
    have: Decimal | int, need: Decimal | int, unit: str, days_per_year: int | None
) -> tuple[str, str, str]:
    if unit == "days" and days_per_year:
        return years_text(int(have), days_per_year), str(int(need) // days_per_year), "years"
    return hours_text(have), hours_text(need), unit


def _progress(
    label: str,
    have: Decimal | int,
    need: Decimal | int,
    unit: str,
    days_per_year: int | None,
    status: str = "",
) -> Progress:
    have_text, need_text, unit_text = _figures(have, need, unit, days_per_year)
    maximum = max(int(need), 1)
    value = min(int(have), maximum)
    return Progress(
        label, have_text, need_text, unit_text, value, maximum, STATUS[status][0] if status else ""
    )


def _years(count: int) -> str:
    return f"{count} year" if count == 1 else f"{count} years"


def _timeline(start: date, end: date, requirement: Requirement) -> dict[str, Any]:
    """Positions (percent of the longest window the policy allows, from the window's start) for the
    RS/C timeline, with the policy's shortest and longest spans marked."""
    min_years, max_years = requirement.details["min_years"], requirement.details["max_years"]
    longest = span_end(start, max_years)
    shortest = span_end(start, min_years)
    total = (longest - start).days + 1

    def percent(day: date) -> float:
        return round(min(100.0, ((day - start).days + 1) * 100 / total), 2)

    label = (
        f"RS/C window from {day_text(start)} to {day_text(end)}; {_years(min_years)} is reached on "
        f"{day_text(shortest)}; it may last at most {_years(max_years)}, to {day_text(longest)}"
    )
    return {
        "covered": percent(end),
        "shortest": percent(shortest),
        "label": label,
        "shortest_text": f"{_years(min_years)} on {day_text(shortest)}",
        "longest_text": f"at most {_years(max_years)}, to {day_text(longest)}",
        "hours": hours_text(requirement.have or 0),
    }


def present_requirement(
    requirement: Requirement, names: dict[str, str] | None = None
) -> RequirementView:
    """`names` (entry id → the entry's name) puts names in place of entry ids (`t33`)."""
    names = names or {}

    def named(entry_id: str | None) -> str | None:
        return names.get(entry_id, entry_id) if entry_id is not None else None

    label, css = STATUS[requirement.status]
    days_per_year: int | None = requirement.details.get("days_per_year")
    progress = None
    if (
        requirement.have is not None
        and requirement.need is not None
        and requirement.unit in PROGRESS_UNITS
        and not requirement.parts
    ):
        progress = _progress(
            requirement.title, requirement.have, requirement.need, requirement.unit, days_per_year
        )
    extra: dict[str, Any] = {}
    window = requirement.details.get("window")
    if window:
        extra["window"] = f"{day_text(window['start_on'])} to {day_text(window['end_on'])}"
        extra["timeline"] = _timeline(window["start_on"], window["end_on"], requirement)
    if "coverage" in requirement.details:
        extra["coverage"] = [
            c | {"entries": [named(e) for e in c["entries"]]}
            for c in requirement.details["coverage"]
        ]
    if "slots" in requirement.details:
        extra["slots"] = [
            s | {"filled_by": named(s["filled_by"])} for s in requirement.details["slots"]
        ]
    earliest: date | None = requirement.earliest_on
    return RequirementView(
        id=requirement.id,
        title=requirement.title,
        status=requirement.status,
        status_label=label,
        css=css,
        summary=requirement.summary,
        clause=requirement.clause,
        progress=progress,
        parts=[
            _progress(p.label, p.have, p.need, p.unit, days_per_year, p.status)
            for p in requirement.parts
        ],
        missing=requirement.missing,
        earliest_on=day_text(earliest) if earliest else None,
        counted=[names.get(e, e) for e in requirement.counted],
        excluded=[(names.get(e.id, e.id), e.reason) for e in requirement.excluded],
        extra=extra,
    )


def present_result(result: Result, names: dict[str, str] | None = None) -> ResultView:
    """The verdict for a template; `names` (entry id → name) shows entries by name."""
    counts = dict.fromkeys(STATUS, 0)
    for requirement in result.requirements:
        counts[requirement.status] += 1
    return ResultView(
        category_title=result.category_title,
        policy=result.policy,
        as_of=day_text(result.as_of),
        overall=result.overall,
        overall_text=OVERALL_WORDS[result.overall],
        counts=counts,
        requirements=[present_requirement(r, names) for r in result.requirements],
        data=result.to_data(),
    )
