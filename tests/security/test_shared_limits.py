"""Sign-in limits hold across processes: two servers with the production settings share the
test database (and Redis, when one is configured), and a person's browser goes to one, then the
other, as a load balancer or gunicorn's workers would send it. The documented limits — 5 failed
sign-ins per address in 15 minutes, the same for authenticator codes — and the single use of
an authenticator code are counted once for the site, not once per process.

Redis: ENDORSE_TEST_REDIS_URL names a server these tests may empty (`.ci/run` starts one);
without it the Redis case is skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import http.client
import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from ..conftest import PASSWORD, make_person
from ..notifications.test_worker_process import _database_url
from ..servers import Gunicorn, production_environment

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("ENDORSE_TEST_REDIS_URL", "")
LOCKED = "Too many failed login attempts"
WRONG_PASSWORD = "The email address and/or password you specified are not correct."
WRONG_CODE = "Incorrect code."
TOTP_PERIOD = 30  # seconds a code is valid (allauth's default)


class Browser:
    """One person's browser: it keeps its cookies and sends them to whichever server it is
    told, so its session (in the shared database) follows it from one process to the other."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def get(self, server: Gunicorn, path: str) -> tuple[int, str, str]:
        return self._request(server, "GET", path, None)

    def post(self, server: Gunicorn, path: str, form: dict[str, str]) -> tuple[int, str, str]:
        token = self.cookies.get(settings.CSRF_COOKIE_NAME, "")
        return self._request(server, "POST", path, form | {"csrfmiddlewaretoken": token})

    def _request(
        self, server: Gunicorn, method: str, path: str, form: dict[str, str] | None
    ) -> tuple[int, str, str]:
        """(status, where a redirect goes, the page)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            page = response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                if value in ("", '""'):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            return response.status, response.getheader("Location", ""), page
        finally:
            connection.close()

    def signed_in(self, server: Gunicorn) -> bool:
        return self.get(server, "/applications/")[0] == 200


def _redis_url() -> str:
    """ENDORSE_TEST_REDIS_URL, on a database of its own for each test process (pytest-xdist's
    workers run at once and each empties its database between tests)."""
    if not REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("ENDORSE_TEST_REDIS_URL is not set; CI must start Redis (.ci/run).")
        pytest.skip("no Redis: set ENDORSE_TEST_REDIS_URL=redis://127.0.0.1:PORT/0")
    parts = urlsplit(REDIS_URL)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    database = int(parts.path.strip("/") or 0) + worker
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture(scope="module", params=["database", "redis"])
def running(
    request: pytest.FixtureRequest, django_db_setup: None
) -> Iterator[tuple[str, Gunicorn, Gunicorn]]:
    """Two servers on the test database, their cache the database's table (ENDORSE_CACHE_URL
    unset, the default) or Redis; started once for the tests of this module."""
    redis = _redis_url() if request.param == "redis" else ""
    data_dir: Path = request.getfixturevalue("production_data_dir")  # after a possible skip
    env = production_environment(data_dir, _database_url(), ENDORSE_LOG_LEVEL="WARNING")
    env.pop("ENDORSE_CACHE_URL", None)
    if redis:
        env["ENDORSE_CACHE_URL"] = redis
    with Gunicorn(env) as first, Gunicorn(env) as second:
        yield redis, first, second


@pytest.fixture
def servers(running: tuple[str, Gunicorn, Gunicorn]) -> tuple[Gunicorn, Gunicorn]:
    """The two servers, their shared cache emptied: no count carries over from another test."""
    redis, first, second = running
    if redis:
        RedisCache(redis, {}).clear()
    else:
        DatabaseCache(settings.CACHE_TABLE, {}).clear()
    return first, second


def _verified(email: str):
    """A person with a verified address, whose password the servers can check (the test
    settings' fast hasher is not among production's)."""
    person = make_person(email)
    hasher = PBKDF2PasswordHasher()
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save(update_fields=["password"])
    person.emailaddress_set.create(email=email, verified=True, primary=True)
    return person


def test_five_wrong_passwords_lock_an_address_across_two_processes(servers):
    """Security review finding 7: five wrong passwords lock an address across two worker
    processes; the sixth try, with the right password, is refused by either."""
    first, second = servers
    person = _verified("locked.twice@example.org")
    browser = Browser()
    browser.get(first, "/accounts/login/")  # the CSRF cookie
    wrong = {"login": person.email, "password": "wrong password"}
    answers = [browser.post((first, second)[n % 2], "/accounts/login/", wrong) for n in range(5)]
    assert [(status, WRONG_PASSWORD in page) for status, _, page in answers] == [(200, True)] * 5
    right = {"login": person.email, "password": PASSWORD}
    for server in (second, first):
        status, _, page = browser.post(server, "/accounts/login/", right)
        assert (status, LOCKED in page) == (200, True)
    assert not browser.signed_in(first)


def _password_step(browser: Browser, server: Gunicorn, email: str) -> None:
    """Sign in with the password; the authenticator code is asked for next."""
    browser.get(server, "/accounts/login/")
    status, where, _ = browser.post(
        server, "/accounts/login/", {"login": email, "password": PASSWORD}
    )
    assert (status, where) == (302, "/accounts/2fa/authenticate/")


def _current_code(secret: str) -> tuple[str, int]:
    """The code valid now, and its period's number, once at least half a period remains (so
    that a slow machine rarely needs a second round)."""
    if int(time.time()) % TOTP_PERIOD > TOTP_PERIOD // 2:
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.5)
    counter = int(time.time()) // TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter)), counter


def test_an_authenticator_code_is_accepted_once_across_two_processes(servers):
    """Security review finding 7: an authenticator code that signed someone in on one process
    is refused on the other while it is still current (it was accepted once per process)."""
    first, second = servers
    secret = generate_totp_secret()
    person = _verified("totp.once@example.org")
    TOTP.activate(person, secret)
    for _ in range(5):  # a round whose code expired before its end proves nothing: again
        code, counter = _current_code(secret)
        one, other = Browser(), Browser()
        _password_step(one, first, person.email)
        _password_step(other, second, person.email)
        used = one.post(first, "/accounts/2fa/authenticate/", {"code": code})
        again = other.post(second, "/accounts/2fa/authenticate/", {"code": code})
        if int(time.time()) // TOTP_PERIOD == counter:
            break
    else:
        pytest.fail("the machine never finished a round within one code's validity")
    assert used[:2] == (302, reverse(settings.LOGIN_REDIRECT_URL))
    assert one.signed_in(second)  # the session is shared: signed in on both
    assert (again[0], WRONG_CODE in again[2]) == (200, True)
    assert not other.signed_in(first)


def test_five_wrong_codes_lock_the_authenticator_across_two_processes(servers):
    """Security review finding 7: five wrong authenticator codes, alternating between two
    processes, lock the person's code step; the right code is refused next, by either."""
    first, second = servers
    secret = generate_totp_secret()
    person = _verified("totp.guesses@example.org")
    TOTP.activate(person, secret)
    browser = Browser()
    _password_step(browser, first, person.email)
    right = format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    answers = [
        browser.post((first, second)[n % 2], "/accounts/2fa/authenticate/", {"code": wrong})
        for n in range(5)
    ]
    assert [(status, WRONG_CODE in page) for status, _, page in answers] == [(200, True)] * 5
    for server in (second, first):
        code = format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))
        status, _, page = browser.post(server, "/accounts/2fa/authenticate/", {"code": code})
        assert (status, LOCKED in page) == (200, True)
    assert not browser.signed_in(first)
