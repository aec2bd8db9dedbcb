"""The document storage is chosen by the environment, and a half-configured bucket stops the
start with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from endorse.settings import _document_storage

BUCKET = {
    "ENDORSE_S3_BUCKET": "endorse-documents",
    "ENDORSE_S3_ACCESS_KEY_ID": "key-id",
    "ENDORSE_S3_SECRET_ACCESS_KEY": "secret",
}


@pytest.fixture
def environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("ENDORSE_S3_"):
            monkeypatch.delenv(name)

    def set_(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_


def test_documents_are_files_under_the_data_folder_without_a_bucket(environment):
    assert _document_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_makes_documents_private_objects_in_it(environment):
    environment(
        **BUCKET,
        ENDORSE_S3_ENDPOINT_URL="https://objects.example.org:9000",
        ENDORSE_S3_REGION="eu-central-1",
        ENDORSE_S3_PREFIX="/mi-aimh/production/",
    )

    assert _document_storage() == {
        "BACKEND": "endorse.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "endorse-documents",
            "endpoint_url": "https://objects.example.org:9000",
            "region_name": "eu-central-1",
            "access_key": "key-id",
            "secret_key": "secret",
            "security_token": None,
            "session_profile": None,
            "location": "mi-aimh/production",
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


def test_amazon_s3_itself_needs_no_endpoint_and_defaults_the_region(environment):
    environment(**BUCKET)

    options = _document_storage()["OPTIONS"]

    assert (options["endpoint_url"], options["region_name"], options["location"]) == (
        None,
        "us-east-1",
        "",
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"ENDORSE_S3_BUCKET": "docs", "ENDORSE_S3_SECRET_ACCESS_KEY": "secret"},
            "ENDORSE_S3_BUCKET is set: set ENDORSE_S3_ACCESS_KEY_ID too.",
        ),
        (
            {"ENDORSE_S3_BUCKET": "docs", "ENDORSE_S3_ACCESS_KEY_ID": "key-id"},
            "ENDORSE_S3_BUCKET is set: set ENDORSE_S3_SECRET_ACCESS_KEY too.",
        ),
        (
            {"ENDORSE_S3_ENDPOINT_URL": "https://objects.example.org"},
            "ENDORSE_S3_ENDPOINT_URL is set but ENDORSE_S3_BUCKET is not.",
        ),
        (
            BUCKET | {"ENDORSE_S3_ENDPOINT_URL": "objects.example.org:9000"},
            "ENDORSE_S3_ENDPOINT_URL must look like https://host[:port] (empty for Amazon S3 itself).",
        ),
        (
            BUCKET | {"ENDORSE_S3_PREFIX": "documents/../other"},
            "ENDORSE_S3_PREFIX must not contain '..'.",
        ),
    ],
)
def test_a_half_configured_bucket_stops_the_start_naming_the_variable(environment, values, message):
    environment(**values)

    with pytest.raises(ImproperlyConfigured) as error:
        _document_storage()

    assert str(error.value) == message


def test_the_command_refuses_to_start_on_a_bucket_without_keys_in_one_line(tmp_path):
    env = {n: v for n, v in os.environ.items() if not n.startswith(("ENDORSE_", "DJANGO_"))} | {
        "ENDORSE_SECRET_KEY": "settings-test-secret-key-0123456789-0123456789",
        "ENDORSE_DATA_DIR": str(tmp_path),
        "ENDORSE_S3_BUCKET": "endorse-documents",
    }

    completed = subprocess.run(
        [sys.executable, "-m", "endorse.cli", "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (completed.returncode, completed.stderr) == (
        2,
        "settings: ENDORSE_S3_BUCKET is set: set ENDORSE_S3_ACCESS_KEY_ID too.\n",
    )
