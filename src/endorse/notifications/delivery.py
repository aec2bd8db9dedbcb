"""Sending outbox rows: claim one, send it, record what happened.

A row is claimed by one conditional UPDATE (queued and due, or sending with a lapsed lease), so
two workers never send it at the same time and a worker killed mid-send leaves a lease that runs
out and is picked up again. Sending is at least once: the only window for a duplicate is between
the mail server accepting a message and the UPDATE that marks it sent; the Message-ID header is
stable per row so such a duplicate is recognisable. Temporary failures are retried with backoff;
a refused recipient is a bounce; the last error is kept on the row for people to see.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import F, Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone
from django_scopes import scopes_disabled

from endorse.associations.models import Association
from endorse.associations.routing import association_of

from .domain import message_bounce, message_fail
from .models import MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)

# Minutes to wait before attempt 2, 3, …; the last figure repeats until the attempts run out.
BACKOFF_MINUTES = (1, 5, 30, 120, 720)
SWEEP_BATCH = 200


def _due(now: object) -> Q:
    return Q(status=MessageStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=MessageStatus.SENDING, lease_until__lt=now
    )


def message_claim(pk: int) -> OutboxMessage | None:
    """Lease message `pk` to this worker if it is due; None when it is not (sent, held, leased
    to another worker, or waiting for its next attempt)."""
    now = timezone.now()
    lease = timedelta(seconds=settings.ENDORSE_EMAIL_LEASE_SECONDS)
    claimed = (
        OutboxMessage.objects.filter(_due(now), pk=pk).update(
            status=MessageStatus.SENDING, lease_until=now + lease, attempts=F("attempts") + 1
        )
        == 1
    )
    return OutboxMessage.objects.get(pk=pk) if claimed else None


def plain_text(rendered: str) -> str:
    """`rendered` as an ordinary string, no longer marked safe for HTML (`str()` keeps the mark)."""
    return "".join(rendered)


def sender(association: Association | None) -> str | None:
    """The From of an association's email: the one it set, else the installation's address
    under the association's name; an email of no association has the installation's."""
    if association is None:
        return None
    if association.from_email != settings.DEFAULT_FROM_EMAIL:
        return association.from_email
    return formataddr((association.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    association = association_of(message.association_id)
    # Its dates in the association's time zone (the installation's for an email of none).
    with timezone.override(association.zone if association else None):
        return _build_email(message, association)


def _build_email(message: OutboxMessage, association: Association | None) -> EmailMultiAlternatives:
    if message.template:
        # The email names the association that sends it (subject and signature), read when it
        # is sent; an email of no association names none.
        context = dict(message.context) | {
            "association_name": association.name if association else "",
            "association_short_name": association.short_name if association else "",
        }
        # The subject and text templates render with autoescape off, and Django marks whatever a
        # template renders as safe HTML: `plain_text` drops that mark, so a page that shows the
        # text (the letter preview) escapes the names and reasons people typed into it.
        subject = plain_text(render_to_string(f"{message.template}_subject.txt", context))
        text = plain_text(render_to_string(f"{message.template}.txt", context))
        html: str | None = render_to_string(f"{message.template}.html", context)
    else:
        subject, text, html = (
            message.context["subject"],
            message.context["text"],
            message.context.get("html"),
        )
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=sender(association),
        reply_to=[association.reply_to] if association and association.reply_to else None,
        to=[message.recipient],
        headers={"Message-ID": message.message_id, "X-Endorse-Key": message.key_digest},
    )
    if html:
        email.attach_alternative(html, "text/html")
    return email


def message_deliver(pk: int) -> str:
    """Send message `pk` if it is due; returns its status afterwards ("" if it was not due)."""
    # The outbox is swept for the whole installation, every association's emails in one queue:
    # its sender reads and writes rows whatever association they belong to, on purpose.
    with scopes_disabled():
        return _deliver(pk)


def _deliver(pk: int) -> str:
    message = message_claim(pk)
    if message is None:
        return ""
    try:
        email = build_email(message)
    except (TemplateDoesNotExist, TemplateSyntaxError, KeyError) as error:
        return _fail(message, f"cannot compose the email: {error}", permanent=True)
    try:
        mailers.default.send_messages([email])
    except smtplib.SMTPRecipientsRefused as error:
        reasons = "; ".join(
            f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for code, text in error.recipients.values()
        )
        message_bounce(message=message, reason=f"recipient refused: {reasons}")
        return MessageStatus.BOUNCED
    except smtplib.SMTPResponseException as error:
        permanent = error.smtp_code >= 500 and not isinstance(error, smtplib.SMTPSenderRefused)
        text = (
            error.smtp_error.decode(errors="replace")
            if isinstance(error.smtp_error, bytes)
            else str(error.smtp_error)
        )
        return _fail(message, f"mail server said {error.smtp_code} {text}", permanent=permanent)
    except (OSError, smtplib.SMTPException) as error:
        return _fail(message, f"{type(error).__name__}: {error}", permanent=False)
    OutboxMessage.objects.filter(pk=pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return MessageStatus.SENT


def _fail(message: OutboxMessage, error: str, *, permanent: bool) -> str:
    attempts = message.attempts
    logger.warning("outbox message %s attempt %s: %s", message.pk, attempts, error)
    if permanent or attempts >= settings.ENDORSE_EMAIL_MAX_ATTEMPTS:
        message_fail(message=message, error=error)
        return MessageStatus.FAILED
    wait = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
    OutboxMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.QUEUED,
        next_attempt_at=timezone.now() + timedelta(minutes=wait),
        lease_until=None,
        last_error=error[:2000],
    )
    return MessageStatus.QUEUED


def outbox_flush(*, limit: int = SWEEP_BATCH) -> int:
    """Send every due message, oldest first, up to `limit`; returns how many were attempted.

    Catches what no task did: rows whose task was never enqueued (the process stopped between
    commit and enqueue), retries whose wait is over, and leases left by a dead worker.
    """
    # The installation-wide sweep, scopes disabled on purpose as in message_deliver.
    with scopes_disabled():
        pks = list(
            OutboxMessage.objects.filter(_due(timezone.now()))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
    for pk in pks:
        message_deliver(pk)
    return len(pks)
