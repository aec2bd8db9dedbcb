"""Renewal in the product: hours logged through the year, a renewal submitted (evaluated by the
renewal engine from the records), and the lapse recorded once when grace ends."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from endorse.applications.enums import Category
from endorse.registry.models import Endorsement
from endorse.renewals import domain
from endorse.renewals.enums import EventKind, FeeStatus, RenewalState
from endorse.renewals.models import LoggedHours, Renewal, RenewalEvent
from endorse.renewals.queries import renewal_overview
from endorse.worker import periodic_jobs

# Issued in March 2025 under `annual`: the period owed is 2026, due by 31 December 2026, the
# window opens on 1 October 2026 and grace ends on 31 January 2027.
ISSUED = date(2025, 3, 1)
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.get_default_timezone())
TODAY = NOW.date()
MARCH = date(2026, 3, 10)


def endorse(person, number="MI-IMHM-P-00001", category=Category.MENTOR_POLICY, **dates):
    return Endorsement.objects.create(
        number=number,
        name=person.name,
        level="IV",
        category=category.label,
        person=person,
        issued_on=dates.pop("issued_on", ISSUED),
        listed=True,
        **dates,
    )


def log(person, hours, on=MARCH, **extra):
    return domain.renewal_log_hours(
        person=person,
        kind=extra.pop("kind", "training"),
        on=on,
        hours=Decimal(hours),
        topic=extra.pop("topic", "Attachment in the first year"),
        today=TODAY,
        **extra,
    )


def signed(person, **changes):
    values = {
        "typed_name": person.name,
        "ethics_signed": True,
        "no_sanction": True,
        "membership_kind": "individual",
        "membership_id": "M-77",
        "membership_expires_on": date(2027, 12, 31),
        "fee_status": FeeStatus.ONLINE_LATER,
    } | changes
    return domain.Signed(**values)


def submit(person, today=TODAY, **changes):
    return domain.renewal_submit(
        person=person, signed=signed(person, **changes), today=today, now=NOW
    )


def test_logged_hours_count_toward_what_the_period_owes(applicant):
    endorse(applicant)
    log(applicant, "10")
    log(applicant, "4", dei=True)
    log(applicant, "6", on=date(2025, 11, 1))  # the year of issue owes nothing and counts nothing

    overview = renewal_overview(person=applicant, today=TODAY)

    training = overview.covered[0].result.requirement("training")
    assert (training.have, training.need, training.status) == (14, 15, "not_met")
    assert RenewalEvent.objects.filter(kind=EventKind.HOURS_LOGGED).count() == 3


@pytest.mark.parametrize(
    ("on", "hours", "message"),
    [
        (date(2026, 11, 3), "2", "on: hours are logged once they happened, not in advance"),
        (date(2026, 3, 1), "0", "hours: more than 0 and at most 100"),
        (date(2026, 3, 1), "101", "hours: more than 0 and at most 100"),
    ],
)
def test_hours_in_the_future_or_out_of_bounds_are_refused(applicant, on, hours, message):
    with pytest.raises(domain.HoursRefused) as refused:
        log(applicant, hours, on=on)
    assert str(refused.value) == message
    assert LoggedHours.objects.count() == 0


def test_a_renewal_short_of_hours_is_refused_with_the_engines_reasons(applicant):
    endorse(applicant)
    log(applicant, "10", dei=True)

    with pytest.raises(domain.RenewalRefused) as refused:
        submit(applicant)

    assert refused.value.reasons == [
        "Training: 5 more hours of relationship-based training, ending between 1 January 2026 "
        "and 31 December 2026."
    ]
    assert Renewal.objects.count() == 0


def test_the_signature_and_the_fee_are_checked_before_the_engine(applicant):
    endorse(applicant)

    with pytest.raises(domain.RenewalRefused) as refused:
        submit(applicant, ethics_signed=False, typed_name="Someone", fee_status=FeeStatus.UNPAID)

    assert refused.value.reasons == [
        "Re-sign the Code of Ethics: tick the box.",
        f"Type your name as on your account, {applicant.name}, to sign.",
        "Say how the fee is paid.",
    ]


def test_a_complete_renewal_is_submitted_with_how_the_fee_is_paid(applicant):
    endorsement = endorse(applicant)
    log(applicant, "14")
    log(applicant, "1", dei=True)

    renewal = submit(applicant, fee_status=FeeStatus.ALTERNATIVE)

    assert (renewal.state, renewal.fee_status, renewal.period_end) == (
        RenewalState.SUBMITTED,
        FeeStatus.ALTERNATIVE,
        date(2026, 12, 31),
    )
    assert list(renewal.endorsements.all()) == [endorsement]
    event = RenewalEvent.objects.get(kind=EventKind.SUBMITTED)
    assert event.data == {
        "endorsements": ["MI-IMHM-P-00001"],
        "overall": ["incomplete"],  # the fee: paid another way, marked by the coordinator later
        "late": False,
        "fee_status": "alternative",
    }
    with pytest.raises(domain.RenewalRefused, match="already in"):
        submit(applicant)


def test_a_renewal_before_the_window_opens_is_too_early(applicant):
    endorse(applicant)
    log(applicant, "15", dei=True)

    with pytest.raises(domain.RenewalRefused) as refused:
        submit(applicant, today=date(2026, 9, 30))

    assert refused.value.reasons == ["The renewal window opens on 1 October 2026."]


def test_one_renewal_covers_the_endorsements_that_owe_the_same_period(applicant):
    first = endorse(applicant)
    second = endorse(applicant, "MI-IMHM-R-00001", Category.MENTOR_RESEARCH_FACULTY)
    endorse(applicant, "MI-IFS-00001", Category.FAMILY_SPECIALIST, issued_on=date(2026, 2, 1))
    log(applicant, "15", dei=True)

    renewal = submit(applicant)

    assert list(renewal.endorsements.order_by("number")) == [first, second]


def test_a_lapse_is_recorded_once_and_the_endorsee_told(applicant, association, deliver):
    lapsing = endorse(applicant)
    endorse(applicant, "MI-IMHM-P-00002", issued_on=date(2026, 2, 1))  # due end of 2027

    in_grace = domain.renewal_record_lapses(today=date(2027, 1, 31))
    first = domain.renewal_record_lapses(today=date(2027, 2, 1))
    again = domain.renewal_record_lapses(today=date(2027, 2, 2))

    assert (in_grace, first, again) == (0, 1, 0)
    event = RenewalEvent.objects.get(kind=EventKind.LAPSED)
    assert (event.endorsement, event.on, event.person) == (lapsing, date(2027, 2, 1), applicant)
    [email] = deliver()
    assert email.to == [applicant.email]
    assert email.subject == "[Endorse] Your endorsement MI-IMHM-P-00001 has lapsed"
    assert "it lapsed on 1 February 2027" in email.body
    assert f"To reinstate it, contact {association.name}." in email.body


def test_the_registry_shows_the_lapse_before_the_job_runs(client, applicant):
    endorse(applicant)

    with time_machine.travel("2027-02-01 12:00", tick=False):
        page = client.get("/verify/MI-IMHM-P-00001/").text
        listed = client.get("/registry/").text

    assert "endorsement lapsed on 1 February 2027" in page
    assert "MI-IMHM-P-00001" not in listed
    assert RenewalEvent.objects.count() == 0


def test_the_workers_periodic_jobs_record_a_lapse_once(applicant, deliver):
    endorse(applicant)

    lapses = dict(periodic_jobs())["lapses"]

    with time_machine.travel("2027-02-01 12:00", tick=False):
        lapses()
        lapses()
        sent = deliver()

    assert RenewalEvent.objects.filter(kind=EventKind.LAPSED).count() == 1
    assert [m.subject for m in sent] == ["[Endorse] Your endorsement MI-IMHM-P-00001 has lapsed"]
