"""The examples under examples/ give the verdicts their names promise."""

from pathlib import Path

import pytest

from endorse.eligibility import check_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _check(name, **kwargs):
    return check_text((EXAMPLES / f"{name}.json").read_bytes(), **kwargs)


@pytest.mark.parametrize(
    ("name", "overall"),
    [
        ("clinical-complete", "endorsable"),
        ("clinical-in-progress", "incomplete"),
        ("clinical-rsc-under-a-year", "incomplete"),
        ("clinical-experience-before-degree", "incomplete"),
        ("clinical-membership-lapsed", "incomplete"),
        ("policy-ready-for-exam", "ready_for_exam"),
        ("policy-references-need-matching", "ready_for_exam"),
        ("research-faculty-awaiting-review", "awaiting_review"),
    ],
)
def test_example_overall(name, overall):
    assert _check(name).overall == overall


def test_every_example_is_listed_here():
    names = {path.stem for path in EXAMPLES.glob("*.json")}
    assert names == {
        "clinical-complete",
        "clinical-in-progress",
        "clinical-rsc-under-a-year",
        "clinical-experience-before-degree",
        "clinical-membership-lapsed",
        "policy-ready-for-exam",
        "policy-references-need-matching",
        "research-faculty-awaiting-review",
    }


def test_clinical_complete_is_also_endorsable_under_2024():
    assert _check("clinical-complete", policy="2024").overall == "endorsable"


def test_rsc_under_a_year_says_when_it_could_be_met():
    rsc = _check("clinical-rsc-under-a-year").requirement("rsc")
    assert (rsc.status, str(rsc.earliest_on), rsc.have) == ("not_met", "2027-04-30", 52)


def test_experience_before_degree_counts_only_after_the_ma():
    work = _check("clinical-experience-before-degree").requirement("work_experience")
    assert [(p.id, p.status, p.have) for p in work.parts] == [
        ("imh_direct_service", "not_met", 483),
        ("rsc_provision", "met", 1299),
    ]
    education = _check("clinical-experience-before-degree").requirement("education")
    assert {e.id: e.reason for e in education.excluded} == {
        "d0": "not accepted as specific to infant mental health"
    }


def test_membership_lapsed_the_day_before():
    assert (
        _check("clinical-membership-lapsed").requirement("membership").summary
        == "MI-AIMH expired on 23 November 2026"
    )


def test_research_faculty_waits_on_transcript_rater_and_review():
    result = _check("research-faculty-awaiting-review")
    assert {r.id: r.status for r in result.requirements if r.status != "met"} == {
        "education": "pending",
        "rsc": "not_required",
        "references": "pending",
        "competencies": "pending",
        "exam": "not_met",
    }
