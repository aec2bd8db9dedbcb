"""Faults: the database unavailable for a moment, and a process stopped in the middle of a
submission. Afterwards nothing is half-written and people saw a clear page, never a trace.
(A worker stopped in the middle of sending: tests/notifications/test_worker_process.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from endorse.applications.enums import Status
from endorse.applications.models import Application, ApplicationEvent, Submission
from endorse.notifications.models import OutboxMessage

from ..conftest import imported, sign_in
from ..notifications.test_worker_process import _database_url
from .figures import record


def test_an_unreachable_database_gives_a_503_with_a_retry_hint(applicant, monkeypatch):
    client = Client(raise_request_exception=False)
    sign_in(client, applicant)

    def unreachable(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", unreachable)
    response = client.get("/applications/")
    monkeypatch.undo()
    text = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert "Back in a moment" in text
    assert ("Traceback" in text, "OperationalError" in text) == (False, False)
    record("fault-database-unreachable", survived=1)


def test_any_other_failure_is_a_plain_500_page(client, monkeypatch, applicant):
    quiet = Client(raise_request_exception=False)
    sign_in(quiet, applicant)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("endorse.workspace.views.applications_of", broken)
    response = quiet.get("/applications/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()


SUBMIT_AND_STALL = textwrap.dedent(
    """
    import sys, time, django
    django.setup()
    from endorse.accounts.models import User
    from endorse.applications import domain
    from endorse.applications.models import Submission

    create = Submission.objects.create
    def stall(**kwargs):
        row = create(**kwargs)
        print("inside the transaction", flush=True)
        time.sleep(60)  # killed here
        return row
    Submission.objects.create = stall
    from django_scopes import scope
    from endorse.associations.routing import default_association

    with scope(association=default_association()):  # as a request to the association runs
        application = domain.Application.objects.get(pk=int(sys.argv[1]))
        domain.application_submit(application=application, actor=application.applicant)
    """
)


@pytest.mark.django_db(transaction=True)
def test_a_process_stopped_in_the_middle_of_a_submission_leaves_nothing_half_written(applicant):
    application = imported(applicant, "policy-ready-for-exam")
    before = (ApplicationEvent.objects.count(), OutboxMessage.objects.count())
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "endorse.settings_test",
        "DATABASE_URL": _database_url(),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", SUBMIT_AND_STALL, str(application.pk)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    line = ""
    while "inside the transaction" not in line and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise AssertionError(process.stderr.read())
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    connection.close()  # read afresh, as the next request would
    application = Application.objects.get(pk=application.pk)
    assert (application.status, application.submitted_at) == (Status.DRAFT, None)
    assert Submission.objects.filter(application=application).count() == 0
    assert (ApplicationEvent.objects.count(), OutboxMessage.objects.count()) == before
    record("fault-killed-mid-submission", survived=1)
