"""Completed ratings feed the engine's `references` requirement (RULES.md 6), and under the
`2024` policy its void rules."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from endorse.applications.models import Application
from endorse.applications.queries import applications_with_evidence, verdict_for
from endorse.registry.models import Endorsement

from ..conftest import make_person
from .conftest import full_answers, link_in


def _references(application: Application, *, today=None):
    stored = applications_with_evidence().get(pk=application.pk)
    return verdict_for(stored, today=today).requirement("references")


def _rate(client, link, **answers):
    response = client.post(f"{link}rating/", full_answers(**answers) | {"action": "submit"})
    assert response.status_code == 302


def _ask_three(ask, deliver, *, endorsed_number="MI-7"):
    ask(
        "Pat Supervisor",
        role="program_supervisor",
        endorsement_level="IV",
        endorsement_number=endorsed_number,
    )
    ask("Rosa Provider", role="rsc_provider")
    ask("Sam Supervisee", role="supervisee")
    return [link_in(m) for m in deliver()]


def _registry(number="MI-7", name="Pat Supervisor"):
    """The endorsee on record, with the email the applicant gives for them."""
    Endorsement.objects.create(
        number=number,
        name=name,
        level="IV",
        category="Infant Mental Health Mentor – Clinical",
        person=make_person("pat@example.org", name),
        issued_on=timezone.localdate() - timedelta(days=30),
    )


def test_references_three_completed_ratings_from_the_slots_with_a_verified_endorsed_rater_are_met(
    client, ask, deliver, application
):
    """RULES.md 6: three slots filled, one rater endorsed at Level II–IV and verified."""
    _registry()
    links = _ask_three(ask, deliver)
    assert _references(application).summary == "0 of 3 reference ratings complete"
    for link in links:
        _rate(client, link)
    requirement = _references(application)
    assert (requirement.status, requirement.have) == ("met", 3)


def test_references_claimed_endorsement_not_yet_vetted_is_pending(
    client, ask, deliver, application
):
    """RULES.md 6: claimed but unverified and no verified one → pending."""
    for link in _ask_three(ask, deliver, endorsed_number="UNKNOWN-1"):
        _rate(client, link)
    requirement = _references(application)
    assert (requirement.status, requirement.missing) == (
        "pending",
        ["Staff must verify the rater's endorsement."],
    )


def test_references_requested_and_declined_ratings_do_not_count(client, ask, deliver, application):
    """RULES.md 6: requested, declined or expired ratings do not count."""
    _registry()
    links = _ask_three(ask, deliver)
    _rate(client, links[0])
    client.post(f"{links[1]}decline/", {"reason": "Too busy"})
    requirement = _references(application)
    assert requirement.status == "not_met"
    assert sorted(e.reason for e in requirement.excluded) == ["declined", "not yet completed"]


def test_references_2024_six_not_enough_information_answers_void_a_rating(
    client, ask, deliver, application
):
    """2024 policy: a rating with 6 or more 'not enough information' answers is void."""
    Application.objects.filter(pk=application.pk).update(policy="2024")
    _registry()
    links = _ask_three(ask, deliver)
    _rate(client, links[0])
    _rate(client, links[1], not_enough_information=5)
    _rate(client, links[2], not_enough_information=6)
    requirement = _references(application)
    assert requirement.have == 2
    assert [e.reason for e in requirement.excluded] == [
        "void: 6 items answered 'not enough information'"
    ]


def test_references_2024_a_rating_older_than_a_year_is_void(client, ask, deliver, application):
    """2024 policy: a rating completed more than one year before the evaluation date is void."""
    Application.objects.filter(pk=application.pk).update(policy="2024")
    _registry()
    links = _ask_three(ask, deliver)
    for link in links:
        _rate(client, link)
    later = timezone.localdate() + timedelta(days=367)
    with time_machine.travel(later):
        requirement = _references(application, today=later)
    assert {e.reason for e in requirement.excluded} == {
        "completed more than a year before the evaluation date"
    }


def test_references_2024_a_rater_who_has_known_the_applicant_under_a_year_is_void(
    client, ask, deliver, application
):
    """2024 policy: the rater's own answer for years known decides, not the applicant's claim."""
    Application.objects.filter(pk=application.pk).update(policy="2024")
    _registry()
    links = _ask_three(ask, deliver)
    _rate(client, links[0])
    _rate(client, links[1])
    client.post(f"{links[2]}rating/", full_answers() | {"known_years": "0.5", "action": "submit"})
    requirement = _references(application)
    assert [e.reason for e in requirement.excluded] == [
        "rater has known the applicant for less than a year"
    ]
