"""Demo people for local instances."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.routing import default_association
from endorse.devtools.demo import DEMO_PASSWORD, demo_create
from endorse.devtools.demo_renewals import renewal_personas
from endorse.registry.models import Endorsement
from endorse.renewals.enums import EventKind, RenewalState
from endorse.renewals.models import InactivePeriod, LoggedHours, Renewal, RenewalEvent

from ..conftest import make_person


@pytest.mark.django_db
def test_demo_people_at_different_stages_once(settings):
    settings.DEBUG = True
    logins = demo_create()
    assert logins[0].email == "coordinator@example.org"
    assert sorted(Application.objects.values_list("category", "status")) == [
        ("ec-family-associate", "submitted"),
        ("ec-family-specialist", "endorsed"),
        ("ec-mentor-clinical", "endorsed"),
        ("family-associate", "draft"),
        ("family-associate", "endorsed"),
        ("family-specialist", "draft"),
        ("family-specialist", "under_review"),
        ("mentor-clinical", "draft"),
        ("mentor-clinical", "draft"),
        ("mentor-clinical", "endorsed"),
        ("mentor-policy", "approved_for_exam"),
        ("mentor-research-faculty", "submitted"),
        ("mh-specialist", "draft"),
        ("mh-specialist", "submitted"),
    ]
    coordinator = User.objects.get(email="coordinator@example.org")
    assert (coordinator.is_staff, coordinator.check_password(DEMO_PASSWORD)) == (True, True)
    assert demo_create() == []
    assert Application.objects.count() == 14


@pytest.mark.django_db
def test_demo_refuses_outside_debug_mode(settings):
    settings.DEBUG = False
    with pytest.raises(RuntimeError, match="local instances only"):
        demo_create()
    assert User.objects.count() == 0


def test_demo_staff_have_roles_and_a_second_factor_whose_code_is_printed(settings, db):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    from endorse.accounts.roles import has_role, has_two_factor
    from endorse.devtools.demo import DEMO_TOTP_SECRET, demo_code, demo_create

    settings.DEBUG = True
    demo_create()
    coordinator = User.objects.get(email="coordinator@example.org")
    examiner = User.objects.get(email="eli.examiner@example.org")
    assert (has_role(coordinator, "coordinator"), has_two_factor(coordinator)) == (True, True)
    assert (has_role(examiner, "exam_reviewer"), has_role(examiner, "coordinator")) == (True, False)
    assert validate_totp_code(DEMO_TOTP_SECRET, demo_code())


@pytest.mark.django_db
def test_demo_has_enough_exam_reviewers_to_mark_without_role_changes(settings):
    """Usability findings: two markers and a third for a disagreement, none a reviewer."""
    from endorse.accounts.roles import has_role

    settings.DEBUG = True
    demo_create()
    markers = [p for p in User.objects.all() if has_role(p, "exam_reviewer")]
    assert len(markers) == 3
    assert not any(has_role(p, "reviewer") for p in markers)


@pytest.mark.parametrize("today", ["2026-11-20", "2027-06-15", "2027-01-10"])
def test_demo_endorsees_have_the_renewal_standing_their_persona_names(coordinator, today):
    """The personas mean the same whatever day the demo is created: in the window (November),
    before it (June), in the grace (January)."""
    day = date.fromisoformat(today)
    with time_machine.travel(f"{today} 12:00Z", tick=False):
        personas = renewal_personas(
            default_association(), coordinator, lambda email, name: make_person(email, name)
        )
        standings = {
            e.person.email.split("@")[0]: e.standing_on(day).word
            for e in Endorsement.objects.select_related("person")
        }
    waiting = Renewal.objects.get(state=RenewalState.SUBMITTED)
    late = Renewal.objects.get(person__email="leo.late@example.org", period_end__year=day.year - 1)
    lapses = RenewalEvent.objects.filter(kind=EventKind.LAPSED).order_by("on")
    rita_hours = LoggedHours.objects.filter(
        person__email="rita.renewer@example.org", on__year=day.year
    ).aggregate(total=Sum("hours"))["total"]
    reinstated = Endorsement.objects.get(person__email="rae.reinstated@example.org")
    due = "renewal_due" if day.month >= 10 else "active"
    assert standings == {
        "rita.renewer": due,
        "leo.late": due,
        "sam.submitted": due if day.month >= 10 else ("overdue" if day.month == 1 else "lapsed"),
        "lou.lapsed": "lapsed",
        "rae.reinstated": due,
        "ida.inactive": "inactive",
    }
    assert [p.email for p in personas] == [f"{who}@example.org" for who in standings]
    assert waiting.person.email == "sam.submitted@example.org"
    assert (late.state, late.fee_paid_amount) == ("accepted", Decimal(55))
    # Before the window, Sam's renewal is last year's, waiting since December: it lapsed too.
    assert [(e.person.email, e.on) for e in lapses] == [
        ("rae.reinstated@example.org", date(day.year - 2, 2, 1)),
        ("lou.lapsed@example.org", date(day.year - 1, 2, 1)),
    ] + ([("sam.submitted@example.org", date(day.year, 2, 1))] if day.month == 6 else [])
    assert rita_hours == {"11": 12, "06": 6}.get(today[5:7])
    assert InactivePeriod.objects.get().endorsement.person.email == "ida.inactive@example.org"
    assert reinstated.reinstated_on == date(day.year - 1, 3, 16)


@pytest.mark.django_db
def test_the_demo_names_its_renewal_personas(settings):
    settings.DEBUG = True
    with time_machine.travel("2026-11-20 12:00Z", tick=False):
        logins = demo_create()
    assert [login.email for login in logins if "endorsee" in login.who] == [
        "rita.renewer@example.org",
        "leo.late@example.org",
        "sam.submitted@example.org",
        "lou.lapsed@example.org",
        "rae.reinstated@example.org",
        "ida.inactive@example.org",
    ]
