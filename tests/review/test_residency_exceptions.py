"""Residency exceptions on /staff/residency/: the coordinator records that a person applies here
although they live elsewhere; the staff file says when an applicant lives outside the
association's regions, and when they apply under an exception. The regions an association
serves are one of its settings."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scope

from endorse.accounts.domain import profile_update, residency_exception_record
from endorse.accounts.models import ResidencyException
from endorse.accounts.roles import Role
from endorse.associations.models import Association

from ..conftest import make_association, make_person, make_staff, sign_in
from .test_association_settings import _form_data


@pytest.fixture
def michigan(association):
    association.serves = "MI"
    association.save()
    return association


def test_the_coordinator_records_an_exception_by_email(client, coordinator, applicant, michigan):
    sign_in(client, coordinator)

    saved = client.post(
        "/staff/residency/",
        {"email": applicant.email.upper(), "reason": "Lives in Indiana, works in Michigan."},
    )
    page = client.get("/staff/residency/")

    [exception] = ResidencyException.objects.all()
    assert (saved.status_code, saved["Location"]) == (302, "/staff/residency/")
    assert (exception.person, exception.association, exception.recorded_by) == (
        applicant,
        michigan,
        coordinator,
    )
    assert exception.reason == "Lives in Indiana, works in Michigan."
    assert "Lives in Indiana, works in Michigan." in page.text
    assert "serves Michigan" in page.text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"email": "nobody@example.org", "reason": "Works here."},
            "Nobody has an account with nobody@example.org: ask them to sign up first.",
        ),
        ({"email": "ada@example.org", "reason": ""}, "This field is required."),
        ({"email": "not an email", "reason": "Works here."}, "Enter a valid email address."),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_recorded(
    client, coordinator, applicant, data, error
):
    sign_in(client, coordinator)

    page = client.post("/staff/residency/", data)

    assert page.status_code == 400
    assert error in page.text
    assert ResidencyException.objects.count() == 0


def test_a_second_exception_for_the_same_person_is_refused(client, coordinator, applicant):
    residency_exception_record(
        person=applicant,
        association=applicant_association(),
        reason="Works here.",
        actor=coordinator,
    )
    sign_in(client, coordinator)

    page = client.post("/staff/residency/", {"email": applicant.email, "reason": "Again."})

    assert page.status_code == 400
    assert f"An exception for {applicant.email} is already recorded here, on " in page.text


def applicant_association() -> Association:
    return Association.objects.get(slug="mi-aimh")


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_costs_the_same_queries_for_1_or_3_exceptions(
    client, coordinator, django_assert_num_queries, count
):
    for n in range(count):
        residency_exception_record(
            person=make_person(f"p{n}@example.org"),
            association=applicant_association(),
            reason="Works here.",
            actor=coordinator,
        )
    sign_in(client, coordinator)
    client.get("/staff/residency/")

    with django_assert_num_queries(5):  # session, user, roles, exceptions, unread count
        client.get("/staff/residency/")


def test_another_associations_exceptions_are_not_listed(client, coordinator, applicant):
    other = make_association("oh")
    with scope(association=other):
        residency_exception_record(
            person=applicant, association=other, reason="Works in Ohio.", actor=coordinator
        )
        theirs = make_staff("coord@oh.example.org", "Ohio Coordinator", Role.COORDINATOR)
    sign_in(client, coordinator)

    here = client.get("/staff/residency/")
    there = sign_in(Client(HTTP_HOST="oh.example.org"), theirs).get("/staff/residency/")

    assert ("Works in Ohio." in here.text, "Works in Ohio." in there.text) == (False, True)


def test_the_file_says_the_applicant_lives_outside_the_regions(
    client, coordinator, submitted, applicant, michigan
):
    profile_update(person=applicant, name=applicant.name, phone="", residence="IN")
    sign_in(client, coordinator)

    page = client.get(f"/staff/applications/{submitted.pk}/")

    assert (
        "Lives in Indiana, outside the regions MI-AIMH serves (Michigan), and no residency "
        "exception is recorded."
    ) in page.text


def test_the_file_says_the_applicant_applies_under_an_exception(
    client, coordinator, submitted, applicant, michigan
):
    profile_update(person=applicant, name=applicant.name, phone="", residence="IN")
    residency_exception_record(
        person=applicant, association=michigan, reason="Works in Lansing.", actor=coordinator
    )
    sign_in(client, coordinator)

    page = client.get(f"/staff/applications/{submitted.pk}/")

    assert "Applies here under a residency exception (lives in Indiana)" in page.text
    assert "Works in Lansing." in page.text


def test_the_file_says_nothing_when_the_association_serves_everyone(client, coordinator, submitted):
    sign_in(client, coordinator)

    page = client.get(f"/staff/applications/{submitted.pk}/")

    assert 'id="residency"' not in page.text


def test_the_regions_served_are_a_setting_checked_and_tidied(client, coordinator, association):
    sign_in(client, coordinator)

    refused = client.post(
        "/staff/association/", _form_data(association, number_prefix="MI-", serves="MI, XX")
    )
    saved = client.post(
        "/staff/association/", _form_data(association, number_prefix="MI-", serves="mi, oh ,MI")
    )

    assert refused.status_code == 400
    assert "Not a region code: XX." in refused.text
    assert saved.status_code == 302
    assert Association.objects.get(pk=association.pk).serves == "MI, OH"
