"""A request for information in a real browser: the coordinator asks for a missing transcript
at desktop size, the applicant answers with an upload on a phone (375 px), the request resolves."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from endorse.applications import domain

from ..conftest import PASSWORD, totp_code
from .conftest import VIEWPORTS, screenshot
from .test_selfcheck_browser import _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
SUBJECT = "The transcript from the second university is missing"


def _sign_in(page, live_server, person, *, code=False):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if code:
        page.get_by_label("Code").fill(totp_code(person))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/applications/")


def _context(chromium, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.viewport_name = f"conversation-{viewport}"
    return context, page


def test_a_coordinator_asks_for_a_transcript_and_the_applicant_uploads_it_from_a_phone(
    live_server, chromium, applicant, coordinator
):
    for person in (applicant, coordinator):
        person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    application = domain.application_import(
        applicant=applicant, text=(EXAMPLES / "policy-ready-for-exam.json").read_bytes()
    )
    office_context, office = _context(chromium, "desktop")
    phone_context, phone = _context(chromium, "phone")
    try:
        _sign_in(office, live_server, coordinator, code=True)
        office.goto(f"{live_server.url}/staff/applications/{application.pk}/")
        office.locator("#section-degrees").get_by_role(
            "link", name="Ask, request or note something here"
        ).click()
        office.get_by_label("Subject").fill(SUBJECT)
        office.get_by_label("Message").fill("Please upload the official transcript as a PDF.")
        due = timezone.localdate() + timedelta(days=14)
        office.get_by_label("Answer by (a request only)").fill(due.isoformat())
        screenshot(office, "10-ask")
        office.get_by_role("button", name="Send").click()
        office.wait_for_url(f"{live_server.url}/staff/conversations/*/")
        thread_url = office.url

        _sign_in(phone, live_server, applicant)
        phone.goto(f"{live_server.url}/applications/{application.pk}/")
        degrees = phone.locator("#section-degrees")
        asked = (
            degrees.locator(".needs-attention").is_visible(),
            phone.get_by_role("region", name="Requests for information").is_visible(),
        )
        screenshot(phone, "11-needs-attention")
        fits = phone.evaluate("document.documentElement.scrollWidth") <= 375
        problems = _serious_violations(phone)
        degrees.get_by_role("link", name="Upload the transcript (PDF)").first.click()
        phone.locator('[name="file"]').set_input_files(
            files=[{"name": "transcript.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        phone.get_by_role("button", name="Upload").click()
        phone.wait_for_url(f"{live_server.url}/applications/{application.pk}/")
        screenshot(phone, "12-answered")
        after = (
            degrees.locator(".needs-attention").count(),
            degrees.locator('.request-state[data-state="answered"]').count(),
        )

        office.goto(thread_url)
        state = office.locator(".request-state").get_attribute("data-state")
        screenshot(office, "13-answered")
    finally:
        office_context.close()
        phone_context.close()
    assert (asked, fits, problems) == ((True, True), True, [])
    assert (after, state) == ((0, 1), "answered")
