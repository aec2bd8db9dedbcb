"""Categories whose policy needs no exam go from review straight to endorsement: an "endorse"
outcome, its letter held like every decision's (RULES-categories.md 4.9)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from endorse.applications import domain as applications
from endorse.applications.enums import Status
from endorse.notifications.models import OutboxMessage
from endorse.registry.models import Endorsement
from endorse.review import domain
from endorse.review.domain import ReviewError
from endorse.review.enums import Outcome

from ..conftest import imported
from ..eligibility.category_builders import met

ON = datetime(2026, 6, 30, 12, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def under_review(applicant, coordinator, reviewers):
    """An Early Childhood Family Specialist application under `2025`, every requirement met,
    under review by two reviewers."""
    with time_machine.travel(ON, tick=False):
        application = applications.application_import(
            applicant=applicant, text=json.dumps(met("ec-family-specialist")).encode(), trusted=True
        )
        applications.application_submit(application=application, actor=applicant)
        application.refresh_from_db()
        assignments = domain.review_start(
            application=application, reviewers=reviewers, actor=coordinator
        )
    return application, assignments


def _review(assignment, outcome):
    return domain.review_submit(
        assignment=assignment,
        competencies=["reflection"],
        comments="",
        outcome=outcome,
        sections=[],
        reason="",
        actor=assignment.reviewer,
    )


def test_outcomes_for_a_category_without_exam_endorse_instead_of_approving(under_review):
    application, _ = under_review
    assert domain.outcomes_for(application) == [Outcome.ENDORSE, Outcome.ON_HOLD, Outcome.DEFER]


def test_outcomes_for_a_mentor_approve_to_sit_the_exam(applicant):
    application = imported(applicant, "policy-ready-for-exam")
    assert domain.outcomes_for(application) == [Outcome.APPROVE, Outcome.ON_HOLD, Outcome.DEFER]


def test_approving_a_category_without_exam_is_refused(under_review):
    _, (first, _second) = under_review
    with pytest.raises(ReviewError) as refused:
        _review(first, "approve")
    assert str(refused.value) == "this category sits no exam: endorse it instead"


def test_endorsing_a_category_with_an_exam_is_refused(submitted, coordinator, reviewers):
    first, _second = domain.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    with pytest.raises(ReviewError) as refused:
        _review(first, "endorse")
    assert str(refused.value) == "this category sits the exam: approve it to sit the exam"


def test_endorse_decision_issues_the_endorsement_and_holds_its_letter(
    under_review, coordinator, deliver
):
    application, (first, second) = under_review
    with time_machine.travel(ON, tick=False):
        _review(first, "endorse")
        _review(second, "endorse")
        deliver()  # the reviewers' notices
        decision = domain.decision_record(
            application=application, outcome="endorse", reason="", sections=[], actor=coordinator
        )
    application.refresh_from_db()
    endorsement = Endorsement.objects.get(application=application)
    assert (application.status, application.review_competencies) == (Status.ENDORSED, "accepted")
    assert (endorsement.number, endorsement.level, endorsement.category) == (
        "ECFS-00001",
        "II",
        "Early Childhood Family Specialist",
    )
    assert (decision.letter.status, deliver()) == ("held", [])
    assert OutboxMessage.objects.filter(template="registry/email/issued").count() == 0
    domain.letter_release(message=decision.letter, actor=coordinator)
    [letter] = deliver()
    assert letter.subject == "[Endorse] You are endorsed"
    assert f"Your endorsement number is {endorsement.number}." in letter.body
