"""The applicant's letters and their application's history, with the next step at each stage."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.applications import domain
from endorse.exams import domain as exams
from endorse.notifications.domain import message_queue
from endorse.notifications.models import MessageStatus, OutboxMessage
from endorse.review import domain as review
from endorse.review.enums import LETTER_TEMPLATES
from endorse.workspace import queries

from ..conftest import sign_in


def on_hold_letter(application, key, *, reason="More RS/C detail", hold=False):
    return message_queue(
        recipient=application.applicant.email,
        template="review/email/on_hold",
        context={"applicant_name": "Ada", "category": "Mentor", "reason": reason, "sections": []},
        idempotency_key=key,
        application=application,
        hold=hold,
    )


def test_the_workspace_knows_every_kind_of_letter_the_staff_side_sends():
    assert queries.LETTER_TEMPLATES == LETTER_TEMPLATES


def test_letters_show_only_released_letters_of_the_application(
    client, applicant, approved, other_applicant
):
    """The decision letter is held until the coordinator releases it; other emails (the
    submission's confirmation) are not letters; another applicant's letters are never shown."""
    held = OutboxMessage.objects.get(application=approved, template__in=LETTER_TEMPLATES)
    theirs = domain.application_start(applicant=other_applicant, category="mentor-policy")
    on_hold_letter(theirs, "theirs", reason="Bo's own reason")
    sign_in(client, applicant)

    before = client.get(f"/applications/{approved.pk}/letters/")
    review.letter_release(message=held, actor=approved.applicant)
    after = client.get(f"/applications/{approved.pk}/letters/")

    assert "No letters yet." in before.text
    assert re.findall(r'<h2 id="letter-\d+">([^<]*)', after.text) == [
        "[Endorse] You are approved to sit the exam"
    ]
    assert "Bo&#x27;s own reason" not in after.text
    assert "Your application was submitted" not in after.text


def test_a_letter_is_shown_as_text_never_as_markup(client, applicant, submitted):
    on_hold_letter(submitted, "markup", reason="<script>alert(1)</script>")
    sign_in(client, applicant)

    page = client.get(f"/applications/{submitted.pk}/letters/").text

    assert "Why: &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_letters_page_queries_do_not_grow_with_letters(client, applicant, submitted):
    sign_in(client, applicant)
    url = f"/applications/{submitted.pk}/letters/"
    on_hold_letter(submitted, "one")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    on_hold_letter(submitted, "two")
    on_hold_letter(submitted, "three")
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_history_tells_the_story_in_the_applicants_words_without_staff_events(
    client, applicant, approved
):
    sign_in(client, applicant)

    page = client.get(f"/applications/{approved.pk}/history/").text

    assert re.findall(r"</time> ([^<]*)</li>", page) == [
        "You filled it in from a portfolio file.",
        "You submitted the application.",
        "The coordinator found it complete; the reviewers are reading it.",
        "You were approved to sit the written exam.",
    ]
    assert "Reviewer" not in page
    assert "The coordinator registers you for a sitting of the written exam" in page


def test_the_next_step_names_the_exam_sitting_once_registered(
    client, applicant, approved, coordinator
):
    held_on = timezone.localdate() + timedelta(days=30)
    sitting = exams.sitting_create(held_on=held_on, place="Lansing, Room 4", actor=coordinator)
    candidate = exams.candidate_register(application=approved, sitting=sitting, actor=coordinator)
    sign_in(client, applicant)

    workspace = client.get(f"/applications/{approved.pk}/").text
    history = client.get(f"/applications/{approved.pk}/history/").text

    step = (
        f"Sit the written exam (Part 1 and Part 2) on {held_on:%-d %B %Y} at Lansing, Room 4. "
        f"Your candidate code is {candidate.code}."
    )
    assert step in workspace
    assert step in history
    assert "You were registered for the written exam." in history


def test_a_held_letter_stays_held(approved):
    held = OutboxMessage.objects.get(application=approved, template__in=LETTER_TEMPLATES)
    assert held.status == MessageStatus.HELD
    assert list(queries.letters_for(approved)) == []
