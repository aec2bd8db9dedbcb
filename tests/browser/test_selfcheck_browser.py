"""The self-check page in a real browser, at desktop size and 375 px wide."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from endorse.eligibility import check_text

from .conftest import screenshot

pytestmark = pytest.mark.browser


def _serious_violations(page):
    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_pick_an_example_and_read_the_checklist(live_server, page, settings):
    page.goto(f"{live_server.url}/check/")
    assert page.title() == "Check a portfolio · Endorse"
    screenshot(page, "01-form")
    assert _serious_violations(page) == []

    page.get_by_label("Example portfolio").select_option("clinical-in-progress")
    page.get_by_role("button", name="Check eligibility").click()
    page.wait_for_selector("[data-overall]")
    screenshot(page, "02-result")

    expected = check_text(
        (settings.ENDORSE_EXAMPLES_DIR / "clinical-in-progress.json").read_bytes()
    )
    assert page.locator("[data-overall]").get_attribute("data-overall") == expected.overall
    shown = {
        el.get_attribute("data-requirement"): el.get_attribute("data-status")
        for el in page.locator("[data-requirement]").all()
    }
    assert shown == {r.id: r.status for r in expected.requirements}
    assert page.get_by_text("6.5 more hours of relationship-based training.").is_visible()
    assert _serious_violations(page) == []


def test_page_fits_a_phone_without_sideways_scrolling(live_server, page):
    page.goto(f"{live_server.url}/check/?sample=clinical-complete")
    page.wait_for_selector("[data-overall]")
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    screenshot(page, "03-sample-link")
    assert width <= viewport


def test_bad_paste_shows_problems_in_an_alert(live_server, page):
    page.goto(f"{live_server.url}/check/")
    page.get_by_label("Paste a portfolio file").fill(
        '{"format": "imh-portfolio/1", "category": "mentor-clinical", "trainings": [{"start_on": "2024-01-01", "hours": -1, "relationship_based": true}]}'
    )
    page.get_by_role("button", name="Check eligibility").click()
    alert = page.get_by_role("alert").first
    alert.wait_for()
    screenshot(page, "04-problems")
    assert re.search(r"trainings\.0\.hours:\s*must not be negative, got -1", alert.inner_text())
    assert _serious_violations(page) == []


def test_keyboard_only_reaches_and_submits_the_form(live_server, page):
    page.goto(f"{live_server.url}/check/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.locator("#id_sample").focus()
    page.keyboard.press("ArrowDown")
    page.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-overall]")
    assert page.locator("[data-overall]").count() == 1
