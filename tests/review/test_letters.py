"""Letters on staff pages: named in words, every kind on the file, and issuing the endorsement
while one is still held asks the coordinator first."""

from __future__ import annotations

from django.utils import timezone

from endorse.applications.enums import Status
from endorse.notifications.models import MessageStatus, OutboxMessage
from endorse.registry.models import Endorsement
from endorse.review.domain import letter_release

from ..conftest import sign_in
from .pages import items, section, words


def _held(application):
    return list(
        OutboxMessage.objects.filter(application=application, status=MessageStatus.HELD).order_by(
            "pk"
        )
    )


def test_needs_action_names_held_letters_in_words(client, coordinator, endorsable):
    """Usability finding 4: the exam result letter was listed by its template path."""
    sign_in(client, coordinator)
    page = client.get("/staff/needs-action/").content.decode()
    composed = [f"{timezone.localtime(m.created_at):%-d %b %Y %H:%M}" for m in _held(endorsable)]
    assert items(page, "letters-waiting") == [
        f"Decision letter: approved to sit the exam to Ada Applicant, composed {composed[0]}",
        f"Exam result letter to Ada Applicant, composed {composed[1]}",
    ]
    assert "email/" not in words(section(page, "Letters waiting for release"))


def test_the_staff_file_lists_letters_of_every_kind_by_name(client, coordinator, endorsable):
    """Usability finding 4: the exam result letter was missing from "Decisions and letters"."""
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{endorsable.pk}/").content.decode()
    today = f"{timezone.localdate():%-d %b %Y}"
    assert items(page, "letters") == [
        f"Decision letter: approved to sit the exam · held for release · composed {today}",
        f"Exam result letter · held for release · composed {today}",
    ]


def test_issuing_while_letters_are_held_shows_them_and_asks_to_confirm(
    client, coordinator, endorsable
):
    """Usability finding 4: the endorsement could be issued while its letters were still held."""
    sign_in(client, coordinator)
    url = f"/staff/applications/{endorsable.pk}/issue/"

    page = client.get(url).content.decode()
    refused = client.post(url)

    assert items(page, "held-letters-list") == [
        f"Decision letter: approved to sit the exam, composed {_composed(endorsable, 0)}",
        f"Exam result letter, composed {_composed(endorsable, 1)}",
    ]
    assert refused.status_code == 400
    assert "Release the held letters first, or confirm issuing with them held." in words(
        refused.content.decode()
    )
    assert Endorsement.objects.filter(application=endorsable).count() == 0


def test_issuing_with_letters_held_goes_ahead_once_confirmed(client, coordinator, endorsable):
    sign_in(client, coordinator)

    response = client.post(f"/staff/applications/{endorsable.pk}/issue/", {"letters_held_ok": "on"})

    endorsable.refresh_from_db()
    assert response.status_code == 302
    assert endorsable.status == Status.ENDORSED


def test_issuing_after_every_letter_is_released_needs_no_confirmation(
    client, coordinator, endorsable
):
    for message in _held(endorsable):
        letter_release(message=message, actor=coordinator)
    sign_in(client, coordinator)
    url = f"/staff/applications/{endorsable.pk}/issue/"

    page = client.get(url).content.decode()
    response = client.post(url)

    endorsable.refresh_from_db()
    assert "Every letter of this application has been released." in words(page)
    assert response.status_code == 302
    assert endorsable.status == Status.ENDORSED


def test_revoking_asks_for_confirmation_on_its_own_page(client, coordinator, endorsable):
    """Destructive actions are confirmed: the file links to a page that says what revoking does;
    only its POST revokes."""
    for message in _held(endorsable):
        letter_release(message=message, actor=coordinator)
    sign_in(client, coordinator)
    client.post(f"/staff/applications/{endorsable.pk}/issue/")
    endorsement = Endorsement.objects.get(application=endorsable)
    url = f"/staff/endorsements/{endorsement.pk}/revoke/"

    page = client.get(url)
    refused = client.post(url, {"reason": " "})
    revoked = client.post(url, {"reason": "Licence withdrawn by the board"})

    endorsement.refresh_from_db()
    assert page.status_code == 200
    assert refused.status_code == 400
    assert revoked.status_code == 302
    assert endorsement.revoked_reason == "Licence withdrawn by the board"


def _composed(application, index):
    return f"{timezone.localtime(_held(application)[index].created_at):%-d %b %Y %H:%M}"
