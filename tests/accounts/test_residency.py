"""The residency rule: an applicant applies to the association of the state or country they
live in. An association listing no region serves everyone; a coordinator's recorded exception
lets a person apply although they live elsewhere."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scope

from endorse.accounts.domain import (
    ResidencyExceptionError,
    profile_update,
    residency_exception_record,
)
from endorse.accounts.models import ResidencyException
from endorse.accounts.residency import ResidencyError
from endorse.applications import domain
from endorse.applications.models import Application

from ..conftest import EXAMPLES, make_association, sign_in


@pytest.fixture
def michigan(association):
    """The default association, serving Michigan only; Ohio's serves Ohio."""
    association.serves = "MI"
    association.save()
    make_association("oh", "Ohio Association for Infant Mental Health", serves="OH")
    return association


def _start(person):
    return domain.application_start(applicant=person, category="family-associate")


def test_an_association_listing_no_region_serves_everyone(applicant, association):
    assert (association.serves, applicant.residence) == ("", "")

    application = _start(applicant)

    assert application.association == association


def test_an_applicant_living_in_a_served_region_applies(applicant, michigan):
    profile_update(person=applicant, name=applicant.name, phone="", residence="MI")

    assert _start(applicant).association == michigan


def test_living_in_another_associations_state_is_refused_naming_it(applicant, michigan):
    profile_update(person=applicant, name=applicant.name, phone="", residence="OH")

    with pytest.raises(ResidencyError) as refused:
        _start(applicant)

    assert refused.value.message == (
        f"{michigan.name} takes applications from people who live in Michigan. You live in "
        "Ohio: Ohio Association for Infant Mental Health (OH) serves Ohio, so apply there. If "
        f"you work here but live elsewhere, ask {michigan.short_name}'s coordinator to record "
        "an exception for you."
    )
    assert (refused.value.link_url, refused.value.link_text) == (
        "http://oh.example.org/applications/",
        "Apply to OH",
    )
    assert Application.objects.count() == 0


def test_living_where_no_association_serves_is_refused_saying_so(applicant, michigan):
    michigan.contact_email = "endorsement@mi-aimh.example.org"
    michigan.save()
    profile_update(person=applicant, name=applicant.name, phone="", residence="IN")

    with pytest.raises(ResidencyError) as refused:
        _start(applicant)

    assert refused.value.message == (
        f"{michigan.name} takes applications from people who live in Michigan. You live in "
        "Indiana, and no association on this site serves Indiana yet. If you work here but "
        f"live elsewhere, ask {michigan.short_name}'s coordinator "
        "(endorsement@mi-aimh.example.org) to record an exception for you."
    )
    assert refused.value.link_url == ""


def test_a_residence_not_recorded_is_asked_for_first(applicant, michigan):
    with pytest.raises(ResidencyError) as refused:
        _start(applicant)

    assert refused.value.message == (
        f"{michigan.name} takes applications from people who live in Michigan. Record the "
        "state or country you live in on your profile first."
    )
    assert refused.value.link_url == "/profile/"


def test_a_recorded_exception_lets_the_person_apply(applicant, michigan, coordinator):
    profile_update(person=applicant, name=applicant.name, phone="", residence="IN")
    residency_exception_record(
        person=applicant,
        association=michigan,
        reason="Lives in Indiana, works in Michigan.",
        actor=coordinator,
    )

    assert _start(applicant).association == michigan


def test_an_exception_in_one_association_does_not_open_another(applicant, michigan, coordinator):
    ohio = make_association("oh2", serves="OH")
    with scope(association=ohio):
        residency_exception_record(
            person=applicant, association=ohio, reason="Works in Ohio.", actor=coordinator
        )

    with pytest.raises(ResidencyError):
        _start(applicant)


def test_an_exception_needs_a_reason_and_is_recorded_once(applicant, michigan, coordinator):
    with pytest.raises(ResidencyExceptionError, match="say why"):
        residency_exception_record(
            person=applicant, association=michigan, reason="  ", actor=coordinator
        )
    residency_exception_record(
        person=applicant, association=michigan, reason="Works here.", actor=coordinator
    )
    with pytest.raises(ResidencyExceptionError, match="is already recorded here"):
        residency_exception_record(
            person=applicant, association=michigan, reason="Again.", actor=coordinator
        )
    assert ResidencyException.objects.count() == 1


def test_an_exception_is_audited(applicant, michigan, coordinator, caplog):
    with caplog.at_level("INFO", logger="endorse.audit"):
        residency_exception_record(
            person=applicant, association=michigan, reason="Works here.", actor=coordinator
        )

    assert caplog.messages[-1] == (
        f"residency exception recorded: {applicant.email} applies to mi-aimh "
        f"(by {coordinator.email})"
    )


def test_staff_carrying_records_over_are_not_refused(applicant, michigan):
    imported = domain.application_import(
        applicant=applicant,
        text=(EXAMPLES / "clinical-in-progress.json").read_bytes(),
        trusted=True,
    )

    assert imported.association == michigan


def test_an_applicants_import_is_refused_like_a_start(client, applicant, michigan):
    sign_in(client, applicant)
    with (EXAMPLES / "clinical-in-progress.json").open("rb") as upload:
        page = client.post("/applications/import/", {"portfolio_file": upload})

    assert page.status_code == 400
    assert "Record the state or country you live in on your profile first." in page.text
    assert Application.objects.count() == 0


def test_the_start_page_shows_the_refusal_and_where_to_apply(client, applicant, michigan):
    profile_update(person=applicant, name=applicant.name, phone="", residence="OH")
    sign_in(client, applicant)

    page = client.post("/applications/", {"category": "family-associate"})

    assert page.status_code == 400
    assert "You live in Ohio: Ohio Association for Infant Mental Health (OH)" in page.text
    assert '<a href="http://oh.example.org/applications/">Apply to OH</a>' in page.text
    assert Application.objects.count() == 0


def test_the_profile_records_where_the_person_lives(client, applicant):
    sign_in(client, applicant)

    saved = client.post("/profile/", {"name": "Ada Applicant", "phone": "", "residence": "MI"})
    applicant.refresh_from_db()

    assert (saved.status_code, applicant.residence) == (302, "MI")


def test_a_profile_post_without_residence_keeps_it(client, applicant):
    profile_update(person=applicant, name=applicant.name, phone="", residence="OH")
    sign_in(client, applicant)

    client.post("/profile/", {"name": "Ada Applicant", "phone": ""})
    applicant.refresh_from_db()

    assert applicant.residence == "OH"


def test_an_unknown_residence_is_a_field_error(client, applicant):
    sign_in(client, applicant)

    page = client.post("/profile/", {"name": "Ada Applicant", "phone": "", "residence": "XX"})

    assert page.status_code == 400
    assert "Select a valid choice. XX is not one of the available choices." in page.text


def test_an_applicant_on_the_serving_associations_site_applies_there(applicant, michigan):
    profile_update(person=applicant, name=applicant.name, phone="", residence="OH")
    client = sign_in(Client(HTTP_HOST="oh.example.org"), applicant)

    started = client.post("/applications/", {"category": "family-associate"})

    assert started.status_code == 302
