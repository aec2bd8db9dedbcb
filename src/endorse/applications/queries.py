"""Reads: applications as the engine's portfolios, and their verdicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from endorse.accounts.models import Membership, User
from endorse.eligibility import Result, evaluate
from endorse.eligibility import portfolio as p

from .models import Application, Document, Rater

SECTIONS = (
    "degrees",
    "certificates",
    "trainings",
    "work",
    "leadership",
    "rsc",
    Prefetch("references", queryset=Rater.objects.filter(withdrawn_at__isnull=True)),
    "signatures",
)


# How a stored entry is named in the portfolio, so results can point back at its row (`t12`).
ENTRY_PREFIX = {
    "degrees": "d",
    "certificates": "c",
    "trainings": "t",
    "work": "w",
    "leadership": "l",
    "rsc": "r",
    "references": "ref",
}


def entry_id(section: str, pk: int | None) -> str:
    """The portfolio id of row `pk` of `section` (a related name of `Application`)."""
    return f"{ENTRY_PREFIX[section]}{pk}"


def applications_with_evidence() -> QuerySet[Application]:
    """Applications with every section and the applicant's memberships, in a fixed number of queries."""
    return Application.objects.select_related("applicant").prefetch_related(
        *SECTIONS,
        Prefetch("documents", queryset=Document.objects.filter(removed_at__isnull=True)),
        Prefetch(
            "applicant__memberships", queryset=Membership.objects.order_by("-expires_on", "-pk")
        ),
    )


def applications_of(person: User) -> QuerySet[Application]:
    return Application.objects.filter(applicant=person).order_by("-created_at", "-pk")


def _competencies(values: list[str]) -> tuple[str, ...]:
    return tuple(values or ())


def portfolio_for(application: Application, *, as_of: date | None = None) -> p.Portfolio:
    """The application as the engine's portfolio. Entry ids are the section's letter and the row's
    key (`t12`), so results point at rows. Use `applications_with_evidence()` to avoid a query per
    section."""
    applicant: User = application.applicant
    return portfolio_from_rows(
        application,
        applicant,
        membership=next(iter(applicant.memberships.all()), None),
        signature=next(iter(application.signatures.all()), None),
        rows={section: getattr(application, section).all() for section in ENTRY_PREFIX},
        as_of=as_of,
    )


def portfolio_from_rows(
    application: Any,
    applicant: Any,
    *,
    membership: Any,
    signature: Any,
    rows: Mapping[str, Iterable[Any]],
    as_of: date | None = None,
) -> p.Portfolio:
    """The portfolio from rows that have the models' attribute names: model instances (one
    application's page) or named rows from `values_list` (bulk re-evaluation, generated data).
    `rows` maps each section (a related name of `Application`) to its rows, withdrawn references
    left out."""
    return p.Portfolio(
        category=application.category,
        as_of=as_of,
        policy=application.policy,
        applicant=p.Applicant(name=applicant.name or None, email=applicant.email),
        degrees=tuple(
            p.Degree(
                id=entry_id("degrees", d.pk),
                type=d.type,
                conferred_on=d.conferred_on,
                transcript=d.transcript,
                accepted=d.accepted,
                field=d.field or None,
                institution=d.institution or None,
                competencies=_competencies(d.competencies),
            )
            for d in rows["degrees"]
        ),
        certificates=tuple(
            p.Certificate(
                id=entry_id("certificates", c.pk),
                kind=c.kind,
                completed_on=c.completed_on,
                accepted=c.accepted,
                title=c.title or None,
                institution=c.institution or None,
                competencies=_competencies(c.competencies),
            )
            for c in rows["certificates"]
        ),
        trainings=tuple(
            p.Training(
                id=entry_id("trainings", t.pk),
                start_on=t.start_on,
                end_on=t.end_on,
                hours=Decimal(t.hours),
                relationship_based=t.relationship_based,
                topics=tuple(t.topics),
                title=t.title,
                provider=t.provider or None,
                competencies=_competencies(t.competencies),
            )
            for t in rows["trainings"]
        ),
        work=tuple(
            p.Work(
                id=entry_id("work", w.pk),
                start_on=w.start_on,
                end_on=w.end_on,
                kinds=tuple(w.kinds),
                supervised=w.supervised,
                infant_and_parent=w.infant_and_parent,
                fte=Decimal(w.fte) if w.fte is not None else None,
                employer=w.employer,
                position=w.position,
                competencies=_competencies(w.competencies),
            )
            for w in rows["work"]
        ),
        leadership=tuple(
            p.Leadership(
                id=entry_id("leadership", a.pk),
                designation=a.designation,
                activity=a.activity,
                level=a.level,
                start_on=a.start_on,
                end_on=a.end_on,
                competencies=_competencies(a.competencies),
            )
            for a in rows["leadership"]
        ),
        rsc=tuple(
            p.Supervision(
                id=entry_id("rsc", s.pk),
                provider=p.Provider(
                    name=s.provider_name,
                    approved=s.provider_approved,
                    endorsement=s.provider_endorsement or None,
                ),
                format=s.format,
                start_on=s.start_on,
                end_on=s.end_on,
                hours=Decimal(s.hours),
                focus=s.focus,
                peer=s.peer,
                competencies=_competencies(s.competencies),
            )
            for s in rows["rsc"]
        ),
        references=tuple(
            p.Reference(
                id=entry_id("references", r.pk),
                name=r.name,
                email=r.email,
                role=r.role,
                status=r.status,
                endorsement=p.RaterEndorsement(
                    level=r.endorsement_level or None,
                    verified=r.endorsement_verified,
                    number=r.endorsement_number or None,
                )
                if r.endorsement_level
                else None,
                completed_on=r.completed_on,
                known_years=Decimal(r.known_years) if r.known_years is not None else None,
                not_enough_information=r.not_enough_information,
            )
            for r in rows["references"]
        ),
        ethics=p.Ethics(
            signed_on=timezone.localdate(signature.signed_at), version=signature.version
        )
        if signature
        else None,
        exam=p.Exam(result=application.exam_result, taken_on=application.exam_taken_on),
        membership=p.Membership(
            expires_on=membership.expires_on,
            association=membership.association,
            member_id=membership.member_id or None,
            kind=membership.kind,
        )
        if membership
        else None,
        review=p.Review(
            competencies=application.review_competencies or None,
            reason=application.review_reason or None,
        ),
    )


OWN_EMAIL = "This is your own email address. A rater must be someone else, writing from their own."
TAKEN_EMAIL = (
    "Another rater of this application has this email address. Each rater needs their own."
)


def rater_email_problem(application: Application, email: str, *, rater_pk: int | None) -> str:
    """Why `email` cannot be a rater's of `application` (empty when it can): it is the
    applicant's own, or another rater's (not withdrawn) of the same application. Case and the
    spaces around it do not matter."""
    folded = email.strip().casefold()
    if not folded:
        return ""
    if folded == application.applicant.email.strip().casefold():
        return OWN_EMAIL
    others = Rater.objects.filter(application=application, withdrawn_at__isnull=True)
    if rater_pk is not None:
        others = others.exclude(pk=rater_pk)
    if any(other.strip().casefold() == folded for other in others.values_list("email", flat=True)):
        return TAKEN_EMAIL
    return ""


def verdict_for(application: Application, *, today: date | None = None) -> Result:
    """The engine's verdict for the stored application, as of `today` (the association's date)."""
    return evaluate(portfolio_for(application), today=today or timezone.localdate())


# Requirements that never block a submission: the exam is sat after approval.
NEVER_BLOCKING = frozenset({"exam"})


def optimistic(portfolio: p.Portfolio) -> p.Portfolio:
    """The portfolio as it would be if every judgement still with staff went the applicant's way:
    received transcripts verified, unjudged degrees and certificates accepted, providers approved,
    claimed rater endorsements verified, the competency review accepted. What is missing then is
    the applicant's to supply."""
    return replace(
        portfolio,
        degrees=tuple(
            replace(
                d,
                transcript="verified" if d.transcript == "received" else d.transcript,
                accepted=True if d.accepted is None else d.accepted,
            )
            for d in portfolio.degrees
        ),
        certificates=tuple(
            replace(c, accepted=True if c.accepted is None else c.accepted)
            for c in portfolio.certificates
        ),
        rsc=tuple(replace(s, provider=replace(s.provider, approved=True)) for s in portfolio.rsc),
        references=tuple(
            replace(r, endorsement=replace(r.endorsement, verified=True)) if r.endorsement else r
            for r in portfolio.references
        ),
        review=p.Review(competencies="accepted"),
    )


def submission_blockers(application: Application, *, today: date) -> list[str]:
    """The requirements the applicant must still meet before submitting (their titles), in order."""
    result = evaluate(optimistic(portfolio_for(application)), today=today)
    return [
        r.title for r in result.requirements if r.status == "not_met" and r.id not in NEVER_BLOCKING
    ]
