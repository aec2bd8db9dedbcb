"""The whole journey in a real browser, at desktop size and 375 px wide, as the people would
walk it: an applicant signs up (the verification link taken from the outbox), builds a Mentor –
Clinical application section by section and asks three raters; each rater rates through their
own link; the applicant submits; the coordinator verifies and assigns two reviewers; both
approve; the exam is scored (Part 2 blind); the coordinator issues the endorsement; the public
verification page shows it active. axe runs on every page visited; every step is screenshotted.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from endorse.eligibility.portfolio import COMPETENCY_DOMAINS as DOMAINS
from endorse.notifications.models import OutboxMessage
from endorse.registry.models import Endorsement

from ..conftest import PASSWORD, totp_code
from .conftest import VIEWPORTS, screenshot
from .test_selfcheck_browser import _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CATEGORY_TITLES = {
    "mentor-clinical": "Infant Mental Health Mentor – Clinical",
    "ec-mentor-clinical": "Early Childhood Mental Health Mentor – Clinical",
}


class Walk:
    """One person's browser session: go somewhere, check it (axe, width), screenshot it."""

    steps = [0]  # shared by every person's walk, so screenshots sort in journey order

    def __init__(self, page, live_server, problems, base: str = ""):
        """`base`: the association's path prefix (`/a/oaimh`), before every path walked."""
        self.page, self.url, self.problems, self.base = page, live_server.url, problems, base

    def beside(self) -> Walk:
        """Another person's browser, at the same size, in its own session."""
        context = self.page.context.browser.new_context(viewport=self.page.viewport_size)
        other = context.new_page()
        other.viewport_name = self.page.viewport_name
        return Walk(other, type("Server", (), {"url": self.url}), self.problems, self.base)

    def check(self, name: str) -> None:
        self.steps[0] += 1
        step = self.steps[0]
        screenshot(self.page, f"50-journey-{step:02d}-{name}")
        found = _serious_violations(self.page)
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        if found or wide > self.page.viewport_size["width"]:
            self.problems[f"{step:02d}-{name}"] = (found, wide)

    def go(self, path: str, name: str) -> None:
        self.page.goto(f"{self.url}{self.base}{path}")
        self.check(name)

    def fill(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            field = self.page.locator(f'[name="{name}"]')
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)

    def tick(self, *ids: str) -> None:
        for id_ in ids:
            self.page.locator(f'label[for="{id_}"]').click()

    def press(self, name: str | re.Pattern[str]) -> None:
        """Press a form's button and wait for the page the server answers with."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=isinstance(name, str)).click()

    def sign_in(self, person) -> None:
        self.go("/accounts/login/", f"sign-in-{person.email.split('@')[0]}")
        self.fill({"login": person.email, "password": PASSWORD})
        self.press("Sign In")
        if self.page.locator('[name="code"]').count():
            self.check("second-factor")
            self.fill({"code": totp_code(person)})
            self.press("Sign In")


def raters_rate(walk: Walk, raters) -> None:
    """Each rater opens their own link and rates (every item 4, known four years)."""
    for name, address, *_ in raters:
        rater = walk.beside()
        link = OutboxMessage.objects.get(recipient=address, template="references/email/request")
        path = link.context["link"].replace("http://testserver", "").removeprefix(walk.base)
        rater.go(path, f"rater-{name.split()[0]}")
        rater.press("Start the rating")
        rater.check(f"rating-form-{name.split()[0]}")
        for item in rater.page.locator('input[type="radio"][value="4"][name^="item_"]').all():
            rater.page.locator(f'label[for="{item.get_attribute("id")}"]').click()
        rater.fill({"known_years": "4"})
        rater.tick("id_recommendation_0")
        rater.press("Submit the rating")
        rater.check(f"rater-thanks-{name.split()[0]}")


def _domains(*names: str) -> list[str]:
    return [f"id_competencies_{DOMAINS.index(n)}" for n in names]


def test_the_whole_journey(live_server, page, coordinator, reviewers, exam_reviewers):
    walk_the_journey(live_server, page, coordinator, reviewers, exam_reviewers, "mentor-clinical")


@pytest.fixture
def desktop(chromium):
    context = chromium.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.viewport_name = "desktop-ec"
    yield page
    context.close()


def test_an_early_childhood_mentor_walks_the_journey_through_the_early_childhood_exam(
    live_server, desktop, coordinator, reviewers, exam_reviewers
):
    """Issue (every category): the twin of the Mentor – Clinical, whose exam must be the early
    childhood one; its entries default to the early childhood age band."""
    walk_the_journey(
        live_server, desktop, coordinator, reviewers, exam_reviewers, "ec-mentor-clinical"
    )
    endorsement = Endorsement.objects.get(application__isnull=False)
    assert (endorsement.number.startswith("ECMHM-C-"), endorsement.category) == (
        True,
        "Early Childhood Mental Health Mentor – Clinical",
    )


def walk_the_journey(live_server, page, coordinator, reviewers, exam_reviewers, category):
    """The Mentor – Clinical journey (or its early childhood twin), under the current policy."""
    title = CATEGORY_TITLES[category]
    for person in (coordinator, *reviewers, *exam_reviewers):
        person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    today = timezone.localdate()
    Endorsement.objects.create(
        number="IMHM-C 1043",
        name="Janet Okafor",
        level="IV",
        category="Infant Mental Health Mentor – Clinical",
        issued_on=today - timedelta(days=800),
        renewed_through=date(timezone.localdate().year - 1, 12, 31),
    )
    problems: dict[str, object] = {}
    Walk.steps[0] = 0
    walk = Walk(page, live_server, problems)

    # The applicant signs up and confirms the address from the emailed link.
    walk.go("/accounts/signup/", "sign-up")
    walk.fill(
        {
            "email": "jordan.rivera@example.org",
            "name": "Jordan Rivera",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
    )
    walk.press("Sign Up")
    walk.check("verification-sent")
    email = OutboxMessage.objects.get(recipient="jordan.rivera@example.org")
    confirm = re.search(r"http://[^/]+(/accounts/confirm-email/\S+)", email.context["text"])[1]
    walk.go(confirm, "confirm-email")
    walk.press("Confirm")
    page.wait_for_url(f"{live_server.url}/applications/")
    walk.check("my-applications")

    # A Mentor – Clinical application, section by section.
    found = page.locator(f'input[name="category"][value="{category}"]')
    page.locator(f'label[for="{found.get_attribute("id")}"]').click()
    walk.press("Start application")
    workspace = page.url
    pk = int(workspace.rstrip("/").split("/")[-1])
    walk.check("workspace-empty")

    def add(section: str, values: dict[str, str], ticks: list[str], button: str = "Save") -> None:
        walk.go(f"/applications/{pk}/{section}/add/", f"add-{section}")
        walk.fill(values)
        walk.tick(*ticks)
        walk.press(button)
        walk.check(f"saved-{section}")

    add(
        "degrees",
        {
            "type": "MSW",
            "field": "Social Work",
            "institution": "Wayne State University",
            "conferred_on": "2009-05-15",
        },
        _domains("theoretical_foundations", "law_regulation_agency_policy"),
    )
    page.get_by_role("link", name="Upload the transcript (PDF)").click()
    walk.check("upload-transcript")
    page.locator('[name="file"]').set_input_files(
        files=[
            {
                "name": "transcript.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n",
            }
        ]
    )
    walk.press("Upload")
    walk.check("transcript-uploaded")
    add(
        "trainings",
        {
            "title": "Foundations of Infant Mental Health",
            "provider": "MI-AIMH",
            "start_on": "2018-03-09",
            "end_on": "2018-03-14",
            "hours": "48",
        },
        [
            "id_topics_0",
            "id_topics_1",
            "id_topics_2",
            *_domains("thinking", "communicating", "systems_expertise"),
        ],
    )
    add(
        "work-experience",
        {
            "employer": "Northside Community Mental Health",
            "position": "Clinical Supervisor",
            "start_on": "2012-09-01",
            "fte": "1",
        },
        [
            "id_kinds_0",
            "id_kinds_1",
            "id_supervised",
            "id_infant_and_parent",
            *_domains("direct_service_skills", "working_with_others"),
        ],
    )
    walk.go(f"/applications/{pk}/leadership/add/", "add-leadership")
    page.locator('[name="choice"]').select_option(index=1)
    walk.fill({"level": "state", "start_on": "2019-09-01"})
    walk.tick(*_domains("working_with_others"))
    walk.press("Save")
    # Under 2025, half of the RS/C hours are about the RS/C the applicant provides.
    for focus in ("own_practice", "rsc_provided"):
        add(
            "rsc",
            {
                "provider_name": "Dr. Elena Ruiz",
                "provider_endorsement": "IMHM-C",
                "format": "individual",
                # A day apart, or the second would ask whether it repeats the first.
                "start_on": "2025-03-01" if focus == "own_practice" else "2025-03-02",
                "end_on": "2026-10-31",
                "hours": "25",
                "focus": focus,
            },
            _domains("reflection"),
        )
    raters = [
        ("Janet Okafor", "j.okafor@example.org", "program_supervisor", "IV", "IMHM-C 1043"),
        ("Elena Ruiz", "eruiz@example.org", "rsc_provider", "IV", "IMHM-C 0877"),
        ("Sam Patel", "sam.patel@example.org", "supervisee", "", ""),
    ]
    for name, address, role, level, number in raters:
        add(
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
    walk.fill({"signed_name": "Jordan Rivera"})
    walk.tick("id_agree")
    walk.press("Sign")
    walk.go("/profile/", "profile")
    walk.fill({"association": "MI-AIMH", "member_id": "MI-55120", "expires_on": "2027-09-30"})
    walk.press("Add membership")

    raters_rate(walk, raters)

    # The applicant submits.
    walk.go(f"/applications/{pk}/", "workspace-ready")
    walk.go(f"/applications/{pk}/submit/", "submit")
    walk.tick("id_declared")
    walk.press(re.compile(rf"^Submit {title}"))
    walk.check("submitted")

    # The coordinator verifies and assigns reviewers.
    office = walk.beside()
    office.sign_in(coordinator)
    office.go("/staff/needs-action/", "needs-action")
    office.go(f"/staff/applications/{pk}/", "file")
    for action, button in (
        ("Verify the transcript…", "Mark transcript verified"),
        ("Approve Dr. Elena Ruiz…", "Approve Dr. Elena Ruiz"),
        ("Verify Elena Ruiz's endorsement…", "Verify Elena Ruiz's endorsement"),
    ):
        office.page.get_by_role("link", name=action).click()
        office.check(f"confirm-{button.split()[0].lower()}-{button.split()[-1].lower()}")
        office.tick("id_confirm")
        office.press(button)
    office.page.locator('[name="first"]').select_option(str(reviewers[0].pk))
    office.page.locator('[name="second"]').select_option(str(reviewers[1].pk))
    office.press("Assign and start the review")
    office.check("under-review")

    for person in reviewers:
        reviewer = walk.beside()
        reviewer.sign_in(person)
        reviewer.go("/staff/reviews/", f"my-reviews-{person.pk}")
        reviewer.page.get_by_role("link", name="Jordan Rivera").click()
        reviewer.check(f"review-form-{person.pk}")
        reviewer.tick(*[f"id_competencies_{n}" for n in range(8)])
        reviewer.tick("id_outcome_0")
        reviewer.press("Submit my review")

    office.go(f"/staff/applications/{pk}/", "reviews-agree")
    office.press("Record the decision")
    office.check("letter-preview")
    office.press("Release: send this letter")

    # The exam: a sitting, Part 1 entered, Part 2 marked blind by two exam reviewers.
    office.go("/staff/exams/", "sittings")
    office.fill({"held_on": today.isoformat(), "place": "Lansing"})
    office.press("Create the sitting")
    office.page.locator('[name="application"]').select_option(label=f"Jordan Rivera — {title}")
    office.press("Register")
    office.fill({"score": "52"})
    office.press("Record")
    office.check("part1-recorded")
    for person in exam_reviewers[:2]:
        examiner = walk.beside()
        examiner.sign_in(person)
        examiner.go("/staff/exams/marking/", f"marking-{person.pk}")
        examiner.page.get_by_role("link", name=re.compile(r"^C-")).first.click()
        examiner.check(f"mark-{person.pk}")
        assert "Jordan" not in examiner.page.content()
        examiner.tick("id_passed_0")
        examiner.fill({"feedback": "Clear, reflective answers."})
        examiner.press("Record my mark")

    office.go("/staff/exams/", "sittings-again")
    office.page.get_by_role("link", name=re.compile("Lansing")).click()
    office.press("Make final")
    # The result letter waits for release, named in words; the endorsement follows it.
    office.go("/staff/needs-action/", "result-letter-held")
    office.page.get_by_role("link", name="Exam result letter").click()
    office.check("result-letter-preview")
    office.press("Release: send this letter")
    office.go(f"/staff/applications/{pk}/", "endorsable")
    office.page.get_by_role("link", name="Issue the endorsement…").click()
    office.check("issue")
    office.press("Issue the endorsement")
    office.check("issued")

    endorsement = Endorsement.objects.get(application_id=pk)
    number, surname = endorsement.number, endorsement.name.split(" ")[-1]
    public = walk.beside()
    # Not listed in the registry: an employer confirms the number with the holder's surname.
    public.go(f"/verify/{number}/", "verification")
    assert f"{number}: Active" not in public.page.content()
    public.fill({"surname": surname})
    public.press("Confirm the endorsement")
    public.check("verification-confirmed")
    assert f"{number}: Active" in public.page.content()
    assert problems == {}
