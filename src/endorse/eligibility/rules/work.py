"""Requirement 3, specialized work experience: days covered, per category kind.

Days are the union of the qualifying periods, cut at the evaluation date. Where the kind's rule
is post-graduate (IMHS and the Mentor), days before the graduation date do not count and no
graduation date means not met. IFS adds a second part, the families served; IMHS `2025` adds
internship credit: regular days plus at most a year of internship days not already covered
(RULES-categories.md 4.3, choice K24).
"""

from __future__ import annotations

from datetime import date

from ..calendar import shift_days, union_days
from ..policy import Internship, WorkPart, WorkRule
from ..portfolio import Work
from ..result import MET, NOT_MET, Excluded, Part, Requirement, exclude
from .context import AFTER_EVALUATION_DATE, BAND_MISMATCH, Context, ref, years_text

TITLE = "Specialized work experience"
BEFORE_DEGREE = "before the qualifying degree"


def evaluate_work(ctx: Context) -> Requirement:
    policy = ctx.policy.work_experience
    rule = policy.by_kind[ctx.kind]
    if rule.postgraduate and ctx.graduation_on is None:
        return _no_graduation_date(ctx, rule)

    periods: dict[str, list[tuple[date, date]]] = {part.id: [] for part in rule.parts}
    internship_periods: list[tuple[date, date]] = []
    open_parts: set[str] = set()
    open_internship = False
    families = 0
    counted: list[str] = []
    excluded: list[Excluded] = []
    for index, work in enumerate(ctx.portfolio.work):
        entry = ref(work.id, "work", index)
        reason = _entry_reason(ctx, work)
        if reason is not None:
            excluded.append(exclude(entry, reason))
            continue
        end = _cut(work, ctx.as_of)
        if rule.internship is not None and work.internship:
            reason = _internship_mismatch(ctx, rule.internship, work)
            if reason is not None:
                excluded.append(exclude(entry, reason))
                continue
            internship_periods.append((work.start_on, end))
            open_internship = open_internship or work.end_on is None
            counted.append(entry)
            continue
        start = work.start_on
        if rule.postgraduate:
            assert ctx.graduation_on is not None
            if end < ctx.graduation_on:
                excluded.append(exclude(entry, BEFORE_DEGREE))
                continue
            start = max(start, ctx.graduation_on)
        reasons: list[str] = []
        for part in rule.parts:
            mismatch = _part_mismatch(part, work)
            if mismatch is None:
                periods[part.id].append((start, end))
                if work.end_on is None:
                    open_parts.add(part.id)
            else:
                reasons.append(mismatch)
        if len(reasons) == len(rule.parts):
            excluded.append(exclude(entry, reasons[0]))
        else:
            counted.append(entry)
            if rule.families_min is not None and not _part_mismatch(rule.parts[0], work):
                families += work.families_served or 0

    days_per_year = policy.days_per_year
    details: dict[str, object] = {
        "graduation_on": ctx.graduation_on,
        "days_per_year": days_per_year,
    }
    parts: list[Part] = []
    for part in rule.parts:
        have = union_days(periods[part.id])
        need = part.years * days_per_year
        earliest_on = None
        if rule.internship is not None:
            have, credit, earliest_on = _with_internship(
                rule.internship,
                periods[part.id],
                internship_periods,
                need,
                ctx.as_of,
                regular_open=part.id in open_parts,
                internship_open=open_internship,
            )
            details["internship_days"] = credit
        elif have < need and part.id in open_parts:
            earliest_on = shift_days(ctx.as_of, need - have)
        met = have >= need
        parts.append(
            Part(
                id=part.id,
                label=part.label,
                status=MET if met else NOT_MET,
                have=have,
                need=need,
                unit="days",
                earliest_on=None if met else earliest_on,
            )
        )
    if rule.families_min is not None:
        parts.append(
            Part(
                id="families",
                label="families served",
                status=MET if families >= rule.families_min else NOT_MET,
                have=families,
                need=rule.families_min,
                unit="families",
            )
        )

    unmet = [p for p in parts if p.status == NOT_MET]
    status = NOT_MET if unmet else MET
    earliest_on = None
    if unmet and all(p.earliest_on is not None for p in unmet):
        earliest_on = max(p.earliest_on for p in unmet if p.earliest_on is not None)
    headline = _headline(parts, unmet)
    summary = "; ".join(_part_words(p, days_per_year) for p in parts)
    missing = [_missing_words(p, days_per_year, rule.postgraduate) for p in unmet]
    single_part = len(rule.parts) == 1 and rule.families_min is None
    text = rule.parts[0].clause if single_part else policy.clause
    return Requirement(
        id="work_experience",
        title=TITLE,
        status=status,
        summary=summary[0].upper() + summary[1:],
        clause=ctx.clause("work_experience", text),
        have=headline.have,
        need=headline.need,
        unit=headline.unit,
        earliest_on=earliest_on,
        counted=counted,
        excluded=excluded,
        missing=missing,
        parts=parts,
        details=details,
    )


def _no_graduation_date(ctx: Context, rule: WorkRule) -> Requirement:
    policy = ctx.policy.work_experience
    text = rule.parts[0].clause if len(rule.parts) == 1 else policy.clause
    return Requirement(
        id="work_experience",
        title=TITLE,
        status=NOT_MET,
        summary="Post-graduate experience cannot be counted before a qualifying degree",
        clause=ctx.clause("work_experience", text),
        have=0,
        need=max(part.years for part in rule.parts) * policy.days_per_year,
        unit="days",
        # The date and the age band are named first (RULES-categories.md 2, Exclusion reasons).
        excluded=[
            exclude(
                ref(work.id, "work", index),
                _entry_reason(ctx, work) or "no qualifying degree to count from",
            )
            for index, work in enumerate(ctx.portfolio.work)
        ],
        missing=["Add the degree your post-graduate experience counts from."],
        details={"graduation_on": None, "days_per_year": policy.days_per_year},
    )


def _cut(work: Work, as_of: date) -> date:
    return as_of if work.end_on is None or work.end_on > as_of else work.end_on


def _entry_reason(ctx: Context, work: Work) -> str | None:
    """The reasons that come before every rule of the kind: the date, then the age band."""
    if work.start_on > ctx.as_of:
        return AFTER_EVALUATION_DATE
    if not ctx.matches_band(work.age_bands):
        return BAND_MISMATCH
    return None


def _headline(parts: list[Part], unmet: list[Part]) -> Part:
    """The part whose figures head the requirement: with a families part (IFS), the first unmet
    part; otherwise the unmet part with the most days missing, the first on a tie (choice K43).
    When every part is met, the first."""
    if not unmet:
        return parts[0]
    if any(p.unit != "days" for p in parts):
        return unmet[0]
    return max(unmet, key=lambda p: int(p.need) - int(p.have))


def _part_words(part: Part, days_per_year: int) -> str:
    if part.unit == "families":
        return f"{part.have} of {part.need} families served"
    years = int(part.need) // days_per_year
    return f"{years_text(int(part.have), days_per_year)} of {years} years {part.label}"


def _missing_words(part: Part, days_per_year: int, postgraduate: bool) -> str:
    short = int(part.need) - int(part.have)
    if part.unit == "families":
        return f"{short} more {'family' if short == 1 else 'families'} served in the work counted."
    kind = "post-graduate experience" if postgraduate else "experience"
    return (
        f"{years_text(short, days_per_year, round_up=True)} more years "
        f"({short} days) of {kind} {part.label}."
    )


def _with_internship(
    internship: Internship,
    regular: list[tuple[date, date]],
    internships: list[tuple[date, date]],
    need: int,
    as_of: date,
    *,
    regular_open: bool,
    internship_open: bool,
) -> tuple[int, int, date | None]:
    """(days, internship days credited, earliest_on): |A| + min(cap, |I \\ A|) (choice K24)."""
    regular_days = union_days(regular)
    beyond = union_days(regular + internships) - regular_days
    credit = min(internship.cap_days, beyond)
    have = regular_days + credit
    short = need - have
    earliest_on = None
    if short > 0 and (regular_open or (internship_open and beyond + short <= internship.cap_days)):
        earliest_on = shift_days(as_of, short)
    return have, credit, earliest_on


def _internship_mismatch(ctx: Context, internship: Internship, work: Work) -> str | None:
    if internship.kinds.isdisjoint(work.kinds):
        return "internship not in infant-parent psychotherapy"
    if internship.supervised and not work.supervised:
        return "not supervised"
    if internship.infant_and_parent and not work.infant_and_parent:
        return "not with both the infant/toddler and the parent"
    supervisor = work.internship_supervisor
    if supervisor is None or not supervisor.approved:
        return "internship supervisor not approved"
    accepted = ctx.policy.with_twins(internship.supervisor_endorsements)
    if supervisor.endorsement not in accepted:
        return "internship supervisor's endorsement"
    return None


def _part_mismatch(part: WorkPart, work: Work) -> str | None:
    """Why a work entry does not document `part`, or None when it does."""
    if part.kinds.isdisjoint(work.kinds):
        return f"not {part.label}"
    if part.license_statuses is not None and work.internship:
        return "an internship"
    if part.paid == "paid" and not work.paid:
        return "volunteer work"
    if part.paid == "paid_or_trained_volunteer" and not work.paid:
        if not work.supervised:
            return "volunteer work without supervision"
        if not work.specialized_training:
            return "volunteer work without specialised training"
    if part.supervised and not work.supervised:
        return "not supervised"
    if part.infant_and_parent and not work.infant_and_parent:
        return "not with both the infant/toddler and the parent"
    if part.focus_flags and not work.social_emotional_focus:
        return "not focused on social-emotional development"
    if part.focus_flags and not work.relationship_focus:
        return "not relationship-focused"
    if part.license_statuses is not None and work.license_status not in part.license_statuses:
        return "not licensed or licence-eligible"
    return None
