"""Requirements 4, 7, 9 and 10: leadership activities, ethics, the exam, membership."""

from __future__ import annotations

from ..calendar import is_less_than_a_year_old
from ..result import MET, NOT_MET, NOT_REQUIRED, Excluded, Requirement, exclude
from .context import AFTER_EVALUATION_DATE, Context, day_text, ref


def evaluate_leadership(ctx: Context) -> Requirement:
    policy = ctx.policy.leadership
    clause = ctx.clause("leadership", policy.clause)
    if ctx.kind not in policy.min_level:
        # Not required (choice K48): every listed activity is reported, whatever its dates.
        activities = ctx.portfolio.leadership
        return Requirement(
            id="leadership",
            title="Leadership activities",
            status=NOT_REQUIRED,
            summary=f"{ctx.not_required_words()}; {len(activities)} "
            f"{'activity' if len(activities) == 1 else 'activities'} listed",
            clause=clause,
            have=len(activities),
            unit="activities",
            counted=[ref(a.id, "leadership", i) for i, a in enumerate(activities)],
        )
    designation_name = ctx.policy.kinds[ctx.kind]
    min_level = policy.min_level[ctx.kind]
    min_rank = policy.levels.index(min_level)
    counted: list[str] = []
    excluded: list[Excluded] = []
    for index, activity in enumerate(ctx.portfolio.leadership):
        entry = ref(activity.id, "leadership", index)
        if activity.start_on > ctx.as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
        elif activity.designation != ctx.kind:
            other = ctx.policy.kinds.get(activity.designation, activity.designation)
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
        clause=clause,
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
        clause=ctx.clause("ethics", policy.clause),
        missing=[] if status == MET else [missing],
    )


def evaluate_exam(ctx: Context) -> Requirement:
    policy = ctx.policy.exam
    clause = ctx.clause("exam", policy.clause)
    if not policy.required[ctx.kind]:
        return Requirement(
            id="exam",
            title="Written examination",
            status=NOT_REQUIRED,
            summary=f"{ctx.not_required_words()}",
            clause=clause,
        )
    exam = ctx.portfolio.exam
    status, summary = NOT_MET, "Not taken yet"
    band = ctx.category.band
    if (
        exam is not None
        and exam.result != "not_taken"
        and exam.taken_on is not None
        and exam.taken_on > ctx.as_of
    ):
        summary = f"Dated {day_text(exam.taken_on)}, after the evaluation date"
    elif (
        exam is not None
        and exam.result == "passed"
        and policy.match_band
        and (exam.age_band or "infant") != band
    ):
        # Choice K7: the passed exam must be of the category's age band.
        summary = (
            f"Passed the {_band_words(exam.age_band or 'infant')} exam; "
            f"this category needs the {_band_words(band)} exam"
        )
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
        clause=clause,
        missing=[] if status == MET else [f"Pass the {_band_words(band)} written examination."],
    )


def _band_words(band: str) -> str:
    return band.replace("_", " ")


def evaluate_membership(ctx: Context) -> Requirement:
    policy = ctx.policy.membership
    membership = ctx.portfolio.membership
    if membership is None:
        status, summary = NOT_MET, "No membership recorded"
        missing = ["Record your membership of an infant mental health association."]
    elif policy.kinds is not None and membership.kind is None:
        status, summary = NOT_MET, "Membership kind not recorded"
        missing = ["Record whether the membership is an individual or an organizational one."]
    elif policy.kinds is not None and membership.kind not in policy.kinds:
        status = NOT_MET
        summary = f"An {membership.kind} membership does not count"
        missing = ["Hold an individual membership of an infant mental health association."]
    elif policy.associations is not None and membership.association not in policy.associations:
        status = NOT_MET
        summary = (
            f"A membership of {membership.association or 'an unnamed association'} does not count"
        )
        missing = [f"Hold a membership of {' or '.join(sorted(policy.associations))}."]
    elif membership.expires_on is None:
        # Choice K50: no expiry date means the membership does not expire.
        status, summary, missing = MET, f"{membership.association or 'Membership'}, no expiry", []
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
        clause=ctx.clause("membership", policy.clause),
        earliest_on=None,
        missing=missing,
        details={"expires_on": membership.expires_on if membership else None},
    )
