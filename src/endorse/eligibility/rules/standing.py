"""Requirements 4, 7, 9 and 10: leadership activities, ethics, the exam, membership."""

from __future__ import annotations

from ..calendar import is_less_than_a_year_old
from ..result import MET, NOT_MET, Excluded, Requirement, exclude
from .context import AFTER_EVALUATION_DATE, Context, day_text, ref


def evaluate_leadership(ctx: Context) -> Requirement:
    policy = ctx.policy.leadership
    designation_name = ctx.policy.designations[ctx.designation]
    min_level = policy.min_level[ctx.designation]
    min_rank = policy.levels.index(min_level)
    counted: list[str] = []
    excluded: list[Excluded] = []
    for index, activity in enumerate(ctx.portfolio.leadership):
        entry = ref(activity.id, "leadership", index)
        if activity.start_on > ctx.as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
        elif activity.designation != ctx.designation:
            other = ctx.policy.designations.get(activity.designation, activity.designation)
            excluded.append(exclude(entry, f"a {other} activity, not {designation_name}"))
        elif policy.levels.index(activity.level) < min_rank:
            excluded.append(
                exclude(
                    entry,
                    f"{activity.level} level; {designation_name} needs {min_level} level or wider",
                )
            )
        else:
            counted.append(entry)
    met = bool(counted)
    level_words = "" if min_rank == 0 else f" at the {min_level} level or wider"
    if met:
        summary = f"{len(counted)} {designation_name} leadership {'activity' if len(counted) == 1 else 'activities'}"
    else:
        summary = f"No {designation_name} leadership activity{level_words} yet"
    return Requirement(
        id="leadership",
        title="Leadership activities",
        status=MET if met else NOT_MET,
        summary=summary,
        clause=policy.clause,
        have=len(counted),
        need=1,
        unit="activities",
        counted=counted,
        excluded=excluded,
        missing=[] if met else [f"Add a {designation_name} leadership activity{level_words}."],
    )


def evaluate_ethics(ctx: Context) -> Requirement:
    policy = ctx.policy.ethics
    ethics = ctx.portfolio.ethics
    status, summary, missing = (
        NOT_MET,
        "Not signed yet",
        "Sign the Code of Ethics and Endorsement Agreement.",
    )
    if ethics is not None:
        if ethics.signed_on > ctx.as_of:
            summary = f"Signature dated {day_text(ethics.signed_on)}, after the evaluation date"
        elif policy.version is not None and ethics.version != policy.version:
            summary = f"Signed version {ethics.version or 'unknown'}, not the current version {policy.version}"
            missing = (
                f"Sign the current ({policy.version}) Code of Ethics and Endorsement Agreement."
            )
        elif policy.max_age_years is not None and not is_less_than_a_year_old(
            ethics.signed_on, ctx.as_of, policy.max_age_years
        ):
            summary = f"Signed {day_text(ethics.signed_on)}, more than a year ago"
            missing = "Sign the Code of Ethics and Endorsement Agreement again."
        else:
            status, summary = MET, f"Signed {day_text(ethics.signed_on)}"
    return Requirement(
        id="ethics",
        title="Code of Ethics and Endorsement Agreement",
        status=status,
        summary=summary,
        clause=policy.clause,
        missing=[] if status == MET else [missing],
    )


def evaluate_exam(ctx: Context) -> Requirement:
    exam = ctx.portfolio.exam
    status, summary = NOT_MET, "Not taken yet"
    if (
        exam is not None
        and exam.result != "not_taken"
        and exam.taken_on is not None
        and exam.taken_on > ctx.as_of
    ):
        summary = f"Dated {day_text(exam.taken_on)}, after the evaluation date"
    elif exam is not None and exam.result == "passed":
        status = MET
        summary = "Passed" + (f" on {day_text(exam.taken_on)}" if exam.taken_on else "")
    elif exam is not None and exam.result == "failed":
        summary = "Not passed" + (f" on {day_text(exam.taken_on)}" if exam.taken_on else "")
    return Requirement(
        id="exam",
        title="Written examination",
        status=status,
        summary=summary,
        clause=ctx.policy.exam.clause,
        missing=[] if status == MET else ["Pass the written examination."],
    )


def evaluate_membership(ctx: Context) -> Requirement:
    membership = ctx.portfolio.membership
    if membership is None:
        status, summary = NOT_MET, "No membership recorded"
        missing = ["Record your membership of an infant mental health association."]
    elif membership.expires_on >= ctx.as_of:
        status = MET
        summary = f"{membership.association or 'Membership'} current until {day_text(membership.expires_on)}"
        missing = []
    else:
        status = NOT_MET
        summary = (
            f"{membership.association or 'Membership'} expired on {day_text(membership.expires_on)}"
        )
        missing = ["Renew your membership."]
    return Requirement(
        id="membership",
        title="Professional membership",
        status=status,
        summary=summary,
        clause=ctx.policy.membership_clause,
        earliest_on=None,
        missing=missing,
        details={"expires_on": membership.expires_on if membership else None},
    )
