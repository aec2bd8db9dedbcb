"""Requirement 1, education, and the graduation date that work experience counts from."""

from __future__ import annotations

from datetime import date

from ..policy import Policy
from ..portfolio import Certificate, Degree, Portfolio
from ..result import MET, NOT_MET, PENDING, STATUS_RANK, Excluded, Requirement, Status, exclude
from .context import AFTER_EVALUATION_DATE, Context, day_text, ref

TITLE = "Education"


def is_rejected(entry: Degree | Certificate, listed: frozenset[str]) -> bool:
    """A reviewer rejected this `other` degree or certificate; listed degrees are never judged."""
    if isinstance(entry, Degree) and entry.type in listed:
        return False
    return entry.accepted is False


def find_graduation_on(portfolio: Portfolio, policy: Policy, as_of: date) -> date | None:
    """The earliest conferral or completion, on or before the evaluation date, among listed
    degrees and the `other` degrees and certificates not rejected — whatever the transcripts say.
    """
    listed = policy.education.degree_types
    days = [
        d.conferred_on
        for d in portfolio.degrees
        if d.conferred_on <= as_of and not is_rejected(d, listed)
    ]
    days += [
        c.completed_on
        for c in portfolio.certificates
        if c.completed_on <= as_of and not is_rejected(c, listed)
    ]
    return min(days, default=None)


def evaluate_education(ctx: Context) -> Requirement:
    policy = ctx.policy.education
    # The best status wins; among equals, the earliest entry (so entry order never matters).
    best: tuple[int, date, str] = (
        STATUS_RANK[NOT_MET],
        date.max,
        "No qualifying degree or certificate yet",
    )
    counted: list[str] = []
    excluded: list[Excluded] = []
    missing: list[str] = []

    def consider(status: Status, on: date, summary: str, entry_ref: str) -> None:
        nonlocal best
        best = min(best, (STATUS_RANK[status], on, summary))
        if status != NOT_MET:
            counted.append(entry_ref)

    for index, degree in enumerate(ctx.portfolio.degrees):
        entry = ref(degree.id, "degrees", index)
        name = degree.type if degree.type != "other" else (degree.field or "other degree")
        if degree.conferred_on > ctx.as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
            continue
        if is_rejected(degree, policy.degree_types):
            excluded.append(exclude(entry, "not accepted as specific to infant mental health"))
            continue
        if degree.type not in policy.degree_types and degree.accepted is None:
            consider(
                PENDING, degree.conferred_on, f"{name}: awaiting a reviewer's judgement", entry
            )
            missing.append(f"A reviewer must accept {name} as specific to infant mental health.")
            continue
        if not policy.transcript_required or degree.transcript == "verified":
            consider(
                MET,
                degree.conferred_on,
                f"{name} conferred {day_text(degree.conferred_on)}, transcript verified",
                entry,
            )
        elif degree.transcript == "received":
            consider(
                PENDING, degree.conferred_on, f"{name}: transcript awaiting verification", entry
            )
            missing.append(f"Staff must verify the official transcript of the {name}.")
        else:
            consider(NOT_MET, degree.conferred_on, f"{name}: official transcript missing", entry)
            excluded.append(exclude(entry, "official transcript missing"))
            missing.append(f"Send the official transcript of the {name}.")

    for index, certificate in enumerate(ctx.portfolio.certificates):
        entry = ref(certificate.id, "certificates", index)
        name = certificate.title or certificate.kind.replace("_", " ")
        if certificate.completed_on > ctx.as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
        elif is_rejected(certificate, policy.degree_types):
            excluded.append(exclude(entry, "not accepted as specific to infant mental health"))
        elif certificate.accepted is None:
            consider(
                PENDING, certificate.completed_on, f"{name}: awaiting a reviewer's judgement", entry
            )
            missing.append(f"A reviewer must accept {name} as specific to infant mental health.")
        else:
            consider(
                MET,
                certificate.completed_on,
                f"{name} completed {day_text(certificate.completed_on)}, accepted",
                entry,
            )

    status = next(key for key, rank in STATUS_RANK.items() if rank == best[0])
    if status == MET:
        missing = []
    elif not counted and not missing:
        missing.append(
            "Add a qualifying degree, post-graduate specialization or university certificate."
        )
    return Requirement(
        id="education",
        title=TITLE,
        status=status,
        summary=best[2],
        clause=policy.clause,
        counted=counted,
        excluded=excluded,
        missing=missing,
        details={"graduation_on": ctx.graduation_on},
    )
