"""Writes of verification, review and decisions. Every function: keyword-only, one transaction,
validation before writing, an `ApplicationEvent` in the same transaction, letters held for
release."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from endorse.accounts.models import Membership, User
from endorse.accounts.roles import Role, has_role
from endorse.applications.domain import TransitionError, application_transition, record_event
from endorse.applications.enums import EventKind, Status
from endorse.applications.models import (
    Application,
    Certificate,
    Degree,
    License,
    SupervisionEntry,
)
from endorse.applications.queries import exam_required
from endorse.conversations.queries import requests_open
from endorse.eligibility.calendar import add_years
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue, message_release
from endorse.notifications.models import OutboxMessage
from endorse.registry.domain import endorsement_issue
from endorse.registry.models import Endorsement
from endorse.registry.queries import normalise_name
from endorse.workspace.sections import SECTIONS

from .enums import LETTERS, TRANSCRIPT_BASES, Outcome
from .models import Decision, Review, ReviewAssignment
from .queries import (
    agreed_outcome,
    conflicts_of,
    current_round,
    reviews_needed,
    reviews_of_round,
)

REOPENABLE = (*SECTIONS, "ethics")


class ReviewError(TransitionError):
    """A review step the application's state or the people involved do not allow."""


# Verification: each changes the engine's verdict at once.


def _submitted(application: Application) -> None:
    """Staff judge evidence once it is submitted: a draft's can still change under them."""
    if application.status == Status.DRAFT:
        raise ReviewError(
            "this application is still a draft: staff verify its evidence once it is submitted"
        )


def transcript_mark(
    *, degree: Degree, state: str, actor: User, note: str = "", basis: str = ""
) -> Degree:
    """Mark a degree's transcript received or verified. Verifying one of which no official
    transcript was uploaded needs its `basis` (`enums.TRANSCRIPT_BASES`: received by post,
    checked with the institution, …; "other" needs the note to say what)."""
    if state not in {"received", "verified"}:
        raise ReviewError(f"a transcript can be marked received or verified, not {state!r}")
    if basis and basis not in TRANSCRIPT_BASES:
        raise ReviewError(f"unknown basis {basis!r}")
    if state == "verified":
        _submitted(degree.application)
        uploaded = degree.documents.filter(removed_at__isnull=True).exists()
        if not uploaded and not basis:
            raise ReviewError(
                "no official transcript was uploaded: say what the verification rests on"
            )
        if basis == "other" and not note.strip():
            raise ReviewError("say in the note what the verification rests on")
    with transaction.atomic():
        previous = degree.transcript
        degree.transcript = state
        degree.save(update_fields=["transcript", "updated_at"])
        record_event(
            application=degree.application,
            actor=actor,
            kind=EventKind.TRANSCRIPT_MARKED,
            degree=degree.pk,
            frm=previous,
            to=state,
            **({"basis": TRANSCRIPT_BASES[basis]} if basis else {}),
            **_noted(note),
        )
    return degree


def _noted(note: str) -> dict[str, str]:
    """The coordinator's note on a verification, for the event's data (shown on the timeline)."""
    return {"note": note.strip()} if note.strip() else {}


def entry_judge(
    *, entry: Degree | Certificate | License, accepted: bool, reason: str, actor: User
) -> Degree | Certificate | License:
    """Accept or reject an `other` degree or a certificate, or verify a licence (or find it not
    verified), with the reason for a rejection (for an acceptance, the reason is an optional
    note)."""
    _submitted(entry.application)
    if not accepted and not reason.strip():
        raise ReviewError("say why it is not accepted; the applicant will read it")
    # A licence's judgement is its verification (RULES-categories.md 4.1).
    column = "verified" if isinstance(entry, License) else "accepted"
    with transaction.atomic():
        setattr(entry, column, accepted)
        entry.save(update_fields=[column, "updated_at"])
        record_event(
            application=entry.application,
            actor=actor,
            kind=EventKind.ENTRY_JUDGED,
            section=type(entry).__name__,
            entry=entry.pk,
            accepted=accepted,
            reason=reason.strip(),
        )
    return entry


def provider_approve(
    *, entry: SupervisionEntry, approved: bool, actor: User, note: str = ""
) -> int:
    """Approve (or withdraw approval of) an RS/C provider: every entry of the application with
    the same provider name follows, so one vetting covers them all. Returns how many changed."""
    _submitted(entry.application)
    with transaction.atomic():
        same = SupervisionEntry.objects.filter(application=entry.application_id)
        matching = [
            e.pk
            for e in same
            if normalise_name(e.provider_name) == normalise_name(entry.provider_name)
        ]
        changed = SupervisionEntry.objects.filter(pk__in=matching).update(
            provider_approved=approved, updated_at=timezone.now()
        )
        record_event(
            application=entry.application,
            actor=actor,
            kind=EventKind.PROVIDER_APPROVED if approved else EventKind.PROVIDER_UNAPPROVED,
            provider=entry.provider_name,
            entries=matching,
            **_noted(note),
        )
    return changed


def membership_verify(
    *,
    membership: Membership,
    expires_on: date | None,
    actor: User,
    application: Application,
    note: str = "",
) -> Membership:
    """Record that the coordinator checked the membership with the association, correcting its
    expiry date when the association's records differ."""
    _submitted(application)
    with transaction.atomic():
        previous = membership.expires_on
        membership.verified_at = timezone.now()
        membership.verified_by = actor
        if expires_on is not None:
            membership.expires_on = expires_on
        membership.save(update_fields=["verified_at", "verified_by", "expires_on"])
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.MEMBERSHIP_VERIFIED,
            membership=membership.pk,
            expires_on=membership.expires_on.isoformat() if membership.expires_on else None,
            was=previous.isoformat() if previous else None,
            **_noted(note),
        )
    return membership


# Review.


def review_start(
    *, application: Application, reviewers: Sequence[User], actor: User
) -> list[ReviewAssignment]:
    """Assign the reviewers a submitted application needs (its association's
    `reviewers_required`: reviewer 1, and reviewer 2 where two are needed) and move it under
    review."""
    needed = reviews_needed(application)
    if len(reviewers) != needed or len({r.pk for r in reviewers}) != needed:
        raise ReviewError("choose two different reviewers" if needed == 2 else "choose a reviewer")
    for reviewer in reviewers:
        if not has_role(reviewer, Role.REVIEWER):
            raise ReviewError(f"{reviewer} is not a reviewer")
        conflicts = conflicts_of(application, reviewer)
        if conflicts:
            raise ReviewError(f"{reviewer} cannot review this application: {conflicts[0]}")
    with transaction.atomic():
        application_transition(application=application, to=Status.UNDER_REVIEW, actor=actor)
        round_ = current_round(application)
        now = timezone.now()
        assignments = [
            ReviewAssignment.objects.create(
                application=application,
                round=round_,
                order=order,
                reviewer=reviewer,
                assigned_by=actor,
                assigned_at=now,
            )
            for order, reviewer in enumerate(reviewers, start=1)
        ]
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.REVIEWERS_ASSIGNED,
            round=round_,
            reviewers=[r.pk for r in reviewers],
        )
        for assignment in assignments:
            message_queue(
                recipient=assignment.reviewer.email,
                template="review/email/assigned",
                context={"reviewer_name": str(assignment.reviewer), "order": assignment.order},
                idempotency_key=f"review-assigned:{assignment.pk}",
                application=application,
            )
    return assignments


def review_submit(
    *,
    assignment: ReviewAssignment,
    competencies: Sequence[str],
    comments: str,
    outcome: str,
    sections: Sequence[str],
    reason: str,
    actor: User,
) -> Review:
    """A reviewer's review, once; both in and agreeing, the coordinator can record the decision."""
    if actor.pk != assignment.reviewer_id:
        raise ReviewError("only the assigned reviewer can submit this review")
    application = assignment.application
    if application.status != Status.UNDER_REVIEW:
        raise ReviewError("this application is not under review")
    _check_outcome(application, outcome, sections, reason)
    with transaction.atomic():
        if Review.objects.filter(assignment=assignment).exists():
            raise ReviewError("this review is already submitted")
        review = Review.objects.create(
            assignment=assignment,
            competencies=list(competencies),
            comments=comments,
            outcome=outcome,
            sections=list(sections),
            reason=reason.strip(),
            submitted_at=timezone.now(),
        )
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.REVIEW_SUBMITTED,
            round=assignment.round,
            order=assignment.order,
            outcome=outcome,
        )
        reviews = reviews_of_round(application, assignment.round)
        assigned = ReviewAssignment.objects.filter(
            application=application, round=assignment.round
        ).count()
        if len(reviews) == assigned > 1:
            agreed = len({r.outcome for r in reviews}) == 1
            record_event(
                application=application,
                actor=None,
                kind=EventKind.REVIEWS_AGREE if agreed else EventKind.REVIEWS_DISAGREE,
                round=assignment.round,
            )
    return review


def outcomes_for(application: Application) -> list[Outcome]:
    """The outcomes a review of `application` may reach: approval to sit the exam where its
    category sits it, endorsement where it does not."""
    granting = Outcome.APPROVE if exam_required(application) else Outcome.ENDORSE
    return [o for o in Outcome if o not in (Outcome.APPROVE, Outcome.ENDORSE) or o == granting]


def _check_outcome(
    application: Application, outcome: str, sections: Sequence[str], reason: str
) -> None:
    if outcome not in Outcome.values:
        raise ReviewError(f"unknown outcome {outcome!r}")
    if outcome not in outcomes_for(application):
        raise ReviewError(
            "this category sits the exam: approve it to sit the exam"
            if outcome == Outcome.ENDORSE
            else "this category sits no exam: endorse it instead"
        )
    if outcome == Outcome.ON_HOLD and not sections:
        raise ReviewError("name the sections to reopen")
    unknown = [s for s in sections if s not in REOPENABLE]
    if unknown:
        raise ReviewError(f"unknown sections: {', '.join(unknown)}")
    if outcome in (Outcome.ON_HOLD, Outcome.DEFER) and not reason.strip():
        raise ReviewError("say why; the applicant will read it")


def reviews_reopen(*, application: Application, actor: User, reason: str) -> int:
    """The reviewers disagree: ask them to review again (their reviews are withdrawn, kept in
    the event log)."""
    round_ = current_round(application)
    with transaction.atomic():
        reviews = reviews_of_round(application, round_)
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.REVIEWS_REOPENED,
            round=round_,
            reason=reason,
            withdrawn=[{"order": r.assignment.order, "outcome": r.outcome} for r in reviews],
        )
        Review.objects.filter(pk__in=[r.pk for r in reviews]).delete()
    return len(reviews)


def decision_record(
    *,
    application: Application,
    outcome: str,
    reason: str,
    sections: Sequence[str],
    actor: User,
    today: date | None = None,
) -> Decision:
    """Record the round's decision, which every reviewer of the round must have proposed, move the
    application, and compose the letter, held until the coordinator releases it."""
    today = today or timezone.localdate()
    _check_outcome(application, outcome, sections, reason)
    if application.status != Status.UNDER_REVIEW:
        raise ReviewError("this application is not under review")
    if agreed_outcome(application) != outcome:
        raise ReviewError(
            "both reviewers must have proposed this outcome"
            if reviews_needed(application) == 2
            else "the reviewer must have proposed this outcome"
        )
    round_ = current_round(application)
    with transaction.atomic():
        endorsement = None
        if outcome == Outcome.ENDORSE:
            # The review accepts the competencies; the engine must then find it endorsable.
            application.review_competencies = "accepted"
            application.save(update_fields=["review_competencies"])
            try:
                endorsement = endorsement_issue(
                    application=application, actor=actor, today=today, notify=False
                )
            except TransitionError as error:
                raise ReviewError(str(error)) from None
        else:
            target = {
                Outcome.APPROVE: Status.APPROVED_FOR_EXAM,
                Outcome.ON_HOLD: Status.CHANGES_REQUESTED,
                Outcome.DEFER: Status.DEFERRED,
            }[Outcome(outcome)]
            application_transition(application=application, to=target, actor=actor, reason=reason)
        if outcome == Outcome.APPROVE:
            application.review_competencies = "accepted"
            application.approved_on = today
        application.reopened_sections = list(sections) if outcome == Outcome.ON_HOLD else []
        application.review_reason = reason.strip()
        application.save(
            update_fields=[
                "review_competencies",
                "approved_on",
                "reopened_sections",
                "review_reason",
            ]
        )
        decision = Decision.objects.create(
            application=application,
            round=round_,
            outcome=outcome,
            reason=reason.strip(),
            sections=list(sections),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        applicant = application.applicant
        decision.letter = message_queue(
            recipient=applicant.email,
            template=LETTERS[Outcome(outcome)],
            context={
                "applicant_name": applicant.name or applicant.email,
                "category": application.get_category_display(),
                "reason": decision.reason,
                "sections": [str(_section_title(s)) for s in sections],
                # What the applicant was asked and has not answered yet (on hold lists it).
                "requests": [
                    {
                        "subject": v.thread.subject,
                        "due": v.thread.due_on.strftime("%-d %B %Y") if v.thread.due_on else "",
                    }
                    for v in requests_open(application, today=today)
                ]
                if outcome == Outcome.ON_HOLD
                else [],
                "valid_until": add_years(today, 1).strftime("%-d %B %Y"),
                **(_endorsement_context(endorsement) if endorsement else {}),
            },
            idempotency_key=f"decision-letter:{decision.pk}",
            application=application,
            hold=True,
        )
        decision.save(update_fields=["letter"])
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.DECISION_RECORDED,
            round=round_,
            outcome=outcome,
            reason=decision.reason,
            sections=list(sections),
        )
    return decision


def _endorsement_context(endorsement: Endorsement) -> dict[str, str]:
    return {
        "number": endorsement.number,
        "renew_by": f"{endorsement.renew_by:%-d %B %Y}",
        "verify": absolute_url("registry:verify", number=endorsement.number),
        "certificate": absolute_url("registry:certificate", number=endorsement.number),
    }


def _section_title(key: str) -> str:
    return "Code of Ethics and Endorsement Agreement" if key == "ethics" else SECTIONS[key].title


def letter_release(*, message: OutboxMessage, actor: User) -> OutboxMessage:
    """Send a held letter (a decision's, an exam result's) after the coordinator has read it,
    recording on its application who released it."""
    decision = Decision.objects.filter(letter=message).first()
    with transaction.atomic():
        released = message_release(message=message)
        if released.application is not None:
            record_event(
                application=released.application,
                actor=actor,
                kind=EventKind.LETTER_RELEASED,
                message=released.pk,
                **({"decision": decision.pk} if decision is not None else {}),
            )
    return released
