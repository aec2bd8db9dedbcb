"""The coordinator's reactivation screen (RULES-renewal.md 7): submitted reactivations in the
renewal queue, each with the engine's `kind: reactivation` evaluation, accepted from its page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from endorse.registry.models import Endorsement
from endorse.renewals import inactive
from endorse.renewals.enums import EventKind
from endorse.renewals.models import InactivePeriod, RenewalEvent

from ..conftest import make_person, sign_in
from .test_domain import endorse, log, signed
from .test_inactive import step_back

SUBMITTED = date(2027, 3, 1)


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
        # session, user, roles; submitted renewals, what they cover, waiting requests for
        # inactive status, endorsements and their inactive periods; unread count
        with django_assert_num_queries(9):
            page = client.get("/staff/renewals/")

    assert page.text.count("reactivation submitted 1 Mar 2027") == count
    assert page.text.count("inactive status asked 1 Mar 2027") == count
