"""Named personas for permission tests, and helpers shared across apps."""

from __future__ import annotations

import pytest

from endorse.accounts.models import User

PASSWORD = "correct horse battery staple"


def make_person(email: str, name: str = "", **extra: object) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, name=name or email.split("@")[0].title(), **extra
    )


@pytest.fixture
def applicant(db: None) -> User:
    """Applicant A: the owner of the application under test."""
    return make_person("ada.applicant@example.org", "Ada Applicant")


@pytest.fixture
def other_applicant(db: None) -> User:
    """Applicant B: signed in, but nothing of A's is B's."""
    return make_person("bo.other@example.org", "Bo Other")
