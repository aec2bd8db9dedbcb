""" "Download my data": the signed-in person's profile, applications, endorsements, renewals, the
ratings they may see and the emails sent to them; nobody else's, and no waived rating."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from endorse.applications.domain import application_import
from endorse.exports.archive import LEFT_OUT
from endorse.notifications.domain import message_queue_rendered
from endorse.registry.models import Endorsement

from ..conftest import EXAMPLES, sign_in
from .helpers import populate, read_zip, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(association, approved, coordinator, applicant, other_applicant, deliver):
    found = populate(association, approved, coordinator)
    Endorsement.objects.create(
        number="MI-IFS-00007",
        name="Ada Applicant",
        level="II",
        category="family-specialist",
        person=applicant,
        issued_on=timezone.localdate(),
    )
    application_import(
        applicant=other_applicant,
        text=(EXAMPLES / "family-specialist-complete.json").read_bytes(),
        trusted=True,
    )
    deliver()
    return found


def _my_data(client, person) -> dict[str, bytes]:
    response = sign_in(client, person).get(reverse("exports:my_data"))
    assert (response.status_code, response["Content-Type"]) == (200, "application/zip")
    return read_zip(response.content)


def test_my_data_holds_the_profile_applications_endorsements_and_emails(
    client, mine, applicant, approved
):
    files = _my_data(client, applicant)

    assert json.loads(files["profile.json"])["email"] == applicant.email
    assert list(files) == [
        "profile.json",
        f"applications/portfolio-{approved.reference}.json",
        "endorsements.csv",
        "renewals.csv",
        "ratings.json",
        "emails.json",
        "manifest.json",
    ]
    assert [r["number"] for r in rows(files, "endorsements.csv")] == ["MI-IFS-00007"]
    emails = json.loads(files["emails.json"])
    assert emails
    assert {email["to"] for email in emails} == {applicant.email}


def test_my_data_leaves_out_the_rating_whose_rater_waived_the_right_to_see_it(
    client, mine, applicant
):
    ratings = json.loads(_my_data(client, applicant)["ratings.json"])

    assert [r["comments"] for r in ratings] == ["Seen by the applicant: a fine colleague."]
    assert [r["visible_to_applicant"] for r in ratings] == [True]


def test_my_data_holds_nothing_of_another_person(client, mine, applicant, other_applicant):
    files = _my_data(client, other_applicant)
    everything = b"".join(files.values()).decode()

    assert applicant.email not in everything
    assert "Ada Applicant" not in everything
    assert json.loads(files["ratings.json"]) == []
    assert rows(files, "endorsements.csv") == []


def test_my_data_is_linked_from_the_profile_page(client, applicant):
    page = sign_in(client, applicant).get(reverse("accounts:profile")).content.decode()

    assert f'href="{reverse("exports:my_data")}"' in page


def test_my_data_leaves_the_sign_in_key_of_an_account_email_out(client, applicant, deliver):
    message_queue_rendered(
        recipient=applicant.email,
        subject="Reset your password",
        text="Open https://testserver/accounts/password/reset/key/SECRET-KEY/ to choose one.",
        html=None,
        idempotency_key="reset-1",
    )
    deliver()

    emails = json.loads(_my_data(client, applicant)["emails.json"])

    assert [(e["subject"], e["text"]) for e in emails] == [("Reset your password", LEFT_OUT)]
