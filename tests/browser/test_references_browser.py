"""A rater in a real browser, at desktop size and 375 px wide: open the emailed link, rate, and
see the thank-you page; every page accessible and nothing scrolling sideways."""

from __future__ import annotations

import pytest

from endorse.applications.domain import application_start
from endorse.applications.models import Rater
from endorse.notifications.models import OutboxMessage
from endorse.references.domain import rater_save_and_send
from endorse.references.questions import current_questions

from .conftest import screenshot
from .test_selfcheck_browser import _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _asked(applicant, name: str) -> str:
    application = application_start(applicant=applicant, category="mentor-clinical")
    rater = Rater(
        application=application,
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        role="rsc_provider",
        known_years=4,
        waived=True,
    )
    rater_save_and_send(application=application, entry=rater, actor=applicant)
    return OutboxMessage.objects.get(rater=rater).context["link"]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_rater_opens_the_link_rates_and_is_thanked(live_server, page, applicant):
    link = _asked(applicant, "Rosa Provider").replace("http://testserver", live_server.url)
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Reference rating for Ada Applicant"
    screenshot(page, "30-rater-landing")
    assert (_serious_violations(page), _fits(page)) == ([], True)

    page.get_by_role("button", name="Start the rating").click()
    page.wait_for_url(f"{link}rating/")
    screenshot(page, "31-rating-form")
    assert (_serious_violations(page), _fits(page)) == ([], True)

    items = current_questions().items
    for index, item in enumerate(items):
        choice = "nei" if index == 0 else "4"
        page.locator(f'input[name="item_{item.id}"][value="{choice}"] + label').click()
    page.get_by_label("How many years have you known the applicant?").fill("4")
    page.locator('input[name="recommendation"][value="recommend"] + label').click()
    page.get_by_role("textbox", name="Comments").fill("A thoughtful, reflective colleague.")
    page.get_by_role("button", name="Submit the rating").click()

    page.wait_for_url(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Rosa Provider"
    screenshot(page, "32-rater-thanks")
    assert (_serious_violations(page), _fits(page)) == ([], True)
    rater = Rater.objects.get(name="Rosa Provider")
    assert (rater.status, rater.not_enough_information) == ("completed", 1)


def test_a_rater_declines_through_the_link(live_server, page, applicant):
    link = _asked(applicant, "Dana Decliner").replace("http://testserver", live_server.url)
    page.goto(link)
    page.get_by_role("link", name="I cannot give a reference").click()
    screenshot(page, "33-rater-decline")
    assert (_serious_violations(page), _fits(page)) == ([], True)
    page.get_by_label("Why are you declining?").fill("I have not worked with them for years.")
    page.get_by_role("button", name="Decline the request").click()
    page.wait_for_url(link)
    assert page.get_by_role("heading", level=1).inner_text() == "You declined this request"
