"""Background tasks of the outbox, run by `endorse worker` (django-tasks-db)."""

from __future__ import annotations

from django.tasks import task

from . import delivery


@task()
def outbox_send(message_id: int) -> str:
    """Send one message, queued after the commit of the action that wrote it."""
    return delivery.message_deliver(message_id)


@task()
def outbox_flush() -> int:
    return delivery.outbox_flush()
