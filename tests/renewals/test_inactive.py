"""Inactive status and reactivation (RULES-renewal.md 7): the endorsee steps back from the
renewal page, the standing reads inactive (not listed, no reminders), and a reactivation the
engine evaluates comes back once a coordinator accepts it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from endorse.accounts.models import User
from endorse.accounts.roles import Role
from endorse.registry.models import Endorsement
from endorse.renewals import domain, inactive
from endorse.renewals.domain_staff import Payment
from endorse.renewals.enums import EventKind, FeeStatus, InactiveReason, InactiveRequestState
from endorse.renewals.models import (
    InactivePeriod,
    InactiveRequest,
    RenewalEvent,
    RenewalReminder,
)
from endorse.renewals.reminders import renewal_send_reminders

from ..conftest import make_staff, sign_in
from .test_domain import endorse, log, signed

# Issued 1 March 2025: due by 31 December 2026 (annual).
STEP_BACK = date(2026, 5, 4)


def recorder() -> User:
    found = User.objects.filter(email="ines.records@example.org").first()
    return found or make_staff("ines.records@example.org", "Ines Records", Role.COORDINATOR)


def step_back(person, reason=InactiveReason.LEAVE, today=STEP_BACK) -> list[InactivePeriod]:
    """Inactive status as RULES-renewal.md 7 has it: the holder asks, the coordinator records."""
    asked = inactive.inactive_request(person=person, reason=reason, today=today)
    return [
        inactive.inactive_record(
            endorsement=request.endorsement, reason=reason, actor=recorder(), today=today
        )
        for request in asked
    ]


def fee_paid(period: InactivePeriod, coordinator: User) -> InactivePeriod:
    """The coordinator records the reactivation fee as paid online (RULES-renewal.md 7)."""
    return inactive.inactive_reactivation_record_payment(
        period=period,
        payment=Payment(method=FeeStatus.PAID_ONLINE),
        actor=coordinator,
        today=date(2027, 3, 8),
    )


def test_asking_for_inactive_status_waits_for_the_coordinator_to_record_it(applicant):
    """RULES-renewal.md 7: the coordinator records the inactive period; the holder's asking
    changes nothing by itself."""
    endorsement = endorse(applicant)

    [asked] = inactive.inactive_request(
        person=applicant, reason=InactiveReason.LEAVE, today=STEP_BACK
    )

    assert (asked.endorsement, asked.requested_on, asked.state) == (
        endorsement,
        STEP_BACK,
        InactiveRequestState.REQUESTED,
    )
    assert InactivePeriod.objects.count() == 0
    assert Endorsement.objects.get(pk=endorsement.pk).standing_on(STEP_BACK).word == "active"
    event = RenewalEvent.objects.get(kind=EventKind.INACTIVE_REQUESTED)
    assert (event.actor, event.data) == (
        applicant,
        {"endorsements": ["MI-IMHM-P-00001"], "reason": "leave"},
    )


def test_asking_twice_for_inactive_status_is_refused(applicant):
    endorse(applicant)
    inactive.inactive_request(person=applicant, reason=InactiveReason.LEAVE, today=STEP_BACK)

    with pytest.raises(inactive.InactiveRefused, match="already in"):
        inactive.inactive_request(person=applicant, reason=InactiveReason.MOVE, today=STEP_BACK)

    assert InactiveRequest.objects.count() == 1


def test_the_coordinator_granting_the_request_makes_the_standing_inactive(applicant):
    """RULES-renewal.md 4.2: inactive from `start_on`, lapsed 2 years later (choice R20)."""
    endorsement = endorse(applicant)
    inactive.inactive_request(person=applicant, reason=InactiveReason.LEAVE, today=STEP_BACK)

    period = inactive.inactive_record(
        endorsement=endorsement, reason=InactiveReason.LEAVE, actor=recorder(), today=STEP_BACK
    )

    assert (period.endorsement, period.start_on, period.reactivated_on) == (
        endorsement,
        STEP_BACK,
        None,
    )
    asked = InactiveRequest.objects.get()
    assert (asked.state, asked.decided_on, asked.decided_by, asked.period) == (
        InactiveRequestState.GRANTED,
        STEP_BACK,
        recorder(),
        period,
    )
    fresh = Endorsement.objects.get(pk=endorsement.pk)
    assert fresh.standing_on(date(2026, 5, 3)).word == "active"
    assert fresh.standing_on(STEP_BACK).word == "inactive"
    assert fresh.standing_on(date(2028, 5, 3)).word == "inactive"
    lapsed = fresh.standing_on(date(2028, 5, 4))
    assert (lapsed.word, lapsed.lapsed_on) == ("lapsed", date(2028, 5, 4))
    event = RenewalEvent.objects.get(kind=EventKind.INACTIVE)
    assert (event.actor, event.endorsement, event.data) == (
        recorder(),
        endorsement,
        {"endorsements": ["MI-IMHM-P-00001"], "reason": "leave", "request": True},
    )


@pytest.mark.parametrize(
    ("today", "standing"),
    [(date(2027, 2, 1), "lapsed"), (date(2026, 6, 1), "inactive")],
)
def test_the_coordinator_records_inactive_status_only_while_active_due_or_overdue(
    applicant, today, standing
):
    """RULES-renewal.md 4 and 7: an inactive period may be recorded only while the standing is
    `active`, `renewal_due` or `overdue`; a lapsed endorsement is reinstated instead."""
    endorsement = endorse(applicant)
    if standing == "inactive":
        step_back(applicant)

    with pytest.raises(inactive.InactiveRefused, match=f"is {standing}"):
        inactive.inactive_record(
            endorsement=endorsement, reason=InactiveReason.MOVE, actor=recorder(), today=today
        )

    assert InactivePeriod.objects.count() == (1 if standing == "inactive" else 0)


def test_inactive_status_is_refused_when_the_standing_does_not_allow_it(applicant):
    endorse(applicant)
    endorse(applicant, "MI-IMHM-P-00002", issued_on=date(2023, 3, 1))  # lapsed in 2025
    step_back(applicant, InactiveReason.MOVE, STEP_BACK)

    with pytest.raises(inactive.InactiveRefused, match="only while"):
        inactive.inactive_request(
            person=applicant, reason=InactiveReason.MOVE, today=date(2026, 6, 1)
        )

    assert list(InactivePeriod.objects.values_list("endorsement__number", flat=True)) == [
        "MI-IMHM-P-00001"
    ]


def test_an_inactive_endorsement_is_not_listed_and_gets_no_reminder(client, applicant):
    endorse(applicant)
    step_back(applicant, InactiveReason.ILLNESS, STEP_BACK)

    renewal_send_reminders(today=date(2026, 10, 1))
    with time_machine.travel("2026-10-01 12:00", tick=False):
        listed = client.get("/registry/").text
        verify = client.get("/verify/MI-IMHM-P-00001/").text

    assert RenewalReminder.objects.count() == 0
    assert "MI-IMHM-P-00001" not in listed
    assert "endorsement is inactive since 4 May 2026. It is not current." in verify


def test_a_reactivation_is_evaluated_by_the_engine_and_refused_with_its_reasons(applicant):
    endorse(applicant)
    step_back(applicant, InactiveReason.JOB, STEP_BACK)

    with pytest.raises(domain.RenewalRefused) as refused:
        inactive.inactive_reactivation_submit(
            person=applicant, signed=signed(applicant), today=date(2027, 3, 1)
        )

    assert any("Training" in reason for reason in refused.value.reasons)
    assert InactivePeriod.objects.get().reactivation_submitted_on is None


def test_a_coordinator_accepting_the_reactivation_ends_the_inactive_period(applicant, coordinator):
    endorsement = endorse(applicant)
    step_back(applicant, InactiveReason.JOB, STEP_BACK)
    log(applicant, "15", on=date(2026, 6, 1), dei=True)  # within the year before 1 March 2027
    [period] = inactive.inactive_reactivation_submit(
        person=applicant, signed=signed(applicant), today=date(2027, 3, 1)
    )

    fee_paid(period, coordinator)
    inactive.inactive_reactivation_accept(period=period, actor=coordinator, today=date(2027, 3, 8))

    period.refresh_from_db()
    assert (period.reactivation_submitted_on, period.reactivated_on) == (
        date(2027, 3, 1),
        date(2027, 3, 8),
    )
    standing = Endorsement.objects.get(pk=endorsement.pk).standing_on(date(2027, 3, 8))
    # `B` moves to the decision date, so the next deadline is 31 December 2028 (choice R19).
    assert (standing.word, standing.dates.base_on, standing.dates.deadline) == (
        "active",
        date(2027, 3, 8),
        date(2028, 12, 31),
    )
    with pytest.raises(inactive.InactiveRefused):
        inactive.inactive_reactivation_accept(
            period=period, actor=coordinator, today=date(2027, 3, 9)
        )


def test_a_reactivation_is_not_accepted_before_it_is_submitted_or_once_lapsed(
    applicant, coordinator
):
    endorse(applicant)
    [period] = step_back(applicant, InactiveReason.JOB, STEP_BACK)

    with pytest.raises(inactive.InactiveRefused, match="No reactivation"):
        inactive.inactive_reactivation_accept(
            period=period, actor=coordinator, today=date(2027, 3, 8)
        )
    period.reactivation_submitted_on = date(2028, 5, 1)
    period.save()
    with pytest.raises(inactive.InactiveRefused, match="lapsed"):
        inactive.inactive_reactivation_accept(
            period=period, actor=coordinator, today=date(2028, 5, 4)
        )


def test_the_endorsee_asks_and_the_coordinator_records_inactive_status_from_the_pages(
    client, applicant, coordinator
):
    """RULES-renewal.md 7: asked from /renewal/, recorded from the endorsement's staff page."""
    endorsement = endorse(applicant)
    staff = Client()
    with time_machine.travel("2026-05-04 12:00", tick=False):
        sign_in(client, applicant)
        before = client.get("/renewal/").text
        asked = client.post("/renewal/inactive/", {"reason": "leave", "confirm": "on"})
        waiting = client.get("/renewal/").text
        sign_in(staff, coordinator)
        queue = staff.get("/staff/renewals/?tab=inactive_asked").text
        staff_page = staff.get(f"/staff/endorsements/{endorsement.pk}/").text
        recorded = staff.post(
            f"/staff/renewals/endorsements/{endorsement.pk}/inactive/", {"reason": "leave"}
        )
        after = client.get("/renewal/").text

    assert "Step back for a while: inactive status" in before
    assert asked.status_code == 302
    assert "MI-IMHM-P-00001: asked on 4 May 2026 (leave)" in waiting
    assert '<a href="?tab=inactive_asked">Inactive status asked</a>: 1' in queue
    assert "inactive status asked 4 May 2026 (leave)" in queue
    assert "The holder asked for inactive status on 4 May 2026 (leave)." in staff_page
    assert "Grant: inactive from today" in staff_page
    assert recorded.status_code == 302
    assert recorded["Location"] == f"/staff/endorsements/{endorsement.pk}/"
    assert "inactive since 4 May 2026" in after
    assert "it lapses on 4 May 2028" in after
    assert "Re-sign and reactivate" in after
    assert "Step back for a while" not in after
    assert "Inactive status asked for" not in after


def test_the_coordinator_recording_inactive_status_for_a_lapsed_endorsement_is_told_why_not(
    client, applicant, coordinator
):
    endorsement = endorse(applicant)
    with time_machine.travel("2027-02-01 12:00", tick=False):
        sign_in(client, coordinator)
        page = client.get(f"/staff/endorsements/{endorsement.pk}/").text
        refused = client.post(
            f"/staff/renewals/endorsements/{endorsement.pk}/inactive/",
            {"reason": "move"},
            follow=True,
        ).text

    assert "Record inactive status from today" not in page
    assert "Not recorded: The endorsement is lapsed: inactive status is recorded only" in refused
    assert InactivePeriod.objects.count() == 0


def test_asking_for_inactive_status_without_confirming_is_a_form_error(client, applicant):
    endorse(applicant)
    with time_machine.travel("2026-05-04 12:00", tick=False):
        sign_in(client, applicant)
        refused = client.post("/renewal/inactive/", {"reason": "leave"})

    assert refused.status_code == 400
    assert "This field is required." in refused.text
    assert InactivePeriod.objects.count() == 0


def test_the_lapse_after_inactive_status_says_so(applicant, deliver):
    endorse(applicant)
    step_back(applicant, InactiveReason.LEAVE, STEP_BACK)

    domain.renewal_record_lapses(today=date(2028, 5, 4))
    [email] = deliver()

    assert "has been inactive since 4 May 2026" in email.body
    assert "so it lapsed on 4 May 2028" in email.body


def test_the_endorsee_submits_a_reactivation_from_the_renewal_page(client, applicant):
    endorse(applicant)
    step_back(applicant, InactiveReason.LEAVE, STEP_BACK)
    log(applicant, "15", on=date(2026, 6, 1), dei=True)
    fields = {
        "ethics_signed": "on",
        "no_sanction": "on",
        "typed_name": applicant.name,
        "membership_kind": "individual",
        "membership_id": "M-77",
        "membership_expires_on": "2027-12-31",
        "fee_status": "online_later",
    }

    with time_machine.travel("2027-03-01 12:00", tick=False):
        sign_in(client, applicant)
        refused = client.post("/renewal/reactivate/", fields | {"typed_name": "Someone Else"})
        submitted = client.post("/renewal/reactivate/", fields)
        page = client.get("/renewal/").text

    assert refused.status_code == 400
    assert "Not ready to reactivate" in refused.text
    assert submitted.status_code == 302
    assert "Reactivation submitted on 1 March 2027" in page
    assert "Re-sign and reactivate" not in page
    assert InactivePeriod.objects.get().reactivation_submitted_on == date(2027, 3, 1)


def test_the_registry_lists_a_reactivated_endorsement_from_its_new_base_date(
    client, applicant, coordinator
):
    endorse(applicant)
    step_back(applicant, InactiveReason.LEAVE, STEP_BACK)
    log(applicant, "15", on=date(2026, 6, 1), dei=True)
    [period] = inactive.inactive_reactivation_submit(
        person=applicant, signed=signed(applicant), today=date(2027, 3, 1)
    )
    fee_paid(period, coordinator)
    inactive.inactive_reactivation_accept(period=period, actor=coordinator, today=date(2027, 3, 8))

    # Without the reactivation the 2026 renewal was owed and the endorsement lapsed in 2027;
    # from `B` = 8 March 2027 the next deadline is 31 December 2028.
    with time_machine.travel("2028-06-01 12:00", tick=False):
        listed = client.get("/registry/").text
        verify = client.get("/verify/MI-IMHM-P-00001/").text

    assert "MI-IMHM-P-00001" in listed
    assert "31 December 2028" in verify


# The coordinator refuses a request for inactive status


def test_the_coordinator_refuses_a_request_with_a_reason_the_holder_is_emailed(
    applicant, coordinator, deliver
):
    endorse(applicant)
    [asked] = inactive.inactive_request(
        person=applicant, reason=InactiveReason.LEAVE, today=STEP_BACK
    )

    refused = inactive.inactive_request_refuse(
        request=asked, reason="Your renewal is already in.", actor=coordinator, today=STEP_BACK
    )

    assert (refused.state, refused.decided_on, refused.decided_by, refused.refused_reason) == (
        InactiveRequestState.REFUSED,
        STEP_BACK,
        coordinator,
        "Your renewal is already in.",
    )
    assert InactivePeriod.objects.count() == 0
    event = RenewalEvent.objects.get(kind=EventKind.INACTIVE_REFUSED)
    assert (event.actor, event.data["reason"]) == (coordinator, "Your renewal is already in.")
    [email] = deliver()
    assert email.to == [applicant.email]
    assert email.subject == "[Endorse] Your request for inactive status is refused"
    assert "Why: Your renewal is already in." in email.body


def test_refusing_a_request_needs_a_reason_and_a_waiting_request(applicant, coordinator):
    endorse(applicant)
    [asked] = inactive.inactive_request(
        person=applicant, reason=InactiveReason.LEAVE, today=STEP_BACK
    )

    with pytest.raises(inactive.InactiveRefused) as no_reason:
        inactive.inactive_request_refuse(
            request=asked, reason="  ", actor=coordinator, today=STEP_BACK
        )
    inactive.inactive_request_refuse(
        request=asked, reason="No.", actor=coordinator, today=STEP_BACK
    )
    with pytest.raises(inactive.InactiveRefused) as twice:
        inactive.inactive_request_refuse(
            request=asked, reason="No.", actor=coordinator, today=STEP_BACK
        )

    assert str(no_reason.value) == "Say why it is refused: the holder reads it."
    assert str(twice.value) == "This request is refused already."


def test_the_holder_reads_the_refusal_and_its_reason_escaped_on_the_renewal_page(
    client, applicant, coordinator
):
    endorsement = endorse(applicant)
    staff = Client()
    with time_machine.travel("2026-05-04 12:00", tick=False):
        sign_in(client, applicant)
        client.post("/renewal/inactive/", {"reason": "leave", "confirm": "on"})
        sign_in(staff, coordinator)
        staff_page = staff.get(f"/staff/endorsements/{endorsement.pk}/").text
        asked = InactiveRequest.objects.get()
        refused = staff.post(
            f"/staff/renewals/inactive-requests/{asked.pk}/refuse/",
            {"reason": "Talk to us first <b>please</b>"},
        )
        page = client.get("/renewal/").text

    assert "Refuse the request" in staff_page
    assert refused.status_code == 302
    assert refused["Location"] == f"/staff/endorsements/{endorsement.pk}/"
    assert "Inactive status refused" in page
    assert (
        "MI-IMHM-P-00001: your request of 4 May 2026 was refused on 4 May 2026. "
        "Why: Talk to us first &lt;b&gt;please&lt;/b&gt;"
    ) in page
    assert "<b>please</b>" not in page
    assert "Step back for a while: inactive status" in page
