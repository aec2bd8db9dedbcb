"""Logging filters: what must never reach a log line."""

from __future__ import annotations

import logging
import re

# A rater's link carries its key in the path (/r/<token>/...).
LINK = re.compile(r"/r/[^/\s\"']+")


class RedactLinks(logging.Filter):
    """Replace the key in rater links with `[redacted]` in every record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/r/" in message:
            record.msg = LINK.sub("/r/[redacted]", message)
            record.args = ()
        return True
