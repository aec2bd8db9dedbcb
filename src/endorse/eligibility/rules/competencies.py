"""Requirement 8, documentation of competencies: every domain has evidence, then a reviewer judges."""

from __future__ import annotations

from ..result import MET, NOT_MET, PENDING, Requirement
from .context import Context
from .education import is_rejected


def evaluate_competencies(ctx: Context) -> Requirement:
    policy = ctx.policy.competencies
    portfolio, as_of = ctx.portfolio, ctx.as_of
    listed = ctx.policy.education.by_kind[ctx.kind]
    coverage: dict[str, list[str]] = {domain.id: [] for domain in policy.domains}
    # (domains, entry reference) of every entry that may serve as evidence, in portfolio order.
    evidence: list[tuple[tuple[str, ...], str]] = []
    for i, degree in enumerate(portfolio.degrees):
        if degree.competencies and degree.conferred_on <= as_of and not is_rejected(degree, listed):
            evidence.append(
                (degree.competencies, degree.id if degree.id is not None else f"degrees.{i}")
            )
    for i, certificate in enumerate(portfolio.certificates):
        if (
            certificate.competencies
            and certificate.completed_on <= as_of
            and not is_rejected(certificate, listed)
        ):
            evidence.append(
                (
                    certificate.competencies,
                    certificate.id if certificate.id is not None else f"certificates.{i}",
                )
            )
    for i, licence in enumerate(portfolio.licenses):
        # A licence staff rejected is no evidence; an expired one still is (RULES-categories 4.8).
        if licence.competencies and licence.issued_on <= as_of and licence.verified is not False:
            evidence.append(
                (licence.competencies, licence.id if licence.id is not None else f"licenses.{i}")
            )
    for i, training in enumerate(portfolio.trainings):
        if training.competencies and training.dated_on <= as_of:
            evidence.append(
                (
                    training.competencies,
                    training.id if training.id is not None else f"trainings.{i}",
                )
            )
    for i, work in enumerate(portfolio.work):
        if work.competencies and work.start_on <= as_of:
            evidence.append((work.competencies, work.id if work.id is not None else f"work.{i}"))
    for i, supervision in enumerate(portfolio.rsc):
        if supervision.competencies and supervision.start_on <= as_of:
            evidence.append(
                (
                    supervision.competencies,
                    supervision.id if supervision.id is not None else f"rsc.{i}",
                )
            )
    for i, activity in enumerate(portfolio.leadership):
        if activity.competencies and activity.start_on <= as_of:
            evidence.append(
                (
                    activity.competencies,
                    activity.id if activity.id is not None else f"leadership.{i}",
                )
            )
    counted: list[str] = []
    for domains, entry in evidence:
        linked = False
        for domain in domains:
            entries = coverage.get(domain)
            if entries is not None:
                entries.append(entry)
                linked = True
        if linked:
            counted.append(entry)

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
    return Requirement(
        id="competencies",
        title="Documentation of competencies",
        status=status,
        summary=summary,
        clause=ctx.clause("competencies", policy.clause),
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
