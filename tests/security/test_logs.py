"""Logs never contain tokens, passwords or rating content: a whole reference flow, failed and
successful sign-ins and expired links, through a handler set up as production's is."""

from __future__ import annotations

import http.client
import io
import logging
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from endorse.logs import RedactLinks

from ..conftest import PASSWORD
from ..references.conftest import full_answers, link_in
from ..servers import Gunicorn, production_environment

SECRET_COMMENT = "Confidential remark 4471"


@pytest.fixture
def log_text():
    """Everything logged at DEBUG and above, as the production console handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["redact"]
    handler.addFilter(RedactLinks())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_whole_reference_flow_leaves_no_secret_in_the_logs(log_text, ask, deliver, applicant):
    applicant.emailaddress_set.create(email=applicant.email, verified=True, primary=True)
    rater = ask()
    link = link_in(deliver()[0])
    token = link.split("/")[2]
    anonymous = Client(raise_request_exception=False)
    anonymous.post(
        f"{link}rating/", full_answers() | {"comments": SECRET_COMMENT, "action": "submit"}
    )
    anonymous.get(f"/r/{token}x/")  # a tampered link: a 404 that Django logs
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        anonymous.get(link)  # expired: a 410 that Django logs
    anonymous.post("/accounts/login/", {"login": applicant.email, "password": "wrong " + PASSWORD})
    anonymous.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    deliver()
    text = log_text.getvalue()
    assert "Gone: /r/[redacted]/" in text or "Not Found: /r/[redacted]" in text
    assert [s for s in (token, rater.token_nonce, PASSWORD, SECRET_COMMENT) if s in text] == []


# A made-up rater key: it fails the signature check, so the page answers 404 and Django logs
# "Not Found: /r/<key>/" — the line that used to carry a real key as well.
KEY = "eyJyYXRlciI6NDJ9:1xKeY0:NotARealSignatureButSecretAll-The-Same"


# Run in a process of its own: Django's logging set-up (its defaults, then LOGGING) as
# `endorse serve` has it, in debug mode, where Django's own console handler prints requests.
DEBUG_PROCESS = f"""
import logging, django
django.setup()
from django.test import Client
from endorse.logs import RedactLinks
Client().get("/r/{KEY}/no-such-page/", HTTP_HOST="127.0.0.1")
loggers = [logging.getLogger()] + [
    logger for logger in logging.Logger.manager.loggerDict.values()
    if isinstance(logger, logging.Logger)
]
for logger in loggers:
    for handler in logger.handlers:
        if not any(isinstance(f, RedactLinks) for f in handler.filters):
            print("NOT REDACTED", logger.name, handler)
"""


def test_every_log_handler_redacts_rater_links_even_in_debug_mode(tmp_path):
    """Security review finding 14: Django's own console handler (the debug "Not Found" line)
    printed rater keys; every handler of every logger, after Django's logging set-up, now
    redacts them, and the key appears nowhere in the output."""
    env = production_environment(
        tmp_path, f"sqlite:///{tmp_path / 'unused.sqlite3'}", ENDORSE_DEBUG="true"
    )
    run = subprocess.run(
        [sys.executable, "-c", DEBUG_PROCESS], env=env, capture_output=True, text=True, timeout=120
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Not Found: /r/[redacted]/no-such-page/" in output
    assert "NOT REDACTED" not in output, output
    assert [part for part in KEY.split(":") if part in output] == [], output
    for name in settings.LOGGING["handlers"]:
        assert "redact" in settings.LOGGING["handlers"][name]["filters"], name


def test_the_gunicorn_access_log_redacts_rater_links(production_data_dir):
    """Security review finding 14: gunicorn's access log (and its error log) redact rater
    links, in the request line and in the referrer, with the product's gunicorn settings (the
    README's production command, `endorse bench load`)."""
    env = production_environment(
        production_data_dir, f"sqlite:///{production_data_dir / 'unused.sqlite3'}"
    )
    with Gunicorn(env, access_log=True) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        connection.request(
            "GET", f"/r/{KEY}/decline/", headers={"Referer": f"{server.url}/r/{KEY}/"}
        )
        answer = connection.getresponse()
        answer.read()
        connection.close()
    output = server.output
    assert answer.status == 404, output
    assert '"GET /r/[redacted]/decline/ HTTP/1.1" 404' in output, output
    assert f'"{server.url}/r/[redacted]/"' in output, output  # the referrer
    assert "Not Found: /r/[redacted]/decline/" in output, output  # Django's line, same process
    assert [part for part in KEY.split(":") if part in output] == [], output


def test_a_traceback_that_quotes_a_rater_link_is_redacted(log_text):
    """Security review finding 14: an exception's message may quote the path; the traceback a
    handler writes is redacted like the message."""
    try:
        raise ValueError(f"cannot open /r/{KEY}/rating/")
    except ValueError:
        logging.getLogger("endorse.test").exception("Internal Server Error: /r/%s/", KEY)
    text = log_text.getvalue()
    assert "ValueError: cannot open /r/[redacted]/rating/" in text
    assert [part for part in KEY.split(":") if part in text] == []
