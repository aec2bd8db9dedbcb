"""The applicant's workspace in a real browser, at desktop size and 375 px wide."""

from pathlib import Path

import pytest

from endorse.applications import domain
from endorse.applications.models import Rater
from endorse.references.domain import rater_save_and_send

from ..conftest import PASSWORD
from .conftest import screenshot
from .test_selfcheck_browser import _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_sign_in_add_training_and_watch_the_checklist(live_server, page, applicant):
    applicant.emailaddress_set.create(email=applicant.email, verified=True, primary=True)
    application = domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )

    page.goto(f"{live_server.url}/accounts/login/")
    assert _serious_violations(page) == []
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/applications/")

    page.goto(f"{live_server.url}/applications/{application.pk}/")
    training = page.locator('[data-requirement="training"]')
    assert training.get_attribute("data-status") == "not_met"
    screenshot(page, "10-workspace")
    assert _serious_violations(page) == []

    page.locator("#section-trainings").get_by_role("link", name="Add a training").click()
    page.get_by_label("Title").fill("Parent-infant psychotherapy seminar")
    page.get_by_label("Date (or first day)").fill("2026-10-02")
    page.get_by_label("Hours").fill("6.5")
    page.locator("label[for=id_topics_0]").click()  # USWDS draws the box on the label
    page.locator("label[for=id_competencies_7]").click()
    assert page.locator("#id_topics_0").is_checked()
    screenshot(page, "11-add-training")
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Save", exact=True).click()

    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/")
    assert page.locator('[data-requirement="training"]').get_attribute("data-status") == "met"
    assert page.get_by_text("The training is saved.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "12-checklist-updated")


def test_every_applicant_page_is_accessible_and_fits(live_server, page, applicant):
    """axe finds no serious or critical problem, and nothing scrolls sideways, on each page."""
    applicant.emailaddress_set.create(email=applicant.email, verified=True, primary=True)
    application = domain.application_import(
        applicant=applicant,
        text=(EXAMPLES / "research-faculty-awaiting-review.json").read_bytes(),
        trusted=True,
    )
    degree = application.degrees.get()
    entry = application.trainings.first()
    asked = rater_save_and_send(
        application=application,
        entry=Rater(
            application=application, name="Extra Rater", email="x@example.org", role="colleague"
        ),
        actor=applicant,
    )
    anonymous = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    signed_in = [
        "/applications/",
        "/profile/",
        f"/applications/{application.pk}/",
        f"/applications/{application.pk}/degrees/add/",
        f"/applications/{application.pk}/rsc/add/",
        f"/applications/{application.pk}/references/add/",
        f"/applications/{application.pk}/leadership/add/",
        f"/applications/{application.pk}/work-experience/add/",
        f"/applications/{application.pk}/trainings/{entry.pk}/",
        f"/applications/{application.pk}/degrees/{degree.pk}/transcript/",
        f"/applications/{application.pk}/ethics/",
        f"/applications/{application.pk}/submit/",
        f"/applications/{application.pk}/import/",
        f"/applications/{application.pk}/references/{asked.pk}/replace/",
    ]
    problems = {}
    for path in anonymous:
        page.goto(f"{live_server.url}{path}")
        problems[path] = (
            _serious_violations(page),
            page.evaluate("document.documentElement.scrollWidth"),
        )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/applications/")
    for path in signed_in:
        page.goto(f"{live_server.url}{path}")
        problems[path] = (
            _serious_violations(page),
            page.evaluate("document.documentElement.scrollWidth"),
        )
    width = page.viewport_size["width"]
    assert {path: found for path, found in problems.items() if found[0] or found[1] > width} == {}
