"""What a new message tells the other side: batched emails, at most one per person per hour (or
one a day), listing what is new with a link; a staff note never reaches an email."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from endorse.accounts.models import MessageEmails
from endorse.conversations import domain
from endorse.review import domain as review

NOTE = "Staff only: the applicant's supervisor called"


def _notify(deliver, at):
    domain.conversations_notify(now=at)
    return deliver()


def test_a_new_message_is_one_email_listing_the_threads_with_links(
    draft, applicant, coordinator, transcript_request, deliver
):
    domain.message_post(thread=transcript_request, body="And the letter too.", actor=coordinator)
    emails = _notify(deliver, timezone.now())
    assert [(m.to, m.subject) for m in emails] == [
        ([applicant.email], "[Endorse] New messages about your Endorsement application")
    ]
    assert f"/conversations/{transcript_request.pk}/" in emails[0].body
    assert "2 new messages" in emails[0].body


def test_at_most_one_email_an_hour_per_person(
    draft, applicant, coordinator, transcript_request, deliver
):
    now = timezone.now()
    first = _notify(deliver, now)
    domain.message_post(thread=transcript_request, body="Any news?", actor=coordinator)
    within = _notify(deliver, now + timedelta(minutes=30))
    later = _notify(deliver, now + timedelta(minutes=61))
    assert [len(first), len(within), len(later)] == [1, 0, 1]


def test_a_daily_digest_waits_a_day(draft, applicant, coordinator, transcript_request, deliver):
    applicant.message_emails = MessageEmails.DAILY
    applicant.save()
    now = timezone.now()
    first = _notify(deliver, now)
    domain.message_post(thread=transcript_request, body="Any news?", actor=coordinator)
    hours_later = _notify(deliver, now + timedelta(hours=2))
    next_day = _notify(deliver, now + timedelta(hours=25))
    assert [len(first), len(hours_later), len(next_day)] == [1, 0, 1]


def test_a_message_read_before_the_email_goes_is_not_mailed(
    draft, applicant, transcript_request, deliver
):
    domain.notices_read(person=applicant, thread=transcript_request)
    assert _notify(deliver, timezone.now()) == []


def test_the_applicants_question_tells_the_coordinators(draft, applicant, coordinator, deliver):
    domain.thread_start(
        application=draft,
        kind="question",
        section="trainings",
        subject="Does this conference count?",
        body="Two days.",
        actor=applicant,
    )
    emails = _notify(deliver, timezone.now())
    assert [m.to for m in emails] == [[coordinator.email]]
    assert "/staff/conversations/" in emails[0].body


def test_a_staff_note_never_reaches_an_email(
    draft, applicant, coordinator, transcript_request, deliver
):
    domain.thread_start(
        application=draft,
        kind="note",
        section="degrees",
        subject=NOTE,
        body=NOTE,
        actor=coordinator,
    )
    emails = _notify(deliver, timezone.now())
    texts = [m.subject + m.body + "".join(c for c, _ in m.alternatives) for m in emails]
    assert (len(emails), [NOTE in t for t in texts]) == (1, [False])


@pytest.mark.parametrize("reason", ["Please add the missing transcript."])
def test_an_on_hold_letter_lists_the_open_requests(
    submitted, applicant, coordinator, reviewers, reason, deliver
):
    asked = domain.thread_start(
        application=submitted,
        kind="request",
        section="degrees",
        subject="The transcript from the second university",
        body="Please upload it.",
        due_on=timezone.localdate() + timedelta(days=14),
        actor=coordinator,
    )
    first, second = review.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    for assignment in (first, second):
        review.review_submit(
            assignment=assignment,
            competencies=[],
            comments="",
            outcome="on_hold",
            sections=["degrees"],
            reason=reason,
            actor=assignment.reviewer,
        )
    decision = review.decision_record(
        application=submitted,
        outcome="on_hold",
        reason=reason,
        sections=["degrees"],
        actor=coordinator,
    )
    due = asked.due_on.strftime("%-d %B %Y")
    assert decision.letter.context["requests"] == [{"subject": asked.subject, "due": due}]


def test_the_digest_links_to_the_associations_site_and_names_it(
    draft, applicant, coordinator, transcript_request, deliver, association
):
    association.hosts = "mi.example.org"
    association.save()
    domain.message_post(thread=transcript_request, body="And the letter.", actor=coordinator)

    domain.conversations_notify(now=timezone.now())
    [email] = deliver()

    assert re.findall(r"https?://\S+", email.body) == [
        f"http://mi.example.org/conversations/{transcript_request.pk}/"
    ]
    assert email.body.rstrip().endswith(f"The Endorsement® team\n{association.name}")
