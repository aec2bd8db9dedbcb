"""Bulk verification from Needs action: tick, check the preview, confirm (usability findings,
"what coordinators expect": bulk verify/approve with a preview)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.applications.domain import document_upload
from endorse.applications.models import Degree, SupervisionEntry

from ..conftest import sign_in
from .test_verification import PDF

URL = "/staff/needs-action/verify/"


@pytest.fixture
def uploaded(awaiting_staff, coordinator) -> Degree:
    """The received transcript of a submitted application, with its PDF uploaded."""
    degree = Degree.objects.get(application=awaiting_staff)
    document_upload(
        application=awaiting_staff,
        degree=degree,
        upload=SimpleUploadedFile("transcript.pdf", PDF),
        actor=coordinator,
        by_staff=True,
    )
    return degree


def test_bulk_verify_first_shows_a_preview_and_changes_nothing(client, coordinator, uploaded):
    sign_in(client, coordinator)

    response = client.post(URL, {"degree": [uploaded.pk]})

    assert response.status_code == 200
    assert [line.what for line in response.context["lines"]] == [
        f"Verify the transcript of the {uploaded.get_type_display()} {uploaded.field}".strip()
    ]
    uploaded.refresh_from_db()
    assert uploaded.transcript == "received"


def test_bulk_verify_without_the_confirmation_tick_asks_again(client, coordinator, uploaded):
    sign_in(client, coordinator)

    response = client.post(URL, {"degree": [uploaded.pk], "step": "apply"})

    assert response.context["confirm_error"] is True
    uploaded.refresh_from_db()
    assert uploaded.transcript == "received"


def test_bulk_verify_confirmed_verifies_each_item_with_its_own_event_and_note(
    client, coordinator, uploaded, awaiting_staff
):
    sign_in(client, coordinator)

    response = client.post(
        URL, {"degree": [uploaded.pk], "step": "apply", "confirm": "yes", "note": "Batch 12"}
    )

    assert response.status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.transcript == "verified"
    event = awaiting_staff.events.last()
    assert (event.kind, event.data["note"], event.actor) == (
        "transcript_marked",
        "Batch 12",
        coordinator,
    )


def test_bulk_verify_leaves_a_transcript_nobody_uploaded_for_the_file(
    client, coordinator, awaiting_staff
):
    """Usability finding 7 holds in bulk: a transcript with no upload needs its basis."""
    degree = Degree.objects.get(application=awaiting_staff)
    sign_in(client, coordinator)

    preview = client.post(URL, {"degree": [degree.pk]})
    client.post(URL, {"degree": [degree.pk], "step": "apply", "confirm": "yes"})

    assert preview.context["lines"][0].skipped.startswith("no transcript was uploaded")
    degree.refresh_from_db()
    assert degree.transcript == "received"


def test_bulk_approve_approves_a_provider_once_for_all_their_entries(
    client, coordinator, awaiting_staff
):
    entries = [
        SupervisionEntry.objects.create(
            application=awaiting_staff,
            provider_name="Dr. Noor",
            format="individual",
            start_on="2025-01-01",
            end_on="2025-06-30",
            hours=10,
        )
        for _ in range(2)
    ]
    sign_in(client, coordinator)

    client.post(URL, {"provider": [e.pk for e in entries], "step": "apply", "confirm": "yes"})

    assert set(
        SupervisionEntry.objects.filter(provider_name="Dr. Noor").values_list(
            "provider_approved", flat=True
        )
    ) == {True}
    assert awaiting_staff.events.filter(kind="provider_approved").count() == 1


def test_bulk_verify_ignores_items_of_drafts(client, coordinator, application):
    degree = Degree.objects.create(
        application=application, type="MSW", conferred_on="2010-05-01", transcript="received"
    )
    sign_in(client, coordinator)

    response = client.post(URL, {"degree": [degree.pk], "step": "apply", "confirm": "yes"})

    assert response.status_code == 302
    degree.refresh_from_db()
    assert degree.transcript == "received"
