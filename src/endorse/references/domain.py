"""Writes of the reference workflow: requests, the rater's answers, reminders and expiry.

Every function runs in one transaction, records an `ApplicationEvent` (never the rating's
content) and queues its emails in the outbox in that same transaction.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.domain import (
    PartlyDone,
    TransitionError,
    evidence_delete,
    evidence_save,
    record_event,
    require_editable,
)
from endorse.applications.enums import EventKind
from endorse.applications.models import Rater
from endorse.applications.queries import rater_email_problem
from endorse.associations.models import current_association
from endorse.notifications.domain import message_queue
from endorse.notifications.models import OutboxMessage

from .enums import OPEN, REQUEST_ACTIONS, RequestAction, RequestState
from .models import QuestionSet, Rating, wording_digest
from .queries import (
    REINSTATEMENT_EVENT,
    endorsement_check,
    link_days,
    nudge_allowed_at,
    owner_request_refusal,
    rater_link,
    rater_owner,
    request_refusal,
    request_state,
    role_for_rater,
)
from .questions import (
    NOT_ENOUGH_INFORMATION,
    Questions,
    load_questions,
    parse_questions,
    request_questions,
)


class RequestError(TransitionError):
    """An action the request's state does not allow, in words for the person who tried it."""


class RatingIncomplete(ValueError):
    """A rating submitted with answers missing: `missing` names the fields."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"{len(missing)} answers missing")
        self.missing = missing


def _typed(text: str) -> str:
    """Text a person typed, on one line, so an email can quote it as theirs and nothing of it
    reads as the association's own lines."""
    return " ".join(text.split())


def _context(rater: Rater) -> dict[str, Any]:
    """What the emails about a request may say: names and the link, never rating content.

    The names and the capacity are the applicant's words: the templates quote them as such and
    keep them out of subjects (an applicant can have these emails sent to any address). A
    reinstatement's requests say what they are for ("the reinstatement of their … endorsement")
    where an application's name its category, and link to the renewal page."""
    owner = rater_owner(rater)
    applicant = owner.person
    return {
        "rater_name": _typed(rater.name),
        "applicant_name": _typed(applicant.name) or applicant.email,
        "applicant_email": applicant.email,
        "capacity": _typed(rater.capacity),
        "category": owner.about,
        "role": role_for_rater(rater),
        "link": rater_link(rater),
        "expires_on": timezone.localtime(rater.expires_at).strftime("%-d %B %Y")
        if rater.expires_at
        else "",
        "workspace": owner.page,
        # What the emails to the person asked about call their request and its page.
        "for_what": "your reinstatement" if owner.reinstatement else "",
        "yours": "your renewal page" if owner.reinstatement else "",
    }


def _record(owned: Rater, /, *, actor: User | None, kind: EventKind, **data: Any) -> None:
    """The request's event, on its owner's log: the application's, or, for a reinstatement, the
    renewal events (kind `reference`, `what` naming the same event kind)."""
    if owned.application is not None:
        record_event(application=owned.application, actor=actor, kind=kind, **data)
        return
    reinstatement = owned.reinstatement
    assert reinstatement is not None
    reinstatement.renewalevent_set.create(
        kind=REINSTATEMENT_EVENT,
        person=reinstatement.person,
        actor=actor,
        data={"what": str(kind), **data},
    )


def _queue(rater: Rater, template: str, key: str, *, to_applicant: bool = False) -> None:
    message_queue(
        recipient=rater_owner(rater).person.email if to_applicant else rater.email,
        template=f"references/email/{template}",
        context=_context(rater),
        idempotency_key=key,
        application=rater.application,
        rater=None if to_applicant else rater,
    )


# The refusal of each action, in words for whoever tried it ({state}: where the request stands).
_REFUSALS = {
    RequestAction.SEND: "This request is {state}; it cannot be sent again.",
    RequestAction.NUDGE: "Only a request the rater can still answer can be nudged.",
    RequestAction.WITHDRAW: "A {state} request cannot be withdrawn.",
}


def request_transition(*, rater: Rater, action: RequestAction, now: datetime) -> RequestState:
    """The gate of every write to a request: returns the state `rater` stands in at `now` when
    it allows `action` (`enums.REQUEST_ACTIONS`), else raises `RequestError`. The caller holds
    the row (locked, or claimed by a conditional update) and writes the dates the action sets;
    the state that follows is computed from them, never stored."""
    state = request_state(rater, now=now)
    if action not in REQUEST_ACTIONS[state]:
        refusal = _REFUSALS.get(action, "This request is {state}.")
        raise RequestError(refusal.format(state=state.label.lower()))
    return state


def _lock(rater: Rater) -> Rater:
    return (
        Rater.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "reinstatement__person")
        .get(pk=rater.pk)
    )


def _auto_verify(rater: Rater, *, today: Any) -> None:
    """A claimed endorsement that this registry verifies (number, name and level match, and the
    rater writes from the endorsee's email on record) is verified at once; any other waits for
    the coordinator, whose file says why (`queries.endorsement_check`)."""
    if rater.endorsement_verified or not rater.endorsement_level:
        return
    found = endorsement_check(rater, today=today).endorsement
    if found is not None:
        _mark_verified(rater, actor=None, number=found.number, by="registry")


def _mark_verified(
    rater: Rater, *, actor: User | None, number: str, by: str, note: str = ""
) -> None:
    """Set the flag (the caller saves) and record who or what verified the endorsement."""
    rater.endorsement_verified = True
    _record(
        rater,
        actor=actor,
        kind=EventKind.RATER_ENDORSEMENT_VERIFIED,
        rater=rater.pk,
        endorsement=number,
        by=by,
        **({"note": note.strip()} if note.strip() else {}),
    )


def reference_request_send(*, rater: Rater, actor: User, now: datetime | None = None) -> Rater:
    """Email the rater a link to rate the applicant: the first time, or a fresh link after the
    last one expired or bounced (which ends the old link; a saved draft is kept)."""
    now = now or timezone.now()
    if not rater.email:
        raise RequestError("Add the rater's email address first.")
    with transaction.atomic():
        locked = _lock(rater)
        state = request_transition(rater=locked, action=RequestAction.SEND, now=now)
        refusal = owner_request_refusal(locked, now=now)
        if refusal:
            raise RequestError(refusal)
        resend = state != RequestState.NOT_SENT
        locked.questions = locked.questions or request_questions(rater_owner(locked)).version
        locked.token_nonce = secrets.token_urlsafe(16)
        locked.sent_at = now
        locked.expires_at = now + timedelta(days=link_days(locked.association_id))
        locked.status = "requested"
        locked.bounced_at = None
        locked.reminders_sent = 0
        locked.nudged_at = None
        _auto_verify(locked, today=timezone.localdate(now))
        locked.save()
        _record(
            locked,
            actor=actor,
            kind=EventKind.REFERENCE_REQUESTED,
            rater=locked.pk,
            resent=resend,
        )
        _queue(locked, "request", f"reference-request:{locked.pk}:{locked.token_nonce}")
    return locked


def rater_save_and_send(
    *, application: Any, entry: Rater, actor: User, now: datetime | None = None, token: str = ""
) -> Rater:
    """Save a new or not-yet-sent rater (a validated, unsaved form instance) and send the request.

    When no more requests may be sent now (`queries.request_refusal`), the rater is saved
    all the same, not sent, and `PartlyDone` says why: the applicant sends it later. `token` is
    the add form's one-time token (`evidence_save`).
    """
    now = now or timezone.now()
    require_editable(application, "references")
    if entry.pk is not None and entry.sent_at is not None:
        raise RequestError("a sent request cannot be changed; replace the rater instead")
    problem = rater_email_problem(application, entry.email, rater_pk=entry.pk)
    if problem:
        raise RequestError(problem)
    with transaction.atomic():
        evidence_save(application=application, entry=entry, actor=actor, token=token)
        refusal = request_refusal(application, now=now)
        if not refusal:
            return reference_request_send(rater=entry, actor=actor, now=now)
    raise PartlyDone(f"Saved, but not sent: {refusal}")


def rater_remove(*, application: Any, entry: Rater, actor: User) -> None:
    """Delete a rater never asked; withdraw a sent request (it stays on record)."""
    if entry.sent_at is None:
        evidence_delete(application=application, entry=entry, actor=actor)
    else:
        reference_withdraw(rater=entry, actor=actor)


def reference_nudge(*, rater: Rater, actor: User, now: datetime | None = None) -> Rater:
    """A reminder the applicant sends; allowed once every ENDORSE_REFERENCE_NUDGE_HOURS."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(rater)
        request_transition(rater=locked, action=RequestAction.NUDGE, now=now)
        allowed = nudge_allowed_at(locked)
        if now < allowed:
            raise RequestError(
                "You reminded this rater recently. You can send another reminder from "
                f"{timezone.localtime(allowed).strftime('%-d %B %Y, %H:%M')}."
            )
        locked.nudged_at = now
        locked.save(update_fields=["nudged_at", "updated_at"])
        _record(
            locked,
            actor=actor,
            kind=EventKind.REFERENCE_NUDGED,
            rater=locked.pk,
        )
        _queue(locked, "reminder", f"reference-nudge:{locked.pk}:{now.isoformat()}")
    return locked


def reference_withdraw(*, rater: Rater, actor: User, now: datetime | None = None) -> Rater:
    """Withdraw a request (the rater is told if they could still answer). It no longer counts."""
    now = now or timezone.now()
    if rater.application is not None:
        require_editable(rater.application, "references")
    with transaction.atomic():
        locked = _lock(rater)
        state = request_transition(rater=locked, action=RequestAction.WITHDRAW, now=now)
        locked.withdrawn_at = now
        locked.save(update_fields=["withdrawn_at", "updated_at"])
        _record(
            locked,
            actor=actor,
            kind=EventKind.REFERENCE_WITHDRAWN,
            rater=locked.pk,
        )
        if state in OPEN:
            _queue(locked, "withdrawn", f"reference-withdrawn:{locked.pk}")
    return locked


def reference_replace(*, rater: Rater, replacement: Rater, actor: User) -> Rater:
    """Withdraw `rater` and send a request to `replacement` (an unsaved form instance). Refused
    before anything changes when no request may be sent now: the old request stays. An
    application's only: a reinstatement's endorsee withdraws and names another rater."""
    if rater.application is None:
        raise RequestError("Withdraw this request and name another rater instead.")
    refusal = request_refusal(rater.application, now=timezone.now())
    if refusal:
        raise RequestError(refusal)
    with transaction.atomic():
        reference_withdraw(rater=rater, actor=actor)
        new = rater_save_and_send(application=rater.application, entry=replacement, actor=actor)
        _record(
            rater,
            actor=actor,
            kind=EventKind.REFERENCE_REPLACED,
            rater=rater.pk,
            replacement=new.pk,
        )
    return new


# The rater's side: no account, only the link. GET never reaches these; each is a POST.


def _open_for_rater(rater: Rater, now: datetime, action: RequestAction) -> Rater:
    locked = _lock(rater)
    request_transition(rater=locked, action=action, now=now)
    return locked


def reference_open(*, rater: Rater, now: datetime | None = None) -> Rating:
    """The rater starts: the request becomes opened and an empty rating holds the wording."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _open_for_rater(rater, now, RequestAction.OPEN)
        rating = _rating(locked, now)
        if locked.opened_at is None:
            locked.opened_at = now
            locked.bounced_at = None  # they have the email, whatever the report said
            locked.save(update_fields=["opened_at", "bounced_at", "updated_at"])
            _record(
                locked,
                actor=None,
                kind=EventKind.REFERENCE_OPENED,
                rater=locked.pk,
            )
    return rating


def _rating(rater: Rater, now: datetime) -> Rating:
    rating = Rating.objects.filter(rater=rater).select_related("question_set").first()
    if rating is None:
        questions = load_questions(rater.questions or request_questions(rater_owner(rater)).version)
        rating = Rating.objects.create(
            rater=rater,
            questions_version=questions.version,
            question_set=question_set_of(questions),
            started_at=now,
        )
    return rating


def question_set_of(questions: Questions) -> QuestionSet:
    """The stored wording of `questions`, stored now if no rating was answered under it yet
    (a wording is found by its content's digest, so each is stored once and never changed)."""
    question_set, _ = QuestionSet.objects.get_or_create(
        digest=wording_digest(questions.data),
        defaults={"version": questions.version, "data": questions.data},
    )
    return question_set


def rating_save(
    *,
    rater: Rater,
    answers: dict[str, str],
    known_years: Decimal | None,
    recommendation: str,
    comments: str,
    submit: bool,
    now: datetime | None = None,
) -> Rating:
    """Save the rater's answers as a draft, or submit them (then nothing changes them again).

    Submitting needs every item answered (a rating or "not enough information"), the years known
    and a recommendation: when something is missing, what was answered is kept as a draft and
    `RatingIncomplete` names what is missing. The rating then counts: the rater's years known and
    the number of "not enough information" answers go to the engine.
    """
    now = now or timezone.now()
    missing: list[str] = []
    with transaction.atomic():
        locked = _open_for_rater(rater, now, RequestAction.SUBMIT if submit else RequestAction.SAVE)
        rating = _rating(locked, now)
        questions = parse_questions(rating.question_set.data)  # the wording it was opened with
        _check_answers(questions, answers, recommendation)
        rating.answers = {k: v for k, v in answers.items() if v}
        rating.known_years = known_years
        rating.recommendation = recommendation
        rating.comments = comments
        rating.saved_at = now
        if submit:
            missing = [item.id for item in questions.items if not rating.answers.get(item.id)]
            missing += [
                name
                for name, value in (
                    ("known_years", known_years),
                    ("recommendation", recommendation),
                )
                if value in (None, "")
            ]
        if submit and not missing:
            rating.submitted_at = now
        rating.save()
        if rating.submitted_at is None:
            locked.draft_saved_at = now
            locked.opened_at = locked.opened_at or now
            locked.save(update_fields=["draft_saved_at", "opened_at", "updated_at"])
        else:
            locked.status = "completed"
            locked.completed_on = timezone.localdate(now)
            locked.known_years = known_years
            locked.not_enough_information = sum(
                1 for value in rating.answers.values() if value == NOT_ENOUGH_INFORMATION
            )
            _auto_verify(locked, today=timezone.localdate(now))
            locked.save()
            _record(
                locked,
                actor=None,
                kind=EventKind.REFERENCE_COMPLETED,
                rater=locked.pk,
            )
            _queue(locked, "completed", f"reference-completed:{locked.pk}", to_applicant=True)
    if missing:
        raise RatingIncomplete(missing)  # after the draft is committed
    return rating


def _check_answers(questions: Questions, answers: dict[str, str], recommendation: str) -> None:
    allowed = {value for value, _ in questions.scale} | {NOT_ENOUGH_INFORMATION, ""}
    items = {item.id for item in questions.items}
    wrong = [k for k, v in answers.items() if k not in items or v not in allowed]
    if wrong:
        raise RequestError(f"Unknown answers: {', '.join(sorted(wrong))}.")
    if recommendation and recommendation not in {value for value, _ in questions.recommendations}:
        raise RequestError("Unknown recommendation.")


def reference_decline(*, rater: Rater, reason: str, now: datetime | None = None) -> Rater:
    """The rater declines, with a reason for the coordinator; the applicant is told, without it."""
    now = now or timezone.now()
    if not reason.strip():
        raise RequestError("Tell us briefly why, so the coordinator knows.")
    with transaction.atomic():
        locked = _open_for_rater(rater, now, RequestAction.DECLINE)
        locked.status = "declined"
        locked.declined_at = now
        locked.decline_reason = reason.strip()
        locked.save(update_fields=["status", "declined_at", "decline_reason", "updated_at"])
        _record(
            locked,
            actor=None,
            kind=EventKind.REFERENCE_DECLINED,
            rater=locked.pk,
            reason=locked.decline_reason,  # for staff: it stays on record if the rater is replaced
        )
        _queue(locked, "declined", f"reference-declined:{locked.pk}", to_applicant=True)
    return locked


def rater_endorsement_verify(*, rater: Rater, actor: User, note: str = "") -> Rater:
    """The coordinator has vetted the rater's claimed endorsement (on a draft too: raters rate
    before the application is submitted), with how, in the optional `note`."""
    if not rater.endorsement_level:
        raise RequestError("This rater has not claimed an endorsement.")
    with transaction.atomic():
        locked = _lock(rater)
        _mark_verified(
            locked, actor=actor, number=locked.endorsement_number, by="coordinator", note=note
        )
        locked.save(update_fields=["endorsement_verified", "updated_at"])
    return locked


def rater_vet(*, rater: Rater, vetted: bool, actor: User, note: str = "") -> Rater:
    """The coordinator's vetting call on a rater who is not endorsed (RULES-categories.md 4.6):
    recorded with who made it, when and the outcome (and the coordinator's note, if any)."""
    with transaction.atomic():
        locked = _lock(rater)
        locked.vetted = vetted
        locked.vetted_at = timezone.now()
        locked.vetted_by = actor
        locked.save(update_fields=["vetted", "vetted_at", "vetted_by", "updated_at"])
        _record(
            locked,
            actor=actor,
            kind=EventKind.RATER_VETTED,
            rater=locked.pk,
            vetted=vetted,
            **({"note": note.strip()} if note.strip() else {}),
        )
    return locked


# Chasing, run by the worker.


def _chase_allows(rater: Rater, action: RequestAction, now: datetime) -> bool:
    """Whether the table allows the job's `action` on `rater`: the job's queries pick only such
    requests, and a refusal skips the request rather than stopping the whole run."""
    try:
        request_transition(rater=rater, action=action, now=now)
    except RequestError:
        return False
    return True


def references_chase(*, now: datetime) -> dict[str, int]:
    """Mark expired requests (telling the applicant) and send the reminders that are due.

    Safe to run at any time and as often as wanted: each reminder is claimed by a conditional
    update and has its own idempotency key, so no reminder goes twice.
    """
    counts = {"expired": 0, "reminders": 0}
    open_requests = Rater.objects.filter(
        sent_at__isnull=False, status="requested", withdrawn_at__isnull=True
    ).select_related("application__applicant", "reinstatement__person")
    for rater in open_requests.filter(expires_at__lte=now):
        if not _chase_allows(rater, RequestAction.EXPIRE, now):
            continue
        with transaction.atomic():
            if Rater.objects.filter(pk=rater.pk, status="requested").update(status="expired"):
                _record(
                    rater,
                    actor=None,
                    kind=EventKind.REFERENCE_EXPIRED,
                    rater=rater.pk,
                )
                _queue(
                    rater,
                    "expired",
                    f"reference-expired:{rater.pk}:{rater.token_nonce}",
                    to_applicant=True,
                )
                counts["expired"] += 1
    # The association's reminder days (the worker chases each association in its own scope).
    association = current_association()
    days = sorted(
        association.reference_reminder_days
        if association is not None
        else settings.ENDORSE_REFERENCE_REMINDER_DAYS
    )
    if not days:
        return counts
    due = open_requests.filter(
        expires_at__gt=now,
        bounced_at__isnull=True,
        reminders_sent__lt=len(days),
        sent_at__lte=now - timedelta(days=days[0]),
    )
    for rater in due:
        assert rater.sent_at is not None
        reached = sum(1 for day in days if rater.sent_at + timedelta(days=day) <= now)
        if reached <= rater.reminders_sent:
            continue
        if not _chase_allows(rater, RequestAction.REMIND, now):
            continue
        with transaction.atomic():
            claimed = Rater.objects.filter(
                pk=rater.pk, reminders_sent=rater.reminders_sent, status="requested"
            ).update(reminders_sent=reached)
            if claimed:
                day = days[reached - 1]
                _record(
                    rater,
                    actor=None,
                    kind=EventKind.REFERENCE_REMINDED,
                    rater=rater.pk,
                    day=day,
                )
                _queue(
                    rater, "reminder", f"reference-reminder:{rater.pk}:{rater.token_nonce}:{day}"
                )
                counts["reminders"] += 1
    return counts


def on_message_undelivered(sender: Any, message: OutboxMessage, **kwargs: Any) -> None:
    """An email to a rater bounced or failed: the request shows it, and the applicant is told."""
    if message.rater_id is None:
        return
    rater = Rater.objects.select_related("application__applicant", "reinstatement__person").get(
        pk=message.rater_id
    )
    request_transition(rater=rater, action=RequestAction.BOUNCE, now=timezone.now())
    Rater.objects.filter(pk=rater.pk).update(bounced_at=timezone.now())
    _record(
        rater,
        actor=None,
        kind=EventKind.REFERENCE_EMAIL_UNDELIVERED,
        rater=rater.pk,
        message=message.pk,
        status=message.status,
    )
    _queue(rater, "bounced", f"reference-bounced:{message.pk}", to_applicant=True)
