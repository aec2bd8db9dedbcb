"""The examples under examples/ give the verdicts their names promise."""

from pathlib import Path

import pytest

from endorse.eligibility import check_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


# RULES-categories.md: for each of the 12 categories, a complete file, one in progress and a
# mistake people make for that category, all under `2025`.
CATEGORY_EXAMPLES = [
    ("family-associate-complete", "endorsable"),
    ("family-associate-in-progress", "incomplete"),
    ("family-associate-volunteer-without-training", "incomplete"),
    ("ec-family-associate-complete", "endorsable"),
    ("ec-family-associate-in-progress", "incomplete"),
    ("ec-family-associate-trainings-without-age-bands", "incomplete"),
    ("family-specialist-complete", "endorsable"),
    ("family-specialist-in-progress", "incomplete"),
    ("family-specialist-nine-families", "incomplete"),
    ("ec-family-specialist-complete", "endorsable"),
    ("ec-family-specialist-in-progress", "awaiting_review"),
    ("ec-family-specialist-provider-without-ers", "incomplete"),
    ("mh-specialist-complete", "endorsable"),
    ("mh-specialist-in-progress", "incomplete"),
    ("mh-specialist-internship-expired-licence", "incomplete"),
    ("ec-mh-specialist-complete", "endorsable"),
    ("ec-mh-specialist-in-progress", "incomplete"),
    ("ec-mh-specialist-direct-service-not-psychotherapy", "incomplete"),
    ("mentor-clinical-complete", "endorsable"),
    ("mentor-clinical-in-progress", "incomplete"),
    ("mentor-clinical-no-main-provider", "incomplete"),
    ("ec-mentor-clinical-complete", "endorsable"),
    ("ec-mentor-clinical-in-progress", "incomplete"),
    ("ec-mentor-clinical-infant-exam", "ready_for_exam"),
    ("mentor-policy-complete", "endorsable"),
    ("mentor-policy-in-progress", "incomplete"),
    ("mentor-policy-no-dei-hours", "incomplete"),
    ("ec-mentor-policy-complete", "endorsable"),
    ("ec-mentor-policy-in-progress", "incomplete"),
    ("ec-mentor-policy-organizational-membership", "incomplete"),
    ("mentor-research-faculty-complete", "endorsable"),
    ("mentor-research-faculty-in-progress", "incomplete"),
    ("mentor-research-faculty-mas-degree", "incomplete"),
    ("ec-mentor-research-faculty-complete", "endorsable"),
    ("ec-mentor-research-faculty-in-progress", "awaiting_review"),
    ("ec-mentor-research-faculty-ratings-out-of-date", "incomplete"),
]


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
        *CATEGORY_EXAMPLES,
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
        *(name for name, _ in CATEGORY_EXAMPLES),
    }


@pytest.mark.parametrize(("name", "overall"), CATEGORY_EXAMPLES)
def test_category_example_is_a_2025_file_of_its_category(name, overall):
    """Each category example names `2025` and the category its file name starts with."""
    result = _check(name)
    assert result.policy == "2025"
    assert name.startswith(f"{result.category}-")


# What each instructive failure shows: (requirement, status, an excluded reason or the summary).
FAILURES = {
    "family-associate-volunteer-without-training": (
        "work_experience", "not_met", "volunteer work without specialised training"),
    "ec-family-associate-trainings-without-age-bands": (
        "training", "not_met", "age band does not match"),
    "family-specialist-nine-families": (
        "work_experience", "not_met", "6.2 of 2 years paid prevention or early intervention work "
        "focused on social-emotional development and relationships; 9 of 10 families served"),
    "ec-family-specialist-provider-without-ers": (
        "rsc", "not_met", "provider's endorsement: ECMHS; needs IFRS, IMHM-C or IFS or IMHS with ERS"),
    "mh-specialist-internship-expired-licence": (
        "education", "not_met", "licence expired on 2026-09-30"),
    "ec-mh-specialist-direct-service-not-psychotherapy": (
        "work_experience", "not_met", "not supervised, paid infant-parent psychotherapy while "
        "licensed or licence-eligible"),
    "mentor-clinical-no-main-provider": (
        "rsc", "not_met", "25 of 50 hours of reflective supervision/consultation in a 1–2 year "
        "window"),
    "ec-mentor-clinical-infant-exam": (
        "exam", "not_met", "Passed the infant exam; this category needs the early childhood exam"),
    "mentor-policy-no-dei-hours": (
        "training", "not_met", "30 of 33 hours of relationship-based training (30 of 30 on infant "
        "mental health; 0 of 3 on diversity, equity and inclusion)"),
    "ec-mentor-policy-organizational-membership": (
        "membership", "not_met", "An organizational membership does not count"),
    "mentor-research-faculty-mas-degree": (
        "education", "not_met", "an MAS degree does not count for IMHM-R/F"),
    "ec-mentor-research-faculty-ratings-out-of-date": (
        "references", "not_met", "completed more than a year before the evaluation date"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_category_failure_example_fails_for_its_one_reason(name):
    """Each instructive failure is not met on exactly the requirement it is about (the exam,
    for the infant exam, holds the Mentor twin at ready_for_exam)."""
    requirement_id, status, words = FAILURES[name]
    result = _check(name)
    req = result.requirement(requirement_id)
    assert req.status == status
    assert words == req.summary or words in {e.reason for e in req.excluded}
    others = {r.id for r in result.requirements if r.status in ("not_met", "pending")}
    assert others - {"education", "work_experience"} <= {requirement_id}


def test_mh_specialist_internship_credit_completes_the_work():
    """The internship of the expired-licence example counts (capped work credit, K24) even
    though the only education, the licence, has expired; the licence still dates the work."""
    work = _check("mh-specialist-internship-expired-licence").requirement("work_experience")
    assert (work.status, work.have, work.details["internship_days"]) == ("met", 881, 347)
    assert str(work.details["graduation_on"]) == "2021-09-01"


def test_family_associate_in_progress_waits_on_the_cda_check_in_its_group():
    """The IFA in progress: the CDA awaits the coordinator's check, so the education-or-work
    group is pending while the work says when it will reach two years."""
    result = _check("family-associate-in-progress")
    assert [g.status for g in result.groups] == ["pending"]
    assert result.requirement("education").details["route"] == "education"
    assert str(result.requirement("work_experience").earliest_on) == "2027-06-01"


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
