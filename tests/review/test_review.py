"""Verification, review by two reviewers, the coordinator's decision and its held letter,
on hold with reopened sections, and resubmission."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from endorse.applications import domain as applications
from endorse.applications.enums import Status
from endorse.applications.models import Degree, Rater, SupervisionEntry, Training
from endorse.applications.queries import applications_with_evidence, verdict_for
from endorse.associations.models import Role, StaffRole
from endorse.notifications.models import OutboxMessage
from endorse.references.domain import rater_endorsement_verify
from endorse.review import domain, queries
from endorse.review.domain import ReviewError
from endorse.review.queries import submission_changes

from ..conftest import imported, make_person


def _status(application, requirement):
    stored = applications_with_evidence().get(pk=application.pk)
    return verdict_for(stored, today=timezone.localdate()).requirement(requirement).status


def test_verifying_a_transcript_and_a_raters_endorsement_changes_the_verdict_at_once(
    awaiting_staff, coordinator
):
    degree = Degree.objects.get(application=awaiting_staff)
    rater = Rater.objects.filter(application=awaiting_staff).exclude(endorsement_level="").get()
    assert (_status(awaiting_staff, "education"), _status(awaiting_staff, "references")) == (
        "pending",
        "pending",
    )
    domain.transcript_mark(degree=degree, state="verified", actor=coordinator, basis="post")
    rater_endorsement_verify(rater=rater, actor=coordinator)
    assert (_status(awaiting_staff, "education"), _status(awaiting_staff, "references")) == (
        "met",
        "met",
    )
    kinds = list(awaiting_staff.events.values_list("kind", flat=True))[-2:]
    assert kinds == ["transcript_marked", "rater_endorsement_verified"]


def test_a_rejected_entry_needs_a_reason_and_is_recorded(awaiting_staff, coordinator):
    degree = Degree.objects.get(application=awaiting_staff)
    with pytest.raises(ReviewError, match="say why"):
        domain.entry_judge(entry=degree, accepted=False, reason=" ", actor=coordinator)
    domain.entry_judge(entry=degree, accepted=False, reason="Not an IMH degree", actor=coordinator)
    event = awaiting_staff.events.last()
    assert (event.kind, event.data["reason"], event.actor) == (
        "entry_judged",
        "Not an IMH degree",
        coordinator,
    )


def test_approving_a_provider_approves_every_entry_with_that_provider(submitted, coordinator):
    def entry(name):
        return SupervisionEntry.objects.create(
            application=submitted,
            provider_name=name,
            format="individual",
            start_on=timezone.localdate(),
            hours=2,
        )

    first, same, other = entry("Dr. Ana Ruiz"), entry("dr  ana ruiz"), entry("Lee Park")
    changed = domain.provider_approve(entry=first, approved=True, actor=coordinator)
    approved = dict(
        SupervisionEntry.objects.filter(pk__in=[first.pk, same.pk, other.pk]).values_list(
            "pk", "provider_approved"
        )
    )
    assert (changed, approved) == (2, {first.pk: True, same.pk: True, other.pk: False})


def test_a_reviewer_with_a_conflict_of_interest_is_refused(submitted, coordinator, reviewers):
    rater = Rater.objects.filter(application=submitted).first()
    conflicted = reviewers[0]
    conflicted.email = rater.email
    conflicted.save()
    with pytest.raises(ReviewError, match="is one of the applicant's reference raters"):
        domain.review_start(application=submitted, reviewers=reviewers, actor=coordinator)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_rsc_provider_cannot_review(submitted, coordinator, reviewers):
    SupervisionEntry.objects.create(
        application=submitted,
        provider_name="Rene  Reviewer",
        format="individual",
        start_on=timezone.localdate(),
        hours=1,
    )
    with pytest.raises(ReviewError, match="is the applicant's RS/C provider"):
        domain.review_start(application=submitted, reviewers=reviewers, actor=coordinator)


def test_reviewers_must_be_two_different_people_holding_the_role(submitted, coordinator, reviewers):
    outsider = make_person("not.a.reviewer@example.org")
    with pytest.raises(ReviewError, match="two different reviewers"):
        domain.review_start(
            application=submitted, reviewers=[reviewers[0], reviewers[0]], actor=coordinator
        )
    with pytest.raises(ReviewError, match="is not a reviewer"):
        domain.review_start(
            application=submitted, reviewers=[reviewers[0], outsider], actor=coordinator
        )


def _review(assignment, outcome, **extra):
    return domain.review_submit(
        assignment=assignment,
        competencies=extra.get("competencies", ["reflection"]),
        comments=extra.get("comments", ""),
        outcome=outcome,
        sections=extra.get("sections", []),
        reason=extra.get("reason", ""),
        actor=assignment.reviewer,
    )


def test_two_agreeing_reviews_let_the_coordinator_approve_and_the_letter_waits(
    submitted, coordinator, reviewers, deliver
):
    first, second = domain.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    deliver()  # the reviewers' notices
    with pytest.raises(ReviewError, match="only the assigned reviewer"):
        domain.review_submit(
            assignment=first,
            competencies=[],
            comments="",
            outcome="approve",
            sections=[],
            reason="",
            actor=reviewers[1],
        )
    _review(first, "approve")
    with pytest.raises(ReviewError, match="both reviewers must have proposed"):
        domain.decision_record(
            application=submitted, outcome="approve", reason="", sections=[], actor=coordinator
        )
    _review(second, "approve")
    decision = domain.decision_record(
        application=submitted, outcome="approve", reason="", sections=[], actor=coordinator
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.approved_on, submitted.review_competencies) == (
        Status.APPROVED_FOR_EXAM,
        timezone.localdate(),
        "accepted",
    )
    assert (decision.letter.status, deliver()) == ("held", [])
    domain.letter_release(message=decision.letter, actor=coordinator)
    [letter] = deliver()
    assert letter.subject == "[Endorse] You are approved to sit the exam"
    kinds = list(submitted.events.values_list("kind", flat=True))
    assert kinds[-4:] == ["reviews_agree", "status", "decision_recorded", "letter_released"]
    assert submitted.events.last().data == {"message": decision.letter_id, "decision": decision.pk}


def test_disagreeing_reviewers_are_flagged_and_asked_again(submitted, coordinator, reviewers):
    first, second = domain.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    _review(first, "approve")
    _review(second, "defer", reason="Not enough leadership yet")
    assert queries.agreed_outcome(submitted) is None
    assert submitted.events.filter(kind="reviews_disagree").count() == 1
    domain.reviews_reopen(application=submitted, actor=coordinator, reason="Let us talk")
    _review(first, "defer", reason="Agreed after talking")
    _review(second, "defer", reason="Not enough leadership yet")
    domain.decision_record(
        application=submitted,
        outcome="defer",
        reason="Not enough leadership yet",
        sections=[],
        actor=coordinator,
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.DEFERRED


def test_on_hold_reopens_only_the_named_sections_and_resubmission_shows_what_changed(
    submitted, coordinator, reviewers, applicant
):
    first, second = domain.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    hold = {"sections": ["trainings"], "reason": "Add the DEI training"}
    _review(first, "on_hold", **hold)
    _review(second, "on_hold", **hold)
    domain.decision_record(application=submitted, outcome="on_hold", actor=coordinator, **hold)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reopened_sections) == (
        Status.CHANGES_REQUESTED,
        ["trainings"],
    )
    training = Training.objects.filter(application=submitted).first()
    training.hours = 40
    applications.evidence_save(application=submitted, entry=training, actor=applicant)
    degree = Degree.objects.filter(application=submitted).first()
    with pytest.raises(applications.TransitionError, match="only the sections"):
        applications.evidence_save(application=submitted, entry=degree, actor=applicant)
    with pytest.raises(applications.TransitionError, match="only the sections"):
        applications.ethics_sign(
            application=submitted, signed_name="Dana", version="2024", actor=applicant
        )
    applications.application_submit(application=submitted, actor=applicant)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reopened_sections) == (Status.SUBMITTED, [])
    before, after = (s.portfolio for s in submitted.submissions.order_by("number"))
    changes = submission_changes(before, after)
    assert [(c["section"], c["kind"], c["fields"]) for c in changes] == [
        ("trainings", "changed", ["hours"])
    ]
    assert queries.current_round(submitted) == 2


def test_decision_needs_sections_and_a_reason_for_on_hold(submitted, coordinator):
    with pytest.raises(ReviewError, match="name the sections"):
        domain.decision_record(
            application=submitted, outcome="on_hold", reason="x", sections=[], actor=coordinator
        )
    with pytest.raises(ReviewError, match="say why"):
        domain.decision_record(
            application=submitted, outcome="defer", reason="", sections=[], actor=coordinator
        )
    assert OutboxMessage.objects.filter(status="held").count() == 0


def test_the_applicant_cannot_review_their_own_application(submitted, reviewers, coordinator):
    applicant = submitted.applicant
    StaffRole.objects.create(person=applicant, role=Role.REVIEWER)
    assert queries.conflicts_of(submitted, applicant) == ["is the applicant"]
    with pytest.raises(ReviewError, match="is the applicant"):
        domain.review_start(
            application=submitted, reviewers=[applicant, reviewers[1]], actor=coordinator
        )


def test_changing_what_a_judgement_rests_on_resets_it_and_the_resubmission_shows_it(
    applicant, coordinator, reviewers
):
    """Security review finding 6: on a reopened section, changing a degree resets its verified
    transcript and changing an RS/C entry's hours or provider resets the provider's approval,
    each with an event, and the resubmission's side-by-side shows it; a change of something
    the judgement does not rest on (the competency domains) keeps it."""
    application = imported(applicant, "clinical-complete")
    applications.application_submit(application=application, actor=applicant)
    first, second = domain.review_start(
        application=application, reviewers=reviewers, actor=coordinator
    )
    hold = {"sections": ["degrees", "rsc"], "reason": "Check the dates"}
    _review(first, "on_hold", **hold)
    _review(second, "on_hold", **hold)
    domain.decision_record(application=application, outcome="on_hold", actor=coordinator, **hold)
    application.refresh_from_db()
    degree = Degree.objects.get(application=application)
    degree.conferred_on = date(2008, 5, 15)
    applications.evidence_save(application=application, entry=degree, actor=applicant)
    more, renamed, noted = SupervisionEntry.objects.filter(application=application)[:3]
    more.hours += 5
    renamed.provider_name = "Dr. Elena Ruiz-Marsh"
    noted.competencies = ["reflection", "thinking"]
    for entry in (more, renamed, noted):
        applications.evidence_save(application=application, entry=entry, actor=applicant)
    stored = {e.pk: e.provider_approved for e in SupervisionEntry.objects.all()}
    assert Degree.objects.get(pk=degree.pk).transcript == "received"
    assert [stored[e.pk] for e in (more, renamed, noted)] == [False, False, True]
    resets = application.events.filter(kind="judgement_reset").order_by("pk")
    assert [(e.data["entry"], e.data["judgement"], e.data["fields"]) for e in resets] == [
        (degree.pk, "transcript verified", ["conferred_on"]),
        (more.pk, "provider approved", ["hours"]),
        (renamed.pk, "provider approved", ["provider_name"]),
    ]
    applications.application_submit(application=application, actor=applicant)
    before, after = (s.portfolio for s in application.submissions.order_by("number"))
    changes = submission_changes(before, after)
    assert [(c["id"], c["fields"]) for c in changes] == [
        (f"d{degree.pk}", ["conferred_on", "transcript"]),
        (f"r{more.pk}", ["hours", "provider.approved"]),
        (f"r{renamed.pk}", ["provider.approved", "provider.name"]),
        (f"r{noted.pk}", ["competencies"]),
    ]
    degree_change = changes[0]
    assert (degree_change["before"]["transcript"], degree_change["after"]["transcript"]) == (
        "verified",
        "received",
    )
