"""Requirement 8, documentation of competencies: every domain has evidence, then a reviewer judges."""

from __future__ import annotations

from ..result import MET, NOT_MET, PENDING, Requirement
from .context import Context, ref


def evaluate_competencies(ctx: Context) -> Requirement:
    policy = ctx.policy.competencies
    portfolio, as_of = ctx.portfolio, ctx.as_of
    listed = ctx.policy.education.degree_types
    coverage: dict[str, list[str]] = {domain.id: [] for domain in policy.domains}

    def link(entry_id: str | None, collection: str, index: int, domains: tuple[str, ...]) -> None:
        if domains:
            entry = ref(entry_id, collection, index)
            for domain in domains:
                if domain in coverage:
                    coverage[domain].append(entry)

    for i, degree in enumerate(portfolio.degrees):
        rejected = degree.type not in listed and degree.accepted is False
        if degree.conferred_on <= as_of and not rejected:
            link(degree.id, "degrees", i, degree.competencies)
    for i, certificate in enumerate(portfolio.certificates):
        if certificate.completed_on <= as_of and certificate.accepted is not False:
            link(certificate.id, "certificates", i, certificate.competencies)
    for i, training in enumerate(portfolio.trainings):
        if (training.end_on or training.start_on) <= as_of:
            link(training.id, "trainings", i, training.competencies)
    for i, work in enumerate(portfolio.work):
        if work.start_on <= as_of:
            link(work.id, "work", i, work.competencies)
    for i, supervision in enumerate(portfolio.rsc):
        if supervision.start_on <= as_of:
            link(supervision.id, "rsc", i, supervision.competencies)
    for i, activity in enumerate(portfolio.leadership):
        if activity.start_on <= as_of:
            link(activity.id, "leadership", i, activity.competencies)

    labels = {domain.id: domain.label for domain in policy.domains}
    gaps = [domain for domain, entries in coverage.items() if not entries]
    covered = len(coverage) - len(gaps)
    review = portfolio.review
    decision = review.competencies if review else None
    if gaps:
        status = NOT_MET
        summary = f"Evidence for {covered} of {len(coverage)} competency domains"
        missing = [f"No evidence yet for {labels[domain]}." for domain in gaps]
    elif decision == "accepted":
        status, summary, missing = MET, "Every competency domain documented; accepted by review", []
    elif decision == "not_accepted":
        reason = review.reason if review and review.reason else "no reason recorded"
        status = NOT_MET
        summary = f"Not accepted by review: {reason}"
        missing = [f"The review did not accept the documentation of competencies: {reason}."]
    else:
        status = PENDING
        summary = "Every competency domain has evidence; awaiting review"
        missing = ["Reviewers must judge the documentation of competencies."]
    counted = sorted({entry for entries in coverage.values() for entry in entries})
    return Requirement(
        id="competencies",
        title="Documentation of competencies",
        status=status,
        summary=summary,
        clause=policy.clause,
        have=covered,
        need=len(coverage),
        unit="domains",
        counted=counted,
        missing=missing,
        details={
            "coverage": [
                {"domain": d, "label": labels[d], "entries": e} for d, e in coverage.items()
            ]
        },
    )
