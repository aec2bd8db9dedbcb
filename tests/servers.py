"""The product served as in production, for tests that need real processes: gunicorn with the
product's settings (`endorse.settings`, not the test settings) and its gunicorn configuration,
on a loopback port, on the database the test names."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from endorse.devtools.bench_load import GUNICORN_SETTINGS

WAIT = 60  # seconds; generous for a slow machine, never reached when things work


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_environment(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """Production settings on loopback HTTP: `data_dir` holds the collected static files."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "endorse.settings",
        "ENDORSE_DEBUG": "false",
        "ENDORSE_SECRET_KEY": "server-test-secret-key-0123456789-0123456789-0123456789",
        "ENDORSE_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "ENDORSE_ALLOWED_HOSTS": "127.0.0.1",
        "ENDORSE_SSL_REDIRECT": "false",
        "ENDORSE_LOG_LEVEL": "INFO",
        **extra,
    }


def collect_static(data_dir: Path) -> None:
    """What `endorse manage collectstatic` does before production serves its first page."""
    env = production_environment(data_dir, f"sqlite:///{data_dir / 'unused.sqlite3'}")
    subprocess.run(
        [sys.executable, "-m", "endorse.cli", "manage", "collectstatic", "--noinput"],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


class Gunicorn:
    """`with Gunicorn(env) as server:` serves on `server.url` until the block ends; then
    `server.output` holds everything it wrote (its own logs and Django's)."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, access_log: bool = False):
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [
            *GUNICORN_SETTINGS,
            "endorse.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{self.port}",
            "--no-control-socket",  # several servers at once on one machine
            *(["--access-logfile=-"] if access_log else []),
        ]
        self.output = ""

    def __enter__(self) -> Gunicorn:
        self._log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *self.args],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise AssertionError(f"gunicorn did not start:\n{self.output}") from None
                time.sleep(0.2)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.seek(0)
        self.output = self._log.read()
        self._log.close()
