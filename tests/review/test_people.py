"""The coordinator's page of staff and roles: reviewer and exam reviewer roles given and taken
in the product, refused with a clear message to a person without an authenticator app."""

from __future__ import annotations

import pytest

from endorse.accounts.models import User
from endorse.accounts.roles import Role, has_role

from ..conftest import make_person, make_staff, sign_in
from .pages import words


def _fresh(person) -> User:
    return User.objects.get(pk=person.pk)  # roles are remembered on the object


def test_the_page_lists_staff_with_their_roles(client, coordinator, reviewers):
    make_staff("ella.exam@example.org", "Ella Exam", Role.EXAM_REVIEWER, Role.REVIEWER)
    sign_in(client, coordinator)

    page = client.get("/staff/people/").content.decode()

    rows = [words(r) for r in page.split('id="staff-people"')[1].split("<tr>")[2:]]
    assert [r.split(" Remove")[0] for r in rows] == [
        "Casey Coordinator casey.coordinator@example.org Endorsement coordinator set up",
        "Ella Exam ella.exam@example.org Reviewer, Exam reviewer set up",
        "Ravi Reviewer ravi.reviewer@example.org Reviewer set up",
        "Rene Reviewer rene.reviewer@example.org Reviewer set up",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_costs_the_same_queries_for_1_or_3_staff(
    client, coordinator, django_assert_num_queries, count
):
    for n in range(count - 1):
        make_staff(f"staff{n}@example.org", f"Staff {n}", Role.REVIEWER)
    sign_in(client, coordinator)
    client.get("/staff/people/")

    with django_assert_num_queries(6):  # session, user, roles, people, their roles, unread count
        client.get("/staff/people/")


def test_the_coordinator_gives_and_takes_a_reviewer_role(client, coordinator):
    helper = make_staff("helper@example.org", "Hal Helper")  # an authenticator, no role
    sign_in(client, coordinator)

    given = client.post("/staff/people/", {"email": "HELPER@example.org", "role": "reviewer"})
    had = has_role(_fresh(helper), Role.REVIEWER)
    taken = client.post(f"/staff/people/{helper.pk}/roles/reviewer/remove/")

    assert (given.status_code, had) == (302, True)
    assert (taken.status_code, has_role(_fresh(helper), Role.REVIEWER)) == (302, False)


def test_a_role_for_a_person_without_an_authenticator_is_refused_in_words(client, coordinator):
    person = make_person("new.helper@example.org", "New Helper")
    sign_in(client, coordinator)

    response = client.post(
        "/staff/people/", {"email": "new.helper@example.org", "role": "exam_reviewer"}
    )

    assert response.status_code == 400
    assert has_role(_fresh(person), Role.EXAM_REVIEWER) is False
    assert (
        "New.helper@example.org has no authenticator app yet; they set one up from their "
        "account (Two-factor authentication) first, then the role can be given."
        in words(response.content.decode())
    )
    assert 'value="new.helper@example.org"' in response.content.decode()  # kept as typed


def test_an_unknown_email_is_named(client, coordinator):
    sign_in(client, coordinator)

    response = client.post("/staff/people/", {"email": "nobody@example.org", "role": "reviewer"})

    assert response.status_code == 400
    assert "Nobody has an account with nobody@example.org: ask them to sign up first." in words(
        response.content.decode()
    )


def test_the_coordinators_role_is_not_taken_here(client, coordinator):
    other = make_staff("other.coordinator@example.org", "Other", Role.COORDINATOR)
    sign_in(client, coordinator)

    client.post(f"/staff/people/{other.pk}/roles/coordinator/remove/")

    assert has_role(_fresh(other), Role.COORDINATOR) is True
