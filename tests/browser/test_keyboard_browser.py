"""The applicant's path without a mouse: sign in, open the application, add a training and
save it, with Tab, typing, Space and Enter only (at desktop size and 375 px wide)."""

from __future__ import annotations

import pytest

from endorse.applications import domain

from ..conftest import PASSWORD
from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus (and show it is visible)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            assert page.locator(selector).first.is_visible() or selector.startswith("input[type")
            return
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def test_the_applicants_path_works_without_a_mouse(live_server, page, applicant):
    applicant.emailaddress_set.create(email=applicant.email, verified=True, primary=True)
    application = domain.application_start(applicant=applicant, category="mentor-clinical")
    page.goto(f"{live_server.url}/accounts/login/")
    _tab_to(page, 'input[name="login"]')
    page.keyboard.type(applicant.email)
    _tab_to(page, 'input[name="password"]')
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/applications/"

    _tab_to(page, f'a[href="/applications/{application.pk}/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, f'a[href="/applications/{application.pk}/trainings/add/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")

    _tab_to(page, '[name="title"]')
    page.keyboard.type("Keyboard-only seminar")
    _tab_to(page, '[name="start_on"]')
    page.keyboard.type("2026-03-15")  # a typed date, as the hint shows
    _tab_to(page, '[name="hours"]')
    page.keyboard.type("31")
    _tab_to(page, "#id_topics_0")
    page.keyboard.press("Space")
    assert page.locator("#id_topics_0").is_checked()
    _tab_to(page, "#id_competencies_0")
    page.keyboard.press("Space")
    screenshot(page, "60-keyboard-training-form")
    _tab_to(page, 'button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/applications/{application.pk}/"
    assert page.get_by_text("The training is saved.").is_visible()
    training = application.trainings.get()
    assert (training.title, str(training.start_on), float(training.hours)) == (
        "Keyboard-only seminar",
        "2026-03-15",
        31.0,
    )
    screenshot(page, "61-keyboard-saved")
