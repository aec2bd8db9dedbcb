"""The event log's vocabulary: every kind is an `EventKind` with its own words on the staff
timeline, and the person's own records (memberships, the registry listing) are logged too."""

from datetime import date

import pytest

from endorse.accounts import domain as accounts
from endorse.applications import domain
from endorse.applications.enums import Category, EventKind
from endorse.applications.models import ApplicationEvent
from endorse.registry.domain import registry_listing_set

from ..conftest import sign_in

# The stored values, written out: a value is what the log holds, so renaming one would orphan
# every row already written with it.
STORED_VALUES = {
    "started",
    "imported",
    "status",
    "policy_changed",
    "evidence_added",
    "evidence_changed",
    "evidence_deleted",
    "judgement_reset",
    "ethics_signed",
    "document_uploaded",
    "document_removed",
    "membership_added",
    "membership_deleted",
    "registry_listed",
    "registry_unlisted",
    "reference_requested",
    "reference_opened",
    "reference_completed",
    "reference_declined",
    "reference_expired",
    "reference_reminded",
    "reference_nudged",
    "reference_withdrawn",
    "reference_replaced",
    "reference_email_undelivered",
    "rater_endorsement_verified",
    "rater_vetted",
    "transcript_marked",
    "entry_judged",
    "provider_approved",
    "provider_unapproved",
    "membership_verified",
    "reviewers_assigned",
    "review_submitted",
    "reviews_agree",
    "reviews_disagree",
    "reviews_reopened",
    "decision_recorded",
    "letter_released",
    "thread_started",
    "request_made",
    "request_forwarded",
    "message_posted",
    "message_corrected",
    "note_added",
    "thread_resolved",
    "exam_registered",
    "exam_part1_scored",
    "exam_part2_marked",
    "exam_result",
    "endorsement_issued",
    "endorsement_revoked",
}


def test_event_kinds_keep_the_values_the_log_holds():
    assert set(EventKind.values) == STORED_VALUES


def test_every_event_kind_has_a_label_of_its_own():
    """Written for the timeline, not the one Django derives from the member's name."""
    derived = [k for k in EventKind if k.label == k.name.replace("_", " ").title()]
    assert derived == []
    assert len(set(EventKind.labels)) == len(EventKind)


@pytest.mark.parametrize("kind", ["started", "no_such_kind"])
def test_record_event_refuses_a_bare_string(applicant, kind):
    application = domain.application_start(applicant=applicant, category=Category.MENTOR_POLICY)
    with pytest.raises(TypeError):
        domain.record_event(application=application, actor=applicant, kind=kind)
    assert list(application.events.values_list("kind", flat=True)) == ["started"]


def test_a_policy_move_shows_on_the_timeline_by_its_label(client, coordinator, applicant):
    """The one kind the old label table missed."""
    application = domain.application_start(
        applicant=applicant, category=Category.MENTOR_POLICY, policy="seed"
    )
    domain.applications_reevaluate(policy="2024", apply=True, actor=coordinator)
    assert list(application.events.values_list("kind", flat=True)) == ["started", "policy_changed"]
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert "<strong>Policy changed</strong> (from seed, to 2024" in page


def test_a_membership_added_or_removed_is_logged_on_each_of_the_persons_applications(
    applicant, other_applicant
):
    """A membership feeds every verdict of the person's."""
    first = domain.application_start(applicant=applicant, category=Category.MENTOR_POLICY)
    second = domain.application_start(applicant=applicant, category=Category.MENTOR_CLINICAL)
    someone_else = domain.application_start(
        applicant=other_applicant, category=Category.MENTOR_POLICY
    )
    membership = accounts.membership_add(
        person=applicant,
        association="MI-AIMH",
        member_id="M-77",
        kind="individual",
        expires_on=date(2027, 6, 30),
    )
    expected = {"membership": membership.pk, "association": "MI-AIMH", "expires_on": "2027-06-30"}
    accounts.membership_delete(membership=membership)
    for application in (first, second):
        assert [(e.kind, e.actor, e.data) for e in application.events.exclude(kind="started")] == [
            (EventKind.MEMBERSHIP_ADDED, applicant, expected),
            (EventKind.MEMBERSHIP_DELETED, applicant, expected),
        ]
    assert list(someone_else.events.values_list("kind", flat=True)) == ["started"]


def test_a_change_of_registry_listing_is_logged_and_a_repeat_is_not(applicant):
    application = domain.application_start(applicant=applicant, category=Category.MENTOR_POLICY)
    registry_listing_set(person=applicant, listed=True)
    registry_listing_set(person=applicant, listed=True)
    registry_listing_set(person=applicant, listed=False)
    assert list(application.events.exclude(kind="started").values_list("kind", "actor")) == [
        (EventKind.REGISTRY_LISTED, applicant.pk),
        (EventKind.REGISTRY_UNLISTED, applicant.pk),
    ]


def test_the_persons_own_changes_show_on_the_staff_timeline(client, coordinator, applicant):
    application = domain.application_start(applicant=applicant, category=Category.MENTOR_POLICY)
    sign_in(client, applicant)
    client.post(
        "/profile/memberships/add/",
        {"association": "AAIMH", "kind": "individual", "expires_on": "2027-06-30"},
    )
    client.post("/profile/registry/", {"listed": "yes"})
    assert ApplicationEvent.objects.filter(application=application).count() == 3
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert "<strong>Membership added by the applicant</strong> (association AAIMH)" in page
    assert "<strong>Chose to be listed in the public registry</strong>" in page
