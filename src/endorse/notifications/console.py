"""The local default mail backend: each email printed readably (headers and the plain text, not
MIME), so a link in it can be copied from the terminal."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    _lock = threading.Lock()

    def __init__(self, *args: Any, stream: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        with self._lock:
            for message in email_messages:
                rule = "-" * 72
                self.stream.write(
                    f"{rule}\nTo: {', '.join(message.to)}\nSubject: {message.subject}\n"
                    f"Message-ID: {message.extra_headers.get('Message-ID', '')}\n\n"
                    f"{message.body}\n{rule}\n"
                )
            self.stream.flush()
        return len(email_messages)
