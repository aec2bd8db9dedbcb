import pytest

from endorse.applications.models import Degree
from endorse.conversations.domain import thread_start

from ..conftest import imported

PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"


@pytest.fixture
def draft(applicant):
    """A draft with everything but the exam, which the applicant may still change."""
    return imported(applicant, "policy-ready-for-exam")


@pytest.fixture
def degree(draft):
    return Degree.objects.filter(application=draft).first()


@pytest.fixture
def transcript_request(draft, coordinator):
    """The coordinator asks for a missing transcript, on the degrees section."""
    return thread_start(
        application=draft,
        kind="request",
        section="degrees",
        subject="The transcript from the second university is missing",
        body="Please upload the official transcript.",
        actor=coordinator,
    )
