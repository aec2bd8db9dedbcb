"""Logs never contain tokens, passwords or rating content: a whole reference flow, failed and
successful sign-ins and expired links, through a handler set up as production's is."""

from __future__ import annotations

import io
import logging
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from endorse.logs import RedactLinks

from ..conftest import PASSWORD
from ..references.conftest import full_answers, link_in

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
