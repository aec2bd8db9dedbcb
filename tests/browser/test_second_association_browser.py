"""The journey in a second association with its own branding, on a phone: an applicant applies
at /a/oaimh/, the whole process runs there to an endorsement, every page shows OAIMH's name,
logo and colour, and the certificate names OAIMH. OAIMH's verification page finds an
endorsement the first association issued, and says who issued it. axe runs on every page."""

from __future__ import annotations

from datetime import timedelta

import pypdfium2
import pytest
from django.utils import timezone
from django_scopes import scope

from endorse.associations.models import StaffRole
from endorse.registry.models import Endorsement

from ..conftest import make_association
from .conftest import pdf_screenshot
from .test_categories_journey_browser import _sign_up, _staff, apply_as_infant_family_specialist
from .test_journey_browser import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OHIO = "Ohio Association for Infant Mental Health"
OHIO_GREEN = "rgb(15, 110, 92)"  # #0f6e5c


def _branded(walk: Walk) -> None:
    """The page's header is OAIMH's: its short name, its logo loaded, its colour's band."""
    header = walk.page.locator("header.site-header")
    assert header.locator(".site-logo__name").inner_text() == "OAIMH"
    logo = header.locator("img.site-logo__image")
    assert logo.evaluate("image => image.complete && image.naturalWidth > 0") is True
    band = header.evaluate("element => getComputedStyle(element).borderTopColor")
    assert band == OHIO_GREEN
    footer = walk.page.locator(".site-program").inner_text()
    assert footer == f"Endorsement® program of {OHIO}. Contact: endorsement@oaimh.example.org"


def test_an_applicant_of_the_second_association_is_endorsed_there_under_its_brand(
    live_server, phone, coordinator, reviewers
):
    today = timezone.localdate()
    # Issued by the first association (the test's own scope): the rater's endorsement, which
    # OAIMH's reviewers verify, and the one OAIMH's verification page finds.
    Endorsement.objects.create(
        number="IFS-00007",
        name="Grace Mbeki",
        level="II",
        category="Infant Family Specialist",
        issued_on=today - timedelta(days=500),
        renewed_through=today + timedelta(days=300),
    )
    oaimh = make_association(
        "oaimh",
        OHIO,
        hosts="",
        logo="endorse/logos/oaimh.svg",
        brand_colour="#0f6e5c",
        contact_email="endorsement@oaimh.example.org",
    )
    _staff(coordinator, *reviewers)
    with scope(association=oaimh):
        # The same people hold their roles in OAIMH too (one account, a role in each).
        for person, role in ((coordinator, "coordinator"), *((r, "reviewer") for r in reviewers)):
            StaffRole.objects.create(person=person, role=role)
        problems: dict[str, object] = {}
        Walk.steps[0] = 200
        walk = Walk(phone, live_server, problems, base="/a/oaimh")

        walk.go("/", "oaimh-home")
        _branded(walk)
        _sign_up(walk, live_server, "amara.osei@example.org", "Amara Osei")
        walk.check("oaimh-my-applications")
        _branded(walk)
        pk = apply_as_infant_family_specialist(walk, coordinator, reviewers, member_of="OAIMH")

        endorsement = Endorsement.objects.get(application_id=pk)
        assert endorsement.association_id == oaimh.pk
        walk.go(f"/applications/{pk}/", "oaimh-endorsed-workspace")
        _branded(walk)
        response = walk.page.request.get(
            f"{live_server.url}/a/oaimh/registry/{endorsement.number}/certificate.pdf"
        )
        assert response.headers["content-type"] == "application/pdf"
        pdf_screenshot(response.body(), "phone-259-certificate-oaimh")
        document = pypdfium2.PdfDocument(response.body())
        certificate = document[0].get_textpage().get_text_range()
        document.close()
        assert OHIO in certificate
        assert "Michigan" not in certificate

        # OAIMH's verification page, asked about the first association's endorsement: not
        # listed, so an employer gives the holder's surname.
        public = walk.beside()
        public.go("/verify/IFS-00007/", "oaimh-verify-first-associations")
        _branded(public)
        public.fill({"surname": "Mbeki"})
        public.press("Confirm the endorsement")
        public.check("oaimh-verify-confirmed")
        assert public.page.locator(".usa-alert__heading").inner_text() == "IFS-00007: Active"
        assert public.page.locator(".verify-issuer").inner_text() == (
            "Issued by Michigan Association for Infant Mental Health (MI-AIMH)."
        )
        assert problems == {}
