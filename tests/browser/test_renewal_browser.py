"""Renewal in a real browser, 375 px wide, the year moved on between the steps: an endorsee logs
hours on several days of the year and watches the progress bars fill, re-signs the attestation,
records membership and fee, and submits; the coordinator (with the second factor) finds it in
the renewal queue, records the payment and accepts; the endorsee sees the new renewed-through
date. Another endorsee never renews: the worker's lapse job records the lapse, /verify/ says
"lapsed on …" and the public registry no longer lists them. axe and the width are checked on
every page visited; every step is screenshotted."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from endorse.applications.enums import Category
from endorse.registry.models import Endorsement
from endorse.renewals.models import RenewalEvent
from endorse.worker import periodic_jobs

from ..conftest import make_person
from .test_journey_browser import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A year ahead of the real one: the browser's cookies, dated by the server's clock, stay valid.
YEAR = date.today().year + 1


def _endorsed(person, number: str) -> Endorsement:
    """Issued in March of the year before: the period owed is YEAR, due by 31 December."""
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    person.listed_in_registry = True
    person.save(update_fields=["listed_in_registry"])
    return Endorsement.objects.create(
        number=number,
        name=person.name,
        level="I",
        category=Category.FAMILY_ASSOCIATE.label,
        person=person,
        issued_on=date(YEAR - 1, 3, 1),
        listed=True,
    )


def _on(day: date):
    return time_machine.travel(f"{day.isoformat()} 15:00Z", tick=True)


def _progress(walk: Walk) -> list[str]:
    """Each progress bar's value of its maximum, as the page shows them."""
    bars = walk.page.locator("progress").all()
    return [f"{bar.get_attribute('value')}/{bar.get_attribute('max')}" for bar in bars]


def _log(walk: Walk, on: date, hours: str, topic: str, *, dei: bool = False) -> None:
    walk.fill({"on": on.isoformat(), "hours": hours, "topic": topic})
    if dei:
        walk.tick("id_dei")
    walk.press("Log these hours")
    walk.check(f"logged-{on:%m-%d}")


def test_an_endorsee_renews_on_a_phone_and_another_lapses(live_server, phone, coordinator):
    problems: dict[str, object] = {}
    coordinator.emailaddress_set.create(email=coordinator.email, verified=True, primary=True)
    ada = make_person("ada.renewer@example.org", "Ada Renewer")
    bo = make_person("bo.bystander@example.org", "Bo Bystander")
    _endorsed(ada, "MI-IFA-00001")
    never = _endorsed(bo, "MI-IFA-00002")
    walk = Walk(phone, live_server, problems)
    seen: dict[str, list[str]] = {}

    # Through the year: hours logged the day they happened; each day a new sign-in (sessions
    # last hours, not months).
    for day, hours, topic, dei in (
        (date(YEAR, 2, 10), "5", "Attachment in the first year", False),
        (date(YEAR, 5, 20), "2", "Culturally responsive practice", True),
        (date(YEAR, 9, 15), "8", "Observing infants and toddlers", False),
    ):
        with _on(day):
            walk.sign_in(ada)
            walk.go("/renewal/", f"renewal-{day:%m-%d}")
            _log(walk, day, hours, topic, dei=dei)
            seen[f"{day:%m-%d}"] = _progress(walk)

    # In the window: everything is met but the fee; she re-signs and submits.
    with _on(date(YEAR, 10, 20)):
        walk.sign_in(ada)
        walk.go("/renewal/", "renewal-window")
        due = " ".join(walk.page.locator("main").inner_text().split())
        walk.tick("id_ethics_signed", "id_no_sanction")
        walk.fill(
            {
                "typed_name": "Ada Renewer",
                "membership_kind": "individual",
                "membership_id": "M-2041",
                "membership_expires_on": f"{YEAR + 1}-06-30",
            }
        )
        fee = walk.page.locator('input[name="fee_status"][value="online_later"]')
        walk.tick(fee.get_attribute("id"))
        walk.press("Submit my renewal")
        walk.check("renewal-submitted")
        submitted = " ".join(walk.page.locator("main").inner_text().split())
        walk.go("/registry/", "registry-before-the-lapse")
        listed_before = walk.page.locator("main").inner_text()

        # The coordinator finds it in the queue, records the payment and accepts it.
        staff = walk.beside()
        staff.sign_in(coordinator)
        staff.go("/staff/renewals/?tab=submitted", "queue-submitted")
        staff.fill({"q": "Renewer"})
        staff.press("Show")
        staff.check("queue-searched")
        with staff.page.expect_navigation():
            staff.page.get_by_role("link", name="Ada Renewer").click()
        staff.check("renewal-to-decide")
        payment = staff.page.locator('form[action$="/payment/"]')
        online = payment.locator('input[name="method"][value="paid_online"]')
        payment.locator(f'label[for="{online.get_attribute("id")}"]').click()
        with staff.page.expect_navigation():
            payment.get_by_role("button", name="Record the payment").click()
        staff.check("payment-recorded")
        staff.press("Accept the renewal")
        staff.check("renewal-accepted")
        staff.page.context.close()

        walk.go("/renewal/", "renewal-renewed")
        renewed = " ".join(walk.page.locator("main").inner_text().split())

    # Bo never renewed: after the grace, the worker's lapse job records it.
    with _on(date(YEAR + 1, 2, 2)):
        dict(periodic_jobs())["lapses"]()
        walk.go("/verify/MI-IFA-00002/?surname=Bystander", "verify-lapsed")
        verified = " ".join(walk.page.locator("main").inner_text().split())
        walk.go("/registry/", "registry-after-the-lapse")
        listed_after = walk.page.locator("main").inner_text()
        lapse = RenewalEvent.objects.get(kind="lapsed")

    # Training fills (the DEI hours within it); the fee is paid once the renewal is in.
    assert seen == {
        "02-10": ["5/15", "0/30"],
        "05-20": ["7/15", "0/30"],
        "09-15": ["15/15", "0/30"],
    }
    assert f"renewal due by 31 December {YEAR}" in due
    assert f"Renewal through 31 December {YEAR}: submitted" in submitted
    assert ("Bo Bystander" in listed_before, "Ada Renewer" in listed_before) == (True, True)
    assert f"active, renewed through 31 December {YEAR}" in renewed
    assert f"Your next renewal is due by 31 December {YEAR + 1}" in renewed
    assert f"endorsement lapsed on 1 February {YEAR + 1}" in verified
    assert ("Bo Bystander" in listed_after, "Ada Renewer" in listed_after) == (False, True)
    assert (lapse.endorsement, lapse.on) == (never, date(YEAR + 1, 2, 1))
    assert problems == {}
    assert timezone.localdate() < date(YEAR, 1, 1)  # back to the real day
