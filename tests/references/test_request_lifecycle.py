"""A reference request's lifecycle: which actions each state allows, written out here by hand,
and every action of the applicant and the rater tried in every state against it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from endorse.applications.models import ApplicationEvent, Rater
from endorse.references import domain
from endorse.references.enums import REQUEST_ACTIONS, RequestState
from endorse.references.queries import request_state
from endorse.references.questions import current_questions

RATER = {"open", "save", "submit", "decline"}
# Every state, and what may be done in it; anything else is refused.
EXPECTED = {
    "not_sent": {"send", "withdraw", "bounce"},
    "sent": RATER | {"nudge", "withdraw", "remind", "bounce"},
    "opened": RATER | {"nudge", "withdraw", "remind", "bounce"},
    "in_progress": RATER | {"nudge", "withdraw", "remind", "bounce"},
    "bounced": RATER | {"send", "withdraw", "bounce"},
    "expired": {"send", "withdraw", "expire", "bounce"},
    "declined": {"withdraw", "bounce"},
    "completed": {"bounce"},
    "withdrawn": {"bounce"},
}


def test_the_request_table_is_the_expected_one():
    assert {
        state.value: {action.value for action in actions}
        for state, actions in REQUEST_ACTIONS.items()
    } == EXPECTED
    assert set(REQUEST_ACTIONS) == set(RequestState)


# Each state made from a request sent now, by the dates that make it (the state is computed).
MOMENTS = {
    "not_sent": {"sent_at": None, "expires_at": None, "token_nonce": ""},
    "sent": {},
    "opened": {"opened_at": "now"},
    "in_progress": {"opened_at": "now", "draft_saved_at": "now"},
    "bounced": {"bounced_at": "now"},
    "expired": {"expires_at": "past"},
    "declined": {"status": "declined", "declined_at": "now", "opened_at": "now"},
    "completed": {"status": "completed", "completed_on": "today", "opened_at": "now"},
    "withdrawn": {"withdrawn_at": "now"},
}


def _in_state(rater: Rater, state: str) -> Rater:
    now = timezone.now()
    values = {"now": now, "past": now - timedelta(minutes=1), "today": timezone.localdate()}
    fields = {k: values.get(v, v) if isinstance(v, str) else v for k, v in MOMENTS[state].items()}
    Rater.objects.filter(pk=rater.pk).update(**fields)
    rater.refresh_from_db()
    assert request_state(rater, now=now) == state
    return rater


def _answers() -> dict[str, str]:
    return {item.id: "4" for item in current_questions().items}


# The applicant's and the rater's actions, each as the product's pages call them. `later` is when
# they act: past the wait between the applicant's reminders.
ACTIONS = {
    "send": lambda rater, person, later: domain.reference_request_send(
        rater=rater, actor=person, now=later
    ),
    "nudge": lambda rater, person, later: domain.reference_nudge(
        rater=rater, actor=person, now=later
    ),
    "withdraw": lambda rater, person, later: domain.reference_withdraw(
        rater=rater, actor=person, now=later
    ),
    "open": lambda rater, person, later: domain.reference_open(rater=rater, now=later),
    "save": lambda rater, person, later: domain.rating_save(
        rater=rater,
        answers={},
        known_years=None,
        recommendation="",
        comments="",
        submit=False,
        now=later,
    ),
    "submit": lambda rater, person, later: domain.rating_save(
        rater=rater,
        answers=_answers(),
        known_years=Decimal(4),
        recommendation="recommend",
        comments="",
        submit=True,
        now=later,
    ),
    "decline": lambda rater, person, later: domain.reference_decline(
        rater=rater, reason="I do not know their work well enough.", now=later
    ),
}


@pytest.mark.parametrize("state", sorted(EXPECTED))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_is_done_or_refused_as_the_table_says(ask, applicant, state, action):
    rater = _in_state(ask(), state)
    events = ApplicationEvent.objects.count()
    later = timezone.now() + timedelta(hours=73)
    if action in EXPECTED[state]:
        ACTIONS[action](rater, applicant, later)
        assert ApplicationEvent.objects.count() > events or (action, state) in {
            ("open", "opened"),  # opening again records nothing
            ("open", "in_progress"),
            ("save", "sent"),  # a draft is no news for the log
            ("save", "opened"),
            ("save", "in_progress"),
            ("save", "bounced"),
        }
    else:
        before = Rater.objects.values().get(pk=rater.pk)
        with pytest.raises(domain.RequestError):
            ACTIONS[action](rater, applicant, later)
        assert Rater.objects.values().get(pk=rater.pk) == before
        assert ApplicationEvent.objects.count() == events


def test_a_refusal_names_where_the_request_stands(ask, applicant):
    rater = _in_state(ask(), "completed")
    with pytest.raises(domain.RequestError) as sending:
        domain.reference_request_send(rater=rater, actor=applicant)
    with pytest.raises(domain.RequestError) as withdrawing:
        domain.reference_withdraw(rater=rater, actor=applicant)
    with pytest.raises(domain.RequestError) as declining:
        domain.reference_decline(rater=rater, reason="No.")
    assert [str(e.value) for e in (sending, withdrawing, declining)] == [
        "This request is completed; it cannot be sent again.",
        "A completed request cannot be withdrawn.",
        "This request is completed.",
    ]
