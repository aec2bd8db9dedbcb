"""A mail backend for tests that fails as a script says, then delivers to Django's test mailbox."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class ScriptedBackend(BaseEmailBackend):
    """Each send takes the next outcome from `script`: an exception to raise, or None to deliver.
    An empty script delivers."""

    script: ClassVar[list[BaseException | None]] = []

    def send_messages(self, email_messages: Any) -> int:
        outcome = ScriptedBackend.script.pop(0) if ScriptedBackend.script else None
        if outcome is not None:
            raise outcome
        mail.outbox.extend(email_messages)
        return len(email_messages)
