"""Submitting: check your answers, the declaration, the confirmation; what stops a submission
links to where it is fixed."""

import re
from pathlib import Path

import pytest

from endorse.applications import domain
from endorse.applications.enums import EventKind, Status
from endorse.workspace.forms import DECLARATION

from ..conftest import imported, sign_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def ready(applicant):
    return imported(applicant, "policy-ready-for-exam")


def test_check_your_answers_summarises_every_section_with_a_change_link(client, applicant, ready):
    sign_in(client, applicant)

    page = client.get(f"/applications/{ready.pk}/submit/")

    assert page.status_code == 200
    assert re.findall(r'class="check-answers__key">([^<(]+?) ?(?:\(optional\))?<', page.text) == [
        "Degrees",
        "Certificates and specializations",
        "In-service training",
        "Specialized work experience",
        "Leadership activities",
        "Reflective supervision/consultation received",
        "Reference raters",
        "Code of Ethics and Endorsement Agreement",
        "Membership",
    ]
    assert page.text.count(">Change<span") == 9
    assert f'href="/applications/{ready.pk}/#section-trainings"' in page.text


def test_submitting_needs_the_declaration_and_keeps_the_application_a_draft_without_it(
    client, applicant, ready
):
    sign_in(client, applicant)

    response = client.post(f"/applications/{ready.pk}/submit/", {})

    ready.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "declared": ["Tick the declaration to submit your application."]
    }
    assert 'id="error-summary" tabindex="-1" autofocus' in response.text
    assert ready.status == Status.DRAFT


def test_submitting_records_the_declaration_and_shows_the_confirmation(client, applicant, ready):
    sign_in(client, applicant)

    response = client.post(f"/applications/{ready.pk}/submit/", {"declared": "on"}, follow=True)

    ready.refresh_from_db()
    event = ready.events.filter(kind=EventKind.STATUS).latest("pk")
    assert response.redirect_chain == [(f"/applications/{ready.pk}/submitted/", 302)]
    assert ready.status == Status.SUBMITTED
    assert event.data["declaration"] == DECLARATION
    assert f'<strong class="reference">EA-{ready.pk:06d}</strong>' in response.text
    assert "What happens next" in response.text


def test_the_confirmation_of_a_draft_leads_back_to_the_application(client, applicant, ready):
    sign_in(client, applicant)
    response = client.get(f"/applications/{ready.pk}/submitted/")
    assert (response.status_code, response["Location"]) == (302, f"/applications/{ready.pk}/")


def test_what_stops_a_submission_links_to_its_section(client, applicant):
    application = domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )
    sign_in(client, applicant)

    page = client.get(f"/applications/{application.pk}/").text

    box = page[page.index('id="submit-heading"') : page.index("Your evidence")]
    assert re.findall(r'<li><a href="(#[a-z-]+)">([^<]*)', box) == [
        ("#section-degrees", "Education"),
        ("#section-trainings", "In-service training"),
        ("#section-work-experience", "Specialized work experience"),
        ("#section-leadership", "Leadership activities"),
        ("#section-rsc", "Reflective supervision/consultation"),
        ("#section-references", "Reference ratings"),
        ("#section-ethics", "Code of Ethics and Endorsement Agreement"),
        ("#requirement-competencies", "Documentation of competencies"),
    ]
