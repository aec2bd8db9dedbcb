"""Sign-in safety: repeated failures are refused for a while, sessions end, passwords are long."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ..conftest import PASSWORD, make_person


def _sign_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_five_wrong_passwords_lock_the_address_for_a_while(client, db):
    person = make_person("locked@example.org")
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    answers = [_sign_in(client, person.email, "wrong password").status_code for _ in range(5)]
    refused = _sign_in(client, person.email, PASSWORD)
    assert answers == [200] * 5
    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _sign_in(client, person.email, PASSWORD).status_code == 302


def test_a_session_ends_after_twelve_hours(client, applicant):
    applicant.emailaddress_set.create(email=applicant.email, verified=True, primary=True)
    assert _sign_in(client, applicant.email, PASSWORD).status_code == 302
    assert client.get("/applications/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=12, minutes=1)):
        response = client.get("/applications/")
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "This password is too short. It must contain at least 12 characters."),
        ("password12345", "This password is too common."),
        ("839275018374", "This password is entirely numeric."),
    ],
)
def test_weak_passwords_are_refused_at_sign_up(client, db, password, message):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "name": "N", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_failed_sign_ins_count_per_address_whatever_host_the_request_names(client, db):
    """Security review finding 7: the five failed sign-ins per address are counted once, not per
    `Host` header (allauth keys them by the request's host: each port of an allowed host had a
    count of its own)."""
    person = make_person("hosts@example.org")
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    for port in range(9001, 9006):
        client.post(
            "/accounts/login/",
            {"login": person.email, "password": "wrong password"},
            HTTP_HOST=f"localhost:{port}",
        )
    refused = client.post(
        "/accounts/login/",
        {"login": person.email, "password": PASSWORD},
        HTTP_HOST="localhost:9006",
    )
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
