"""The coordinator's reactivation screen (RULES-renewal.md 7): submitted reactivations in the
renewal queue, each with the engine's `kind: reactivation` evaluation, accepted from its page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from endorse.applications.enums import Category
from endorse.registry.models import Endorsement
from endorse.renewals import inactive
from endorse.renewals.domain_staff import Payment
from endorse.renewals.enums import EventKind, FeeStatus
from endorse.renewals.models import InactivePeriod, LoggedHours, RenewalEvent

from ..conftest import make_person, sign_in
from .test_domain import endorse, log, signed
from .test_inactive import step_back

SUBMITTED = date(2027, 3, 1)
PAID_ONLINE = {"method": FeeStatus.PAID_ONLINE, "note": ""}


def reactivation_in(person, number="MI-IMHM-P-00001") -> InactivePeriod:
    endorse(person, number)
    step_back(person)
    log(person, "15", on=date(2026, 6, 1), dei=True)  # within the year before 1 March 2027
    [period] = inactive.inactive_reactivation_submit(
        person=person, signed=signed(person), today=SUBMITTED
    )
    return period


def test_a_submitted_reactivation_is_in_its_tab_of_the_renewal_queue(
    client, applicant, coordinator
):
    period = reactivation_in(applicant)

    with time_machine.travel("2027-03-02 12:00", tick=False):
        sign_in(client, coordinator)
        page = client.get("/staff/renewals/?tab=reactivation").text

    assert '<a href="?tab=reactivation">Reactivation submitted</a>: 1' in page
    assert f'href="/staff/renewals/reactivations/{period.pk}/"' in page
    assert "reactivation submitted 1 Mar 2027" in page
    assert "inactive since 4 May 2026" in page


def test_the_reactivation_page_shows_the_engines_evaluation_on_the_day_submitted(
    client, applicant, coordinator
):
    """RULES-renewal.md 7: the year before `as_of`, `k` = 1; ethics since the period began."""
    period = reactivation_in(applicant)

    with time_machine.travel("2027-03-02 12:00", tick=False):
        sign_in(client, coordinator)
        page = client.get(f"/staff/renewals/reactivations/{period.pk}/").text

    assert "Overall: incomplete." in page  # the reactivation fee is not paid yet
    assert "Counted from 1 March 2026 to 1 March 2027." in page
    assert '<td data-label="Have">15 hours</td>' in page
    assert "Accept the reactivation" in page


def test_the_coordinator_accepts_a_reactivation_from_its_page(client, applicant, coordinator):
    """RULES-renewal.md 7 and choice R19: `reactivated_on` = the decision date, `B` moves."""
    period = reactivation_in(applicant)

    with time_machine.travel("2027-03-08 12:00", tick=False):
        sign_in(client, coordinator)
        client.post(f"/staff/renewals/reactivations/{period.pk}/payment/", PAID_ONLINE)
        accepted = client.post(f"/staff/renewals/reactivations/{period.pk}/accept/")
        again = client.post(f"/staff/renewals/reactivations/{period.pk}/accept/")

    period.refresh_from_db()
    assert accepted.status_code == 302
    assert (period.reactivated_on, period.reactivated_by) == (date(2027, 3, 8), coordinator)
    standing = Endorsement.objects.get().standing_on(date(2027, 3, 8))
    assert (standing.word, standing.dates.deadline) == ("active", date(2028, 12, 31))
    assert again.status_code == 400
    assert "This inactive period has ended already." in again.text
    assert RenewalEvent.objects.filter(kind=EventKind.REACTIVATED).count() == 1


def test_accepting_a_reactivation_is_refused_while_the_reactivation_fee_is_unpaid(
    client, applicant, coordinator
):
    """RULES-renewal.md 7 (choice R20): the reactivation fee is owed, as a renewal's fee is."""
    period = reactivation_in(applicant)

    with time_machine.travel("2027-03-08 12:00", tick=False):
        sign_in(client, coordinator)
        refused = client.post(f"/staff/renewals/reactivations/{period.pk}/accept/")

    period.refresh_from_db()
    assert refused.status_code == 400
    assert "Not done: The reactivation fee is not paid: record the payment first." in refused.text
    assert period.reactivated_on is None
    assert RenewalEvent.objects.filter(kind=EventKind.REACTIVATED).count() == 0


def test_the_coordinator_records_the_policys_reactivation_fee_on_its_page(
    client, applicant, coordinator
):
    """The amount is the policy's reactivation fee (25 under the annual policy), never late,
    though the reactivation comes long after the deadline."""
    period = reactivation_in(applicant)

    with time_machine.travel("2027-03-08 12:00", tick=False):
        sign_in(client, coordinator)
        before = client.get(f"/staff/renewals/reactivations/{period.pk}/").text
        recorded = client.post(
            f"/staff/renewals/reactivations/{period.pk}/payment/",
            {"method": FeeStatus.ALTERNATIVE, "note": "Cheque 118 from the employer"},
        )
        after = client.get(f"/staff/renewals/reactivations/{period.pk}/").text

    period.refresh_from_db()
    assert "The amount is the reactivation fee: 25." in before
    assert recorded.status_code == 302
    assert (
        period.reactivation_fee_status,
        period.reactivation_fee_paid_on,
        period.reactivation_fee_paid_amount,
        period.reactivation_fee_marked_by,
        period.reactivation_fee_note,
    ) == (FeeStatus.ALTERNATIVE, date(2027, 3, 8), 25, coordinator, "Cheque 118 from the employer")
    assert "payment of 25.00 recorded on 8 March 2027" in after
    assert "Record the payment" not in after
    assert "Overall: reactivatable." in after
    event = RenewalEvent.objects.get(kind=EventKind.PAYMENT_RECORDED)
    assert (event.endorsement, event.actor, event.data["amount"]) == (
        period.endorsement,
        coordinator,
        "25",
    )


def test_recording_the_reactivation_fee_twice_is_refused(applicant, coordinator):
    period = reactivation_in(applicant)
    paid = Payment(method=FeeStatus.PAID_ONLINE)
    inactive.inactive_reactivation_record_payment(
        period=period, payment=paid, actor=coordinator, today=date(2027, 3, 8)
    )

    with pytest.raises(inactive.InactiveRefused) as refused:
        inactive.inactive_reactivation_record_payment(
            period=period, payment=paid, actor=coordinator, today=date(2027, 3, 9)
        )

    assert str(refused.value) == "The payment was already recorded on 2027-03-08."


def test_a_reactivation_fee_paid_another_way_needs_a_note(client, applicant, coordinator):
    period = reactivation_in(applicant)

    with time_machine.travel("2027-03-08 12:00", tick=False):
        sign_in(client, coordinator)
        refused = client.post(
            f"/staff/renewals/reactivations/{period.pk}/payment/",
            {"method": FeeStatus.ALTERNATIVE, "note": ""},
        )

    period.refresh_from_db()
    assert refused.status_code == 400
    assert "say in the note who paid and how (an employer, a cheque)" in refused.text
    assert period.reactivation_fee_paid_on is None


def test_accepting_a_reactivation_re_evaluates_the_hours_as_they_are_now(
    client, applicant, coordinator
):
    """Hours removed since the submission: the engine finds the training unmet and the
    coordinator cannot accept, as with a renewal."""
    period = reactivation_in(applicant)
    inactive.inactive_reactivation_record_payment(
        period=period,
        payment=Payment(method=FeeStatus.PAID_ONLINE),
        actor=coordinator,
        today=date(2027, 3, 8),
    )
    LoggedHours.objects.filter(person=applicant).delete()

    with pytest.raises(inactive.InactiveRefused) as refused:
        inactive.inactive_reactivation_accept(
            period=period, actor=coordinator, today=date(2027, 3, 8)
        )

    period.refresh_from_db()
    assert str(refused.value).startswith("Training: ")
    assert period.reactivated_on is None


def test_a_period_without_a_reactivation_has_no_reactivation_page(client, applicant, coordinator):
    endorse(applicant)
    [period] = step_back(applicant)

    sign_in(client, coordinator)

    assert client.get(f"/staff/renewals/reactivations/{period.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_with_reactivations_and_requests_costs_the_same_queries_for_1_or_3(
    client, coordinator, django_assert_num_queries, count
):
    for n in range(count):
        person = make_person(f"holder{n}@example.org", f"Holder {n}")
        reactivation_in(person, number=f"MI-IMHM-P-0000{n + 1}")
        endorse(person, number=f"MI-IMHM-P-0001{n + 1}", issued_on=date(2026, 6, 1))
        inactive.inactive_request(person=person, reason="leave", today=SUBMITTED)

    with time_machine.travel("2027-03-02 12:00", tick=False):
        sign_in(client, coordinator)
        # session, user, roles; the endorsements submitted renewals cover (for the tabs); the
        # tabs' counts and the page; its holders, submitted renewals, waiting requests for
        # inactive status and inactive periods; unread count
        with django_assert_num_queries(11):
            page = client.get("/staff/renewals/")

    assert page.text.count("reactivation submitted 1 Mar 2027") == count
    assert page.text.count("inactive status asked 1 Mar 2027") == count


# RS/C received (RULES-renewal.md 5.2 applied to a reactivation, section 7)

IMHS = "MI-IMHS-00001"


def imhs_reactivation_in(person) -> tuple[InactivePeriod, LoggedHours]:
    """An inactive IMHS holder whose year before 1 March 2027 has the training and 12 hours of
    RS/C received from a provider not approved yet, who submits the reactivation."""
    endorse(person, IMHS, category=Category.MH_SPECIALIST)
    step_back(person)
    log(person, "15", on=date(2026, 6, 1), dei=True)
    entry = log(
        person,
        "12",
        on=date(2026, 6, 1),
        kind="rsc",
        topic="Monthly RS/C",
        provider_name="Dr. Mira Mentor",
        provider_endorsement="IMHM-C",
    )
    [period] = inactive.inactive_reactivation_submit(
        person=person, signed=signed(person), today=SUBMITTED
    )
    return period, entry


def test_an_rsc_holder_submits_a_reactivation_while_the_provider_awaits_approval(applicant):
    """As `renewal_submit`: a provider named and awaiting approval is taken as approved."""
    period, entry = imhs_reactivation_in(applicant)

    event = RenewalEvent.objects.get(kind=EventKind.REACTIVATION_SUBMITTED)
    assert period.reactivation_submitted_on == SUBMITTED
    assert event.data["providers_awaiting_approval"] == [entry.pk]


def test_the_reactivation_page_lists_rsc_and_approving_from_it_lets_the_coordinator_accept(
    client, applicant, coordinator
):
    period, entry = imhs_reactivation_in(applicant)
    base = f"/staff/renewals/reactivations/{period.pk}"

    with time_machine.travel("2027-03-08 12:00", tick=False):
        sign_in(client, coordinator)
        client.post(f"{base}/payment/", PAID_ONLINE)
        before = " ".join(client.get(f"{base}/").text.split())
        refused = client.post(f"{base}/accept/")
        approved = client.post(f"{base}/rsc/{entry.pk}/approve-provider/")
        after = " ".join(client.get(f"{base}/").text.split())
        accepted = client.post(f"{base}/accept/")

    period.refresh_from_db()
    assert "<td>Dr. Mira Mentor</td> <td>IMHM-C</td> <td>12</td> <td>not approved" in before
    assert "Approve Dr. Mira Mentor" in before
    assert "Not counted: provider not approved" in before
    assert refused.status_code == 400
    assert "Not done: RS/C received: " in refused.text
    assert (approved.status_code, approved["Location"]) == (302, f"{base}/#rsc")
    assert "<td>Dr. Mira Mentor</td> <td>IMHM-C</td> <td>12</td> <td>approved" in after
    assert "RS/C provider approved by Casey Coordinator: Dr. Mira Mentor (IMHM-C)" in after
    assert accepted.status_code == 302
    assert period.reactivated_on == date(2027, 3, 8)


def test_approving_an_entry_of_someone_else_from_a_reactivation_is_a_404(
    client, applicant, coordinator
):
    period, _ = imhs_reactivation_in(applicant)
    other = make_person("olga.other@example.org", "Olga Other")
    theirs = log(
        other,
        "2",
        on=date(2026, 6, 1),
        kind="rsc",
        topic="RS/C",
        provider_name="Dr. Mira Mentor",
        provider_endorsement="IMHM-C",
    )

    with time_machine.travel("2027-03-08 12:00", tick=False):
        sign_in(client, coordinator)
        response = client.post(
            f"/staff/renewals/reactivations/{period.pk}/rsc/{theirs.pk}/approve-provider/"
        )

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.provider_approved is False
