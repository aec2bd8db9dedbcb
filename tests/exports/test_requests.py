"""The coordinator's archive: requested on the page, built by the worker's task, downloaded once,
deleted after the download or when it expires; each step an audit line."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from endorse.exports.domain import KEEP_FOR, exports_expire
from endorse.exports.models import ArchiveExport
from endorse.worker import periodic_jobs

from ..conftest import make_association, make_staff, sign_in
from .helpers import populate, read_zip

pytestmark = pytest.mark.django_db
# The export page: the session, the person, their roles, the unread-notices count of the header,
# the association's exports with who requested and downloaded each (one query).
QUERIES = 5


def _requested(client, django_capture_on_commit_callbacks) -> ArchiveExport:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_exports:exports"))
    assert response.status_code == 302
    return ArchiveExport.objects.get()


def _download(client, export):
    return client.post(reverse("staff_exports:download", kwargs={"pk": export.pk}))


def test_export_requested_on_the_page_is_built_by_the_task_after_commit(
    client, association, approved, coordinator, django_capture_on_commit_callbacks
):
    populate(association, approved, coordinator)
    sign_in(client, coordinator)

    export = _requested(client, django_capture_on_commit_callbacks)

    assert (export.state, export.requested_by, export.expires_at) == (
        "ready",
        coordinator,
        export.built_at + KEEP_FOR,
    )
    assert default_storage.exists(export.stored_name)
    assert export.counts["applications.csv"] == 3
    page = client.get(reverse("staff_exports:exports")).content.decode()
    assert "Download (once)" in page


def test_export_downloads_once_and_the_second_download_is_refused(
    client, association, approved, coordinator, django_capture_on_commit_callbacks
):
    populate(association, approved, coordinator)
    sign_in(client, coordinator)
    export = _requested(client, django_capture_on_commit_callbacks)
    stored = export.stored_name

    first = _download(client, export)
    files = read_zip(b"".join(first.streaming_content))
    second = _download(client, export)

    export.refresh_from_db()
    assert first["Content-Type"] == "application/zip"
    assert "manifest.json" in files
    assert (export.state, export.downloaded_by, export.stored_name) == (
        "downloaded",
        coordinator,
        "",
    )
    assert not default_storage.exists(stored)
    assert (second.status_code, second["Location"]) == (302, reverse("staff_exports:exports"))
    message = client.get(second["Location"]).content.decode()
    assert "This archive was downloaded already, on " in message
    assert "it is downloaded only once. Request a new one." in message


def test_export_writes_an_audit_line_for_its_request_build_and_download(
    client, association, approved, coordinator, django_capture_on_commit_callbacks, caplog
):
    sign_in(client, coordinator)
    caplog.set_level(logging.INFO, logger="endorse.audit")

    export = _requested(client, django_capture_on_commit_callbacks)
    b"".join(_download(client, export).streaming_content)

    lines = [r.getMessage() for r in caplog.records if r.name == "endorse.audit"]
    assert lines[0] == f"export {export.pk} of mi-aimh requested by {coordinator.email}"
    assert lines[1].startswith(f"export {export.pk} of mi-aimh built: ")
    assert lines[2] == f"export {export.pk} of mi-aimh downloaded by {coordinator.email}"
    assert len(lines) == 3


def test_export_expired_is_deleted_by_the_worker_and_not_downloaded(
    client, association, coordinator, django_capture_on_commit_callbacks, time_machine
):
    sign_in(client, coordinator)
    export = _requested(client, django_capture_on_commit_callbacks)
    stored = export.stored_name
    time_machine.move_to(export.expires_at + timedelta(minutes=1))

    dict(periodic_jobs())["expired exports"]()
    sign_in(client, coordinator)
    refused = _download(client, export)

    export.refresh_from_db()
    assert (export.state, export.stored_name) == ("expired", "")
    assert not default_storage.exists(stored)
    assert refused.status_code == 302
    assert "expired on" in client.get(refused["Location"]).content.decode()


def test_export_not_expired_is_kept(association, coordinator, django_capture_on_commit_callbacks):
    client = sign_in(Client(), coordinator)
    export = _requested(client, django_capture_on_commit_callbacks)

    deleted = exports_expire(now=timezone.now())

    assert deleted == 0
    assert default_storage.exists(export.stored_name)


def test_export_of_another_association_is_a_404(
    client, association, coordinator, django_capture_on_commit_callbacks
):
    sign_in(client, coordinator)
    export = _requested(client, django_capture_on_commit_callbacks)
    other = make_association("b")
    with scope(association=other):
        theirs = make_staff("coord@b.example.org", "B Coordinator", "coordinator")
    b_client = sign_in(Client(HTTP_HOST="b.example.org"), theirs)

    response = _download(b_client, export)

    export.refresh_from_db()
    assert response.status_code == 404
    assert export.downloaded_at is None


@pytest.mark.parametrize("count", [1, 3])
def test_export_page_reads_its_list_in_the_same_queries_for_one_or_three(
    count, association, coordinator, django_assert_num_queries
):
    client = sign_in(Client(), coordinator)
    for _ in range(count):
        ArchiveExport.objects.create(
            requested_by=coordinator,
            requested_at=timezone.now(),
            downloaded_at=timezone.now(),
            downloaded_by=coordinator,
        )
    client.get(reverse("staff_exports:exports"))  # the session and caches warmed

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("staff_exports:exports"))

    assert response.content.decode().count("Downloaded ") == count


def test_export_still_building_is_not_downloaded(association, coordinator):
    client = sign_in(Client(), coordinator)
    export = ArchiveExport.objects.create(requested_by=coordinator, requested_at=timezone.now())

    refused = _download(client, export)

    export.refresh_from_db()
    assert export.downloaded_at is None
    assert "This archive is still being built." in client.get(refused["Location"]).content.decode()


def test_export_whose_download_was_cut_off_is_deleted_an_hour_later(
    association, coordinator, django_capture_on_commit_callbacks, time_machine
):
    client = sign_in(Client(), coordinator)
    export = _requested(client, django_capture_on_commit_callbacks)
    stored = export.stored_name
    _download(client, export)  # its content never read: the stream is never closed
    time_machine.move_to(timezone.now() + timedelta(minutes=61))

    deleted = exports_expire(now=timezone.now())

    export.refresh_from_db()
    assert (deleted, export.state, export.stored_name) == (1, "downloaded", "")
    assert not default_storage.exists(stored)
