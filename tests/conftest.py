"""Named personas for permission tests, and helpers shared across apps."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import hypothesis
import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core import mail
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from endorse.accounts.models import User
from endorse.accounts.roles import Role
from endorse.applications import domain as applications
from endorse.applications.enums import Category
from endorse.applications.models import Application, Rater
from endorse.associations import routing
from endorse.associations.models import Association, StaffRole
from endorse.exams import domain as exams_domain
from endorse.notifications.delivery import outbox_flush
from endorse.references import domain as references_domain
from endorse.review import domain as review_domain
from endorse.workspace import cache as workspace_cache

from .servers import collect_static

PASSWORD = "correct horse battery staple"

# Property tests: a quick look on a developer's machine, a thorough one in CI (CI=true, as
# .ci/run sets it); HYPOTHESIS_PROFILE names either to choose. Tests that state their own
# number of examples (those driving the web or the database) keep it under both.
hypothesis.settings.register_profile("dev", max_examples=25, deadline=None)
hypothesis.settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
hypothesis.settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)


def make_person(email: str, name: str = "", **extra: object) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, name=name or email.split("@")[0].title(), **extra
    )


def make_staff(email: str, name: str, *roles: str, two_factor: bool = True) -> User:
    """A staff member holding `roles`, with an authenticator app set up unless told otherwise."""
    person = make_person(email, name)
    for role in roles:  # in the association whose scope is active
        StaffRole.objects.create(person=person, role=role)
    if two_factor:
        TOTP.activate(person, generate_totp_secret())
    return person


def make_superuser(email: str, name: str, *roles: str) -> User:
    """A person who may use the admin (staff-flagged superuser), with an authenticator app."""
    person = make_staff(email, name, *roles)
    person.is_staff = person.is_superuser = True
    person.save()
    return person


def totp_code(person: User) -> str:
    """The code `person`'s authenticator app shows now."""
    secret = Authenticator.objects.get(user=person, type="totp").wrap().instance.data["secret"]
    return totp_code_for(secret)


def totp_code_for(secret: str) -> str:
    """The code an authenticator app holding `secret` shows now; near the end of a period, the
    next period's (a code that changes on its way to the server would be refused)."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in(client: Client, person: User) -> Client:
    """Sign `person` in on `client` as the product's sign-in would: with the second factor
    recorded in the session when they have an authenticator app (staff pages require it)."""
    client.force_login(person)
    if Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        session = client.session
        request = HttpRequest()
        request.session = session
        record_authentication(request, person, "mfa", type="totp")
        session.save()
    return client


DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
)


@pytest.fixture(autouse=True)
def association(request: pytest.FixtureRequest) -> object:
    """The installation's default association, whose scope every test that reaches the database
    runs in (as every request does); a test of another association enters its own scope."""
    routing.forget()
    uses_database = request.node.get_closest_marker("django_db") or (
        DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_database:
        yield None
        return
    request.getfixturevalue("_django_db_helper")
    # Tests that commit for real empty the tables, the migrated association included.
    found = routing.default_association()
    with scope(association=found):
        yield found
    routing.forget()


def make_association(slug: str, name: str = "", **extra: object) -> Association:
    """Another association on the installation, answering on `<slug>.example.org`."""
    extra.setdefault("hosts", f"{slug}.example.org")
    return Association.objects.create(
        slug=slug,
        name=name or f"{slug.upper()} Association for Infant Mental Health",
        short_name=slug.upper(),
        number_prefix=f"{slug.upper()}-",
        **extra,
    )


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits (sign-ins, confirmation emails per address) count in the cache, which is
    the test process's memory: each test starts with none counted. So is the workspace's
    rendered evidence: a test's database is rolled back and its keys used again by the next."""
    cache.clear()
    workspace_cache.PARTS.clear()


@pytest.fixture
def coordinator(db: None) -> User:
    return make_staff("casey.coordinator@example.org", "Casey Coordinator", Role.COORDINATOR)


@pytest.fixture
def reviewers(db: None) -> tuple[User, User]:
    return (
        make_staff("rene.reviewer@example.org", "Rene Reviewer", Role.REVIEWER),
        make_staff("ravi.reviewer@example.org", "Ravi Reviewer", Role.REVIEWER),
    )


@pytest.fixture
def exam_reviewers(db: None) -> tuple[User, User, User]:
    return tuple(  # type: ignore[return-value]
        make_staff(f"examiner{n}@example.org", f"Examiner {n}", Role.EXAM_REVIEWER)
        for n in (1, 2, 3)
    )


@pytest.fixture
def applicant(db: None) -> User:
    """Applicant A: the owner of the application under test."""
    return make_person("ada.applicant@example.org", "Ada Applicant")


@pytest.fixture
def other_applicant(db: None) -> User:
    """Applicant B: signed in, but nothing of A's is B's."""
    return make_person("bo.other@example.org", "Bo Other")


@pytest.fixture
def deliver(db: None) -> Callable[[], list[mail.EmailMessage]]:
    """Do what the background worker does with the outbox, now: send every due email (to
    Django's test mailbox). Returns the emails this call sent.

    Tests run inside a transaction that never commits, so the after-commit send never fires; this
    is how a test sees the mail a person would get.
    """

    def run() -> list[mail.EmailMessage]:
        before = len(mail.outbox)
        outbox_flush()
        return list(mail.outbox[before:])

    return run


@pytest.fixture(scope="session")
def production_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the static files collected, for servers run with production settings
    (tests/servers.py): their pages need the static files' manifest."""
    folder = tmp_path_factory.mktemp("production")
    collect_static(folder)
    return folder


# Applications at the stages staff work on, made through the product's own domain functions.

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def imported(applicant, name: str) -> Application:
    return applications.application_import(
        applicant=applicant, text=(EXAMPLES / f"{name}.json").read_bytes(), trusted=True
    )


@pytest.fixture
def submitted(applicant) -> Application:
    """A Policy application with everything but the exam met, submitted."""
    application = imported(applicant, "policy-ready-for-exam")
    applications.application_submit(application=application, actor=applicant)
    application.refresh_from_db()
    return application


@pytest.fixture
def awaiting_staff(applicant) -> Application:
    """A Research/Faculty application waiting for staff: a received transcript, an unverified
    rater endorsement, the competency review."""
    application = imported(applicant, "research-faculty-awaiting-review")
    applications.application_submit(application=application, actor=applicant)
    application.refresh_from_db()
    return application


@pytest.fixture
def approved(submitted, coordinator, reviewers):
    first, second = review_domain.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    for assignment in (first, second):
        review_domain.review_submit(
            assignment=assignment,
            competencies=[],
            comments="",
            outcome="approve",
            sections=[],
            reason="",
            actor=assignment.reviewer,
        )
    review_domain.decision_record(
        application=submitted, outcome="approve", reason="", sections=[], actor=coordinator
    )
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def endorsable(approved, coordinator, exam_reviewers):
    """An approved application whose exam is passed and final: the checklist is complete. Its
    decision letter and its exam result letter are both still held."""
    sitting = exams_domain.sitting_create(
        held_on=timezone.localdate(), place="Detroit", actor=coordinator
    )
    candidate = exams_domain.candidate_register(
        application=approved, sitting=sitting, actor=coordinator
    )
    exams_domain.part1_record(candidate=candidate, score=52, actor=coordinator)
    for marker in exam_reviewers[:2]:
        exams_domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=marker)
    exams_domain.result_finalize(candidate=candidate, actor=coordinator)
    approved.refresh_from_db()
    return approved


# A draft with raters asked through the real domain functions (references, security tests).


@pytest.fixture
def application(applicant) -> Application:
    return applications.application_start(
        applicant=applicant, category=Category.MENTOR_CLINICAL, policy="seed"
    )


@pytest.fixture
def ask(application, applicant):
    """Name a rater and send the request, as the references section's form does."""

    def run(name: str = "Rita Rater", role: str = "program_supervisor", **fields) -> Rater:
        fields.setdefault("email", f"{name.split()[0].lower()}@example.org")
        fields.setdefault("known_years", 3)
        rater = Rater(application=application, name=name, role=role, **fields)
        return references_domain.rater_save_and_send(
            application=application, entry=rater, actor=applicant
        )

    return run
