"""Reads: applications as the engine's portfolios, and their verdicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from endorse.accounts.models import Membership, User
from endorse.eligibility import Result, evaluate, load_policy
from endorse.eligibility import portfolio as p

from .enums import EventKind
from .evidence import BY_KEY, EVIDENCE, entries, optimistic
from .models import Application, ApplicationEvent, Document, Rater


@dataclass(frozen=True)
class CategoryNeeds:
    """What an application's category asks of the applicant under its policy version: which
    sections and fields the workspace shows. Read from the policy data, never from the
    category's name."""

    kind: str
    band: str
    leadership: bool
    rsc: bool
    # RS/C: whether a provider's Endorsed Reflective Supervisor add-on counts.
    provider_ers: bool
    licenses: bool
    # Entries say which age bands they served (early-childhood categories).
    age_bands: bool
    # Work: paid or volunteer, a volunteer role's own training, families served and the two
    # focus flags, the licence held, internships and their supervisor.
    paid: bool
    volunteer_training: bool
    families: bool
    license_status: bool
    internship: bool


def accepted_degree_types(application: Application) -> frozenset[str]:
    """The degree types a reviewer must accept before they count for the application's
    category under its policy version (RULES-categories.md 4.1)."""
    policy = load_policy(application.policy)
    return policy.education.by_kind[policy.category(application.category).kind].accepted_types


def category_needs(application: Application) -> CategoryNeeds:
    policy = load_policy(application.policy)
    category = policy.category(application.category)
    kind = category.kind
    rsc = policy.rsc.by_kind.get(kind)
    education = policy.education.by_kind.get(kind)
    work = policy.work_experience.by_kind.get(kind)
    parts = work.parts if work else ()
    return CategoryNeeds(
        kind=kind,
        band=category.band,
        leadership=kind in policy.leadership.min_level,
        # A kind with no hours figure (the associate) only reports what is recorded.
        rsc=rsc is None or rsc.required or rsc.hours is not None,
        provider_ers=bool(rsc and rsc.ers_with),
        licenses=bool(education and education.license_kinds),
        age_bands=category.band != "infant",
        paid=any(part.paid != "any" for part in parts),
        volunteer_training=any(part.paid == "paid_or_trained_volunteer" for part in parts),
        families=bool(work and (work.families_min is not None))
        or any(part.focus_flags for part in parts),
        license_status=any(part.license_statuses is not None for part in parts),
        internship=bool(work and work.internship is not None),
    )


def exam_required(application: Application) -> bool:
    """Whether the application's category sits the written exam under its policy version: if
    not, review leads straight to the endorsement."""
    policy = load_policy(application.policy)
    return policy.exam.required.get(policy.category(application.category).kind, True)


def entry_id(section: str, pk: int | None) -> str:
    """The portfolio id of row `pk` of `section` (a related name of `Application`)."""
    return BY_KEY[section].entry_id(pk)


def applications_with_evidence(
    *, joined: Mapping[str, tuple[str, ...]] | None = None
) -> QuerySet[Application]:
    """Applications with every section and the applicant's memberships, in a fixed number of queries.
    `joined` maps a section to relations read in its query (the staff file reads each rater's
    rating with its raters)."""
    joined = joined or {}
    return Application.objects.select_related("applicant").prefetch_related(
        *(section.prefetch(*joined.get(section.key, ())) for section in EVIDENCE),
        "signatures",
        Prefetch("documents", queryset=Document.objects.filter(removed_at__isnull=True)),
        Prefetch(
            "applicant__memberships",
            queryset=Membership.objects.order_by(F("expires_on").desc(nulls_first=True), "-pk"),
        ),
    )


def applications_of(person: User) -> QuerySet[Application]:
    return Application.objects.filter(applicant=person).order_by("-created_at", "-pk")


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
        rows={s.key: getattr(application, s.key).all() for s in EVIDENCE},
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
    return portfolio_from_entries(
        application,
        applicant,
        membership=membership,
        signature=signature,
        entries=entries(rows),
        as_of=as_of,
    )


def portfolio_from_entries(
    application: Any,
    applicant: Any,
    *,
    membership: Any,
    signature: Any,
    entries: Mapping[str, Any],
    as_of: date | None = None,
    policy: str | None = None,
) -> p.Portfolio:
    """`portfolio_from_rows` with each section's portfolio entries already built (the bulk
    reader builds them from fetched records), under `policy` when given."""
    return p.Portfolio(
        category=application.category,
        as_of=as_of,
        policy=policy or application.policy,
        applicant=p.Applicant(name=applicant.name or None, email=applicant.email),
        **entries,
        ethics=p.Ethics(
            signed_on=timezone.localdate(signature.signed_at), version=signature.version
        )
        if signature
        else None,
        exam=p.Exam(
            result=application.exam_result,
            taken_on=application.exam_taken_on,
            age_band=application.exam_age_band or None,
        ),
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


def entry_saved_with(application: Application, token: str) -> tuple[str, int] | None:
    """The entry (its model's name and key) that an add form holding the one-time `token` created
    in `application`, if that form was saved already."""
    if not token:
        return None
    data = (
        ApplicationEvent.objects.filter(
            application=application, kind=EventKind.EVIDENCE_ADDED, data__token=token
        )
        .values_list("data", flat=True)
        .first()
    )
    return (data["section"], data["entry"]) if data else None


def likely_duplicate(entry: Any, fields: tuple[str, ...]) -> Any | None:
    """An entry of the same application and section as the unsaved `entry` with the same values
    of `fields` (title, dates, hours…): most likely the same thing entered twice."""
    if not fields:
        return None
    same = {name: getattr(entry, name) for name in fields}
    others = type(entry)._default_manager.filter(application=entry.application, **same)
    if entry.pk is not None:
        others = others.exclude(pk=entry.pk)
    return others.first()


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


def submission_blockers(application: Application, *, today: date) -> list[str]:
    """The requirements the applicant must still meet before submitting (their titles), in order."""
    return _blockers(evaluate(optimistic(portfolio_for(application)), today=today))


def verdict_and_blockers(application: Application, *, today: date) -> tuple[Result, list[str]]:
    """The verdict and what still blocks a submission, from one reading of the rows (the
    workspace shows both). The optimistic copy is evaluated only when it differs."""
    result, hopeful = verdict_and_hopeful(application, today=today)
    return result, _blockers(hopeful)


def verdict_and_hopeful(application: Application, *, today: date) -> tuple[Result, Result]:
    """The verdict, and the verdict if every judgement still with staff went the applicant's way
    (what is missing there is the applicant's to supply), from one reading of the rows. The
    optimistic copy is evaluated only when it differs."""
    portfolio = portfolio_for(application)
    result = evaluate(portfolio, today=today)
    hopeful = optimistic(portfolio)
    return result, result if hopeful == portfolio else evaluate(hopeful, today=today)


def _blockers(result: Result) -> list[str]:
    return [
        r.title for r in result.requirements if r.status == "not_met" and r.id not in NEVER_BLOCKING
    ]
