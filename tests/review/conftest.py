"""Applications at the stages staff work on, made through the product's own domain functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from endorse.applications import domain
from endorse.applications.models import Application

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def imported(applicant, name: str) -> Application:
    return domain.application_import(
        applicant=applicant, text=(EXAMPLES / f"{name}.json").read_bytes(), trusted=True
    )


@pytest.fixture
def submitted(applicant) -> Application:
    """A Policy application with everything but the exam met, submitted."""
    application = imported(applicant, "policy-ready-for-exam")
    domain.application_submit(application=application, actor=applicant)
    application.refresh_from_db()
    return application


@pytest.fixture
def awaiting_staff(applicant) -> Application:
    """A Research/Faculty application waiting for staff: a received transcript, an unverified
    rater endorsement, the competency review."""
    application = imported(applicant, "research-faculty-awaiting-review")
    domain.application_submit(application=application, actor=applicant)
    application.refresh_from_db()
    return application
