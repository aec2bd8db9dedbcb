"""A real S3-compatible server on loopback for the object-storage tests: moto's S3 served over
HTTP (`python -m moto.server`), one per test process, started only when a test asks for it.
Each test gets a bucket of its own, and the product's document storage configured on it the
way a deployment configures it (ENDORSE_S3_* read by the settings)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import boto3
import pytest

import endorse.settings

from ..servers import WAIT, free_port

ACCESS_KEY = "endorse-test-key"
SECRET_KEY = "endorse-test-secret"
PREFIX = "endorse-test"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + WAIT
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"moto's S3 server did not start on port {port}")
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=WAIT)


@dataclass
class Bucket:
    endpoint: str
    name: str
    client: Any

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        body: bytes = self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        return body


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> Bucket:
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
    )
    name = f"endorse-{uuid4().hex[:16]}"
    client.create_bucket(Bucket=name)
    return Bucket(endpoint=s3_endpoint, name=name, client=client)


@pytest.fixture
def s3_documents(settings: Any, monkeypatch: pytest.MonkeyPatch, s3_bucket: Bucket) -> Bucket:
    """Documents go to `s3_bucket`, under the prefix `endorse-test/`."""
    environment = {
        "ENDORSE_S3_BUCKET": s3_bucket.name,
        "ENDORSE_S3_ENDPOINT_URL": s3_bucket.endpoint,
        "ENDORSE_S3_REGION": "us-east-1",
        "ENDORSE_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "ENDORSE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "ENDORSE_S3_PREFIX": PREFIX,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": endorse.settings._document_storage()}
    return s3_bucket
