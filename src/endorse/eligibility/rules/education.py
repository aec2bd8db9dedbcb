"""Requirement 1, education, and the graduation date that work experience counts from.

Each degree gets the first verdict that applies (RULES-categories.md 4.1, choice K49): a type
the category does not count, or a conferral after the evaluation date, is ignored; a type that
needs acceptance and was not accepted is ignored; a missing transcript is `not_met`; a type
awaiting acceptance is `pending`; then the transcript decides. Certificates of a counted kind
need acceptance only; licences (IMHS `2025`) need verification and must not have expired. The
best status among the entries wins.
"""

from __future__ import annotations

from datetime import date

from ..policy import Category, EducationRule, Policy
from ..portfolio import Certificate, Degree, License, Portfolio
from ..result import MET, NOT_MET, PENDING, STATUS_RANK, Excluded, Requirement, Status, exclude
from .context import AFTER_EVALUATION_DATE, Context, day_text, ref

TITLE = "Education"
NOT_ACCEPTED = "not accepted as specific to infant mental health"
CERTIFICATE_WORDS = {"cda": "CDA credential"}


def _article(abbreviation: str) -> str:
    """'an' before an abbreviation read letter by letter from a vowel sound (an AA, an MSW, an
    EdD), 'a' otherwise (a BA, a PhD)."""
    return "an" if abbreviation[0] in "AEFHILMNORSX" else "a"


def is_rejected(entry: Degree | Certificate, rule: EducationRule) -> bool:
    """A reviewer rejected this degree or certificate; a degree of a type that needs no
    acceptance is never judged."""
    if isinstance(entry, Degree) and entry.type in rule.degree_types:
        return False
    return entry.accepted is False


def _counts_type(degree: Degree, rule: EducationRule) -> bool:
    return degree.type in rule.degree_types or degree.type in rule.accepted_types


def find_graduation_on(
    portfolio: Portfolio, policy: Policy, category: Category, as_of: date
) -> date | None:
    """The earliest conferral or completion, on or before the evaluation date, among the degrees
    and certificates the category's education counts and a reviewer has not rejected — whatever
    their transcripts say (choice K38) — and, where licences count, the issue of a licence not
    rejected, even an expired one (choice K39)."""
    rule = policy.education.by_kind[category.kind]
    days = [
        d.conferred_on
        for d in portfolio.degrees
        if d.conferred_on <= as_of and _counts_type(d, rule) and not is_rejected(d, rule)
    ]
    days += [
        c.completed_on
        for c in portfolio.certificates
        if c.completed_on <= as_of and c.kind in rule.certificate_kinds and not is_rejected(c, rule)
    ]
    days += [
        licence.issued_on
        for licence in portfolio.licenses
        if licence.issued_on <= as_of
        and licence.kind in rule.license_kinds
        and licence.verified is not False
    ]
    return min(days, default=None)


def evaluate_education(ctx: Context) -> Requirement:
    rule = ctx.policy.education.by_kind[ctx.kind]
    abbr = ctx.category.abbr
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
        needs_acceptance = degree.type not in rule.degree_types
        if degree.conferred_on > ctx.as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
        elif not _counts_type(degree, rule):
            excluded.append(
                exclude(
                    entry, f"{_article(degree.type)} {degree.type} degree does not count for {abbr}"
                )
            )
        elif needs_acceptance and degree.accepted is False:
            excluded.append(exclude(entry, NOT_ACCEPTED))
        elif rule.transcript_required and degree.transcript == "missing":
            consider(NOT_MET, degree.conferred_on, f"{name}: official transcript missing", entry)
            excluded.append(exclude(entry, "official transcript missing"))
            missing.append(f"Send the official transcript of the {name}.")
        elif needs_acceptance and degree.accepted is None:
            consider(
                PENDING, degree.conferred_on, f"{name}: awaiting a reviewer's judgement", entry
            )
            missing.append(
                f"A reviewer must accept {name} as specific to infant mental health."
                if degree.type == "other"
                else f"A reviewer must accept the {name} as in a related field."
            )
        elif not rule.transcript_required or degree.transcript == "verified":
            consider(
                MET,
                degree.conferred_on,
                f"{name} conferred {day_text(degree.conferred_on)}, transcript verified",
                entry,
            )
        else:
            consider(
                PENDING, degree.conferred_on, f"{name}: transcript awaiting verification", entry
            )
            missing.append(f"Staff must verify the official transcript of the {name}.")

    for index, certificate in enumerate(ctx.portfolio.certificates):
        entry = ref(certificate.id, "certificates", index)
        name = certificate.title or certificate.kind.replace("_", " ")
        if certificate.completed_on > ctx.as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
        elif certificate.kind not in rule.certificate_kinds:
            kind_words = CERTIFICATE_WORDS.get(certificate.kind, certificate.kind.replace("_", " "))
            excluded.append(exclude(entry, f"a {kind_words} does not count for {abbr}"))
        elif certificate.accepted is False:
            excluded.append(exclude(entry, NOT_ACCEPTED))
        elif certificate.accepted is None:
            consider(
                PENDING, certificate.completed_on, f"{name}: awaiting a reviewer's judgement", entry
            )
            missing.append(
                "Staff must check the CDA credential."
                if certificate.kind == "cda"
                else f"A reviewer must accept {name} as specific to infant mental health."
            )
        else:
            consider(
                MET,
                certificate.completed_on,
                f"{name} completed {day_text(certificate.completed_on)}, accepted",
                entry,
            )

    for index, licence in enumerate(ctx.portfolio.licenses):
        verdict, on, summary, reason, wanted = _licence_verdict(ctx, rule, licence)
        entry = ref(licence.id, "licenses", index)
        if verdict is None:
            excluded.append(exclude(entry, reason))
            continue
        consider(verdict, on, summary, entry)
        if verdict == NOT_MET:
            excluded.append(exclude(entry, reason))
        if wanted:
            missing.append(wanted)

    status = next(key for key, rank in STATUS_RANK.items() if rank == best[0])
    if status == MET:
        missing = []
    elif not counted and not missing:
        missing.append(_what_counts(rule))
    return Requirement(
        id="education",
        title=TITLE,
        status=status,
        summary=best[2],
        clause=ctx.clause("education", ctx.policy.education.clause),
        counted=counted,
        excluded=excluded,
        missing=missing,
        details={"graduation_on": ctx.graduation_on},
    )


def _licence_verdict(
    ctx: Context, rule: EducationRule, licence: License
) -> tuple[Status | None, date, str, str, str]:
    """(status or None when ignored, date, summary, exclusion reason, what is still wanted)."""
    issued = licence.issued_on
    if issued > ctx.as_of:
        return None, issued, "", AFTER_EVALUATION_DATE, ""
    if licence.kind not in rule.license_kinds:
        return None, issued, "", f"a licence does not count for {ctx.category.abbr}", ""
    if licence.verified is False:
        return None, issued, "", "licence not verified", ""
    if licence.expires_on is not None and licence.expires_on < ctx.as_of:
        expired = f"licence expired on {licence.expires_on.isoformat()}"
        return NOT_MET, issued, expired.capitalize(), expired, "Renew the licence, or add a degree."
    if licence.verified:
        return MET, issued, f"Licence issued {day_text(issued)}, verified", "", ""
    return (
        PENDING,
        issued,
        "Licence awaiting verification",
        "",
        "Staff must verify the licence.",
    )


def _what_counts(rule: EducationRule) -> str:
    kinds = ["a qualifying degree"]
    if "post_graduate_specialization" in rule.certificate_kinds:
        kinds.append("post-graduate specialization")
    if "university_certificate" in rule.certificate_kinds:
        kinds.append("university certificate")
    if "cda" in rule.certificate_kinds:
        kinds.append("Child Development Associate (CDA) credential")
    if rule.license_kinds:
        kinds.append("mental health licence")
    return f"Add {', '.join(kinds[:-1])} or {kinds[-1]}." if len(kinds) > 1 else f"Add {kinds[0]}."
