"""Staff pages in a real browser, at desktop size and 375 px wide: the coordinator signs in with
a second factor; every staff page, the reviewer's form, exam marking and the public registry
pages are accessible (axe: nothing serious or critical) and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from django.utils import timezone

from endorse.exams.models import ExamCandidate, ExamSitting
from endorse.registry.models import Endorsement
from endorse.review import domain

from ..conftest import PASSWORD, totp_code
from .conftest import screenshot
from .test_selfcheck_browser import _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, person):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(person))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/applications/")


def _check(page, live_server, paths, prefix):
    problems = {}
    for n, path in enumerate(paths):
        page.goto(f"{live_server.url}{path}")
        screenshot(page, f"{prefix}-{n:02d}")
        width = page.evaluate("document.documentElement.scrollWidth")
        found = (_serious_violations(page), width <= page.viewport_size["width"])
        if found != ([], True):
            problems[path] = found
    return problems


def test_staff_pages_are_accessible_and_fit(
    live_server, page, coordinator, reviewers, exam_reviewers, awaiting_staff
):
    for person in (coordinator, reviewers[0], exam_reviewers[0]):
        person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    first, _ = domain.review_start(
        application=awaiting_staff, reviewers=reviewers, actor=coordinator
    )
    sitting = ExamSitting.objects.create(held_on=timezone.localdate(), place="Lansing")
    candidate = ExamCandidate.objects.create(
        sitting=sitting, application=awaiting_staff, code="C-12AB34"
    )
    Endorsement.objects.create(
        number="IMH-M-00007",
        name="Nadia Haddad",
        level="IV",
        category="Infant Mental Health Mentor – Research/Faculty",
        issued_on=timezone.localdate(),
        listed=True,
    )
    pk = awaiting_staff.pk
    public = _check(page, live_server, ["/registry/", "/verify/IMH-M-00007/"], "40-public")

    _sign_in(page, live_server, coordinator)
    screenshot(page, "41-coordinator-signed-in")
    coordinator_pages = _check(
        page,
        live_server,
        [
            "/staff/",
            "/staff/?status=under_review&sort=name",
            "/staff/needs-action/",
            f"/staff/applications/{pk}/",
            "/staff/exams/",
            f"/staff/exams/{sitting.pk}/",
        ],
        "42-coordinator",
    )
    page.context.clear_cookies()
    _sign_in(page, live_server, reviewers[0])
    reviewer_pages = _check(
        page, live_server, ["/staff/reviews/", f"/staff/reviews/{first.pk}/"], "43-reviewer"
    )
    page.context.clear_cookies()
    _sign_in(page, live_server, exam_reviewers[0])
    examiner_pages = _check(
        page,
        live_server,
        ["/staff/exams/marking/", f"/staff/exams/marking/{candidate.pk}/"],
        "44-exam-reviewer",
    )
    assert (public, coordinator_pages, reviewer_pages, examiner_pages) == ({}, {}, {}, {})
