"""Named personas for permission tests, and helpers shared across apps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core import mail

from endorse.accounts.models import User
from endorse.accounts.roles import Role
from endorse.applications import domain as applications
from endorse.applications.enums import Category
from endorse.applications.models import Application, Rater
from endorse.notifications.delivery import outbox_flush
from endorse.references import domain as references_domain
from endorse.review import domain as review_domain

from .servers import collect_static

PASSWORD = "correct horse battery staple"


def make_person(email: str, name: str = "", **extra: object) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, name=name or email.split("@")[0].title(), **extra
    )


def make_staff(email: str, name: str, *roles: str, two_factor: bool = True) -> User:
    """A staff member holding `roles`, with an authenticator app set up unless told otherwise."""
    person = make_person(email, name)
    # get_or_create: tests that commit for real empty the tables, migrated groups included.
    person.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in roles))
    if two_factor:
        TOTP.activate(person, generate_totp_secret())
    return person


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits (sign-ins, confirmation emails per address) count in the cache, which is
    the test process's memory: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


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
