"""Reads: where a reference request stands, and the rater's link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.enums import Category, EventKind
from endorse.applications.models import Application, ApplicationEvent, Rater
from endorse.associations.models import current_association
from endorse.associations.routing import association_of
from endorse.links import absolute_url
from endorse.registry.models import Endorsement
from endorse.registry.queries import endorsement_matching

from .enums import OPEN, RequestState
from .models import Rating
from .questions import NOT_ENOUGH_INFORMATION, parse_questions

LINK_SALT = "endorse.references.link"
# The registry records a category by its full name; the questions read its id.
CATEGORY_IDS = {str(category.label): str(category.value) for category in Category}
# A reinstatement's raters are asked the renewals app records it as (`RenewalEvent.kind`).
REINSTATEMENT_EVENT = "reference"


@dataclass(frozen=True)
class Owner:
    """Whose request a rater answers: an applicant's application, or an endorsee's reinstatement
    after lapse (RULES-renewal.md 6). The emails and the rater's pages name them from this."""

    person: User
    category: str  # the category's id (the questions follow it)
    about: str  # what the request is for, in the emails' words: "{about} through the program"
    association_id: int | None
    page: str  # where the person follows their requests
    reinstatement: bool


def rater_owner(rater: Rater) -> Owner:
    if rater.application is not None:
        application = rater.application
        return Owner(
            person=application.applicant,
            category=application.category,
            about=application.get_category_display(),
            association_id=application.association_id,
            page=absolute_url(
                "applications:workspace", pk=application.pk, anchor="section-references"
            ),
            reinstatement=False,
        )
    reinstatement = rater.reinstatement
    assert reinstatement is not None, "a rater has an application or a reinstatement"
    endorsement = reinstatement.endorsements.all()[0]
    return Owner(
        person=reinstatement.person,
        category=CATEGORY_IDS.get(endorsement.category, endorsement.category),
        about=f"the reinstatement of their {endorsement.category} endorsement",
        association_id=reinstatement.association_id,
        page=absolute_url("renewals:page"),
        reinstatement=True,
    )


def request_state(rater: Rater, *, now: datetime) -> RequestState:
    """Computed from the request's dates and `now`; expiry needs no job to have run."""
    if rater.withdrawn_at:
        return RequestState.WITHDRAWN
    if rater.status == "completed":
        return RequestState.COMPLETED
    if rater.status == "declined":
        return RequestState.DECLINED
    if rater.sent_at is None:
        return RequestState.NOT_SENT
    if rater.status == "expired" or (rater.expires_at is not None and now >= rater.expires_at):
        return RequestState.EXPIRED
    if rater.bounced_at:
        return RequestState.BOUNCED
    if rater.draft_saved_at:
        return RequestState.IN_PROGRESS
    if rater.opened_at:
        return RequestState.OPENED
    return RequestState.SENT


@dataclass(frozen=True)
class RequestView:
    """One request in the applicant's references section: its state and what may be done."""

    state: RequestState
    hint: str
    can_edit: bool
    can_send: bool
    can_nudge: bool
    can_replace: bool


def request_view(rater: Rater, *, now: datetime) -> RequestView:
    state = request_state(rater, now=now)
    hints = {
        RequestState.NOT_SENT: "Send the request when the details are right.",
        RequestState.SENT: f"Link valid until {_day(rater.expires_at)}.",
        RequestState.OPENED: f"The rater has started. Link valid until {_day(rater.expires_at)}.",
        RequestState.IN_PROGRESS: f"The rater saved a draft. Link valid until {_day(rater.expires_at)}.",
        RequestState.COMPLETED: "The rating is complete.",
        RequestState.DECLINED: "The rater declined. Ask someone else in their place.",
        RequestState.EXPIRED: "The link expired. Send a new link or ask someone else.",
        RequestState.BOUNCED: "The email could not be delivered. Check the address, then replace the rater or send a new link.",
        RequestState.WITHDRAWN: "You withdrew this request.",
    }
    return RequestView(
        state=state,
        hint=hints[state],
        can_edit=state == RequestState.NOT_SENT,
        can_send=state in {RequestState.NOT_SENT, RequestState.EXPIRED, RequestState.BOUNCED},
        can_nudge=state in OPEN and nudge_allowed_at(rater) <= now,
        can_replace=state
        not in {RequestState.COMPLETED, RequestState.WITHDRAWN, RequestState.NOT_SENT},
    )


def role_for_rater(rater: Rater) -> str:
    """The rater's role in the rater's words: the applicant's "My RS/C provider" becomes
    "their RS/C provider"."""
    if rater.role == "rsc_provider":
        return "their reflective supervision/consultation (RS/C) provider"
    return f"their {rater.get_role_display().lower()}"


def _day(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y") if moment else "?"


def nudge_allowed_at(rater: Rater) -> datetime:
    """When the applicant may next nudge: a while after the request or the last nudge."""
    last = max(m for m in (rater.sent_at, rater.nudged_at) if m is not None)
    return last + timedelta(hours=settings.ENDORSE_REFERENCE_NUDGE_HOURS)


def rater_token(rater: Rater) -> str:
    """The signed token of the rater's link: names this request and its current nonce only."""
    return signing.dumps([rater.pk, rater.token_nonce], salt=LINK_SALT)


def rater_link(rater: Rater) -> str:
    return absolute_url("references:landing", token=rater_token(rater))


class LinkError(Exception):
    """A link that does not open a request: `gone` when it once did (expired, replaced)."""

    def __init__(self, message: str, *, gone: bool) -> None:
        super().__init__(message)
        self.gone = gone


def link_days(association_id: int | None) -> int:
    """How many days the association's reference links stay open (the installation's setting
    when there is no association)."""
    association = association_of(association_id)
    if association is None:
        return int(settings.ENDORSE_REFERENCE_LINK_DAYS)
    return association.reference_link_days


def rater_for_token(token: str, *, now: datetime) -> Rater:
    """The request a link opens. Raises `LinkError`: tampered or unknown (not gone), or
    superseded by a newer link or past its expiry (gone)."""
    try:
        signing.loads(token, salt=LINK_SALT)  # a tampered link, before anything is looked up
        association = current_association()
        max_age = link_days(association.pk if association else None) * 86400
        pk, nonce = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError("This link has expired.", gone=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkError("This link is not valid.", gone=False) from None
    rater = (
        Rater.objects.select_related("application__applicant", "reinstatement__person")
        .filter(pk=pk, sent_at__isnull=False)
        .first()
    )
    if rater is None or not isinstance(nonce, str):
        raise LinkError("This link is not valid.", gone=False)
    if nonce != rater.token_nonce:
        raise LinkError("This link has been replaced by a newer one.", gone=True)
    return rater


@dataclass(frozen=True)
class EndorsementCheck:
    """What the registry says of a rater's claimed endorsement: the entry that verifies it, or
    why none does (then the claim waits for the coordinator)."""

    endorsement: Endorsement | None
    waits_because: str


def endorsement_check(rater: Rater, *, today: date) -> EndorsementCheck:
    """Whether the registry verifies the rater's claimed endorsement by itself.

    Name, number and level are public (the registry shows them), so matching them proves
    nothing about who the rater is: an applicant could name a real endorsee at an address of
    their own. A match verifies only when the rater's email is the endorsee's email on record.
    """
    match = endorsement_matching(
        number=rater.endorsement_number,
        name=rater.name,
        level=rater.endorsement_level,
        today=today,
    )
    if match is None:
        return EndorsementCheck(
            None, "no active endorsement in the registry has this number, name and level"
        )
    holder = match.person
    if holder is None or not holder.email:
        return EndorsementCheck(
            None, "the endorsement on record has no email address to compare with the rater's"
        )
    if holder.pk == rater_owner(rater).person.pk:
        return EndorsementCheck(None, "the endorsee on record is the applicant")
    if holder.email.strip().casefold() != rater.email.strip().casefold():
        return EndorsementCheck(None, "the rater's email is not the endorsee's email on record")
    return EndorsementCheck(match, "")


DAY = timedelta(hours=24)


def request_refusal(application: Application, *, now: datetime) -> str:
    """Why no reference request may be mailed for `application` now; empty when one may.

    Every request mails an address the applicant typed, from the association's domain, so
    their number is capped: ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION in all (new links
    included), and ENDORSE_REFERENCE_REQUESTS_PER_DAY in any 24 hours for all of the
    applicant's applications together. Counted from the `reference_requested` events.
    """
    requested = ApplicationEvent.objects.filter(kind=EventKind.REFERENCE_REQUESTED)
    most = settings.ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION
    if requested.filter(application=application).count() >= most:
        return (
            f"this application has sent {most} reference requests, the most allowed. Ask the "
            "endorsement coordinator if you need to ask someone else."
        )
    per_day = settings.ENDORSE_REFERENCE_REQUESTS_PER_DAY
    recent = list(
        requested.filter(
            application__applicant_id=application.applicant_id, created_at__gt=now - DAY
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) >= per_day:
        # The moment enough of them are more than a day old for one more to go.
        free_at = recent[len(recent) - per_day] + DAY if per_day > 0 else now + DAY
        return (
            f"{per_day} reference requests have been sent in the last 24 hours, the most "
            "allowed. You can send this one from "
            f"{timezone.localtime(free_at).strftime('%-d %B %Y, %H:%M')}."
        )
    return ""


def owner_request_refusal(rater: Rater, *, now: datetime) -> str:
    """`request_refusal` for the rater's owner: an application's caps, or, for a reinstatement,
    ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION requests in all (new links included)."""
    if rater.application is not None:
        return request_refusal(rater.application, now=now)
    assert rater.reinstatement is not None
    most = settings.ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION
    sent = rater.reinstatement.renewalevent_set.filter(
        kind=REINSTATEMENT_EVENT, data__what=str(EventKind.REFERENCE_REQUESTED)
    ).count()
    if sent >= most:
        return (
            f"this reinstatement has sent {most} reference requests, the most allowed. Ask the "
            "endorsement coordinator if you need to ask someone else."
        )
    return ""


def rating_shown(rating: Rating) -> dict[str, Any]:
    """A submitted rating in the wording it was answered under (`rating.question_set`): each
    domain's items as (question, answer label), and the recommendation's label."""
    wording = parse_questions(rating.question_set.data)
    labels = dict(wording.scale) | {NOT_ENOUGH_INFORMATION: wording.not_enough_information}
    return {
        "rating": rating,
        "domains": [
            {
                "title": group.title,
                "items": [
                    (item.text, labels.get(rating.answers.get(item.id, ""), "—"))
                    for item in group.items
                ],
            }
            for group in wording.domains
        ],
        "recommendation": dict(wording.recommendations).get(
            rating.recommendation, rating.recommendation
        ),
    }
