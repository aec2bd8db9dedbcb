"""`endorse serve` as a real process: stopping it stops the background worker it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WAIT = 120  # seconds; a first start migrates a database and creates the demo people


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.1)


@pytest.fixture
def serve(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "endorse.settings",
        "ENDORSE_DATA_DIR": str(tmp_path),
        "ENDORSE_DEBUG": "true",
        "ENDORSE_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "endorse.cli", "serve", "--port", str(_free_port())],
        env=env,
        cwd=tmp_path,
        stdout=(tmp_path / "serve.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    process.workers = []  # filled in by the test: a worker left running is killed afterwards
    yield process
    for pid in [process.pid, *process.workers]:
        if _running(pid):
            os.kill(pid, signal.SIGKILL)
    process.wait()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_its_worker(serve, signum):
    """Usability finding 11: `endorse serve` stopped with SIGTERM left its worker running."""
    _until(lambda: _children(serve.pid) or serve.poll() is not None, "serve to start its worker")
    assert serve.poll() is None, "serve stopped by itself"
    [worker] = serve.workers = _children(serve.pid)
    time.sleep(1)  # the worker sets up its signal handlers while it starts

    serve.send_signal(signum)
    code = serve.wait(timeout=WAIT)

    assert (code, _running(worker)) == (0, False)
