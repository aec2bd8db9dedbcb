"""A large file in the background worker: the page keeps it as a job and follows its progress
(rows checked of rows in all) by a small JSON status, then shows the report; small files are
checked and applied at once, as before."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from endorse.imports.columns import Kind
from endorse.imports.core import PROGRESS_EVERY
from endorse.imports.domain import import_check
from endorse.imports.jobs import import_job_run, import_job_start
from endorse.imports.models import ImportJob
from endorse.registry.models import Endorsement

from ..conftest import sign_in
from .helpers import TODAY, table

pytestmark = pytest.mark.django_db

HEADER = "holder,email,category,number,issued_on"


def _rows(count: int, bad: bool = False) -> bytes:
    lines = [HEADER] + [
        f"Holder {n},h{n}@example.org,IFS,MI-IFS-{n:05},2019-05-01" for n in range(1, count + 1)
    ]
    if bad:
        lines[2] = "<b>Ada</b>,ada@,IFS,MI-IFS-99999,someday"
    return ("\n".join(lines) + "\n").encode()


def _post(client, data: bytes, action: str):
    return client.post(
        reverse("staff:imports"),
        {
            "kind": "endorsements",
            "file": SimpleUploadedFile("endorsements.csv", data, content_type="text/csv"),
            "action": action,
        },
    )


@pytest.fixture
def small_threshold(settings):
    settings.ENDORSE_IMPORT_BACKGROUND_ROWS = 3


def test_import_check_tells_the_rows_checked_as_it_goes(association):
    rows = PROGRESS_EVERY * 2 + 7
    told: list[int] = []

    import_check(
        kind=Kind.ENDORSEMENTS,
        table=table(Kind.ENDORSEMENTS, *_rows(rows).decode().splitlines()),
        association=association,
        today=TODAY,
        progress=told.append,
    )

    assert told == [PROGRESS_EVERY, PROGRESS_EVERY * 2, rows]


def test_a_large_file_is_applied_by_the_worker_and_its_page_shows_the_report(
    client, coordinator, small_threshold, django_capture_on_commit_callbacks
):
    sign_in(client, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _rows(5), "apply")

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:import_job", kwargs={"pk": job.pk})
    status = client.get(reverse("staff:import_job_status", kwargs={"pk": job.pk}))
    assert status.json() == {"state": "done", "step": "done", "done": 5, "total": 5}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (
        "endorsements: 5 rows: 5 created, 0 updated, 0 unchanged; 5 unclaimed accounts made"
        in page.content.decode()
    )
    assert Endorsement.objects.count() == 5
    assert (job.data, job.portfolios) == (b"", {})


def test_a_job_in_progress_shows_a_progress_bar_that_polls_its_status(
    client, coordinator, association, small_threshold
):
    sign_in(client, coordinator)
    job = import_job_start(
        association=association,
        actor=coordinator,
        kind=Kind.ENDORSEMENTS,
        apply=False,
        filename="endorsements.csv",
        data=_rows(5),
        rows=5,
    )

    page = client.get(reverse("staff:import_job", kwargs={"pk": job.pk})).content.decode()
    status = client.get(reverse("staff:import_job_status", kwargs={"pk": job.pk}))

    assert '<progress id="import-progress-bar" max="5" value="0">0 of 5</progress>' in page
    assert '<script src="/static/endorse/import-progress.js"></script>' in page
    assert "<script>" not in page
    assert f'data-status-url="/staff/import/jobs/{job.pk}/status/"' in page
    assert status.json() == {"state": "waiting", "step": "checking", "done": 0, "total": 5}
    assert status["Cache-Control"] == "no-store"


def test_a_job_records_its_progress_and_a_dry_runs_problems_unchanged(
    client, coordinator, association, small_threshold
):
    job = import_job_start(
        association=association,
        actor=coordinator,
        kind=Kind.ENDORSEMENTS,
        apply=True,
        filename="endorsements.csv",
        data=_rows(5, bad=True),
    )

    state = import_job_run(job.pk)

    job.refresh_from_db()
    assert (state, job.state, job.rows_done, job.rows_total) == ("done", "done", 5, 5)
    assert job.report["problems"] == [
        [3, "email", "ada@", "not an email address"],
        [3, "issued_on", "someday", "expected a date as YYYY-MM-DD"],
    ]
    assert Endorsement.objects.count() == 0
    sign_in(client, coordinator)
    page = client.get(reverse("staff:import_job", kwargs={"pk": job.pk}))
    assert page.status_code == 400
    text = page.content.decode()
    assert "endorsements: 5 rows, 2 problems; nothing written" in text
    assert (
        '<td data-label="Value">ada@</td><td data-label="Problem">not an email address</td>' in text
    )
    assert "<b>Ada</b>" not in text


def test_a_job_is_run_once(association, coordinator):
    job = import_job_start(
        association=association,
        actor=coordinator,
        kind=Kind.ENDORSEMENTS,
        apply=True,
        filename="endorsements.csv",
        data=_rows(2),
    )

    first, second = import_job_run(job.pk), import_job_run(job.pk)

    assert (first, second, Endorsement.objects.count()) == ("done", "done", 2)


def test_a_job_of_an_unreadable_file_fails_with_the_readers_message(association, coordinator):
    job = import_job_start(
        association=association,
        actor=coordinator,
        kind=Kind.ENDORSEMENTS,
        apply=False,
        filename="endorsements.zip",
        data=b"not a zip",
    )

    import_job_run(job.pk)

    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", "Not a readable .zip file.")


def test_a_small_file_is_still_checked_at_once(client, coordinator, small_threshold):
    sign_in(client, coordinator)

    response = _post(client, _rows(3), "check")

    assert response.status_code == 200
    assert ImportJob.objects.count() == 0


def test_another_associations_job_is_not_found(client, coordinator, association):
    from django_scopes import scope

    from ..conftest import make_association

    other = make_association("oh")
    with scope(association=other):
        job = import_job_start(
            association=other,
            actor=None,
            kind=Kind.ENDORSEMENTS,
            apply=False,
            filename="endorsements.csv",
            data=_rows(2),
        )
    sign_in(client, coordinator)

    page = client.get(reverse("staff:import_job", kwargs={"pk": job.pk}))
    status = client.get(reverse("staff:import_job_status", kwargs={"pk": job.pk}))

    assert (page.status_code, status.status_code) == (404, 404)
