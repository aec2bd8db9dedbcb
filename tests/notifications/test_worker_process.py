"""The real worker (`endorse worker`, django-tasks-db) against a real SMTP server: killed in the
middle of sending and started again, every email arrives, and none twice.

Runs on whichever database the suite runs on (SQLite here, PostgreSQL in CI): the worker is a
separate process sharing the test database, so these tests commit for real.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from endorse.applications.domain import application_start
from endorse.applications.models import Rater
from endorse.notifications.domain import message_queue
from endorse.notifications.models import OutboxMessage
from endorse.references.domain import rater_save_and_send

from ..security.figures import record

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = 6
WAIT = 60  # seconds; generous for a slow machine, never reached when things work


class HoldingSink:
    """An SMTP server's handler that records every message it accepts. It can hold its reply
    to the n-th message until told to go on; a message whose sender has gone by then was never
    accepted (the sender never heard "250"), exactly as with a real server."""

    def __init__(self, hold_at: int | None = None) -> None:
        self.hold_at = hold_at
        self.seen = 0
        self.accepted: list[str] = []
        self.holding = threading.Event()
        self.go_on = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        key = email.message_from_bytes(envelope.content)["X-Endorse-Key"]
        if self.seen == self.hold_at:
            self.holding.set()
            while not self.go_on.is_set():
                await asyncio.sleep(0.02)  # cancelled here if the sender dies
        self.accepted.append(key)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    def start(sink: HoldingSink) -> int:
        port = _free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        return port

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "endorse.settings",
        "ENDORSE_DEBUG": "false",
        "ENDORSE_SECRET_KEY": "worker-test-secret-key-0123456789-0123456789-0123456789",
        "DATABASE_URL": _database_url(),
        "ENDORSE_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "ENDORSE_EMAIL_LEASE_SECONDS": "2",
        "ENDORSE_WORKER_SWEEP_SECONDS": "1",
        "ENDORSE_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "endorse.cli", "worker", "--interval", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.05)


def _queue_messages(settings) -> list[str]:
    # The product's own backend: committing the action enqueues a django-tasks-db task.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    keys = []
    for n in range(MESSAGES):
        message = message_queue(
            recipient=f"rater{n}@example.org",
            template="applications/email/submitted",
            context={"person_name": f"Person {n}", "category": "Mentor", "submitted_on": "today"},
            idempotency_key=f"worker-test:{n}",
        )
        keys.append(message.key_digest)
    return keys


def _all_sent() -> bool:
    return OutboxMessage.objects.exclude(status="sent").count() == 0


def test_the_worker_sends_every_queued_email_once(smtp, settings):
    sink = HoldingSink()
    port = smtp(sink)
    keys = _queue_messages(settings)
    worker = _worker(port)
    try:
        _until(_all_sent, "every message sent")
    finally:
        worker.terminate()
        output = worker.communicate(timeout=WAIT)[0].decode()
    assert Counter(sink.accepted) == Counter(keys), output
    assert worker.returncode == 0, output


def test_a_worker_killed_in_the_middle_of_sending_loses_nothing_and_repeats_nothing(smtp, settings):
    sink = HoldingSink(hold_at=3)
    port = smtp(sink)
    keys = _queue_messages(settings)
    first = _worker(port)
    try:
        _until(sink.holding.is_set, "the third message to reach the server")
        first.send_signal(signal.SIGKILL)  # no chance to clean up: mid-conversation with SMTP
        first.wait(timeout=WAIT)
    finally:
        sink.go_on.set()
    interrupted = OutboxMessage.objects.filter(status="sending").count()
    assert (len(sink.accepted), interrupted) == (2, 1)

    second = _worker(port)
    try:
        _until(_all_sent, "every message sent after the restart")
    finally:
        second.terminate()
        output = second.communicate(timeout=WAIT)[0].decode()
    assert Counter(sink.accepted) == Counter(keys), output
    # The interrupted message was attempted twice, and reached the server once.
    assert sorted(OutboxMessage.objects.values_list("attempts", flat=True)) == [1] * 5 + [2]
    record("fault-worker-killed-mid-send", survived=1, emails=MESSAGES)


def test_the_worker_sends_the_reminders_that_are_due(smtp, settings, applicant):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    application = application_start(applicant=applicant, category="mentor-clinical")
    rater = rater_save_and_send(
        application=application,
        entry=Rater(
            application=application, name="Rita Rater", email="rita@example.org", role="colleague"
        ),
        actor=applicant,
    )
    eight_days_ago = timezone.now() - timedelta(days=8)
    Rater.objects.filter(pk=rater.pk).update(
        sent_at=eight_days_ago, expires_at=eight_days_ago + timedelta(days=30)
    )
    sink = HoldingSink()
    worker = _worker(smtp(sink))
    try:
        _until(lambda: len(sink.accepted) == 2, "the request and its day-7 reminder")
    finally:
        worker.terminate()
        worker.communicate(timeout=WAIT)
    subjects = sorted(
        OutboxMessage.objects.filter(status="sent").values_list("template", flat=True)
    )
    assert subjects == ["references/email/reminder", "references/email/request"]
