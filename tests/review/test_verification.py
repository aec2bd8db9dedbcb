"""Staff verification asks for confirmation, keeps a note on the record, needs a basis for a
transcript nobody uploaded, and is refused on a draft."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from endorse.applications.domain import document_upload
from endorse.applications.models import Degree, SupervisionEntry
from endorse.review import domain
from endorse.review.domain import ReviewError

from ..conftest import imported, sign_in
from .pages import items, words

PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"


def _transcript_url(degree) -> str:
    return f"/staff/applications/{degree.application_id}/degrees/{degree.pk}/transcript/"


def test_verifying_a_transcript_nobody_uploaded_needs_what_it_rests_on(
    client, coordinator, awaiting_staff
):
    """Usability finding 7: a transcript could be marked verified when none was uploaded."""
    degree = Degree.objects.get(application=awaiting_staff)
    sign_in(client, coordinator)

    response = client.post(
        _transcript_url(degree),
        {"state": "verified", "confirm": "on", "note": "Checked the seal"},
    )

    degree.refresh_from_db()
    page = words(response.content.decode())
    assert response.status_code == 400
    assert degree.transcript == "received"
    assert "Say what the verification rests on." in page
    assert "Checked the seal" in page  # nothing typed is lost


def test_verifying_a_transcript_needs_the_box_ticked(client, coordinator, awaiting_staff):
    """Usability finding 7: one click verified a transcript, with no confirmation."""
    degree = Degree.objects.get(application=awaiting_staff)
    sign_in(client, coordinator)

    response = client.post(_transcript_url(degree), {"state": "verified", "basis": "post"})

    degree.refresh_from_db()
    assert response.status_code == 400
    assert degree.transcript == "received"
    assert "Tick the box to confirm, or go back to the file." in words(response.content.decode())


def test_a_transcript_nobody_uploaded_is_refused_by_the_domain_without_a_basis(
    awaiting_staff, coordinator
):
    """Usability finding 7: the rule holds whoever calls it, not only the page."""
    degree = Degree.objects.get(application=awaiting_staff)

    with pytest.raises(ReviewError, match="no official transcript was uploaded"):
        domain.transcript_mark(degree=degree, state="verified", actor=coordinator)


def test_an_uploaded_transcript_is_verified_without_a_basis(awaiting_staff, coordinator):
    degree = Degree.objects.get(application=awaiting_staff)
    document_upload(
        application=awaiting_staff,
        degree=degree,
        upload=SimpleUploadedFile("transcript.pdf", PDF),
        actor=coordinator,
        by_staff=True,
    )

    domain.transcript_mark(degree=degree, state="verified", actor=coordinator)

    degree.refresh_from_db()
    assert degree.transcript == "verified"


def test_the_note_and_basis_go_on_the_record_and_the_timeline(client, coordinator, awaiting_staff):
    """Usability finding 7: a verification took no note."""
    degree = Degree.objects.get(application=awaiting_staff)
    sign_in(client, coordinator)

    client.post(
        _transcript_url(degree),
        {"state": "verified", "basis": "post", "confirm": "on", "note": "Sealed envelope"},
    )

    event = awaiting_staff.events.last()
    page = client.get(f"/staff/applications/{awaiting_staff.pk}/").content.decode()
    assert (event.data["basis"], event.data["note"]) == (
        "Received by post from the institution",
        "Sealed envelope",
    )
    assert items(page, "timeline-events")[0].endswith(
        "· Casey Coordinator · rests on: Received by post from the institution"
        " · note: Sealed envelope"
    )


def test_verifying_on_a_draft_is_refused_with_a_clear_message(client, coordinator, applicant):
    """Usability finding 7: a draft's transcript could be marked verified."""
    draft = imported(applicant, "policy-ready-for-exam")
    degree = Degree.objects.filter(application=draft).first()
    Degree.objects.filter(pk=degree.pk).update(transcript="received")
    sign_in(client, coordinator)

    response = client.post(
        _transcript_url(degree), {"state": "verified", "basis": "post", "confirm": "on"}
    )

    degree.refresh_from_db()
    assert response.status_code == 400
    assert degree.transcript != "verified"
    assert (
        "Not done: this application is still a draft: staff verify its evidence once it is "
        "submitted." in words(response.content.decode())
    )


def test_the_file_offers_one_approval_per_provider_not_per_entry(client, coordinator, submitted):
    for start in (1, 2, 3):
        SupervisionEntry.objects.create(
            application=submitted,
            provider_name="Dr. Ana Ruiz",
            format="individual",
            start_on=timezone.localdate().replace(day=start),
            hours=2,
        )
    sign_in(client, coordinator)

    page = client.get(f"/staff/applications/{submitted.pk}/").content.decode()

    ruiz = [line for line in items(page, "rsc-providers") if line.startswith("Dr. Ana Ruiz")]
    assert ruiz == ["Dr. Ana Ruiz · 3 entries, 6 hours · not approved Approve Dr. Ana Ruiz…"]


def test_withdrawing_a_providers_approval_is_confirmed_with_a_note(client, coordinator, submitted):
    entry = SupervisionEntry.objects.create(
        application=submitted,
        provider_name="Lee Park",
        format="individual",
        start_on=timezone.localdate(),
        hours=2,
    )
    domain.provider_approve(entry=entry, approved=True, actor=coordinator)
    sign_in(client, coordinator)
    url = f"/staff/applications/{submitted.pk}/rsc/{entry.pk}/approve/"

    unconfirmed = client.post(url, {"approved": "no"})
    confirmed = client.post(url, {"approved": "no", "confirm": "on", "note": "Not endorsed"})

    entry.refresh_from_db()
    event = submitted.events.last()
    assert (unconfirmed.status_code, confirmed.status_code) == (400, 302)
    assert entry.provider_approved is False
    assert (event.kind, event.data["note"]) == ("provider_unapproved", "Not endorsed")
