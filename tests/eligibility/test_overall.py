"""RULES.md, Vocabulary: the overall status, and the shape of every result."""

import pytest

from endorse.eligibility.result import REQUIREMENT_IDS

from .builders import SLOT_ROLES, complete, evaluate_doc, reference


def test_overall_endorsable_when_everything_is_met():
    """Overall: endorsable when nothing is not_met or pending and the exam is passed."""
    assert evaluate_doc(complete()).overall == "endorsable"


def test_overall_ready_for_exam_when_only_the_exam_is_missing():
    """Overall: ready_for_exam if the exam is not yet passed (the exam is treated last)."""
    doc = complete()
    doc["exam"] = {"result": "failed", "taken_on": "2026-10-15"}
    assert evaluate_doc(doc).overall == "ready_for_exam"


def test_overall_awaiting_review_when_something_is_pending():
    """Overall: awaiting_review if any is pending (and nothing other than the exam is not_met)."""
    doc = complete()
    doc["review"] = None
    doc["exam"] = None
    assert evaluate_doc(doc).overall == "awaiting_review"


def test_overall_incomplete_when_any_requirement_other_than_exam_is_not_met():
    """Overall: incomplete if any requirement other than the exam is not_met."""
    doc = complete()
    doc["membership"]["expires_on"] = "2020-01-01"
    doc["review"] = None
    assert evaluate_doc(doc).overall == "incomplete"


def test_overall_not_required_does_not_block():
    doc = complete("mentor-policy")
    doc["rsc"] = []
    doc["trainings"][0]["competencies"].append("reflection")  # the RS/C entry carried this evidence
    result = evaluate_doc(doc)
    assert (result.requirement("rsc").status, result.overall) == ("not_required", "endorsable")


@pytest.mark.parametrize("category", list(SLOT_ROLES))
def test_result_lists_the_ten_requirements_in_order_with_their_clause(category):
    """What every result must carry: id, status, summary, numbers, entries, clause — in RULES.md order."""
    result = evaluate_doc(complete(category))
    assert [r.id for r in result.requirements] == list(REQUIREMENT_IDS)
    for r in result.requirements:
        assert r.summary
        assert r.clause.startswith("seed: ")


def test_result_data_has_exactly_the_documented_format():
    """PORTFOLIO.md: the result format imh-eligibility/1."""
    doc = complete()
    doc["references"][2] = reference("ref3", "supervisee", status="declined")
    data = evaluate_doc(doc).to_data()
    assert list(data) == [
        "format",
        "category",
        "policy",
        "effective_on",
        "as_of",
        "overall",
        "requirements",
    ]
    assert (data["format"], data["category"], data["policy"], data["as_of"], data["overall"]) == (
        "imh-eligibility/1",
        "mentor-clinical",
        "seed",
        "2026-11-24",
        "incomplete",
    )
    references = data["requirements"][5]
    assert {
        key: references[key]
        for key in (
            "id",
            "status",
            "have",
            "need",
            "unit",
            "earliest_on",
            "counted",
            "excluded",
            "clause",
        )
    } == {
        "id": "references",
        "status": "not_met",
        "have": 2,
        "need": 3,
        "unit": "ratings",
        "earliest_on": None,
        "counted": ["ref1", "ref2"],
        "excluded": [{"id": "ref3", "reason": "declined"}],
        "clause": "seed: Three Professional Reference Ratings",
    }


def test_policy_clauses_name_the_version_whose_rule_they_apply():
    """RULES-categories.md 2, choice K45: a Mentor clause names the version's name where that
    version's rule for the requirement differs from `seed`, and `seed` otherwise."""
    clauses = {r.id: r.clause for r in evaluate_doc(complete(), policy="2024").requirements}
    changed = {"training", "rsc", "references", "ethics"}
    assert {i for i, clause in clauses.items() if clause.startswith("2024: ")} == changed
    assert all(clauses[i].startswith("seed: ") for i in set(clauses) - changed)


def test_entries_without_id_are_named_by_position():
    doc = complete()
    del doc["trainings"][0]["id"]
    assert evaluate_doc(doc).requirement("training").counted == ["trainings.0"]


def test_evaluation_date_defaults_to_the_file_then_today():
    """Vocabulary: as_of is optional (today)."""
    from datetime import date

    doc = complete()
    assert evaluate_doc(doc).as_of == date(2026, 11, 24)
    assert evaluate_doc(doc, as_of="2026-01-01").as_of == date(2026, 1, 1)
