"""Logging filters: what must never reach a log line."""

from __future__ import annotations

import logging
import re

# A rater's link carries its key in the path (/r/<token>/...).
LINK = re.compile(r"/r/[^/\s\"']+")


def redact(text: str) -> str:
    return LINK.sub("/r/[redacted]", text) if "/r/" in text else text


class RedactLinks(logging.Filter):
    """Replace the key in rater links with `[redacted]` in every record's message, and in the
    traceback it carries (an exception's message may quote the path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/r/" in message:
            record.msg = redact(message)
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
