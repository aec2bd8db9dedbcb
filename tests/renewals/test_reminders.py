"""Renewal reminders: when the window opens, a month before the deadline, on the deadline and
during the grace, each once per endorsement and period, none once the renewal is in, on the
association's own date."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from endorse.applications.enums import Category
from endorse.associations.routing import base_url
from endorse.eligibility.renewal_policy import load_renewal_policy
from endorse.eligibility.renewal_reminders import ReminderDay, reminder_days
from endorse.eligibility.renewal_standing import renewal_dates
from endorse.registry.models import Endorsement
from endorse.renewals import domain
from endorse.renewals.enums import FeeStatus
from endorse.renewals.models import InactivePeriod, RenewalReminder
from endorse.renewals.reminders import renewal_send_reminders
from endorse.worker import periodic_jobs

from ..conftest import make_association, make_person, sign_in

# Issued in March 2025 under `annual`: due by 31 December 2026, the window opens on 1 October
# 2026, grace ends on 31 January 2027 (choices R4, R5).
ISSUED = date(2025, 3, 1)


def endorse(person, number="MI-IMHM-P-00001", **dates):
    return Endorsement.objects.create(
        number=number,
        name=person.name,
        level="IV",
        category=Category.MENTOR_POLICY.label,
        person=person,
        issued_on=dates.pop("issued_on", ISSUED),
        listed=True,
        **dates,
    )


def kinds():
    return list(RenewalReminder.objects.order_by("pk").values_list("kind", "sent_on"))


def test_the_annual_policy_reminds_on_the_window_a_month_before_the_deadline_and_in_grace(db):
    policy = load_renewal_policy("annual")
    endorsement = Endorsement(number="X", category="x", issued_on=ISSUED).for_engine()

    days = reminder_days(renewal_dates(endorsement, policy, date(2026, 10, 1)), policy)

    assert days == [
        ReminderDay("window_opened", date(2026, 10, 1)),
        ReminderDay("month_before", date(2026, 11, 30)),
        ReminderDay("deadline", date(2026, 12, 31)),
        ReminderDay("grace", date(2027, 1, 24)),
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 9, 30), []),
        (date(2026, 10, 1), [("window_opened", date(2026, 10, 1))]),
        (date(2026, 11, 29), [("window_opened", date(2026, 11, 29))]),
        (date(2026, 11, 30), [("month_before", date(2026, 11, 30))]),
        (date(2026, 12, 31), [("deadline", date(2026, 12, 31))]),
        (date(2027, 1, 23), [("deadline", date(2027, 1, 23))]),
        (date(2027, 1, 24), [("grace", date(2027, 1, 24))]),
        (date(2027, 1, 31), [("grace", date(2027, 1, 31))]),
        (date(2027, 2, 1), []),  # lapsed: the lapse email says it
    ],
)
def test_the_reminder_due_on_each_boundary_is_sent(applicant, today, expected):
    endorse(applicant)
    send = dict(periodic_jobs())["renewal reminders"]

    with time_machine.travel(f"{today.isoformat()} 12:00", tick=False):
        send()

    assert kinds() == expected


def test_each_reminder_is_sent_once_per_period(applicant, deliver):
    endorse(applicant)

    for day in (date(2026, 10, 1), date(2026, 10, 1), date(2026, 10, 2), date(2026, 11, 30)):
        renewal_send_reminders(today=day)
    renewal_send_reminders(today=date(2026, 12, 1))
    sent = deliver()

    assert kinds() == [
        ("window_opened", date(2026, 10, 1)),
        ("month_before", date(2026, 11, 30)),
    ]
    assert [m.subject for m in sent] == [
        "[Endorse] Renewal of your endorsement MI-IMHM-P-00001 is open",
        "[Endorse] Renew your endorsement MI-IMHM-P-00001 by 31 December 2026",
    ]


def test_a_long_missed_reminder_is_not_sent_late_once_a_later_one_is_due(applicant):
    endorse(applicant)

    renewal_send_reminders(today=date(2026, 12, 31))  # the job did not run before
    renewal_send_reminders(today=date(2027, 1, 2))

    assert kinds() == [("deadline", date(2026, 12, 31))]


def test_the_email_names_the_deadline_the_renewal_page_and_the_association(
    applicant, association, deliver
):
    endorse(applicant)

    renewal_send_reminders(today=date(2027, 1, 24))
    [email] = deliver()

    assert email.to == [applicant.email]
    assert (
        email.subject == "[Endorse] Your endorsement MI-IMHM-P-00001 lapses after 31 January 2027"
    )
    assert "was due for renewal by 31 December 2026 and is now overdue" in email.body
    assert f"Your renewal page: {base_url()}/renewal/" in email.body
    assert email.body.rstrip().endswith(association.name)


def test_no_reminder_once_the_renewal_is_submitted(applicant):
    endorse(applicant)
    renewal_send_reminders(today=date(2026, 10, 1))
    domain.renewal_log_hours(
        person=applicant,
        kind="training",
        on=date(2026, 3, 10),
        hours=Decimal(15),
        topic="Attachment",
        today=date(2026, 11, 2),
        dei=True,
    )
    domain.renewal_submit(
        person=applicant,
        signed=domain.Signed(
            typed_name=applicant.name,
            ethics_signed=True,
            no_sanction=True,
            membership_kind="individual",
            membership_id="M-1",
            membership_expires_on=None,
            fee_status=FeeStatus.ONLINE_LATER,
        ),
        today=date(2026, 11, 2),
        now=datetime(2026, 11, 2, 12, tzinfo=timezone.get_default_timezone()),
    )

    renewal_send_reminders(today=date(2026, 11, 30))
    renewal_send_reminders(today=date(2026, 12, 31))

    assert kinds() == [("window_opened", date(2026, 10, 1))]


def test_no_reminder_for_a_revoked_inactive_or_renewed_endorsement(applicant):
    endorse(
        applicant, "MI-1", revoked_at=datetime(2026, 5, 1, tzinfo=timezone.get_default_timezone())
    )
    endorse(applicant, "MI-2", renewed_through=date(2026, 12, 31))
    inactive = endorse(applicant, "MI-3")
    InactivePeriod.objects.create(endorsement=inactive, start_on=date(2026, 6, 1), reason="leave")
    endorse(applicant, "MI-4")

    renewal_send_reminders(today=date(2026, 10, 1))

    assert list(RenewalReminder.objects.values_list("endorsement__number", flat=True)) == ["MI-4"]


def test_the_worker_reminds_on_the_associations_own_date(db, deliver):
    hawaii = make_association("hi", time_zone="Pacific/Honolulu")
    with scope(association=hawaii):
        person = make_person("hana@example.org", "Hana Holder")
        endorse(person, "HI-1")
    send = dict(periodic_jobs())["renewal reminders"]

    with time_machine.travel("2026-10-01 09:59Z", tick=False):  # 30 September, 23:59 there
        send()
    with scope(association=hawaii):
        before = kinds()
    with time_machine.travel("2026-10-01 10:00Z", tick=False):  # 1 October, midnight there
        send()
        send()
    with scope(association=hawaii):
        after = kinds()

    assert (before, after) == ([], [("window_opened", date(2026, 10, 1))])


def test_the_endorsee_sees_the_reminders_sent_on_the_renewal_page(client, applicant):
    endorse(applicant)
    renewal_send_reminders(today=date(2026, 10, 1))
    renewal_send_reminders(today=date(2026, 11, 30))

    with time_machine.travel("2026-12-02 12:00", tick=False):
        sign_in(client, applicant)
        page = client.get("/renewal/").text

    assert "Reminders sent" in page
    assert page.index("30 Nov 2026") < page.index("1 Oct 2026")  # newest first
    assert "A month before the deadline" in page
    assert "The renewal window opened" in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_reminders_sent_cost_the_same_queries_for_1_or_3(client, applicant, count):
    for n in range(count):
        endorse(applicant, f"MI-IMHM-P-0000{n}")
    renewal_send_reminders(today=date(2026, 10, 1))

    with time_machine.travel("2026-10-02 12:00", tick=False):
        sign_in(client, applicant)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/renewal/").status_code == 200

    assert RenewalReminder.objects.count() == count
    # Session, person, endorsements and their inactive periods, entries, renewal, reminders
    # sent, requests for inactive status waiting; the menu's 2.
    assert len(queries) == 10
