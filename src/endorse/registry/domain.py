"""Issuing, revoking and moving endorsements."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scope

from endorse.accounts.models import User
from endorse.applications.domain import TransitionError, application_transition, record_event
from endorse.applications.enums import CATEGORIES, KIND_LEVELS, EventKind, Status, category_code
from endorse.applications.models import Application
from endorse.applications.queries import applications_with_evidence, exam_required, verdict_for
from endorse.associations.models import Association
from endorse.associations.routing import association_of
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue

from .models import Endorsement, EndorsementMove, NumberSequence

audit = logging.getLogger("endorse.audit")


class IssueError(TransitionError):
    """Why an endorsement cannot be issued or revoked now."""


def number_prefix(category: str, association_prefix: str | None = None) -> str:
    """Endorsement numbers of `category`: the association's prefix (the installation's default
    when none is given), the category's code, and a sequence of its own (MI-IFS-00001,
    MI-IMHM-RF-00001)."""
    prefix = settings.ENDORSE_NUMBER_PREFIX if association_prefix is None else association_prefix
    return f"{prefix}{category_code(category)}-"


def next_number(prefix: str) -> str:
    """The next number of `prefix`, inside the caller's transaction. The UPDATE comes first, so
    the row is write-locked before it is read: concurrent issuers queue on it (PostgreSQL's row
    lock, SQLite's write lock) and never read the same value."""
    NumberSequence.objects.get_or_create(prefix=prefix)
    NumberSequence.objects.filter(prefix=prefix).update(last=F("last") + 1)
    last = NumberSequence.objects.get(prefix=prefix).last
    return f"{prefix}{last:05d}"


def endorsement_issue(
    *, application: Application, actor: User, today: date | None = None, notify: bool = True
) -> Endorsement:
    """Issue the endorsement of an application the engine finds `endorsable`: a new number, the
    dates, the status, and a notice to the applicant (unless `notify` is false: a review's
    decision letter, held for release, carries the news). An application is issued once
    approved to sit the exam and passed, or, for a category without exam, from review. Two
    coordinators pressing the button at the same moment get one endorsement; the second is
    told it exists."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if Endorsement.objects.filter(application=locked).exists():
            raise IssueError("this application's endorsement is already issued")
        issuable = Status.APPROVED_FOR_EXAM if exam_required(locked) else Status.UNDER_REVIEW
        if locked.status != issuable:
            raise IssueError(
                f"an application that is {locked.get_status_display().lower()} cannot be endorsed"
            )
        verdict = verdict_for(applications_with_evidence().get(pk=locked.pk), today=today)
        if verdict.overall != "endorsable":
            missing = [r.title for r in verdict.requirements if r.status in ("not_met", "pending")]
            raise IssueError(f"the checklist is not complete: {', '.join(missing)}")
        applicant = locked.applicant
        association = association_of(locked.association_id)
        assert association is not None
        endorsement = Endorsement.objects.create(
            association=association,
            number=next_number(number_prefix(locked.category, association.number_prefix)),
            name=applicant.name or applicant.email,
            level=KIND_LEVELS[CATEGORIES[locked.category].kind],
            category=locked.get_category_display(),
            person=applicant,
            application=locked,
            issued_on=today,
            listed=applicant.listed_in_registry,
            issued_by=actor,
        )
        application_transition(application=locked, to=Status.ENDORSED, actor=actor)
        record_event(
            application=locked,
            actor=actor,
            kind=EventKind.ENDORSEMENT_ISSUED,
            number=endorsement.number,
        )
        if not notify:
            application.refresh_from_db()
            return endorsement
        message_queue(
            recipient=applicant.email,
            template="registry/email/issued",
            context={
                "applicant_name": applicant.name or applicant.email,
                "category": endorsement.category,
                "number": endorsement.number,
                "renew_by": f"{endorsement.renew_by:%-d %B %Y}",
                "verify": absolute_url("registry:verify", number=endorsement.number),
                "certificate": absolute_url("registry:certificate", number=endorsement.number),
            },
            idempotency_key=f"endorsement-issued:{endorsement.pk}",
            application=locked,
        )
    application.refresh_from_db()
    return endorsement


def endorsement_revoke(*, endorsement: Endorsement, reason: str, actor: User) -> Endorsement:
    if not reason.strip():
        raise IssueError("say why the endorsement is revoked")
    if endorsement.revoked_at is not None:
        raise IssueError("this endorsement is already revoked")
    with transaction.atomic():
        endorsement.revoked_at = timezone.now()
        endorsement.revoked_reason = reason.strip()
        endorsement.save(update_fields=["revoked_at", "revoked_reason"])
        if endorsement.application is not None:
            record_event(
                application=endorsement.application,
                actor=actor,
                kind=EventKind.ENDORSEMENT_REVOKED,
                number=endorsement.number,
                reason=endorsement.revoked_reason,
            )
    return endorsement


class MoveError(ValueError):
    """Why an endorsement cannot be moved, in words for the coordinator."""


def endorsement_move(
    *, endorsement: Endorsement, to_association: Association, reason: str, actor: User
) -> EndorsementMove:
    """Move `endorsement` to `to_association` when its holder moves there: its number stays (the
    verification page finds it by the number), its association changes, and the move is kept
    (`EndorsementMove`) with its reason. The receiving association (its contact email) and the
    holder are told. Call it in the scope of the association holding the endorsement."""
    reason = reason.strip()
    if not reason:
        raise MoveError("say why the endorsement moves (the holder moved to …)")
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if locked.association_id == to_association.pk:
            raise MoveError(f"this endorsement is already {to_association.short_name}'s")
        from_association = association_of(locked.association_id)
        assert from_association is not None
        Endorsement.objects.filter(pk=locked.pk).update(association=to_association)
        # Made in the receiving association's scope: the row is read through the endorsement,
        # which is the receiving association's now; its emails are on that association's address.
        with scope(association=to_association):
            move = EndorsementMove.objects.create(
                endorsement=locked,
                from_association=from_association,
                to_association=to_association,
                reason=reason,
                moved_by=actor,
                moved_at=timezone.now(),
            )
            _tell_of_move(locked, move)
        audit.info(
            "endorsement %s moved from %s to %s (by %s)",
            locked.number,
            from_association.slug,
            to_association.slug,
            actor.email,
        )
    endorsement.refresh_from_db()
    return move


def _tell_of_move(endorsement: Endorsement, move: EndorsementMove) -> None:
    """The emails of a move, in the receiving association's scope: to its contact email (when
    it has one) and to the holder (when the endorsement has an account)."""
    context = {
        "name": endorsement.name,
        "number": endorsement.number,
        "category": endorsement.category,
        "from_name": move.from_association.name,
        "to_name": move.to_association.name,
        "reason": move.reason,
        "verify": absolute_url("registry:verify", number=endorsement.number),
        "staff_page": absolute_url("staff:endorsement", pk=endorsement.pk),
    }
    if move.to_association.contact_email:
        message_queue(
            recipient=move.to_association.contact_email,
            template="registry/email/moved_in",
            context=context,
            idempotency_key=f"endorsement-moved:{move.pk}:association",
        )
    if endorsement.person is not None:
        message_queue(
            recipient=endorsement.person.email,
            template="registry/email/moved",
            context=context,
            idempotency_key=f"endorsement-moved:{move.pk}:holder",
        )


def registry_listing_set(*, person: User, listed: bool) -> None:
    """The person's choice to be listed, for their endorsements now and later. A change of the
    choice is recorded on each of the person's applications (the public registry shows it)."""
    with transaction.atomic():
        changed = person.listed_in_registry != listed
        person.listed_in_registry = listed
        person.save(update_fields=["listed_in_registry"])
        Endorsement.objects.filter(person=person).update(listed=listed)
        if changed:
            kind = EventKind.REGISTRY_LISTED if listed else EventKind.REGISTRY_UNLISTED
            for application in person.applications.all():
                record_event(application=application, actor=person, kind=kind)
