"""A reference request's lifecycle: where it stands (computed, never stored), what may be done
to it, and the table of which action each state allows."""

from __future__ import annotations

from django.db.models import TextChoices


class RequestState(TextChoices):
    """Where a request stands, as the applicant sees it (never what the rater wrote).

    Computed by `queries.request_state` from the request's dates and an injected `now`: expired
    when the link's time is up, bounced while a delivery failure is the latest news, with no job
    having to run first.
    """

    NOT_SENT = "not_sent", "Not sent yet"
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    BOUNCED = "bounced", "Email not delivered"
    WITHDRAWN = "withdrawn", "Withdrawn"


# States the rater can still act in.
OPEN = frozenset({RequestState.SENT, RequestState.OPENED, RequestState.IN_PROGRESS})


class RequestAction(TextChoices):
    """What is done to a request, and by whom. The state that follows is computed again from
    the dates each action writes, so the table below says what is allowed, not where it leads."""

    SEND = "send", "Send a link (the first, or a new one)"  # the applicant
    NUDGE = "nudge", "Remind the rater"  # the applicant
    WITHDRAW = "withdraw", "Withdraw the request"  # the applicant
    OPEN = "open", "Start the rating"  # the rater
    SAVE = "save", "Save a draft rating"  # the rater
    SUBMIT = "submit", "Submit the rating"  # the rater
    DECLINE = "decline", "Decline"  # the rater
    REMIND = "remind", "Send a due reminder"  # the worker
    EXPIRE = "expire", "Record the expiry for the engine"  # the worker
    BOUNCE = "bounce", "Record an undelivered email"  # the mail server's report


_RATER = frozenset(
    {RequestAction.OPEN, RequestAction.SAVE, RequestAction.SUBMIT, RequestAction.DECLINE}
)

# What each state allows; `domain.request_transition` refuses anything else. A delivery failure
# is recorded whatever the state (it shows only while the request is open). A bounced request
# can still be answered: the rater may have the email all the same.
REQUEST_ACTIONS: dict[RequestState, frozenset[RequestAction]] = {
    RequestState.NOT_SENT: frozenset(
        {RequestAction.SEND, RequestAction.WITHDRAW, RequestAction.BOUNCE}
    ),
    RequestState.SENT: _RATER
    | {RequestAction.NUDGE, RequestAction.WITHDRAW, RequestAction.REMIND, RequestAction.BOUNCE},
    RequestState.OPENED: _RATER
    | {RequestAction.NUDGE, RequestAction.WITHDRAW, RequestAction.REMIND, RequestAction.BOUNCE},
    RequestState.IN_PROGRESS: _RATER
    | {RequestAction.NUDGE, RequestAction.WITHDRAW, RequestAction.REMIND, RequestAction.BOUNCE},
    RequestState.BOUNCED: _RATER
    | {RequestAction.SEND, RequestAction.WITHDRAW, RequestAction.BOUNCE},
    RequestState.EXPIRED: frozenset(
        {RequestAction.SEND, RequestAction.WITHDRAW, RequestAction.EXPIRE, RequestAction.BOUNCE}
    ),
    RequestState.DECLINED: frozenset({RequestAction.WITHDRAW, RequestAction.BOUNCE}),
    RequestState.COMPLETED: frozenset({RequestAction.BOUNCE}),
    RequestState.WITHDRAWN: frozenset({RequestAction.BOUNCE}),
}
