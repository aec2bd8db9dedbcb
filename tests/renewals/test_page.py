"""The endorsee's renewal page (/renewal/): standing, deadline and what follows it, progress
against what the period owes, hours logged through the year, the re-signing and submission."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from endorse.accounts.roles import Role
from endorse.renewals.models import LoggedHours, Renewal

from ..conftest import make_association, make_person, make_staff, sign_in
from .test_domain import endorse, log

# 2 November 2026: the window for the 2026 renewal is open (RULES-renewal.md 1).
TODAY = "2026-11-02 12:00"
SUBMIT = {
    "ethics_signed": "on",
    "no_sanction": "on",
    "typed_name": "Ada Applicant",
    "membership_kind": "individual",
    "membership_id": "M-77",
    "membership_expires_on": "2027-12-31",
    "fee_status": "online_later",
}


@pytest.fixture
def travel():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_endorsee_sees_the_deadline_what_follows_and_progress(client, applicant, travel):
    endorse(applicant)
    log(applicant, "10")
    sign_in(client, applicant)

    page = " ".join(client.get("/renewal/").text.split())

    assert "renewal due by <strong>31 December 2026</strong>" in page
    assert "without a renewal it lapses on 31 January 2027 at midnight" in page
    assert '<progress max="15" value="10"' in page
    assert "Attachment in the first year" in page


def test_hours_logged_on_the_page_are_listed(client, applicant, travel):
    endorse(applicant)
    sign_in(client, applicant)

    logged = client.post(
        "/renewal/hours/",
        {
            "kind": "rsc",
            "on": "2026-10-20",
            "hours": "1.5",
            "topic": "Group RS/C",
            "provider_name": "Pat Provider",
        },
    )

    assert (logged.status_code, logged["Location"]) == (302, "/renewal/")
    [entry] = LoggedHours.objects.all()
    assert (entry.kind, entry.hours, entry.provider_name) == ("rsc", 1.5, "Pat Provider")
    assert "Group RS/C · with Pat Provider" in client.get("/renewal/").text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"hours": "lots"}, "Enter a number."),
        ({"on": "2026-11-03"}, "Hours are logged once they happened, not in advance."),
    ],
)
def test_bad_hours_are_named_on_the_form(client, applicant, travel, data, error):
    endorse(applicant)
    sign_in(client, applicant)
    fields = {"kind": "training", "on": "2026-10-20", "hours": "2", "topic": "T"} | data

    refused = client.post("/renewal/hours/", fields)

    assert (refused.status_code, error in refused.text) == (400, True)
    assert LoggedHours.objects.count() == 0


def test_an_incomplete_renewal_shows_what_is_missing(client, applicant, travel):
    endorse(applicant)
    log(applicant, "10", dei=True)
    sign_in(client, applicant)

    refused = client.post("/renewal/submit/", SUBMIT)

    assert refused.status_code == 400
    assert "Not ready to submit" in refused.text
    assert "Training: 5 more hours of relationship-based training" in refused.text
    assert Renewal.objects.count() == 0


def test_a_complete_renewal_is_submitted_from_the_page(client, applicant, travel):
    endorse(applicant)
    log(applicant, "15", dei=True)
    sign_in(client, applicant)

    submitted = client.post("/renewal/submit/", SUBMIT)

    assert (submitted.status_code, submitted["Location"]) == (302, "/renewal/")
    page = client.get("/renewal/").text
    assert "Renewal through 31 December 2026: submitted" in page
    assert "Fee: to be paid online later." in page


def test_the_home_page_links_the_renewal_when_the_person_holds_an_endorsement(client, applicant):
    sign_in(client, applicant)
    before = client.get("/applications/").text
    endorse(applicant)

    after = client.get("/applications/").text

    assert ('href="/renewal/"' in before, 'href="/renewal/"' in after) == (False, True)


def test_a_person_without_an_endorsement_here_gets_a_404(client, applicant):
    endorse(applicant)
    other = make_person("otto@example.org", "Otto Other")
    association_b = make_association("b")
    with scope(association=association_b):
        coordinator_b = make_staff("coord@b.example.org", "B Coordinator", Role.COORDINATOR)

    answers = [
        sign_in(Client(), other).get("/renewal/").status_code,
        sign_in(Client(), coordinator_b).get("/renewal/").status_code,
        sign_in(Client(), other).post("/renewal/hours/", {}).status_code,
        # The endorsee on another association's site holds nothing there.
        sign_in(Client(HTTP_HOST="b.example.org"), applicant).get("/renewal/").status_code,
    ]

    assert answers == [404, 404, 404, 404]


@pytest.mark.parametrize("count", [1, 3])
def test_the_renewal_page_costs_the_same_queries_for_1_or_3_entries(
    client, applicant, travel, count
):
    endorse(applicant)
    for n in range(count):
        log(applicant, "2", on=date(2026, 3, n + 1))
    sign_in(client, applicant)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/renewal/").status_code == 200

    # Session, person, endorsements and their inactive periods, entries, renewal, reminders
    # sent, requests for inactive status waiting; the menu's 2.
    assert len(queries) == 10


def test_a_renewal_sent_back_shows_its_reason_escaped_until_submitted_again(
    client, applicant, coordinator, travel
):
    from endorse.renewals import domain, domain_staff

    from .test_domain import signed
    from .test_staff import NOVEMBER, at, ready

    renewal = ready(applicant)
    domain_staff.renewal_send_back(
        renewal=renewal,
        reason="Your member number <b>M-77</b> is not on our list.\nSend the current one.",
        actor=coordinator,
        today=NOVEMBER,
        now=at(NOVEMBER),
    )
    sign_in(client, applicant)

    page = " ".join(client.get("/renewal/").text.split())
    domain.renewal_submit(
        person=applicant, signed=signed(applicant), today=NOVEMBER, now=at(NOVEMBER)
    )
    again = " ".join(client.get("/renewal/").text.split())

    assert "Your renewal through 31 December 2026 was sent back on 2 November 2026" in page
    assert (
        "Why: Your member number &lt;b&gt;M-77&lt;/b&gt; is not on our list.<br>Send the "
        "current one." in page
    )
    assert "<b>M-77</b>" not in page
    assert "was sent back" not in again
    assert "Renewal through 31 December 2026: submitted" in again
