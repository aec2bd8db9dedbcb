"""Two machines serve one installation (docs/deployment.md): two servers with the production
settings, each with a data folder of its own (no shared disk), on one database and one bucket.
A person signs in and uploads a transcript on the first and downloads it from the second."""

from __future__ import annotations

import http.client
import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from endorse.applications import domain as applications
from endorse.applications.models import Degree, Document

from ..conftest import PASSWORD
from ..notifications.test_worker_process import _database_url
from ..security.test_shared_limits import Browser, _verified
from ..servers import Gunicorn, production_environment
from .conftest import ACCESS_KEY, PREFIX, SECRET_KEY, Bucket

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def _upload(browser: Browser, server: Gunicorn, path: str, content: bytes) -> int:
    """POST a file as the transcript form does (multipart), with the browser's cookies."""
    boundary = uuid.uuid4().hex
    token = browser.cookies[settings.CSRF_COOKIE_NAME]
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="Transcript.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_a_transcript_uploaded_on_one_machine_is_downloaded_from_the_other(
    production_data_dir: Path, tmp_path: Path, s3_bucket: Bucket
):
    person = _verified("two.machines@example.org")
    application = applications.application_import(
        applicant=person, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )
    degree = Degree.objects.get(application=application)
    disks = [production_data_dir, tmp_path / "machine-2"]
    shutil.copytree(production_data_dir / "static", disks[1] / "static")
    bucket = {
        "ENDORSE_S3_BUCKET": s3_bucket.name,
        "ENDORSE_S3_ENDPOINT_URL": s3_bucket.endpoint,
        "ENDORSE_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "ENDORSE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "ENDORSE_S3_PREFIX": PREFIX,
        "ENDORSE_LOG_LEVEL": "WARNING",
    }
    environments = [production_environment(disk, _database_url(), **bucket) for disk in disks]
    browser = Browser()

    with Gunicorn(environments[0]) as first, Gunicorn(environments[1]) as second:
        browser.get(first, "/accounts/login/")  # the CSRF cookie
        signed_in = browser.post(
            first, "/accounts/login/", {"login": person.email, "password": PASSWORD}
        )[0]
        uploaded = _upload(
            browser,
            first,
            f"/applications/{application.pk}/degrees/{degree.pk}/transcript/",
            PDF,
        )
        document = Document.objects.get()
        status, _, body = browser.get(
            second, f"/applications/{application.pk}/documents/{document.pk}/"
        )

    assert (signed_in, uploaded, status) == (302, 302, 200)
    assert body.encode() == PDF
    assert s3_bucket.keys() == [f"{PREFIX}/{document.file.name}"]
    assert [(disk / "documents").exists() for disk in disks] == [False, False]
