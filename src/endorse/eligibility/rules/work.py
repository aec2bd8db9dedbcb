"""Requirement 3, specialized work experience: post-graduate days covered, per designation."""

from __future__ import annotations

from datetime import date

from ..calendar import shift_days, union_days
from ..policy import WorkPart
from ..result import MET, NOT_MET, Excluded, Part, Requirement, exclude
from .context import AFTER_EVALUATION_DATE, Context, ref, years_text

TITLE = "Specialized work experience"


def evaluate_work(ctx: Context) -> Requirement:
    policy = ctx.policy.work_experience
    parts_policy = policy.by_designation[ctx.designation]
    as_of, graduation_on = ctx.as_of, ctx.graduation_on
    if graduation_on is None:
        return Requirement(
            id="work_experience",
            title=TITLE,
            status=NOT_MET,
            summary="Post-graduate experience cannot be counted before a qualifying degree",
            clause=policy.clause,
            have=0,
            need=max(part.years for part in parts_policy) * policy.days_per_year,
            unit="days",
            excluded=[
                exclude(ref(work.id, "work", index), "no qualifying degree to count from")
                for index, work in enumerate(ctx.portfolio.work)
            ],
            missing=["Add the degree your post-graduate experience counts from."],
            details={"graduation_on": None, "days_per_year": policy.days_per_year},
        )

    periods: dict[str, list[tuple[date, date]]] = {part.id: [] for part in parts_policy}
    open_parts: set[str] = set()
    counted: list[str] = []
    excluded: list[Excluded] = []
    for index, work in enumerate(ctx.portfolio.work):
        entry = ref(work.id, "work", index)
        if work.start_on > as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
            continue
        end = as_of if work.end_on is None or work.end_on > as_of else work.end_on
        if end < graduation_on:
            excluded.append(exclude(entry, "before the qualifying degree"))
            continue
        start = max(work.start_on, graduation_on)
        reasons: list[str] = []
        for part in parts_policy:
            reason = _part_mismatch(part, work.kinds, work.supervised, work.infant_and_parent)
            if reason is None:
                periods[part.id].append((start, end))
                if work.end_on is None:
                    open_parts.add(part.id)
            else:
                reasons.append(reason)
        if len(reasons) == len(parts_policy):
            excluded.append(exclude(entry, reasons[0]))
        else:
            counted.append(entry)

    parts: list[Part] = []
    for part in parts_policy:
        have = union_days(periods[part.id])
        need = part.years * policy.days_per_year
        met = have >= need
        parts.append(
            Part(
                id=part.id,
                label=part.label,
                status=MET if met else NOT_MET,
                have=have,
                need=need,
                unit="days",
                earliest_on=None
                if met or part.id not in open_parts
                else shift_days(as_of, need - have),
            )
        )
    # The headline numbers are those of the part furthest from met (most days missing; first on a tie).
    furthest = max(parts, key=lambda p: int(p.need) - int(p.have))
    status = MET if all(p.status == MET for p in parts) else NOT_MET
    unmet = [p for p in parts if p.status == NOT_MET]
    earliest_on = None
    if unmet and all(p.earliest_on is not None for p in unmet):
        earliest_on = max(p.earliest_on for p in unmet if p.earliest_on is not None)
    days_per_year = policy.days_per_year
    summary = "; ".join(
        f"{years_text(int(p.have), days_per_year)} of {int(p.need) // days_per_year} years {p.label}"
        for p in parts
    )
    missing = [
        f"{years_text(int(p.need) - int(p.have), days_per_year, round_up=True)} more years "
        f"({int(p.need) - int(p.have)} days) of post-graduate experience {p.label}."
        for p in unmet
    ]
    return Requirement(
        id="work_experience",
        title=TITLE,
        status=status,
        summary=summary[0].upper() + summary[1:],
        clause=policy.clause if len(parts) > 1 else parts_policy[0].clause,
        have=furthest.have,
        need=furthest.need,
        unit="days",
        earliest_on=earliest_on,
        counted=counted,
        excluded=excluded,
        missing=missing,
        parts=parts,
        details={"graduation_on": graduation_on, "days_per_year": days_per_year},
    )


def _part_mismatch(
    part: WorkPart, kinds: tuple[str, ...], supervised: bool, infant_and_parent: bool
) -> str | None:
    """Why a work entry does not document `part`, or None when it does."""
    if part.kinds.isdisjoint(kinds):
        return f"not {part.label}"
    if part.supervised and not supervised:
        return "not supervised"
    if part.infant_and_parent and not infant_and_parent:
        return "not with both the infant/toddler and the parent"
    return None
