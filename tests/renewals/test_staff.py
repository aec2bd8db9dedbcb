"""The coordinator's renewal queue (/staff/renewals/): endorsements by standing with counts,
search and CSV; a renewal's page with the engine's evaluation and the fee (the late fee applies
itself); payment, acceptance (renewed through the end of the period), sending back; the bulk
acceptance of straightforward renewals, previewed first."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from endorse.accounts.roles import Role
from endorse.applications.enums import Category
from endorse.notifications.models import OutboxMessage
from endorse.registry.models import Endorsement
from endorse.renewals import domain, domain_staff
from endorse.renewals.enums import EventKind, FeeStatus, RenewalState
from endorse.renewals.models import Renewal, RenewalEvent
from endorse.renewals.queries_staff import (
    RenewalFilter,
    bulk_candidates,
    fee_due,
    queue_counts,
    queue_rows,
    renewal_queue,
)

from ..conftest import make_association, make_person, make_staff, sign_in
from .test_domain import endorse, log, signed

ZONE = timezone.get_default_timezone()
# Issued in March 2025 under `annual` (fee 30, late fee 25): the 2026 period is due by
# 31 December 2026; grace ends on 31 January 2027.
NOVEMBER = date(2026, 11, 2)
DEADLINE = date(2026, 12, 31)
JANUARY = date(2027, 1, 1)
PAID_ONLINE = domain_staff.Payment(method=FeeStatus.PAID_ONLINE)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=ZONE)


def ready(person, *, number="MI-IMHM-P-00001", on=NOVEMBER, **signing):
    """An endorsee whose 2026 renewal meets every requirement but the fee, submitted on `on`."""
    endorse(person, number)
    log(person, "14")
    log(person, "1", dei=True)
    return domain.renewal_submit(
        person=person, signed=signed(person, **signing), today=on, now=at(on)
    )


def accept(renewal, coordinator, on=NOVEMBER, payment=None):
    return domain_staff.renewal_accept(
        renewal=renewal, actor=coordinator, today=on, now=at(on), payment=payment
    )


# The domain


def test_accepting_renews_through_the_end_of_the_period_and_tells_the_endorsee(
    applicant, coordinator, deliver
):
    renewal = ready(applicant)
    domain_staff.renewal_record_payment(
        renewal=renewal, payment=PAID_ONLINE, actor=coordinator, today=NOVEMBER
    )

    accepted = accept(renewal, coordinator)

    endorsement = Endorsement.objects.get()
    assert (accepted.state, endorsement.renewed_through) == (RenewalState.ACCEPTED, DEADLINE)
    assert endorsement.standing_on(NOVEMBER).word == "active"
    assert endorsement.standing_on(NOVEMBER).dates.deadline == date(2027, 12, 31)
    event = RenewalEvent.objects.get(kind=EventKind.ACCEPTED)
    assert (event.actor, event.data) == (
        coordinator,
        {
            "endorsements": ["MI-IMHM-P-00001"],
            "renewed_through": "2026-12-31",
            "pending_decided": [],
        },
    )
    [email] = deliver()
    assert (email.to, email.subject) == (
        ["ada.applicant@example.org"],
        "[Endorse] Your renewal is accepted",
    )
    assert "MI-IMHM-P-00001 renewed through 31 December 2026" in email.body
    assert email.body.endswith(
        "The Endorsement® team\nMichigan Association for Infant Mental Health\n"
    )


def test_accepting_is_refused_while_the_fee_is_unpaid(applicant, coordinator):
    renewal = ready(applicant)

    with pytest.raises(domain_staff.DecisionRefused, match="the fee of 30 is not paid"):
        accept(renewal, coordinator)

    assert (Renewal.objects.get().state, Endorsement.objects.get().renewed_through) == (
        RenewalState.SUBMITTED,
        None,
    )


def test_the_payment_recorded_with_the_acceptance_counts(applicant, coordinator):
    renewal = ready(applicant, fee_status=FeeStatus.ALTERNATIVE)
    employer = domain_staff.Payment(
        method=FeeStatus.ALTERNATIVE, note="Paid by Oak Clinic for its team"
    )

    accept(renewal, coordinator, payment=employer)

    renewal.refresh_from_db()
    assert (
        renewal.state,
        renewal.fee_status,
        renewal.fee_paid_on,
        renewal.fee_paid_amount,
        renewal.fee_note,
        renewal.fee_marked_by,
    ) == (
        RenewalState.ACCEPTED,
        FeeStatus.ALTERNATIVE,
        NOVEMBER,
        Decimal(30),
        "Paid by Oak Clinic for its team",
        coordinator,
    )
    assert list(RenewalEvent.objects.filter(renewal=renewal).values_list("kind", flat=True)) == [
        EventKind.SUBMITTED,
        EventKind.PAYMENT_RECORDED,
        EventKind.ACCEPTED,
    ]


def test_a_payment_made_another_way_needs_a_note(applicant, coordinator):
    renewal = ready(applicant)

    with pytest.raises(domain_staff.DecisionRefused, match="say in the note who paid"):
        domain_staff.renewal_record_payment(
            renewal=renewal,
            payment=domain_staff.Payment(method=FeeStatus.ALTERNATIVE),
            actor=coordinator,
            today=NOVEMBER,
        )

    assert Renewal.objects.get().fee_paid_on is None


@pytest.mark.parametrize(
    ("submitted_on", "amount", "late"),
    [(DEADLINE, Decimal(30), False), (JANUARY, Decimal(55), True)],
)
def test_the_late_fee_applies_from_the_day_after_the_deadline(
    applicant, coordinator, submitted_on, amount, late
):
    renewal = ready(applicant, on=submitted_on)

    domain_staff.renewal_record_payment(
        renewal=renewal, payment=PAID_ONLINE, actor=coordinator, today=submitted_on
    )

    renewal.refresh_from_db()
    assert (fee_due(renewal).amount, fee_due(renewal).late, renewal.fee_paid_amount) == (
        amount,
        late,
        amount,
    )
    assert RenewalEvent.objects.get(kind=EventKind.PAYMENT_RECORDED).data["amount"] == str(amount)


def test_sending_back_tells_the_endorsee_why_and_lets_them_submit_again(
    applicant, coordinator, deliver
):
    renewal = ready(applicant)

    domain_staff.renewal_send_back(
        renewal=renewal,
        reason="Your membership number does not match our records.",
        actor=coordinator,
        today=NOVEMBER,
        now=at(NOVEMBER),
    )

    assert Renewal.objects.get().state == RenewalState.SENT_BACK
    [email] = deliver()
    assert email.subject == "[Endorse] Your renewal is sent back"
    assert "Why: Your membership number does not match our records." in email.body
    again = domain.renewal_submit(
        person=applicant, signed=signed(applicant), today=NOVEMBER, now=at(NOVEMBER)
    )
    assert again.state == RenewalState.SUBMITTED


def test_sending_back_needs_a_reason(applicant, coordinator):
    renewal = ready(applicant)

    with pytest.raises(domain_staff.DecisionRefused, match="say why"):
        domain_staff.renewal_send_back(
            renewal=renewal, reason="  ", actor=coordinator, today=NOVEMBER, now=at(NOVEMBER)
        )

    assert Renewal.objects.get().state == RenewalState.SUBMITTED


def test_a_decided_renewal_cannot_be_decided_again(applicant, coordinator):
    renewal = ready(applicant)
    accept(renewal, coordinator, payment=PAID_ONLINE)

    with pytest.raises(domain_staff.DecisionRefused, match="already accepted"):
        domain_staff.renewal_send_back(
            renewal=renewal, reason="Oops", actor=coordinator, today=NOVEMBER, now=at(NOVEMBER)
        )


def test_the_bulk_preview_is_what_confirming_does(applicant, other_applicant, coordinator):
    paid = ready(applicant)
    domain_staff.renewal_record_payment(
        renewal=paid, payment=PAID_ONLINE, actor=coordinator, today=NOVEMBER
    )
    unpaid = ready(other_applicant, number="MI-IMHM-P-00002")

    preview = {
        f.renewal.pk: f.renewal.period_end if f.straightforward else None
        for f in bulk_candidates([paid.pk, unpaid.pk])
    }
    client = sign_in(Client(), coordinator)
    with time_machine.travel(at(NOVEMBER), tick=False):
        client.post(
            "/staff/renewals/accept/",
            {"renewal": [paid.pk, unpaid.pk], "confirm": "yes", "step": "apply"},
        )

    done = {
        r.pk: (r.endorsements.get().renewed_through if r.state == RenewalState.ACCEPTED else None)
        for r in Renewal.objects.all()
    }
    assert preview == done == {paid.pk: DEADLINE, unpaid.pk: None}


# The queue


def test_the_queue_sorts_endorsements_into_tabs_by_standing(applicant, other_applicant):
    ready(applicant)  # submitted
    due = endorse(other_applicant, "MI-IMHM-P-00002")
    overdue = endorse(make_person("olga@example.org", "Olga Over"), "MI-IMHM-P-00003")
    lapsed = endorse(
        make_person("lou@example.org", "Lou Lapsed"), "MI-IMHM-P-00004", issued_on=date(2024, 3, 1)
    )
    endorse(make_person("al@example.org", "Al Active"), "MI-IMHM-P-00005", issued_on=NOVEMBER)

    rows = queue_rows(today=JANUARY)

    assert queue_counts(rows, RenewalFilter())[0] == {
        "due": 0,
        "submitted": 1,
        "overdue": 2,
        "lapsed": 1,
        "reinstatement": 0,
        "inactive_asked": 0,
        "reactivation": 0,
    }
    assert [(r.endorsement.number, r.tab) for r in renewal_queue(rows, RenewalFilter())] == [
        ("MI-IMHM-P-00004", "lapsed"),
        ("MI-IMHM-P-00001", "submitted"),
        (due.number, "overdue"),
        (overdue.number, "overdue"),
    ]
    assert lapsed.standing_on(JANUARY).lapsed_on == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("olga", ["MI-IMHM-P-00003"]),
        ("ada.applicant@", ["MI-IMHM-P-00001"]),
        ("mi-imhm-p-00002", ["MI-IMHM-P-00002"]),
        ("OVER", ["MI-IMHM-P-00003"]),  # a surname, any case
        ("ol", ["MI-IMHM-P-00003"]),  # shorter than a trigram
        ("@example.org", ["MI-IMHM-P-00001", "MI-IMHM-P-00002", "MI-IMHM-P-00003"]),
    ],
)
def test_the_queue_searches_name_email_and_number(applicant, other_applicant, q, found):
    endorse(applicant)
    endorse(other_applicant, "MI-IMHM-P-00002")
    endorse(make_person("olga@example.org", "Olga Over"), "MI-IMHM-P-00003")

    rows = renewal_queue(queue_rows(today=NOVEMBER), RenewalFilter(q=q))

    assert [r.endorsement.number for r in rows] == found


@pytest.fixture
def november():
    with time_machine.travel(at(NOVEMBER), tick=False):
        yield


def test_the_queue_page_shows_counts_and_rows(client, coordinator, applicant, november):
    ready(applicant)
    endorse(make_person("olga@example.org", "Olga Over"), "MI-IMHM-P-00003")
    sign_in(client, coordinator)

    page = " ".join(client.get("/staff/renewals/?tab=submitted").text.split())

    assert '<a href="?tab=due">Renewal due</a>: 1' in page
    assert '<a href="?tab=submitted">Submitted</a>: 1' in page
    assert "1 endorsement." in page
    assert "Ada Applicant" in page
    assert "Olga Over" not in page
    assert "Preview accepting the ticked renewals" in page


def test_the_queue_csv_is_the_current_filter(client, coordinator, applicant, november):
    ready(applicant)
    endorse(make_person("=olga@example.org", "=Olga"), "MI-IMHM-P-00003")
    sign_in(client, coordinator)

    response = client.get("/staff/renewals/export.csv?tab=due")

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines == [
        "endorsement,name,email,category,queue,standing,deadline,grace ends,renewal submitted,fee",
        "MI-IMHM-P-00003,'=Olga,'=olga@example.org,"
        f"{Category.MENTOR_POLICY.label},Renewal due,renewal_due,2026-12-31,2027-01-31,,",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_costs_the_same_queries_for_1_or_3_rows(
    client, coordinator, november, django_assert_num_queries, count
):
    for n in range(count):
        person = make_person(f"holder{n}@example.org", f"Holder {n}")
        ready(person, number=f"MI-IMHM-P-0000{n + 1}")
    sign_in(client, coordinator)

    # session, user, roles; the endorsements submitted renewals cover (for the tabs); the
    # tabs' counts and the page; its holders, submitted renewals, waiting requests for
    # inactive status and inactive periods; unread count
    with django_assert_num_queries(11):
        assert client.get("/staff/renewals/").status_code == 200


def test_the_queue_pages_by_cursor_forward_back_and_last(client, coordinator, november):
    for n in range(5):
        endorse(make_person(f"holder{n}@example.org", f"Holder {n}"), f"MI-IMHM-P-0000{n + 1}")
    sign_in(client, coordinator)

    def numbers(address):
        page = client.get(f"/staff/renewals/{address}")
        assert page.status_code == 200
        text = page.text
        links = {
            rel: html.unescape(found.group(1))
            for rel in ("next", "prev")
            if (found := re.search(rf'rel="{rel}" href="([^"]*)"', text))
        }
        return re.findall(r"(MI-IMHM-P-\d+)<br>", text), links, text

    with override_page_size(2):
        first, links, text = numbers("?sort=number")
        second, second_links, _ = numbers(links["next"])
        back, _, _ = numbers(second_links["prev"])
        last, last_links, _ = numbers("?sort=number&cursor=last")
        garbage, _, _ = numbers("?sort=number&cursor=aWzEsMl0")

    assert first == ["MI-IMHM-P-00001", "MI-IMHM-P-00002"]
    assert second == ["MI-IMHM-P-00003", "MI-IMHM-P-00004"]
    assert back == first
    assert (last, "next" in last_links) == (["MI-IMHM-P-00004", "MI-IMHM-P-00005"], False)
    assert garbage == first
    assert '<nav aria-label="Pages of endorsements" class="usa-pagination">' in text
    assert "5 endorsements, 2 on this page." in text


@contextmanager
def override_page_size(size):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("endorse.renewals.queries_staff.PAGE_SIZE", size)
        yield


# A renewal's page


def test_the_renewal_page_shows_have_and_need_and_the_late_fee(client, coordinator, applicant):
    renewal = ready(applicant, on=JANUARY)

    with time_machine.travel(at(JANUARY), tick=False):
        sign_in(client, coordinator)
        response = client.get(f"/staff/renewals/{renewal.pk}/")
    page = " ".join(response.text.split())

    assert response.status_code == 200, response.get("Location")

    assert "55 (including the late fee of 25): not paid yet" in page
    assert (
        '<th scope="row" data-label="Requirement">Training</th> <td data-label="Have">15 hours'
        '</td> <td data-label="Need">15 hours</td> <td data-label="Verdict">met</td>'
    ) in page
    assert (
        '<th scope="row" data-label="Requirement">Fee</th> <td data-label="Have">0 dollars</td> '
        '<td data-label="Need">55 dollars</td> <td data-label="Verdict">not met'
    ) in page
    assert "renews MI-IMHM-P-00001 through <strong>31 December 2026</strong>" in page


def test_accepting_from_the_page_records_the_payment_with_it(client, coordinator, applicant):
    renewal = ready(applicant)
    sign_in(client, coordinator)

    with time_machine.travel(at(NOVEMBER), tick=False):
        refused = client.post(f"/staff/renewals/{renewal.pk}/accept/", {})
        done = client.post(
            f"/staff/renewals/{renewal.pk}/accept/",
            {"record_payment": "on", "method": "paid_online"},
        )

    assert refused.status_code == 400
    assert "Not done: the fee of 30 is not paid" in refused.text
    assert done.status_code == 302
    assert Endorsement.objects.get().renewed_through == DEADLINE


def test_sending_back_from_the_page_needs_a_reason(client, coordinator, applicant):
    renewal = ready(applicant)
    sign_in(client, coordinator)

    with time_machine.travel(at(NOVEMBER), tick=False):
        empty = client.post(f"/staff/renewals/{renewal.pk}/send-back/", {"reason": ""})
        sent = client.post(
            f"/staff/renewals/{renewal.pk}/send-back/", {"reason": "Wrong member number"}
        )

    assert (empty.status_code, sent.status_code) == (400, 302)
    assert "This field is required." in empty.text
    assert Renewal.objects.get().state == RenewalState.SENT_BACK
    assert OutboxMessage.objects.filter(template="renewals/email/sent_back").count() == 1


def test_the_bulk_preview_lists_what_will_happen_and_changes_nothing(
    client, coordinator, applicant, other_applicant
):
    paid = ready(applicant)
    domain_staff.renewal_record_payment(
        renewal=paid, payment=PAID_ONLINE, actor=coordinator, today=NOVEMBER
    )
    unpaid = ready(other_applicant, number="MI-IMHM-P-00002")
    sign_in(client, coordinator)

    with time_machine.travel(at(NOVEMBER), tick=False):
        page = client.post("/staff/renewals/accept/", {"renewal": [paid.pk, unpaid.pk]})

    text = " ".join(page.text.split())
    assert "Will be accepted: renewed through 31 December 2026" in text
    assert "Left for its page: the fee of 30 is not paid" in text
    assert "Accept 1 renewal" in text
    assert set(Renewal.objects.values_list("state", flat=True)) == {RenewalState.SUBMITTED}


def test_another_associations_renewal_is_a_404(applicant):
    renewal = ready(applicant)
    association_b = make_association("b")
    with scope(association=association_b):
        coordinator_b = make_staff("coord@b.example.org", "B Coordinator", Role.COORDINATOR)
    client = sign_in(Client(HTTP_HOST="b.example.org"), coordinator_b)

    answers = [
        client.get(f"/staff/renewals/{renewal.pk}/").status_code,
        client.post(f"/staff/renewals/{renewal.pk}/accept/", {}).status_code,
    ]

    assert answers == [404, 404]
    with scope(association=association_b):
        assert client.get("/staff/renewals/").status_code == 200


def test_a_renewal_submitted_in_time_is_accepted_after_the_grace_ended(applicant, coordinator):
    renewal = ready(applicant, on=DEADLINE)
    february = date(2027, 2, 15)
    assert Endorsement.objects.get().standing_on(february).word == "lapsed"

    accept(renewal, coordinator, on=february, payment=PAID_ONLINE)

    assert Endorsement.objects.get().standing_on(february).word == "active"


def test_bulk_accept_without_the_confirm_box_changes_nothing(client, coordinator, applicant):
    renewal = ready(applicant)
    accept_payment = domain_staff.Payment(method=FeeStatus.PAID_ONLINE)
    domain_staff.renewal_record_payment(
        renewal=renewal, payment=accept_payment, actor=coordinator, today=NOVEMBER
    )
    sign_in(client, coordinator)

    with time_machine.travel(at(NOVEMBER), tick=False):
        page = client.post("/staff/renewals/accept/", {"renewal": [renewal.pk], "step": "apply"})

    assert "Tick the box to confirm, or go back." in page.text
    assert Renewal.objects.get().state == RenewalState.SUBMITTED


def test_a_renewal_the_engine_cannot_read_is_shown_and_not_accepted(client, coordinator, applicant):
    carried = endorse(applicant)
    renewal = ready(make_person("pat@example.org", "Pat Person"), number="MI-IMHM-P-00002")
    renewal.endorsements.add(carried)
    Endorsement.objects.filter(pk=carried.pk).update(category="Carried over, unknown")
    sign_in(client, coordinator)

    with time_machine.travel(at(NOVEMBER), tick=False):
        page = client.get(f"/staff/renewals/{renewal.pk}/")
        refused = client.post(
            f"/staff/renewals/{renewal.pk}/accept/",
            {"record_payment": "on", "method": "paid_online"},
        )

    assert page.status_code == 200
    assert (
        "The renewal engine cannot read this endorsement's file: endorsement.category: "
        "unknown category &#x27;Carried over, unknown&#x27;"
    ) in page.text
    assert refused.status_code == 400
    assert "the renewal engine cannot read it" in refused.text
