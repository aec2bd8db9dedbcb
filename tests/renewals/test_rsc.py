"""RS/C received in renewal (RULES-renewal.md 5.2): it counts only from an approved provider
holding an endorsement of the category's list. The endorsee records the provider's endorsement;
a renewal goes in when RS/C would be met once the coordinator approves the providers named; the
coordinator approves them on the renewal's page and accepts only with the real approvals."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from endorse.accounts.roles import Role
from endorse.applications.enums import Category
from endorse.registry.models import Endorsement
from endorse.renewals import domain, domain_staff
from endorse.renewals.enums import EventKind, RenewalState
from endorse.renewals.models import LoggedHours, RenewalEvent
from endorse.renewals.queries import renewal_overview
from endorse.renewals.queries_staff import renewal_file

from ..conftest import make_association, make_staff, sign_in
from .test_domain import endorse, log, signed
from .test_staff import DEADLINE, NOVEMBER, PAID_ONLINE, accept, at

IMHS = "MI-IMHS-00001"
PROVIDER = "Dr. Mira Mentor"


@pytest.fixture
def november():
    with time_machine.travel(at(NOVEMBER), tick=False):
        yield


def imhs_endorsee(person, *, provider_endorsement="IMHM-C", rsc="12", provider=PROVIDER):
    """An IMHS endorsee whose 2026 training is complete and who logged `rsc` hours of RS/C
    received from `provider`, holding `provider_endorsement`."""
    endorse(person, IMHS, category=Category.MH_SPECIALIST)
    log(person, "14")
    log(person, "1", dei=True)
    return log(
        person,
        rsc,
        on=date(2026, 6, 1),
        kind="rsc",
        topic="Monthly RS/C",
        provider_name=provider,
        provider_endorsement=provider_endorsement,
    )


def submit(person):
    return domain.renewal_submit(
        person=person, signed=signed(person), today=NOVEMBER, now=at(NOVEMBER)
    )


def approve(entry, coordinator):
    return domain_staff.logged_hours_provider_approve(
        hours=entry, actor=coordinator, today=NOVEMBER
    )


def rsc_status(person):
    return renewal_overview(person=person, today=NOVEMBER).covered[0].result.requirement("rsc")


# The endorsee: recording the provider's endorsement, submitting before the approval


def test_rsc_hours_record_the_providers_endorsement_and_send_it_to_the_engine(applicant, november):
    entry = imhs_endorsee(applicant)

    rsc = rsc_status(applicant)

    assert (entry.provider_endorsement, entry.provider_approved) == ("IMHM-C", False)
    # RULES-renewal.md 5.2: not counted before the coordinator approves the provider.
    assert (rsc.status, rsc.have, rsc.need) == ("not_met", 0, 12)
    assert rsc.excluded == [(f"h{entry.pk}", "provider not approved")]


def test_an_unknown_provider_endorsement_is_refused(applicant, november):
    with pytest.raises(domain.HoursRefused) as refused:
        log(applicant, "2", kind="rsc", provider_name=PROVIDER, provider_endorsement="IMH-X")

    assert str(refused.value).startswith("provider_endorsement: not one of IFS, IFRS, IMHS")
    assert LoggedHours.objects.count() == 0


def test_an_imhs_endorsee_submits_while_the_imhm_c_provider_awaits_approval(applicant, november):
    entry = imhs_endorsee(applicant)

    renewal = submit(applicant)

    # RULES-renewal.md 5.2: the provider named would count once approved, so the renewal is in.
    assert renewal.state == RenewalState.SUBMITTED
    event = RenewalEvent.objects.get(kind=EventKind.SUBMITTED)
    assert event.data["providers_awaiting_approval"] == [entry.pk]
    assert LoggedHours.objects.get(kind="rsc").provider_approved is False


def test_too_few_rsc_hours_are_refused_even_awaiting_approval(applicant, november):
    imhs_endorsee(applicant, rsc="11")

    with pytest.raises(domain.RenewalRefused) as refused:
        submit(applicant)

    assert refused.value.reasons == [
        "RS/C received: 1 more hour of RS/C received from an approved provider, between "
        "1 January 2026 and 31 December 2026."
    ]


@pytest.mark.parametrize(
    ("provider_endorsement", "reason"),
    [
        ("", "provider holds no endorsement; needs ECMHM-C, IMHM-C, ECMHS with ERS, IMHS with ERS"),
        ("IFS", "provider holds IFS; needs ECMHM-C, IMHM-C, ECMHS with ERS, IMHS with ERS"),
    ],
)
def test_a_provider_without_an_endorsement_of_the_list_never_counts_even_approved(
    applicant, coordinator, november, provider_endorsement, reason
):
    entry = imhs_endorsee(applicant, provider_endorsement=provider_endorsement)

    with pytest.raises(domain.RenewalRefused) as before:
        submit(applicant)
    approve(entry, coordinator)
    with pytest.raises(domain.RenewalRefused) as after:
        submit(applicant)

    # RULES-renewal.md 5.2: approved, but not holding an endorsement of the 2025 list.
    rsc = rsc_status(applicant)
    assert (rsc.status, rsc.have, rsc.excluded) == ("not_met", 0, [(f"h{entry.pk}", reason)])
    assert LoggedHours.objects.get(kind="rsc").provider_approved is True
    assert (
        before.value.reasons
        == after.value.reasons
        == [
            "RS/C received: 12 more hours of RS/C received from an approved provider, between "
            "1 January 2026 and 31 December 2026."
        ]
    )


# The coordinator: approving, then accepting


def test_the_coordinator_cannot_accept_before_approving_the_provider(
    applicant, coordinator, november
):
    imhs_endorsee(applicant)
    renewal = submit(applicant)
    domain_staff.renewal_record_payment(
        renewal=renewal, payment=PAID_ONLINE, actor=coordinator, today=NOVEMBER
    )

    with pytest.raises(domain_staff.DecisionRefused) as refused:
        accept(renewal, coordinator)

    # RULES-renewal.md 5.2: acceptance reads the real approvals.
    assert str(refused.value) == (
        "RS/C received: 12 more hours of RS/C received from an approved provider, between "
        "1 January 2026 and 31 December 2026.; RS/C received: Staff must approve the provider "
        "of 1 entry."
    )
    assert Endorsement.objects.get().renewed_through is None


def test_the_coordinator_approves_the_provider_then_accepts(applicant, coordinator, november):
    entry = imhs_endorsee(applicant)
    renewal = submit(applicant)
    domain_staff.renewal_record_payment(
        renewal=renewal, payment=PAID_ONLINE, actor=coordinator, today=NOVEMBER
    )

    changed = approve(entry, coordinator)
    accepted = accept(renewal, coordinator)

    assert changed == 1
    assert (accepted.state, Endorsement.objects.get().renewed_through) == (
        RenewalState.ACCEPTED,
        DEADLINE,
    )
    event = RenewalEvent.objects.get(kind=EventKind.PROVIDER_APPROVED)
    assert (event.actor, event.person, event.renewal, event.on, event.data) == (
        coordinator,
        applicant,
        renewal,
        NOVEMBER,
        {"provider": PROVIDER, "endorsement": "IMHM-C", "entries": [entry.pk]},
    )


def test_approving_an_approved_provider_changes_nothing(applicant, coordinator, november):
    entry = imhs_endorsee(applicant)

    first = approve(entry, coordinator)
    second = approve(entry, coordinator)

    assert (first, second) == (1, 0)
    assert RenewalEvent.objects.filter(kind=EventKind.PROVIDER_APPROVED).count() == 1
    assert rsc_status(applicant).status == "met"


def test_approving_a_provider_covers_their_other_entries_with_the_same_endorsement_only(
    applicant, coordinator, november
):
    entry = imhs_endorsee(applicant, rsc="6")
    same = log(
        applicant,
        "6",
        on=date(2026, 7, 1),
        kind="rsc",
        provider_name="dr  mira mentor",
        provider_endorsement="IMHM-C",
    )
    other_claim = log(
        applicant, "2", kind="rsc", provider_name=PROVIDER, provider_endorsement="IFS"
    )

    approve(entry, coordinator)

    approved = dict(LoggedHours.objects.filter(kind="rsc").values_list("pk", "provider_approved"))
    assert approved == {entry.pk: True, same.pk: True, other_claim.pk: False}


def test_training_hours_have_no_provider_to_approve(applicant, coordinator, november):
    training = log(applicant, "3")

    with pytest.raises(domain_staff.DecisionRefused) as refused:
        approve(training, coordinator)

    assert str(refused.value) == "these hours are training, not RS/C received"


def test_approving_another_associations_hours_finds_nothing(applicant, coordinator, november):
    entry = imhs_endorsee(applicant)
    association_b = make_association("b")

    with scope(association=association_b), pytest.raises(LoggedHours.DoesNotExist):
        approve(entry, coordinator)

    assert LoggedHours.objects.get(kind="rsc").provider_approved is False


# The pages


def test_the_log_form_records_the_providers_endorsement(client, applicant, november):
    endorse(applicant, IMHS, category=Category.MH_SPECIALIST)
    sign_in(client, applicant)

    logged = client.post(
        "/renewal/hours/",
        {
            "kind": "rsc",
            "on": "2026-10-20",
            "hours": "2",
            "topic": "RS/C",
            "provider_name": PROVIDER,
            "provider_endorsement": "IMHM-C",
        },
    )
    page = " ".join(client.get("/renewal/").text.split())

    assert logged.status_code == 302
    assert LoggedHours.objects.get().provider_endorsement == "IMHM-C"
    assert "Your RS/C provider&#x27;s endorsement" in page
    assert (
        "with Dr. Mira Mentor · their endorsement: IMHM-C · awaiting the association's "
        "approval of your provider" in page
    )


def test_the_endorsee_page_says_rsc_awaits_the_approval_of_the_provider(
    client, applicant, november
):
    imhs_endorsee(applicant)
    sign_in(client, applicant)

    page = " ".join(client.get("/renewal/").text.split())

    assert renewal_overview(person=applicant, today=NOVEMBER).covered[0].awaiting_provider
    assert (
        "Awaiting the association's approval of your provider. The hours logged are enough "
        "once it approves; you can submit your renewal now." in page
    )


def test_the_renewal_page_lists_rsc_and_approving_from_it_counts_the_hours(
    client, applicant, coordinator, november
):
    entry = imhs_endorsee(applicant)
    renewal = submit(applicant)
    sign_in(client, coordinator)

    before = " ".join(client.get(f"/staff/renewals/{renewal.pk}/").text.split())
    approved = client.post(f"/staff/renewals/{renewal.pk}/rsc/{entry.pk}/approve-provider/")
    again = client.post(f"/staff/renewals/{renewal.pk}/rsc/{entry.pk}/approve-provider/")
    after = " ".join(client.get(f"/staff/renewals/{renewal.pk}/").text.split())

    assert "<td>Dr. Mira Mentor</td> <td>IMHM-C</td> <td>12</td> <td>not approved" in before
    assert "Not counted: provider not approved" in before
    assert (
        '<th scope="row" data-label="Requirement">RS/C received</th> '
        '<td data-label="Have">0 hours</td> <td data-label="Need">12 hours</td>'
    ) in before
    assert (approved.status_code, approved["Location"]) == (
        302,
        f"/staff/renewals/{renewal.pk}/#rsc",
    )
    assert again.status_code == 302
    assert "<td>Dr. Mira Mentor</td> <td>IMHM-C</td> <td>12</td> <td>approved" in after
    # Re-evaluated with the approval.
    assert (
        '<th scope="row" data-label="Requirement">RS/C received</th> '
        '<td data-label="Have">12 hours</td> <td data-label="Need">12 hours</td> '
        '<td data-label="Verdict">met</td>' in after
    )
    assert "RS/C provider approved by Casey Coordinator: Dr. Mira Mentor (IMHM-C)" in after
    assert RenewalEvent.objects.filter(kind=EventKind.PROVIDER_APPROVED).count() == 1


def test_approving_an_entry_of_someone_else_from_a_renewal_is_a_404(
    client, applicant, other_applicant, coordinator, november
):
    imhs_endorsee(applicant)
    renewal = submit(applicant)
    theirs = log(other_applicant, "2", kind="rsc", provider_name=PROVIDER)
    sign_in(client, coordinator)

    response = client.post(f"/staff/renewals/{renewal.pk}/rsc/{theirs.pk}/approve-provider/")

    assert response.status_code == 404
    assert LoggedHours.objects.get(pk=theirs.pk).provider_approved is False


def test_another_associations_coordinator_cannot_approve(applicant, november):
    entry = imhs_endorsee(applicant)
    renewal = submit(applicant)
    association_b = make_association("b")
    with scope(association=association_b):
        coordinator_b = make_staff("coord@b.example.org", "B Coordinator", Role.COORDINATOR)
    client = sign_in(Client(HTTP_HOST="b.example.org"), coordinator_b)

    response = client.post(f"/staff/renewals/{renewal.pk}/rsc/{entry.pk}/approve-provider/")

    assert response.status_code == 404
    assert LoggedHours.objects.get(kind="rsc").provider_approved is False


@pytest.mark.parametrize("count", [1, 3])
def test_the_renewal_page_costs_the_same_queries_for_1_or_3_rsc_entries(
    client, applicant, coordinator, november, count
):
    imhs_endorsee(applicant)
    for n in range(count - 1):
        log(applicant, "1", on=date(2026, 8, n + 1), kind="rsc", provider_name=PROVIDER)
    renewal = submit(applicant)
    sign_in(client, coordinator)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/staff/renewals/{renewal.pk}/").status_code == 200

    assert len(renewal_file(renewal).rsc) == count
    assert len(queries) == QUERIES_OF_THE_RENEWAL_PAGE


QUERIES_OF_THE_RENEWAL_PAGE = 12
