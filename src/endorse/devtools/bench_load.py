"""`endorse bench load`: the applicant's workspace under load, through a real HTTP server.

Starts gunicorn with 2 worker processes on the configured database, signs in 50 applicants (a
session each, made the way Django's login makes one), and runs wrk with 50 connections for
`--seconds`: each request is one applicant opening their own workspace, cycling through them.
Prints wrk's figures (requests per second, latency) and counts non-2xx answers as errors. Needs
`wrk` on the PATH (`apt-get install wrk`); it is a benchmark tool, not a dependency.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count

from endorse.applications.enums import Status
from endorse.applications.models import Application

USERS = 50
# The product's gunicorn settings (rater links redacted in gunicorn's own logs), as in the
# README's production command.
GUNICORN_SETTINGS = ["--config=python:endorse.gunicorn_conf"]

# One applicant per request, in turn: path and cookie come from the table written below.
WRK_SCRIPT = """
local targets = {}
for line in io.lines("%(targets)s") do
  local path, cookie = line:match("([^ ]+) ([^ ]+)")
  targets[#targets + 1] = {path, cookie}
end
local i = 0
request = function()
  i = i %% #targets + 1
  local t = targets[i]
  return wrk.format("GET", t[1], {["Cookie"] = "%(cookie)s=" .. t[2], ["X-Forwarded-Proto"] = "https"})
end
"""


def _sessions(count: int) -> list[tuple[str, str]]:
    """(workspace path, session key) for `count` applicants working on their application."""
    working = (
        Application.objects.filter(status__in=(Status.DRAFT, Status.CHANGES_REQUESTED))
        .annotate(n=Count("trainings"))
        .order_by("-n")
        .select_related("applicant")[:count]
    )
    targets = []
    for application in working:
        person = application.applicant
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        targets.append((f"/applications/{application.pk}/", session.session_key or ""))
    return targets


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_load_test(*, seconds: int = 30, out: Callable[[str], None] = print) -> int:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    targets = _sessions(USERS)
    if not targets:
        raise RuntimeError("no applicants: fill the database with `endorse demo` first")
    port = _free_port()
    env = os.environ | {"ENDORSE_BEHIND_PROXY": "true", "ENDORSE_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            *GUNICORN_SETTINGS,
            "endorse.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        env=env,
    )
    try:
        _wait_for(port)
        with tempfile.TemporaryDirectory() as folder:
            table = Path(folder) / "targets.txt"
            table.write_text("".join(f"{path} {key}\n" for path, key in targets))
            script = Path(folder) / "workspace.lua"
            script.write_text(
                WRK_SCRIPT % {"targets": table, "cookie": settings.SESSION_COOKIE_NAME}
            )
            url = f"http://127.0.0.1:{port}"
            # Warm the workers (templates, connections), then measure.
            subprocess.run(  # noqa: S603
                [wrk, "-t2", "-c10", "-d3s", "-s", str(script), url],
                capture_output=True,
                check=True,
            )
            result = subprocess.run(  # noqa: S603
                [wrk, "-t2", f"-c{USERS}", f"-d{seconds}s", "--latency", "-s", str(script), url],
                capture_output=True,
                text=True,
                check=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    out(
        f"gunicorn, 2 workers; wrk, 2 threads, {USERS} connections, {seconds} s; "
        f"{len(targets)} applicants each opening their own workspace"
    )
    out(result.stdout)
    return 0


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("the server did not start")
