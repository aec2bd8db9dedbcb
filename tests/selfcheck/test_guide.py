"""The category guide: the engine's verdicts on what a person answers (issue: every category)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from endorse.selfcheck.guide import Answers, guide

TODAY = date(2026, 12, 2)


def answers(**changes: object) -> Answers:
    base: dict[str, object] = {
        "degree": "none",
        "licensed": False,
        "work_kinds": (),
        "work_years": Decimal(0),
        "families": 0,
        "band": "infant",
        "training_hours": Decimal(0),
        "dei_hours": False,
        "rsc_provision_hours": False,
        "rsc_hours": Decimal(0),
        "leads": False,
    }
    base.update(changes)
    return Answers(**base)  # type: ignore[arg-type]


def within_reach(fits: list) -> list[str]:
    return [fit.category for fit in fits if fit.within_reach]


def test_guide_a_home_visitor_without_a_degree_can_aim_for_family_associate():
    """Two years of paid family support and 30 hours of training: the work route of IFA."""
    fits = guide(
        answers(work_kinds=("family_service",), work_years=Decimal(2), training_hours=Decimal(30)),
        TODAY,
    )
    assert within_reach(fits) == ["family-associate"]
    specialist = next(fit for fit in fits if fit.category == "family-specialist")
    assert specialist.still_needed[0].startswith("Add a qualifying degree")


def test_guide_lists_only_the_age_band_the_person_works_with():
    fits = guide(answers(band="early_childhood"), TODAY)
    assert [fit.category for fit in fits] == [
        "ec-family-associate",
        "ec-family-specialist",
        "ec-mh-specialist",
        "ec-mentor-clinical",
        "ec-mentor-policy",
        "ec-mentor-research-faculty",
    ]
    assert len(guide(answers(band="both"), TODAY)) == 12


def test_guide_a_family_specialist_needs_ten_families_and_24_hours_of_rsc():
    base = {
        "degree": "bachelor",
        "work_kinds": ("prevention_service",),
        "work_years": Decimal(3),
        "training_hours": Decimal(30),
        "rsc_hours": Decimal(24),
    }
    short = next(f for f in guide(answers(**base, families=9), TODAY) if f.abbr == "IFS")
    assert short.still_needed == ("1 more family served in the work counted.",)
    fits = guide(answers(**base, families=10), TODAY)
    assert within_reach(fits) == ["family-associate", "family-specialist"]


def test_guide_a_licensed_clinician_reaches_mental_health_specialist():
    fits = guide(
        answers(
            degree="master",
            licensed=True,
            work_kinds=("parent_infant_psychotherapy",),
            work_years=Decimal(2),
            families=20,
            training_hours=Decimal(33),
            dei_hours=True,
            rsc_hours=Decimal(50),
        ),
        TODAY,
    )
    assert "mh-specialist" in within_reach(fits)
    assert "mentor-clinical" not in within_reach(fits)


@pytest.mark.django_db
def test_guide_page_shows_every_category_for_both_bands(client):
    response = client.get(
        reverse("selfcheck:guide"),
        {
            "degree": "bachelor",
            "work_kinds": ["family_service"],
            "work_years": "2",
            "families": "5",
            "band": "both",
            "training_hours": "30",
            "rsc_hours": "0",
        },
    )
    assert response.status_code == 200
    assert [fit.abbr for fit in response.context["fits"] if fit.within_reach] == ["IFA", "ECFA"]
    assert response.content.decode().count("usa-summary-box__heading") == 12


@pytest.mark.django_db
def test_guide_page_refuses_a_negative_number_naming_the_field(client):
    response = client.get(
        reverse("selfcheck:guide"), {"degree": "none", "band": "infant", "work_years": "-1"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["work_years"]
