"""RULES.md, 6. Reference ratings, and the 2024 void rules."""

import pytest

from .builders import complete, excluded, reference, requirement


def _with(*refs, category="mentor-clinical"):
    doc = complete(category)
    doc["references"] = list(refs)
    return doc


def test_references_clinical_three_slots_filled_with_a_verified_endorsed_rater_is_met():
    """6 Clinical: program supervisor/teacher/trainer/consultant/colleague; RS/C provider; supervisee."""
    doc = _with(
        reference("a", "colleague"),
        reference("b", "rsc_provider", level="II", verified=True),
        reference("c", "supervisee"),
    )
    req = requirement(doc, "references")
    assert (req.status, req.have, req.need, req.counted) == ("met", 3, 3, ["a", "b", "c"])


def test_references_fewer_than_three_completed_is_not_met_naming_open_slots():
    """6: fewer than three completed → not_met (report how many are complete and which slots are open)."""
    doc = _with(
        reference("a", "program_supervisor", level="IV", verified=True),
        reference("b", "rsc_provider", status="requested"),
    )
    req = requirement(doc, "references")
    assert (req.status, req.have) == ("not_met", 1)
    assert req.details["open_slots"] == ["rsc_provider", "supervisee"]


@pytest.mark.parametrize("status", ["requested", "declined", "expired"])
def test_references_requested_declined_expired_do_not_count(status):
    """6: requested, declined or expired ratings do not count."""
    doc = _with(
        reference("a", "program_supervisor", level="IV", verified=True),
        reference("b", "rsc_provider"),
        reference("c", "supervisee", status=status),
    )
    req = requirement(doc, "references")
    assert (req.status, req.have) == ("not_met", 2)
    assert set(excluded(req)) == {"c"}


def test_references_a_rater_fills_one_slot_at_most():
    """6: a rater fills one slot at most."""
    doc = _with(
        reference("a", "colleague", level="IV", verified=True), reference("b", "supervisee")
    )
    req = requirement(doc, "references")
    assert (req.status, req.have) == ("not_met", 2)


def test_references_filled_by_matching_not_greedily():
    """6: find an assignment by matching, not greedily (a rater whose role fits two slots must not
    block a valid assignment). Policy: colleagues fit all three slots; the program supervisor only
    the first. A greedy pass puts a colleague in slot 1 and leaves slot 3 empty."""
    doc = _with(
        reference("col1", "colleague"),
        reference("col2", "colleague"),
        reference("sup", "program_supervisor", level="IV", verified=True),
        category="mentor-policy",
    )
    req = requirement(doc, "references")
    assert (req.status, req.have) == ("met", 3)
    assert {slot["id"]: slot["filled_by"] for slot in req.details["slots"]} == {
        "supervisor": "sup",
        "rsc_provider": "col1",
        "colleague": "col2",
    }


def test_references_policy_three_colleagues_allowed():
    """6 Policy: if no one is available from the first two categories, three colleagues."""
    doc = _with(
        reference("a", "colleague", level="III", verified=True),
        reference("b", "colleague"),
        reference("c", "colleague"),
        category="mentor-policy",
    )
    assert requirement(doc, "references").status == "met"


def test_references_research_faculty_chair_or_colleague_and_a_student():
    """6 Research/Faculty: department supervisor or chair — or a colleague; RS/C provider — or a
    colleague; a student taught or supervised."""
    doc = _with(
        reference("a", "colleague", level="IV", verified=True),
        reference("b", "colleague"),
        reference("c", "student"),
        category="mentor-research-faculty",
    )
    assert requirement(doc, "references").status == "met"
    doc = _with(
        reference("a", "colleague", level="IV", verified=True),
        reference("b", "colleague"),
        reference("c", "colleague"),
        category="mentor-research-faculty",
    )
    req = requirement(doc, "references")
    assert (req.status, req.details["open_slots"]) == ("not_met", ["student"])


def test_references_clinical_supervisee_slot_takes_only_a_supervisee():
    doc = _with(
        reference("a", "colleague", level="IV", verified=True),
        reference("b", "rsc_provider"),
        reference("c", "student"),
    )
    req = requirement(doc, "references")
    assert (req.status, excluded(req)) == ("not_met", {"c": "no open slot for this rater's role"})


@pytest.mark.parametrize("level", ["II", "III", "IV"])
def test_references_endorsed_rater_at_level_two_three_or_four_verified(level):
    """6: at least one rating from a rater holding Endorsement at Level II, III or IV, verified."""
    doc = _with(
        reference("a", "program_supervisor", level=level, verified=True),
        reference("b", "rsc_provider"),
        reference("c", "supervisee"),
    )
    assert requirement(doc, "references").status == "met"


def test_references_level_one_does_not_satisfy_the_endorsed_rater_rule():
    doc = _with(
        reference("a", "program_supervisor", level="I", verified=True),
        reference("b", "rsc_provider"),
        reference("c", "supervisee"),
    )
    req = requirement(doc, "references")
    assert (req.status, req.summary) == (
        "not_met",
        "3 of 3 ratings, but none from an endorsed rater",
    )


def test_references_claimed_but_unverified_endorsement_is_pending():
    """6: claimed but unverified, and no verified one → pending. Nobody even claims one → not_met."""
    doc = _with(
        reference("a", "program_supervisor", level="IV", verified=False),
        reference("b", "rsc_provider"),
        reference("c", "supervisee"),
    )
    assert requirement(doc, "references").status == "pending"
    doc = _with(
        reference("a", "program_supervisor"),
        reference("b", "rsc_provider"),
        reference("c", "supervisee"),
    )
    assert requirement(doc, "references").status == "not_met"


def test_references_prefer_assignment_with_verified_endorsed_rater():
    """6: when several assignments exist, prefer one that includes a verified endorsed rater."""
    doc = _with(
        reference("plain", "colleague"),
        reference("endorsed", "trainer", level="III", verified=True),
        reference("b", "rsc_provider"),
        reference("c", "supervisee"),
    )
    req = requirement(doc, "references")
    assert (req.status, req.counted) == ("met", ["endorsed", "b", "c"])


def test_references_completed_after_evaluation_date_does_not_count():
    doc = _with(
        reference("a", "program_supervisor", level="IV", verified=True),
        reference("b", "rsc_provider"),
        reference("c", "supervisee", completed_on="2026-11-25"),
    )
    req = requirement(doc, "references")
    assert (req.status, excluded(req)) == ("not_met", {"c": "dated after the evaluation date"})


# 2024 ---------------------------------------------------------------------------------------


def test_references_2024_void_at_six_not_enough_information_answers():
    """2024: a rating is void when 6 or more items were answered 'not enough information'."""
    doc = _with(
        reference("a", "program_supervisor", level="IV", verified=True),
        reference("b", "rsc_provider", not_enough_information=5),
        reference("c", "supervisee"),
    )
    assert requirement(doc, "references", policy="2024").status == "met"
    doc["references"][1]["not_enough_information"] = 6
    req = requirement(doc, "references", policy="2024")
    assert (req.status, excluded(req)) == (
        "not_met",
        {"b": "void: 6 items answered 'not enough information'"},
    )
    assert requirement(doc, "references", policy="seed").status == "met"


def test_references_2024_rating_older_than_one_year_does_not_count():
    """2024: a rating older than one year on the evaluation date does not count (exactly one year still counts)."""
    doc = _with(
        reference("a", "program_supervisor", level="IV", verified=True),
        reference("b", "rsc_provider", completed_on="2025-11-24"),
        reference("c", "supervisee"),
    )
    assert requirement(doc, "references", policy="2024").status == "met"
    doc["references"][1]["completed_on"] = "2025-11-23"
    req = requirement(doc, "references", policy="2024")
    assert excluded(req) == {"b": "completed more than a year before the evaluation date"}


def test_references_2024_rater_must_have_known_applicant_one_year():
    """2024: the rater must have known the applicant for at least one year."""
    doc = _with(
        reference("a", "program_supervisor", level="IV", verified=True),
        reference("b", "rsc_provider", known_years=1),
        reference("c", "supervisee", known_years=0.5),
    )
    req = requirement(doc, "references", policy="2024")
    assert excluded(req) == {"c": "rater has known the applicant for less than a year"}
