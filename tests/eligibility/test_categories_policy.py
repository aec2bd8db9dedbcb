"""RULES-categories.md 1 and 2: categories and versions, alternative groups, the overall word,
exclusion reasons and clause texts, one test per statement.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from endorse.eligibility import PortfolioError, load_policy
from endorse.eligibility.evaluate import _decide_group
from endorse.eligibility.result import Requirement

from .builders import complete, degree, evaluate_doc, excluded, requirement, rsc, training
from .category_builders import CATEGORIES, MENTOR_KINDS, kind_of, met, paid_work

MENTOR_IDS = ["mentor-clinical", "mentor-policy", "mentor-research-faculty"]
NEW_IDS = [c for c in CATEGORIES if c not in MENTOR_IDS]
ABBR = {
    "family-associate": "IFA",
    "family-specialist": "IFS",
    "mh-specialist": "IMHS",
    "mentor-clinical": "IMHM-C",
    "mentor-policy": "IMHM-P",
    "mentor-research-faculty": "IMHM-R/F",
    "ec-family-associate": "ECFA",
    "ec-family-specialist": "ECFS",
    "ec-mh-specialist": "ECMHS",
    "ec-mentor-clinical": "ECMHM-C",
    "ec-mentor-policy": "ECMHM-P",
    "ec-mentor-research-faculty": "ECMHM-R/F",
}


def _refusal(doc: dict[str, Any], policy: str | None = None) -> list[tuple[str, str]]:
    with pytest.raises(PortfolioError) as caught:
        evaluate_doc(doc, policy=policy)
    return [(p.path, p.message) for p in caught.value.problems]


# --- Section 1: categories and policy versions -------------------------------------------


@pytest.mark.parametrize("name", ["2024", "2025"])
def test_policy_versions_2024_and_2025_offer_all_twelve_categories(name):
    """RULES-categories.md 1, choice K3: `2024` and `2025` offer all 12 ids, each with its kind,
    band and abbreviation."""
    policy = load_policy(name)
    assert set(policy.categories) == set(CATEGORIES)
    for category_id, category in policy.categories.items():
        assert category.kind == kind_of(category_id)
        assert category.band == ("early_childhood" if category_id.startswith("ec-") else "infant")
        assert category.abbr == ABBR[category_id]


def test_policy_seed_offers_only_the_three_infant_mentor_ids():
    """RULES-categories.md 1: `seed` offers the three infant Mentor ids, as `RULES.md`."""
    assert set(load_policy("seed").categories) == set(MENTOR_IDS)


@pytest.mark.parametrize("category", NEW_IDS)
def test_policy_a_category_the_version_does_not_offer_is_refused_naming_category(category):
    """RULES-categories.md 1: "A file whose `category` its version does not offer is refused,
    naming `category`." `seed` offers none of the nine new ids."""
    doc = met(category)
    doc["policy"] = "seed"
    [(path, message)] = _refusal(doc)
    assert path == "category"
    assert f"policy 'seed' does not offer category {category!r}" in message


def test_policy_refusal_also_when_the_version_is_given_as_an_option():
    """RULES-categories.md 1: the refusal holds whichever way the version is chosen."""
    assert _refusal(met("ec-family-specialist"), policy="seed")[0][0] == "category"


@pytest.mark.parametrize("category", MENTOR_IDS)
def test_policy_absent_defaults_to_seed_for_the_infant_mentor_ids(category):
    """RULES-categories.md 1, choice K1: `policy` absent → `seed` for the three infant Mentor
    ids (as today)."""
    doc = complete(category)
    doc.pop("policy", None)
    assert evaluate_doc(doc).policy == "seed"


@pytest.mark.parametrize("category", NEW_IDS)
def test_policy_absent_defaults_to_2025_for_every_other_id(category):
    """RULES-categories.md 1, choice K1: `policy` absent → `2025` for every other id."""
    doc = met(category)
    del doc["policy"]
    result = evaluate_doc(doc)
    assert (result.policy, result.overall) == ("2025", "endorsable")


@pytest.mark.parametrize(("name", "effective_on"), [("seed", None), ("2024", "2024-01-01"),
                                                    ("2025", "2025-01-01")])  # fmt: skip
def test_policy_effective_on_is_shown_at_top_level_and_null_for_seed(name, effective_on):
    """RULES-categories.md 1, choice K2: `effective_on` is shown (top-level result key, null for
    `seed`)."""
    data = evaluate_doc(complete("mentor-policy"), policy=name).to_data()
    assert "effective_on" in data
    assert data["effective_on"] == effective_on


def test_policy_effective_on_never_refuses_nor_changes_a_verdict():
    """RULES-categories.md 1, choice K2: a file may name any shipped version whatever its
    `as_of`; `effective_on` is never used to refuse or to change a verdict. A `2025` file
    evaluated on a day before 2025 gets the verdict the same evidence gets after it."""
    doc = met("family-specialist")
    early = evaluate_doc(doc, as_of="2026-06-30")
    # Move every date back five years: the evaluation day falls before 2025-01-01.
    shifted = met("family-specialist")
    shifted["as_of"] = "2021-06-30"
    shifted["degrees"][0]["conferred_on"] = "2010-05-15"
    shifted["work"][0]["start_on"] = "2015-01-05"
    shifted["rsc"][0].update(start_on="2020-01-01", end_on="2020-12-31")
    for entry in shifted["trainings"]:
        entry["start_on"] = "2019-03-01"
    for entry in shifted["references"]:
        entry["completed_on"] = "2021-05-01"
    shifted["ethics"]["signed_on"] = "2021-01-15"
    shifted["membership"]["expires_on"] = "2022-06-30"
    late = evaluate_doc(shifted)
    assert late.as_of < load_policy("2025").effective_on  # type: ignore[operator]
    assert (late.overall, late.effective_on) == (early.overall, date(2025, 1, 1))
    assert late.overall == "endorsable"


def test_policy_abbreviation_is_the_text_of_clauses_and_summaries():
    """RULES-categories.md 1: the abbr. column is `categories.<id>.abbr`, the text used in clauses
    and summaries (R/F with its slash)."""
    req = requirement(met("ec-mentor-research-faculty"), "rsc")
    assert req.summary.startswith("Not required for ECMHM-R/F")
    req = requirement(met("family-specialist"), "leadership")
    assert (req.summary, req.clause) == (
        "Not required for IFS; 0 activities listed",
        "2025: IFS Leadership",
    )


# --- Section 2: alternative groups ---------------------------------------------------------


def _requirement(rid: str, status: str) -> Requirement:
    titles = {"education": "Education", "work_experience": "Specialized work experience"}
    return Requirement(
        id=rid,
        title=titles[rid],
        status=status,
        summary="s",
        clause="c",  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("education", "work", "decider", "group"),
    [
        ("met", "met", "education", "met"),
        ("not_met", "met", "work_experience", "met"),
        ("pending", "met", "work_experience", "met"),
        ("pending", "not_met", "education", "pending"),
        ("not_met", "pending", "work_experience", "pending"),
        ("pending", "pending", "education", "pending"),
        ("not_met", "not_met", "education", "not_met"),
    ],
)
def test_group_the_first_met_member_decides_else_the_best_status(education, work, decider, group):
    """RULES-categories.md 2, choices K8 and K40: the member that decides is the first met member
    in group order; when none is met, the member with the best status (pending before not_met;
    the first in group order on a tie). The group's status is the decider's."""
    reqs = [_requirement("education", education), _requirement("work_experience", work)]
    found = _decide_group("education_or_work", ("education", "work_experience"), reqs)
    assert found.status == group
    routes = {r.id: r.details.get("route") for r in reqs}
    assert routes == {r.id: (r.id if r.id == decider else None) for r in reqs}
    assert all(r.details["alternative_group"] == "education_or_work" for r in reqs)


def test_group_when_none_is_met_each_member_keeps_its_own_status():
    """RULES-categories.md 2, choice K8: "Otherwise each member keeps its own status." """
    doc = met("family-associate")
    doc["degrees"] = [degree(type="BA", transcript="received")]
    doc["work"][0]["start_on"] = "2026-01-05"
    result = evaluate_doc(doc)
    assert [result.requirement(r).status for r in ("education", "work_experience")] == [
        "pending",
        "not_met",
    ]
    # The unmet member still says when it would be met.
    assert result.requirement("work_experience").earliest_on is not None


def test_group_a_met_decider_makes_the_other_member_not_required_keeping_its_figures():
    """RULES-categories.md 2, choice K8: when the decider is met, every other member is reported
    `not_required`; its figures stay, and its summary names the member that is met."""
    doc = met("family-associate")
    doc["work"][0]["start_on"] = "2026-01-05"  # 177 days, still open
    result = evaluate_doc(doc)
    work = result.requirement("work_experience")
    assert (work.status, work.have, work.need) == ("not_required", 177, 730)
    assert work.summary.startswith("Not required: education is met instead")
    assert (work.missing, work.earliest_on) == ([], None)


def test_group_results_carry_groups_alternative_group_and_route_keys():
    """RULES-categories.md 2 and PORTFOLIO.md: each member's entry carries `alternative_group`,
    the decider's also `route`; the result carries a top-level `groups`."""
    data = evaluate_doc(met("ec-family-associate")).to_data()
    reqs = {r["id"]: r for r in data["requirements"]}
    assert data["groups"] == [
        {"id": "education_or_work", "members": ["education", "work_experience"], "status": "met"}
    ]
    assert reqs["education"]["alternative_group"] == "education_or_work"
    assert reqs["work_experience"]["alternative_group"] == "education_or_work"
    assert reqs["education"]["route"] == "education"
    assert "route" not in reqs["work_experience"]
    others = [r for i, r in reqs.items() if i not in ("education", "work_experience")]
    assert all("alternative_group" not in r and "route" not in r for r in others)


@pytest.mark.parametrize("category", [c for c in CATEGORIES if kind_of(c) != "associate"])
def test_group_only_a_category_with_a_group_has_groups(category):
    """RULES-categories.md 2: the only group is `education_or_work`, for IFA and ECFA; `groups`
    is present only for a category that has a group."""
    data = evaluate_doc(met(category)).to_data()
    assert "groups" not in data
    assert all("alternative_group" not in r and "route" not in r for r in data["requirements"])


def test_group_overall_treats_the_group_as_one_requirement():
    """RULES-categories.md 2, Overall: the group counts as one requirement with the group's
    status: a not_met member does not make the file incomplete when the other is met."""
    doc = met("family-associate")
    doc["work"][0]["start_on"] = "2026-06-01"
    result = evaluate_doc(doc)
    assert result.requirement("work_experience").status == "not_required"
    assert result.overall == "endorsable"


# --- Section 2: the overall word -----------------------------------------------------------


def test_overall_incomplete_when_any_requirement_but_the_exam_is_not_met():
    """RULES-categories.md 2, Overall: `incomplete` if any requirement other than the exam is
    `not_met`, even when another is pending."""
    doc = met("family-specialist")
    doc["degrees"][0]["transcript"] = "received"
    doc["trainings"] = [training("t1", 10)]
    assert evaluate_doc(doc).overall == "incomplete"


def test_overall_awaiting_review_when_any_is_pending():
    """RULES-categories.md 2, Overall: otherwise `awaiting_review` if any is `pending`."""
    doc = met("family-specialist")
    doc["review"] = None
    assert evaluate_doc(doc).overall == "awaiting_review"


@pytest.mark.parametrize("category", ["mentor-policy", "ec-mentor-policy"])
def test_overall_ready_for_exam_when_a_required_exam_is_not_passed(category):
    """RULES-categories.md 2, Overall: otherwise `ready_for_exam` if the exam is required and not
    passed."""
    doc = met(category)
    doc["exam"] = {"result": "failed", "taken_on": "2026-03-01"}
    assert evaluate_doc(doc).overall == "ready_for_exam"


@pytest.mark.parametrize("category", ["family-associate", "ec-family-specialist", "mh-specialist"])
def test_overall_an_exam_not_required_never_holds_an_application_back(category):
    """RULES-categories.md 2, Overall: "An exam that is `not_required` never holds an application
    back" — whatever the `exam` field holds."""
    doc = met(category)
    doc["exam"] = {"result": "failed", "taken_on": "2026-03-01"}
    result = evaluate_doc(doc)
    assert (result.requirement("exam").status, result.overall) == ("not_required", "endorsable")


# --- Section 2: exclusion reasons ----------------------------------------------------------


def test_exclusion_reason_dated_after_the_evaluation_date_comes_before_the_band():
    """RULES-categories.md 2, Exclusion reasons: first dated after the evaluation date, then age
    band does not match, then the reasons of `RULES.md`."""
    doc = met("ec-family-specialist")
    doc["trainings"].append(training("late", 5, start_on="2026-07-01", relationship_based=False))
    doc["trainings"].append(training("infant", 5, relationship_based=False))
    doc["work"].append(paid_work("late", "2026-07-01", None, ["research"], "infant"))
    doc["rsc"].append(rsc("late", "2026-07-01", None, 5, approved=False))
    result = evaluate_doc(doc)
    assert excluded(result.requirement("training")) == {
        "late": "dated after the evaluation date",
        "infant": "age band does not match",
    }
    assert excluded(result.requirement("work_experience"))["late"] == (
        "dated after the evaluation date"
    )
    assert excluded(result.requirement("rsc"))["late"] == "dated after the evaluation date"


def test_exclusion_reason_band_comes_before_the_reasons_of_rules_md():
    """RULES-categories.md 2, Exclusion reasons: a band mismatch is named before "not
    relationship-based", "provider not approved", "peer supervision" and the work kinds."""
    doc = met("ec-family-specialist")
    doc["trainings"].append(training("t9", 5, relationship_based=False))
    doc["rsc"].append(rsc("r9", "2025-01-01", "2025-06-30", 5, approved=False, peer=True))
    doc["work"].append(paid_work("w9", "2020-01-06", None, ["research"], "infant", paid=False))
    result = evaluate_doc(doc)
    assert excluded(result.requirement("training"))["t9"] == "age band does not match"
    assert excluded(result.requirement("rsc"))["r9"] == "age band does not match"
    assert excluded(result.requirement("work_experience"))["w9"] == "age band does not match"


# --- Section 2: clauses --------------------------------------------------------------------

REQUIREMENT_NAMES = {
    "education": "Education",
    "training": "Training",
    "work_experience": "Specialized Work Experience",
    "leadership": "Leadership",
    "rsc": "Reflective Supervision/Consultation",
    "references": "Reference Ratings",
    "ethics": "Code of Ethics and Endorsement Agreement",
    "competencies": "Competencies",
    "exam": "Written Examination",
    "membership": "Professional Membership",
}


@pytest.mark.parametrize("name", ["2024", "2025"])
@pytest.mark.parametrize("category", [c for c in CATEGORIES if kind_of(c) not in MENTOR_KINDS])
def test_clause_of_a_non_mentor_category_is_version_abbreviation_and_requirement(category, name):
    """RULES-categories.md 2, Clause: `"<version>: <abbr.> <requirement>"`, e.g. `"2025: IFS
    Reflective Supervision/Consultation"`, with the requirement names in id order."""
    result = evaluate_doc(met(category), policy=name)
    assert [r.clause for r in result.requirements] == [
        f"{name}: {ABBR[category]} {REQUIREMENT_NAMES[r.id]}" for r in result.requirements
    ]


def test_clause_example_of_the_rules_text():
    """RULES-categories.md 2, Clause: the example `"2025: IFS Reflective
    Supervision/Consultation"`."""
    assert requirement(met("family-specialist"), "rsc").clause == (
        "2025: IFS Reflective Supervision/Consultation"
    )


# Choice K45: the prefix names the version where its rule for the requirement differs from
# `seed`, and `seed` otherwise.
PREFIXES = {
    ("2024", "clinical"): {"references", "ethics", "training", "rsc"},
    ("2024", "policy"): {"references", "ethics"},
    ("2024", "research_faculty"): {"references", "ethics"},
    ("2025", "clinical"): {"references", "ethics", "membership", "training", "rsc"},
    ("2025", "policy"): {"references", "ethics", "membership", "training"},
    ("2025", "research_faculty"): {"references", "ethics", "membership", "training"},
}


@pytest.mark.parametrize("name", ["2024", "2025"])
@pytest.mark.parametrize("category", [c for c in CATEGORIES if kind_of(c) in MENTOR_KINDS])
def test_clause_mentor_prefix_is_the_version_only_where_its_rule_differs_from_seed(category, name):
    """RULES-categories.md 2, Clause, choice K45: the Mentor clauses (twins included) keep their
    text `"<prefix>: <requirement>"`; the prefix is the version's name under `2024` for
    references, ethics and (Clinical) training and rsc; under `2025` for references, ethics,
    membership, training and (Clinical) rsc; `seed` otherwise."""
    result = evaluate_doc(met(category), policy=name)
    versioned = PREFIXES[(name, kind_of(category))]
    for req in result.requirements:
        prefix = name if req.id in versioned else "seed"
        assert req.clause.startswith(f"{prefix}: "), (req.id, req.clause)
        assert ABBR[category] not in req.clause


@pytest.mark.parametrize("category", ["mentor-clinical", "ec-mentor-clinical"])
def test_clause_mentor_twin_has_the_same_text_as_its_infant_category(category):
    """RULES-categories.md 2, Clause, choice K45: twins keep the Mentor text."""
    clauses = [r.clause for r in evaluate_doc(met(category)).requirements]
    assert clauses == [r.clause for r in evaluate_doc(met("mentor-clinical")).requirements]
