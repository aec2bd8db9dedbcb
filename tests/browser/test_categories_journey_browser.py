"""Every category in a real browser (issue: every Endorsement category).

An Infant Family Specialist on a phone, from the category guide to the certificate: no exam, so
the reviewers propose to endorse and the decision issues the endorsement. (An Early Childhood
Mentor – Clinical walks the whole Mentor journey through the exam: `test_journey_browser`.)
axe runs on every page; every step is screenshotted, and the certificate is saved as an image.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from endorse.applications.models import Application
from endorse.notifications.models import OutboxMessage
from endorse.registry.models import Endorsement

from ..conftest import PASSWORD
from .conftest import pdf_screenshot
from .test_journey_browser import Walk, _domains, raters_rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"


def _choose(walk: Walk, name: str, value: str) -> None:
    """Pick a radio button by its value, through its label (as a person taps it)."""
    found = walk.page.locator(f'input[name="{name}"][value="{value}"]')
    walk.page.locator(f'label[for="{found.get_attribute("id")}"]').click()


def _sign_up(walk: Walk, live_server, email: str, name: str) -> None:
    walk.go("/accounts/signup/", f"sign-up-{name.split()[0].lower()}")
    walk.fill({"email": email, "name": name, "password1": PASSWORD, "password2": PASSWORD})
    walk.press("Sign Up")
    message = OutboxMessage.objects.get(recipient=email)
    text = message.context["text"]
    confirm = re.search(r"http://[^/]+(?:/a/[^/]+)?(/accounts/confirm-email/\S+)", text)[1]
    walk.go(confirm, "confirm-email")
    walk.press("Confirm")
    walk.page.wait_for_url(f"{live_server.url}{walk.base}/applications/")


def _add(walk: Walk, pk: int, section: str, values: dict, ticks: list, button="Save") -> None:
    walk.go(f"/applications/{pk}/{section}/add/", f"add-{section}")
    walk.fill(values)
    walk.tick(*ticks)
    walk.press(button)
    walk.check(f"saved-{section}")


def _upload_transcript(walk: Walk) -> None:
    walk.page.get_by_role("link", name="Upload the transcript (PDF)").click()
    walk.page.locator('[name="file"]').set_input_files(
        files=[{"name": "transcript.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    walk.press("Upload")
    walk.check("transcript-uploaded")


def _review(walk: Walk, coordinator, reviewers, pk: int, applicant: str, verify: list) -> Walk:
    """The coordinator verifies and assigns; both reviewers propose the first outcome offered
    (approve, or endorse where there is no exam); the coordinator records and releases it."""
    office = walk.beside()
    office.sign_in(coordinator)
    office.go(f"/staff/applications/{pk}/", "file")
    for action, button in verify:
        office.page.get_by_role("link", name=action).click()
        office.tick("id_confirm")
        office.press(button)
    office.page.locator('[name="first"]').select_option(str(reviewers[0].pk))
    office.page.locator('[name="second"]').select_option(str(reviewers[1].pk))
    office.press("Assign and start the review")
    for person in reviewers:
        reviewer = walk.beside()
        reviewer.sign_in(person)
        reviewer.go("/staff/reviews/", f"my-reviews-{person.pk}")
        reviewer.page.get_by_role("link", name=applicant).click()
        reviewer.check(f"review-form-{person.pk}")
        reviewer.tick(*[f"id_competencies_{n}" for n in range(8)])
        reviewer.tick("id_outcome_0")
        reviewer.press("Submit my review")
    office.go(f"/staff/applications/{pk}/", "reviews-agree")
    office.press("Record the decision")
    office.check("letter-preview")
    office.press("Release: send this letter")
    return office


def _staff(*people) -> None:
    for person in people:
        person.emailaddress_set.create(email=person.email, verified=True, primary=True)


def test_an_infant_family_specialist_on_a_phone_from_the_guide_to_the_certificate(
    live_server, phone, coordinator, reviewers
):
    _staff(coordinator, *reviewers)
    today = timezone.localdate()
    Endorsement.objects.create(
        number="IFS-00007",
        name="Grace Mbeki",
        level="II",
        category="Infant Family Specialist",
        issued_on=today - timedelta(days=500),
        renewed_through=date(timezone.localdate().year - 1, 12, 31),
    )
    problems: dict[str, object] = {}
    Walk.steps[0] = 100
    walk = Walk(phone, live_server, problems)

    # The guide, before an account: a home visitor with a bachelor's degree and three years of
    # prevention work with twelve families.
    walk.go("/guide/", "guide")
    _choose(walk, "degree", "bachelor")
    _choose(walk, "band", "infant")
    walk.page.locator('label:has-text("Prevention or early intervention")').click()
    walk.fill({"work_years": "3", "families": "12", "training_hours": "30", "rsc_hours": "24"})
    walk.press("Show my categories")
    walk.check("guide-answer")
    assert (
        "infant family specialist (ifs) within reach now"
        in " ".join(walk.page.locator("#fits h3").all_inner_texts()).lower()
    )

    _sign_up(walk, live_server, "amara.osei@example.org", "Amara Osei")
    walk.check("my-applications")
    pk = apply_as_infant_family_specialist(walk, coordinator, reviewers, member_of="MI-AIMH")
    application = Application.objects.get(pk=pk)
    assert application.status == "endorsed"

    # The applicant reads the decision and downloads the certificate on the phone.
    endorsement = Endorsement.objects.get(application=application)
    assert endorsement.number.startswith("IFS-")
    walk.go(f"/applications/{pk}/", "endorsed-workspace")
    walk.go(f"/applications/{pk}/letters/", "letters")
    walk.go(f"/applications/{pk}/history/", "history")
    response = walk.page.request.get(
        f"{live_server.url}/registry/{endorsement.number}/certificate.pdf"
    )
    assert response.headers["content-type"] == "application/pdf"
    pdf_screenshot(response.body(), "phone-59-certificate-infant-family-specialist")
    walk.go(f"/verify/{endorsement.number}/", "verify")
    assert problems == {}


def apply_as_infant_family_specialist(walk: Walk, coordinator, reviewers, *, member_of: str) -> int:
    """From "My applications" to the endorsement, in the walk's association: Amara Osei, a home
    visitor, applies as an Infant Family Specialist (no exam); three raters rate (Grace Mbeki
    holds IFS-00007, which must be on record); the coordinator verifies and assigns; both
    reviewers propose to endorse, and the decision issues the endorsement. Returns the
    application's key."""
    today = timezone.localdate()
    _choose(walk, "category", "family-specialist")
    walk.press("Start application")
    pk = int(walk.page.url.rstrip("/").split("/")[-1])
    walk.check("workspace-empty")
    assert walk.page.locator("#section-leadership").count() == 0  # not a Mentor section

    _add(
        walk,
        pk,
        "degrees",
        {
            "type": "BSW",
            "field": "Social Work",
            "institution": "Grand Valley State University",
            "conferred_on": "2016-05-07",
        },
        _domains("theoretical_foundations", "law_regulation_agency_policy"),
    )
    _upload_transcript(walk)
    _add(
        walk,
        pk,
        "trainings",
        {
            "title": "Infant mental health foundations for home visitors",
            "provider": "MI-AIMH",
            "start_on": "2023-04-03",
            "end_on": "2023-04-07",
            "hours": "30",
        },
        _domains("thinking", "communicating", "reflection"),
    )
    _add(
        walk,
        pk,
        "work-experience",
        {
            "employer": "Kent County Healthy Start",
            "position": "Home visitor",
            "start_on": "2019-08-01",
            "families_served": "14",
        },
        [
            "id_kinds_7",
            "id_social_emotional_focus",
            "id_relationship_focus",
            *_domains("direct_service_skills", "working_with_others", "systems_expertise"),
        ],
    )
    start = today - timedelta(days=420)
    _add(
        walk,
        pk,
        "rsc",
        {
            "provider_name": "Dr. Elena Ruiz",
            "provider_endorsement": "IMHM-C",
            "format": "group",
            "start_on": start.isoformat(),
            "end_on": (today - timedelta(days=10)).isoformat(),
            "hours": "26",
        },
        [],
    )
    raters = [
        ("Grace Mbeki", "g.mbeki@example.org", "program_supervisor", "II", "IFS-00007"),
        ("Elena Ruiz", "eruiz@example.org", "rsc_provider", "", ""),
        ("Tom Becker", "tom.becker@example.org", "colleague", "", ""),
    ]
    for name, address, role, level, number in raters:
        _add(
            walk,
            pk,
            "references",
            {
                "name": name,
                "email": address,
                "role": role,
                "known_years": "4",
                "endorsement_level": level,
                "endorsement_number": number,
            },
            ["id_waived_0"],
            button="Save and send the request",
        )
    walk.go(f"/applications/{pk}/ethics/", "ethics")
    walk.fill({"signed_name": "Amara Osei"})
    walk.tick("id_agree")
    walk.press("Sign")
    walk.go("/profile/", "profile")
    walk.fill({"association": member_of, "member_id": "MI-77001", "expires_on": "2027-09-30"})
    walk.press("Add membership")
    raters_rate(walk, raters)

    walk.go(f"/applications/{pk}/submit/", "check-your-answers")
    walk.tick("id_declared")
    walk.press(re.compile(r"^Submit Infant Family Specialist"))
    walk.check("submitted")

    office = _review(
        walk,
        coordinator,
        reviewers,
        pk,
        "Amara Osei",
        [
            ("Verify the transcript…", "Mark transcript verified"),
            ("Approve Dr. Elena Ruiz…", "Approve Dr. Elena Ruiz"),
            ("Verify Grace Mbeki's endorsement…", "Verify Grace Mbeki's endorsement"),
        ],
    )
    office.check("endorsed-on-decision")
    return pk
