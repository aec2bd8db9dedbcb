"""Writes to the outbox: queue an email with the action that causes it; record a bounce; retry.

Sending itself is in `delivery`, run by the background worker.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone

from .models import MessageStatus, OutboxMessage
from .signals import message_undelivered


def message_queue(
    *,
    recipient: str,
    template: str,
    context: dict[str, Any],
    idempotency_key: str,
    application: Any = None,
    rater: Any = None,
    hold: bool = False,
) -> OutboxMessage:
    """Write an email to the outbox in the caller's transaction; it is sent after commit.

    `template` names `<template>_subject.txt`, `<template>.txt` and `<template>.html`; `context`
    must be JSON (it is rendered when the email is sent). The same `idempotency_key` twice gives
    the first row back and queues nothing new, so an action retried, or a reminder job run twice,
    sends one email. `hold` keeps it until someone releases it (decision letters).
    """
    if template:
        for suffix in ("_subject.txt", ".txt", ".html"):
            get_template(f"{template}{suffix}")  # a missing template fails here, not at send time
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "recipient": recipient,
            "template": template,
            "context": context,
            "status": MessageStatus.HELD if hold else MessageStatus.QUEUED,
            "application": application,
            "rater": rater,
        },
    )
    if created and not hold:
        _send_after_commit(message.pk)
    return message


def message_queue_rendered(
    *, recipient: str, subject: str, text: str, html: str | None, idempotency_key: str
) -> OutboxMessage:
    """Queue an email rendered elsewhere (django-allauth's account emails)."""
    return message_queue(
        recipient=recipient,
        template="",
        context={"subject": subject, "text": text, "html": html},
        idempotency_key=idempotency_key,
    )


def message_release(*, message: OutboxMessage) -> OutboxMessage:
    """Send a held message."""
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(pk=message.pk, status=MessageStatus.HELD).update(
            status=MessageStatus.QUEUED, next_attempt_at=timezone.now()
        )
        if updated:
            _send_after_commit(message.pk)
    message.refresh_from_db()
    return message


def message_retry(*, message: OutboxMessage) -> OutboxMessage:
    """Try a failed or bounced message again (after the address or the server was fixed)."""
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(
            pk=message.pk, status__in=(MessageStatus.FAILED, MessageStatus.BOUNCED)
        ).update(
            status=MessageStatus.QUEUED,
            next_attempt_at=timezone.now(),
            attempts=0,
            bounced_at=None,
        )
        if updated:
            _send_after_commit(message.pk)
    message.refresh_from_db()
    return message


def message_bounce(*, message: OutboxMessage, reason: str) -> OutboxMessage:
    """Record that the recipient's server refused the message, at once or in a later report.

    Receivers of `message_undelivered` (the references app tells the applicant their rater's email
    bounced) write in the same transaction.
    """
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.BOUNCED,
            bounced_at=timezone.now(),
            lease_until=None,
            last_error=reason[:2000],
        )
        message.refresh_from_db()
        message_undelivered.send(sender=OutboxMessage, message=message)
    return message


def _send_after_commit(pk: int) -> None:
    # Imported here: the task runs `delivery`, which records its outcomes through this module.
    from .tasks import outbox_send

    transaction.on_commit(lambda: outbox_send.enqueue(pk))


def message_fail(*, message: OutboxMessage, error: str) -> OutboxMessage:
    """Record that the message will not be sent without someone acting (attempts ran out, or
    the server refused it for good)."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, lease_until=None, last_error=error[:2000]
        )
        message.refresh_from_db()
        message_undelivered.send(sender=OutboxMessage, message=message)
    return message
