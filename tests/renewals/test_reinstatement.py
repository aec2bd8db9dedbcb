"""Reinstatement after lapse (RULES-renewal.md 6): the endorsee applies from the renewal page,
names raters whose requests go through the reference links, the engine evaluates the
`kind: reinstatement` file built from the records, and the coordinator records the payment and
accepts it (choice R19: `reinstated_on` = the decision date)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from endorse.applications.enums import Category
from endorse.applications.models import Rater
from endorse.notifications.models import OutboxMessage
from endorse.references import domain as references
from endorse.references.models import Rating
from endorse.references.questions import load_questions, parse_questions
from endorse.registry.models import Endorsement
from endorse.renewals import domain, domain_staff, reinstatement
from endorse.renewals.enums import EventKind, FeeStatus, RenewalKind, RenewalState
from endorse.renewals.models import Renewal, RenewalEvent

from ..conftest import make_person, sign_in
from .test_domain import endorse, signed

# Issued 1 March 2025, never renewed: grace ended 31 January 2027, so `L` = 1 February 2027.
LAPSED_ON = date(2027, 2, 1)
APPLIED = date(2027, 3, 10)
RATED = date(2027, 3, 20)
DECIDED = date(2027, 4, 2)
SECRET = "A confidential remark for the coordinator only"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=timezone.get_default_timezone())


def specialist(person, number="MI-IMHS-00001"):
    return endorse(person, number, category=Category.MH_SPECIALIST)


def apply(person, today=APPLIED, **changes):
    return reinstatement.reinstatement_submit(
        person=person, signed=signed(person, **changes), today=today, now=at(today)
    )


RATERS = (
    ("Chris Alvarez", "chris@example.org", "program_supervisor"),
    ("Maya Okafor", "maya@example.org", "rsc_provider"),
    ("Dana Fox", "dana@example.org", "colleague"),
)


def ask_three(renewal, person, on=APPLIED):
    raters = []
    with time_machine.travel(at(on), tick=False):
        for name, email, role in RATERS:
            rater = reinstatement.reinstatement_rater_add(
                reinstatement=renewal,
                person=person,
                named=reinstatement.NamedRater(name=name, email=email, role=role),
                now=at(on),
            )
            raters.append(rater)
    # The RS/C provider's endorsement, as the coordinator verifies it (RULES-categories.md 4.6).
    Rater.objects.filter(role="rsc_provider").update(
        endorsement_level="IV", endorsement_number="MI-0007", endorsement_verified=True
    )
    return raters


def rate(rater, on=RATED):
    """The rater answers every item and submits, through the domain as the rater's page does."""
    with time_machine.travel(at(on), tick=False):
        references.reference_open(rater=rater)
        items = load_questions(Rater.objects.get(pk=rater.pk).questions).items
        return references.rating_save(
            rater=rater,
            answers={item.id: "4" for item in items},
            known_years=Decimal(4),
            recommendation="recommend",
            comments=SECRET,
            submit=True,
        )


def rated(person):
    specialist(person)
    renewal = apply(person)
    for rater in ask_three(renewal, person):
        rate(rater)
    return renewal


def test_a_lapsed_holder_applies_for_reinstatement(applicant):
    """RULES-renewal.md 6: accepted only when the standing on `as_of` is `lapsed`; the
    references and the fee may follow the submission."""
    endorsement = specialist(applicant)

    renewal = apply(applicant)

    assert (renewal.kind, renewal.state, renewal.period_start, renewal.period_end) == (
        RenewalKind.REINSTATEMENT,
        RenewalState.SUBMITTED,
        LAPSED_ON,
        LAPSED_ON,
    )
    assert list(renewal.endorsements.all()) == [endorsement]
    event = RenewalEvent.objects.get(kind=EventKind.REINSTATEMENT_SUBMITTED)
    assert event.data == {
        "endorsement": "MI-IMHS-00001",
        "lapsed_on": "2027-02-01",
        "fee_status": "online_later",
    }


def test_a_reinstatement_is_refused_before_the_lapse_and_twice(applicant):
    specialist(applicant)

    with pytest.raises(domain.RenewalRefused, match="no lapsed endorsement"):
        apply(applicant, today=date(2027, 1, 31))  # overdue, in grace: renew instead
    apply(applicant)
    with pytest.raises(domain.RenewalRefused, match="already in"):
        apply(applicant, today=date(2027, 3, 11))


def test_a_reinstatement_is_refused_with_the_engines_reasons(applicant):
    """RULES-renewal.md 6 and 5.4: the membership must be current on `as_of`."""
    specialist(applicant)

    with pytest.raises(domain.RenewalRefused) as refused:
        apply(applicant, membership_expires_on=date(2027, 3, 1))

    assert refused.value.reasons == ["Membership: The membership expired on 1 March 2027."]
    assert Renewal.objects.count() == 0


def test_raters_of_a_reinstatement_are_asked_through_the_reference_links(applicant, deliver):
    specialist(applicant)
    renewal = apply(applicant)

    [rater] = ask_three(renewal, applicant)[:1]
    with time_machine.travel(at(APPLIED), tick=False):
        emails = [m for m in deliver() if m.to == ["chris@example.org"]]

    assert (rater.reinstatement, rater.application, rater.association_id) == (
        renewal,
        None,
        renewal.association_id,
    )
    [request] = emails
    assert request.subject == "[Endorse] A request for a reference rating"
    assert (
        "Someone applying for the reinstatement of their Infant Mental Health Specialist "
        "endorsement through the Endorsement® program"
    ) in " ".join(request.body.split())
    assert "/r/" in request.body
    asked = RenewalEvent.objects.filter(kind=EventKind.REFERENCE, renewal=renewal)
    assert [e.data["what"] for e in asked] == ["reference_requested"] * 3


def test_ratings_completed_after_the_lapse_count_for_the_reinstatement(applicant):
    """RULES-renewal.md 6 (example 25): every slotted rating completed on or after `L`."""
    renewal = rated(applicant)

    found = reinstatement.reinstatement_file(renewal, today=DECIDED)

    [references_met] = [r for r in found.result.requirements if r.id == "references"]
    assert (references_met.status, references_met.have, references_met.need) == ("met", 3, 3)
    assert found.unmet == []
    assert found.result.overall == "incomplete"  # the fee is not paid yet


def test_the_endorsee_sees_the_ratings_progress_never_their_content(client, applicant):
    renewal = rated(applicant)

    with time_machine.travel(at(DECIDED), tick=False):
        sign_in(client, applicant)
        page = client.get("/renewal/").text

    assert "It is off the public registry; you can apply for reinstatement below." in page
    assert "MI-IMHS-00001: reinstatement" in page
    assert f"Reinstatement submitted on {renewal.submitted_at:%-d %B %Y}" in page
    assert "Chris Alvarez (Program supervisor): completed" in page
    assert SECRET not in page


def test_the_coordinator_sees_the_reinstatement_with_the_ratings_content(
    client, applicant, coordinator
):
    renewal = rated(applicant)

    with time_machine.travel(at(DECIDED), tick=False):
        sign_in(client, coordinator)
        queue = client.get("/staff/renewals/?tab=reinstatement").text
        page = client.get(f"/staff/renewals/{renewal.pk}/").text

    assert '<a href="?tab=reinstatement">Reinstatement submitted</a>: 1' in queue
    assert f'href="/staff/renewals/{renewal.pk}/"' in queue
    assert "lapsed on 1 February 2027" in page
    assert '<td data-label="Have">3 ratings</td>' in page
    assert SECRET in page
    assert "Accept the reinstatement" in page


def test_the_coordinator_accepts_a_reinstatement_once_paid(client, applicant, coordinator, deliver):
    """RULES-renewal.md 6 and choice R19: `reinstated_on` = the decision date, `B` moves there
    and the next deadline is `F` from it; the endorsement is listed again (choice R33: any
    amount paid counts)."""
    renewal = rated(applicant)
    deliver()

    with pytest.raises(domain_staff.DecisionRefused, match="fee is not paid"):
        domain_staff.renewal_accept(
            renewal=renewal, actor=coordinator, today=DECIDED, now=at(DECIDED)
        )
    domain_staff.renewal_accept(
        renewal=renewal,
        actor=coordinator,
        today=DECIDED,
        now=at(DECIDED),
        payment=domain_staff.Payment(method=FeeStatus.PAID_ONLINE),
    )

    endorsement = Endorsement.objects.get()
    standing = endorsement.standing_on(DECIDED)
    assert (endorsement.reinstated_on, standing.word, standing.dates.deadline) == (
        DECIDED,
        "active",
        date(2028, 12, 31),
    )
    renewal.refresh_from_db()
    assert (renewal.state, renewal.decided_by) == (RenewalState.ACCEPTED, coordinator)
    event = RenewalEvent.objects.get(kind=EventKind.REINSTATED)
    assert (event.actor, event.data) == (
        coordinator,
        {"endorsement": "MI-IMHS-00001", "reinstated_on": "2027-04-02"},
    )
    [email] = deliver()
    with time_machine.travel(at(DECIDED), tick=False):
        sign_in(client, coordinator)
        page = client.get(f"/staff/renewals/{renewal.pk}/").text
    assert "Accepted: the history below says what was decided." in page
    assert "Endorsement reinstated" in page
    assert email.subject == "[Endorse] Your endorsement is reinstated"
    assert "MI-IMHS-00001 is reinstated from 2 April 2027" in email.body
    assert "due by 31 December 2028" in email.body


def test_a_reinstatement_is_not_accepted_while_ratings_are_missing(applicant, coordinator):
    specialist(applicant)
    renewal = apply(applicant)
    [first, *_] = ask_three(renewal, applicant)
    rate(first)

    with pytest.raises(domain_staff.DecisionRefused, match="Reference ratings"):
        domain_staff.renewal_accept(
            renewal=renewal,
            actor=coordinator,
            today=DECIDED,
            now=at(DECIDED),
            payment=domain_staff.Payment(method=FeeStatus.PAID_ONLINE),
        )

    assert Endorsement.objects.get().reinstated_on is None


def test_the_coordinator_sends_a_reinstatement_back_with_a_reason(applicant, coordinator, deliver):
    renewal = rated(applicant)
    deliver()

    domain_staff.renewal_send_back(
        renewal=renewal,
        reason="Your membership number is wrong.",
        actor=coordinator,
        today=DECIDED,
        now=at(DECIDED),
    )

    [email] = deliver()
    assert "Your reinstatement is sent back to you." in email.body
    assert "Why: Your membership number is wrong." in email.body


def test_the_endorsee_applies_and_names_a_rater_from_the_renewal_page(client, applicant):
    specialist(applicant)
    fields = {
        "ethics_signed": "on",
        "no_sanction": "on",
        "typed_name": applicant.name,
        "membership_kind": "individual",
        "membership_id": "M-77",
        "membership_expires_on": "2027-12-31",
        "fee_status": "online_later",
    }
    with time_machine.travel(at(APPLIED), tick=False):
        sign_in(client, applicant)
        before = client.get("/renewal/").text
        applied = client.post("/renewal/reinstate/", fields)
        renewal = Renewal.objects.get()
        named = client.post(
            f"/renewal/reinstatements/{renewal.pk}/raters/",
            {"name": "Chris Alvarez", "email": "chris@example.org", "role": "colleague"},
        )
        page = client.get("/renewal/").text

    assert "Re-sign and apply for reinstatement" in before
    assert applied.status_code == 302
    assert named.status_code == 302
    assert "Chris Alvarez (Colleague): sent" in page
    assert "Re-sign and apply for reinstatement" not in page


def test_another_persons_reinstatement_takes_no_rater(client, applicant, other_applicant):
    specialist(applicant)
    renewal = apply(applicant)

    with time_machine.travel(at(APPLIED), tick=False):
        sign_in(client, other_applicant)
        refused = client.post(
            f"/renewal/reinstatements/{renewal.pk}/raters/",
            {"name": "Eve", "email": "eve@example.org", "role": "colleague"},
        )

    assert refused.status_code == 404
    assert Rater.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_with_reinstatements_costs_the_same_queries_for_1_or_3(
    client, coordinator, django_assert_num_queries, count
):
    for n in range(count):
        person = make_person(f"holder{n}@example.org", f"Holder {n}")
        specialist(person, number=f"MI-IMHS-0000{n + 1}")
        apply(person)

    staff = Client()
    with time_machine.travel(at(DECIDED), tick=False):
        sign_in(staff, coordinator)
        with django_assert_num_queries(11):
            page = staff.get("/staff/renewals/?tab=reinstatement")

    assert page.text.count("reinstatement submitted") == count
    assert OutboxMessage.objects.count() == 0


def test_a_reinstatement_rater_rates_and_declines_through_the_same_link_pages(
    client, applicant, deliver
):
    """The rater's link, landing page and decline are those of an application's request; the
    endorsee is told in their reinstatement's words, with the renewal page's address."""
    specialist(applicant)
    renewal = apply(applicant)
    first, second, _ = ask_three(renewal, applicant)
    with time_machine.travel(at(APPLIED), tick=False):
        sent = deliver()
    links = {m.to[0]: re.search(r"http://testserver(/r/[^\s/]+/)", m.body).group(1) for m in sent}

    with time_machine.travel(at(RATED), tick=False):
        landing = client.get(links[first.email])
        declined = client.post(
            links[second.email] + "decline/", {"reason": "I have not worked with her since 2019."}
        )
    rate(first)
    with time_machine.travel(at(RATED), tick=False):
        told = {m.subject: " ".join(m.body.split()) for m in deliver()}

    assert landing.status_code == 200
    assert "the reinstatement of their Infant Mental Health Specialist endorsement" in (
        " ".join(landing.text.split())
    )
    assert declined.status_code == 302
    assert Rater.objects.get(pk=second.pk).status == "declined"
    [declined_email] = [body for body in told.values() if "has declined" in body]
    assert "You can ask someone else in their place from your renewal page:" in declined_email
    [completed_email] = [body for body in told.values() if "has completed" in body]
    assert "completed their reference rating for your reinstatement." in completed_email
    assert SECRET not in completed_email
    assert [e.data["what"] for e in RenewalEvent.objects.filter(kind=EventKind.REFERENCE)][3:] == [
        "reference_declined",
        "reference_opened",
        "reference_completed",
    ]


def test_the_endorsee_reminds_a_reinstatement_rater_and_the_worker_chases_one(
    client, applicant, deliver
):
    """The nudge and the worker's reminders of an application's requests, reused."""
    specialist(applicant)
    renewal = apply(applicant)
    first, *_ = ask_three(renewal, applicant)

    with time_machine.travel(at(date(2027, 3, 14)), tick=False):
        sign_in(client, applicant)
        page = client.get("/renewal/").text
        nudged = client.post(f"/renewal/reinstatements/{renewal.pk}/raters/{first.pk}/nudge/")
        again = client.post(
            f"/renewal/reinstatements/{renewal.pk}/raters/{first.pk}/nudge/", follow=True
        )
    counts = references.references_chase(now=at(date(2027, 3, 18)))

    assert "Send a reminder" in page
    assert nudged.status_code == 302
    assert "You reminded this rater recently." in again.text
    assert counts == {"expired": 0, "reminders": 3}  # day 7 of the three requests
    whats = [e.data["what"] for e in RenewalEvent.objects.filter(kind=EventKind.REFERENCE)]
    assert whats.count("reference_nudged") == 1
    assert whats.count("reference_reminded") == 3


def test_the_coordinator_verifies_a_reinstatement_raters_endorsement_from_its_page(
    client, applicant, coordinator
):
    """RULES-categories.md 4.6 under `2025`: one rating from a verified endorsed rater."""
    specialist(applicant)
    renewal = apply(applicant)
    raters = ask_three(renewal, applicant)
    Rater.objects.filter(role="rsc_provider").update(endorsement_verified=False)
    provider = Rater.objects.get(role="rsc_provider")
    for rater in raters:
        rate(rater)

    with time_machine.travel(at(DECIDED), tick=False):
        sign_in(client, coordinator)
        before = client.get(f"/staff/renewals/{renewal.pk}/").text
        called = client.post(
            f"/staff/renewals/{renewal.pk}/raters/{provider.pk}/",
            {"call": "verified", "note": "Checked with the registry of MI-AIMH."},
        )

    assert "Record your call on Maya Okafor" in before
    assert called.status_code == 302
    assert Rater.objects.get(pk=provider.pk).endorsement_verified is True
    found = reinstatement.reinstatement_file(renewal, today=DECIDED)
    assert [r.status for r in found.result.requirements if r.id == "references"] == ["met"]
    [event] = RenewalEvent.objects.filter(
        kind=EventKind.REFERENCE, data__what="rater_endorsement_verified"
    )
    assert (event.actor, event.data["by"]) == (coordinator, "coordinator")


def test_the_coordinator_reads_each_rating_answer_under_the_question_wording_it_was_given(
    client, applicant, coordinator
):
    """As the application's file: the wording the rating stored (`question_set`), not item
    ids, and the scale's and the recommendation's labels."""
    renewal = rated(applicant)
    rating = Rating.objects.filter(submitted_at__isnull=False).select_related("question_set")[0]
    wording = parse_questions(rating.question_set.data)
    item = wording.domains[0].items[0]

    with time_machine.travel(at(DECIDED), tick=False):
        sign_in(client, coordinator)
        page = client.get(f"/staff/renewals/{renewal.pk}/").text

    answer = dict(wording.scale)["4"]
    recommendation = dict(wording.recommendations)["recommend"]
    assert f"<h4>{escape(wording.domains[0].title)}</h4>" in page
    assert f"<dt>{escape(item.text)}</dt><dd>{escape(answer)}</dd>" in page
    assert f"<dt>{item.id}</dt>" not in page
    assert f"<dt>Recommendation</dt><dd>{escape(recommendation)}</dd>" in page


def test_the_endorsee_withdraws_a_rater_who_has_not_rated_and_names_another(client, applicant):
    specialist(applicant)
    renewal = apply(applicant)
    chris, maya, _ = ask_three(renewal, applicant)
    rate(maya)

    with time_machine.travel(at(RATED), tick=False):
        sign_in(client, applicant)
        before = client.get("/renewal/").text
        withdrawn = client.post(f"/renewal/reinstatements/{renewal.pk}/raters/{chris.pk}/withdraw/")
        named = client.post(
            f"/renewal/reinstatements/{renewal.pk}/raters/",
            {"name": "Lee Park", "email": "lee@example.org", "role": "program_supervisor"},
        )
        refused = client.post(
            f"/renewal/reinstatements/{renewal.pk}/raters/{maya.pk}/withdraw/", follow=True
        )
        after = client.get("/renewal/").text

    chris.refresh_from_db()
    maya.refresh_from_db()
    assert f"/renewal/reinstatements/{renewal.pk}/raters/{chris.pk}/withdraw/" in before
    assert f"/renewal/reinstatements/{renewal.pk}/raters/{maya.pk}/withdraw/" not in before
    assert (withdrawn.status_code, named.status_code) == (302, 302)
    assert chris.withdrawn_at == at(RATED)
    assert maya.withdrawn_at is None
    assert "Maya Okafor has rated: a completed rating stays." in refused.text
    assert "Chris Alvarez" not in after
    assert "Lee Park (" in after
    assert [r.name for r in Rater.objects.filter(reinstatement=renewal, withdrawn_at=None)] == [
        "Maya Okafor",
        "Dana Fox",
        "Lee Park",
    ]
