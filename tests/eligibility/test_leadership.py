"""RULES.md, 4. Leadership activities."""

import pytest

from .builders import complete, excluded, leadership, requirement


@pytest.mark.parametrize(
    ("level", "status"),
    [
        ("local", "not_met"),
        ("regional", "met"),
        ("state", "met"),
        ("national", "met"),
        ("international", "met"),
    ],
)
def test_leadership_clinical_needs_at_least_regional_level(level, status):
    """4: for Clinical the activity must be at the regional or state level or wider (choice:
    'at least regional')."""
    doc = complete()
    doc["leadership"] = [leadership(level=level)]
    assert requirement(doc, "leadership").status == status


@pytest.mark.parametrize("category", ["mentor-policy", "mentor-research-faculty"])
def test_leadership_policy_and_research_faculty_any_level(category):
    """4: Policy and Research/Faculty activities may be at any level."""
    doc = complete(category)
    designation = {"mentor-policy": "policy", "mentor-research-faculty": "research_faculty"}[
        category
    ]
    doc["leadership"] = [leadership(designation=designation, level="local")]
    assert requirement(doc, "leadership").status == "met"


def test_leadership_must_be_for_the_applicants_designation():
    """4: at least one leadership activity for the applicant's designation."""
    doc = complete()
    doc["leadership"] = [leadership(designation="policy")]
    req = requirement(doc, "leadership")
    assert req.status == "not_met"
    assert excluded(req) == {"l1": "a Policy activity, not Clinical"}


def test_leadership_starting_after_evaluation_date_is_ignored():
    """4: activities that start after the evaluation date are ignored."""
    doc = complete()
    doc["leadership"] = [leadership(start_on="2026-11-25")]
    assert requirement(doc, "leadership").status == "not_met"
    assert requirement(doc, "leadership", as_of="2026-11-25").status == "met"


def test_leadership_catalogue_is_not_a_checklist_and_other_activities_count():
    """4: the seed's example activities are a catalogue, not a checklist; 'other' with a
    description is allowed — one activity of any wording suffices."""
    doc = complete()
    activity = leadership()
    activity["activity"] = "Other: co-chairs the county's perinatal mental health task force"
    doc["leadership"] = [activity]
    assert requirement(doc, "leadership").status == "met"
