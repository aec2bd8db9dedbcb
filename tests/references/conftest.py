"""An applicant's draft with raters asked through the real domain functions, and the rater's
link as the email carries it."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from endorse.applications import domain as applications
from endorse.applications.enums import Category
from endorse.applications.models import Application, Rater
from endorse.references import domain
from endorse.references.questions import current_questions


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
        return domain.rater_save_and_send(application=application, entry=rater, actor=applicant)

    return run


def link_in(message: mail.EmailMessage) -> str:
    """The rater's link as the request email carries it (path only, for the test client)."""
    return re.search(r"http://testserver(/r/[^\s/]+/)", message.body).group(1)


def full_answers(*, not_enough_information: int = 0) -> dict[str, str]:
    """Form data answering every item: the first `not_enough_information` items with that."""
    data = {}
    for index, item in enumerate(current_questions().items):
        data[f"item_{item.id}"] = "nei" if index < not_enough_information else "4"
    return data | {"known_years": "4", "recommendation": "recommend", "comments": ""}
