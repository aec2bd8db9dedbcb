"""Threads, messages, requests and notes through the domain functions."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from endorse.applications import domain as applications
from endorse.applications.models import ApplicationEvent, Rater, Training
from endorse.conversations import domain
from endorse.conversations.enums import RequestState
from endorse.conversations.models import Message, Notice
from endorse.conversations.queries import conversation_for, requests_open

from .conftest import PDF


def _state(application, thread, today=None):
    conversation = conversation_for(application, staff=True, today=today or timezone.localdate())
    return next(v.state for v in conversation.threads if v.thread.pk == thread.pk)


def test_thread_start_records_who_when_what_and_an_event(draft, applicant, coordinator):
    thread = domain.thread_start(
        application=draft,
        kind="question",
        section="trainings",
        subject="Does this conference count?",
        body="It was two days on infant feeding.",
        actor=applicant,
    )
    message = Message.objects.get(thread=thread)
    event = ApplicationEvent.objects.filter(application=draft).last()
    assert (message.author, message.body, thread.shared_at is not None) == (
        applicant,
        "It was two days on infant feeding.",
        True,
    )
    assert (event.kind, event.actor, event.data) == (
        "thread_started",
        applicant,
        {"thread": thread.pk, "section": "trainings"},
    )
    assert list(Notice.objects.values_list("person", flat=True)) == [coordinator.pk]


@pytest.mark.parametrize(
    ("section", "entry"), [("ratings", None), ("rating", 1), ("", 5), ("degrees", 999_999)]
)
def test_a_thread_hangs_only_on_a_section_or_its_entries(draft, coordinator, section, entry):
    with pytest.raises(domain.ConversationError):
        domain.thread_start(
            application=draft,
            kind="question",
            section=section,
            entry_pk=entry,
            subject="s",
            body="b",
            actor=coordinator,
        )


def test_a_thread_on_a_rater_is_about_the_rater_not_the_rating(draft, coordinator):
    rater = Rater.objects.filter(application=draft).first()
    thread = domain.thread_start(
        application=draft,
        kind="question",
        section="references",
        entry_pk=rater.pk,
        subject="Is this rater your supervisor?",
        body="Tell us how you know them.",
        actor=coordinator,
    )
    assert (thread.section, thread.entry_pk) == ("references", rater.pk)


def test_an_applicant_only_asks_questions(draft, applicant):
    with pytest.raises(domain.ConversationError):
        domain.thread_start(
            application=draft, kind="note", section="", subject="s", body="b", actor=applicant
        )


def test_someone_else_cannot_talk_about_an_application(draft, other_applicant):
    with pytest.raises(domain.ConversationError):
        domain.thread_start(
            application=draft,
            kind="question",
            section="",
            subject="s",
            body="b",
            actor=other_applicant,
        )


def test_a_message_is_corrected_within_the_grace_period_only(transcript_request, coordinator):
    message = transcript_request.messages.get()
    domain.message_correct(message=message, body="Please upload it as a PDF.", actor=coordinator)
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=6)),
        pytest.raises(domain.ConversationError),
    ):
        domain.message_correct(message=message, body="Changed later", actor=coordinator)
    message.refresh_from_db()
    assert (message.body, message.corrected_at is not None) == ("Please upload it as a PDF.", True)


def test_only_its_author_corrects_a_message(transcript_request, applicant):
    with pytest.raises(domain.ConversationError):
        domain.message_correct(message=transcript_request.messages.get(), body="x", actor=applicant)


def test_a_request_is_open_until_the_applicant_uploads_in_its_section(
    draft, degree, applicant, transcript_request
):
    assert _state(draft, transcript_request) == RequestState.OPEN
    applications.document_upload(
        application=draft,
        degree=degree,
        upload=SimpleUploadedFile("t.pdf", PDF),
        actor=applicant,
    )
    assert _state(draft, transcript_request) == RequestState.ANSWERED


def test_a_request_is_answered_by_a_message(draft, applicant, transcript_request):
    domain.message_post(thread=transcript_request, body="It is in the post.", actor=applicant)
    assert _state(draft, transcript_request) == RequestState.ANSWERED


def test_a_change_in_another_section_does_not_answer_a_request(
    draft, applicant, transcript_request
):
    training = Training.objects.filter(application=draft).first()
    training.hours = 3
    applications.evidence_save(application=draft, entry=training, actor=applicant)
    assert _state(draft, transcript_request) == RequestState.OPEN


def test_a_change_in_its_section_answers_a_request(draft, degree, applicant, transcript_request):
    degree.institution = "Wayne State University"
    applications.evidence_save(application=draft, entry=degree, actor=applicant)
    assert _state(draft, transcript_request) == RequestState.ANSWERED


def test_a_request_past_its_date_is_overdue(draft, coordinator):
    thread = domain.thread_start(
        application=draft,
        kind="request",
        section="degrees",
        subject="Transcript",
        body="Please.",
        due_on=timezone.localdate(),
        actor=coordinator,
    )
    assert _state(draft, thread, today=timezone.localdate() + timedelta(days=1)) == "overdue"


def test_a_reviewers_request_is_a_draft_until_the_coordinator_forwards_it(
    submitted, applicant, coordinator, reviewers
):
    from endorse.review.domain import review_start

    review_start(application=submitted, reviewers=reviewers, actor=coordinator)
    thread = domain.thread_start(
        application=submitted,
        kind="request",
        section="trainings",
        subject="The March training's certificate",
        body="Please upload it.",
        actor=reviewers[0],
    )
    before = (
        _state(submitted, thread),
        list(Notice.objects.values_list("person", flat=True)),
        requests_open(submitted, today=timezone.localdate()),
    )
    domain.request_forward(thread=thread, actor=coordinator)
    after = [v.thread for v in requests_open(submitted, today=timezone.localdate())]
    assert before == (RequestState.DRAFT, [coordinator.pk], [])
    assert (after, Notice.objects.filter(person=applicant).count()) == ([thread], 1)


def test_a_reviewer_asks_directly_when_the_association_allows_it(
    submitted, coordinator, reviewers, settings
):
    from endorse.review.domain import review_start

    settings.ENDORSE_REVIEWERS_ASK_DIRECTLY = True
    review_start(application=submitted, reviewers=reviewers, actor=coordinator)
    thread = domain.thread_start(
        application=submitted,
        kind="request",
        section="trainings",
        subject="Certificate",
        body="Please upload it.",
        actor=reviewers[0],
    )
    assert _state(submitted, thread) == RequestState.OPEN


def test_a_reviewer_not_assigned_cannot_ask(submitted, reviewers):
    with pytest.raises(domain.ConversationError):
        domain.thread_start(
            application=submitted,
            kind="request",
            section="",
            subject="s",
            body="b",
            actor=reviewers[0],
        )


def test_a_note_tells_no_one(draft, coordinator, applicant):
    domain.thread_start(
        application=draft, kind="note", section="", subject="s", body="b", actor=coordinator
    )
    assert Notice.objects.count() == 0


def test_a_resolved_thread_opens_again_with_a_new_message(transcript_request, coordinator):
    domain.thread_resolve(thread=transcript_request, actor=coordinator)
    resolved = transcript_request.resolved_at is not None
    domain.message_post(thread=transcript_request, body="One more thing.", actor=coordinator)
    transcript_request.refresh_from_db()
    assert (resolved, transcript_request.resolved_at) == (True, None)
