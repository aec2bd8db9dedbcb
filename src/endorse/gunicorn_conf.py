"""gunicorn's settings for endorse: `gunicorn -c python:endorse.gunicorn_conf endorse.wsgi`.

gunicorn writes its own logs (the access log, its error log) outside Django's logging; this
makes them redact rater links like every handler Django configures: the request line, the
referrer and any error about a request show `/r/[redacted]/`. Command-line options still apply
(`--workers`, `--bind`, `--access-logfile -` to turn the access log on).
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from endorse.logs import RedactLinks

logger_class = "endorse.gunicorn_conf.RedactingLogger"


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, with rater links redacted in its access and error logs, whatever
    handlers they have (a file, standard output, syslog, a logging configuration)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)  # also run again when gunicorn reloads its configuration
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactLinks) for f in log.filters):
                log.addFilter(RedactLinks())
