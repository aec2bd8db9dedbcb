"""The outbox: one row per email, written with its action, sent after commit, retried with
backoff, bounces and failures kept where people can see them."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from endorse.notifications import delivery
from endorse.notifications.domain import message_queue, message_release, message_retry
from endorse.notifications.models import MessageStatus, OutboxMessage

from .backends import ScriptedBackend

TEMPLATE = "applications/email/submitted"
CONTEXT = {"person_name": "Ada", "category": "Mentor", "submitted_on": "1 May 2026"}


@pytest.fixture
def scripted(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.ScriptedBackend"}}
    ScriptedBackend.script = []
    yield ScriptedBackend.script
    ScriptedBackend.script = []


def _queue(key="k1", **extra):
    return message_queue(
        recipient="ada@example.org",
        template=TEMPLATE,
        context=CONTEXT,
        idempotency_key=key,
        **extra,
    )


def test_the_same_idempotency_key_twice_is_one_email(db, deliver):
    first, second = _queue("same"), _queue("same")
    assert (first.pk, OutboxMessage.objects.count()) == (second.pk, 1)
    assert len(deliver()) == 1


def test_an_email_is_sent_only_after_its_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _queue()
        assert mail.outbox == []
    assert (len(callbacks), [m.to for m in mail.outbox]) == (1, [["ada@example.org"]])
    assert OutboxMessage.objects.get().status == MessageStatus.SENT


def test_a_rolled_back_action_leaves_no_email(db, django_capture_on_commit_callbacks):
    def action_that_fails():
        with transaction.atomic():
            _queue()
            raise RuntimeError("the action failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        action_that_fails()
    assert (OutboxMessage.objects.count(), mail.outbox) == (0, [])


def test_a_missing_template_fails_when_queued_not_when_sent(db):
    with pytest.raises(TemplateDoesNotExist):
        message_queue(
            recipient="a@example.org", template="nowhere/email", context={}, idempotency_key="x"
        )


def test_a_sent_email_carries_subject_text_html_and_a_stable_message_id(db, deliver):
    message = _queue()
    [sent] = deliver()
    message.refresh_from_db()
    assert (sent.subject, sent.to, sent.alternatives[0].mimetype) == (
        "[Endorse] Your application is submitted",
        ["ada@example.org"],
        "text/html",
    )
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert (message.status, message.attempts, message.sent_at is not None) == ("sent", 1, True)


def test_a_temporary_failure_is_retried_with_backoff(db, scripted, deliver):
    scripted.extend([ConnectionRefusedError("server down"), smtplib.SMTPServerDisconnected("x")])
    message = _queue()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert deliver() == []
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        "queued",
        1,
        "ConnectionRefusedError: server down",
    )
    assert message.next_attempt_at == start + timedelta(minutes=1)
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert deliver() == []  # not due yet
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        assert deliver() == []  # second failure: wait five minutes
    message.refresh_from_db()
    assert message.next_attempt_at == start + timedelta(minutes=6)
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert len(deliver()) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")


def test_when_the_attempts_run_out_the_email_has_failed_and_says_why(
    db, scripted, deliver, settings
):
    settings.ENDORSE_EMAIL_MAX_ATTEMPTS = 2
    scripted.extend([TimeoutError("timed out")] * 2)
    message = _queue()
    moment = timezone.now()
    for minutes in (0, 1):
        with time_machine.travel(moment + timedelta(minutes=minutes), tick=False):
            deliver()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        "failed",
        2,
        "TimeoutError: timed out",
    )
    message_retry(message=message)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 0)


def test_a_permanent_refusal_fails_at_once(db, scripted, deliver):
    scripted.append(smtplib.SMTPDataError(554, b"message refused as spam"))
    message = _queue()
    deliver()
    message.refresh_from_db()
    assert (message.status, message.last_error) == (
        "failed",
        "mail server said 554 message refused as spam",
    )


def test_a_refused_recipient_is_a_bounce(db, scripted, deliver):
    scripted.append(
        smtplib.SMTPRecipientsRefused({"ada@example.org": (550, b"5.1.1 no such user")})
    )
    message = _queue()
    deliver()
    message.refresh_from_db()
    assert (message.status, message.last_error, message.bounced_at is not None) == (
        "bounced",
        "recipient refused: 550 5.1.1 no such user",
        True,
    )


def test_a_lease_left_by_a_dead_worker_runs_out_and_the_email_is_sent(db, deliver):
    message = _queue()
    claimed = delivery.message_claim(message.pk)  # a worker claimed it, then died
    assert claimed is not None
    assert delivery.message_claim(message.pk) is None  # no second worker gets it
    assert deliver() == []  # still leased
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert len(deliver()) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


def test_a_held_email_waits_for_release(db, deliver):
    message = _queue(hold=True)
    assert (message.status, deliver()) == ("held", [])
    message_release(message=message)
    assert len(deliver()) == 1


def test_the_bounce_endpoint_is_off_without_a_token(client, db):
    assert client.post("/outbox/bounces/", {}).status_code == 404


def test_the_bounce_endpoint_checks_the_token_and_the_message(client, db, settings, deliver):
    settings.ENDORSE_BOUNCE_TOKEN = "provider-secret"
    message = _queue()
    deliver()

    def report(message_id, token="provider-secret"):
        return client.post(
            "/outbox/bounces/",
            {"message_id": message_id, "reason": "550 mailbox unavailable"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    forged = message.message_id.replace(message.key_digest, "0" * 16)
    answers = [
        report(message.message_id, token="wrong").status_code,
        report("<somebody@else>").status_code,
        report(forged).status_code,
        report(message.message_id).status_code,
    ]
    message.refresh_from_db()
    assert answers == [401, 400, 404, 200]
    assert (message.status, message.last_error) == ("bounced", "550 mailbox unavailable")


def test_account_emails_go_through_the_outbox(client, db, deliver):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "name": "New",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.template, message.status) == (
        "new@example.org",
        "",
        "queued",
    )
    assert [m.subject for m in deliver()] == ["[MI-AIMH] Please Confirm Your Email Address"]


def test_the_local_console_prints_an_email_readably(db):
    import io

    from endorse.notifications.console import EmailBackend

    message = _queue()
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([delivery.build_email(message)])
    lines = stream.getvalue().splitlines()
    assert lines[1:4] == [
        "To: ada@example.org",
        "Subject: [Endorse] Your application is submitted",
        f"Message-ID: {message.message_id}",
    ]
    assert "Dear Ada," in lines
