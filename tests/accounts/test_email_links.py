"""Every link in an account email starts with ENDORSE_BASE_URL, whatever `Host` the request that
caused the email carried (any port of an allowed host reaches the site)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from ..conftest import PASSWORD, make_person

BASE_URL = "https://endorse.example.org"
ELSEWHERE = "localhost:9999"  # an allowed host name, on a port of the attacker's choosing


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.ENDORSE_BASE_URL = BASE_URL


def _links(message: mail.EmailMessage) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def _check(messages: list[mail.EmailMessage], *paths: str) -> None:
    """Each message's links are on the base URL, among them the expected `paths`, and nothing
    of the request's host appears anywhere in the message."""
    assert messages
    links = [link for message in messages for link in _links(message)]
    for path in paths:
        assert any(link.startswith(f"{BASE_URL}{path}") for link in links), (path, links)
    assert [link for link in links if not link.startswith(f"{BASE_URL}/")] == []
    for message in messages:
        alternatives = "".join(str(content) for content, _ in getattr(message, "alternatives", []))
        assert ELSEWHERE not in message.body + alternatives + message.subject


def test_a_password_reset_link_is_on_the_base_url_whatever_the_host(client, db, deliver):
    """Security review finding 13: a password reset requested with `Host: localhost:9999` mails
    a link to ENDORSE_BASE_URL, not to the host the request named."""
    person = make_person("reset.me@example.org")
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    deliver()
    response = client.post(
        "/accounts/password/reset/", {"email": person.email}, HTTP_HOST=ELSEWHERE
    )
    assert response.status_code == 302
    _check(deliver(), "/accounts/password/reset/key/")


def test_the_email_for_an_unknown_address_links_to_the_base_url(client, db, deliver):
    """Security review finding 13: the "no account with this address" email's sign-up link."""
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST=ELSEWHERE
    )
    assert response.status_code == 302
    _check(deliver(), "/accounts/signup/")


def test_an_email_confirmation_link_is_on_the_base_url_whatever_the_host(client, db, deliver):
    """Security review finding 13: the confirmation link mailed at sign-up."""
    response = client.post(
        "/accounts/signup/",
        {
            "email": "confirm.me@example.org",
            "name": "Confirm",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        HTTP_HOST=ELSEWHERE,
    )
    assert response.status_code == 302
    _check(deliver(), "/accounts/confirm-email/")


def test_signing_up_again_with_a_known_address_links_to_the_base_url(client, db, deliver):
    """Security review finding 13: the "you already have an account" email's links."""
    person = make_person("known@example.org")
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    deliver()
    client.post(
        "/accounts/signup/",
        {"email": person.email, "name": "K", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST=ELSEWHERE,
    )
    _check(deliver(), "/accounts/password/reset/")
