"""docs/interpretations.md, "Every category": the readings the engine takes where
RULES-categories.md leaves room, one test each.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

from datetime import date

from .builders import degree, evaluate_doc, reference, requirement
from .category_builders import met, paid_work
from .test_categories_education import licence


def test_reading_a_licence_issued_after_the_evaluation_date_sets_no_graduation_date():
    """RULES-categories.md 4.1, choices K23 and K39: the licence's issue date counts for the
    graduation date only when it is on or before the evaluation date."""
    doc = met("mh-specialist")
    doc["degrees"] = []
    doc["licenses"] = [licence(issued_on="2026-07-01")]
    assert requirement(doc, "education").details["graduation_on"] is None


def test_reading_both_open_regular_and_internship_use_the_regular_date():
    """RULES-categories.md 4.3, choice K44: with an open regular and an open internship entry,
    `earliest_on` is `as_of` + the missing days (overlapping internship days add nothing)."""
    doc = met("mh-specialist")
    doc["degrees"] = [degree(type="MSW", conferred_on="2020-06-15")]
    supervisor = {"name": "Dr. Lee", "endorsement": "IMHM-C", "ers": False, "approved": True}
    doc["work"] = [
        paid_work("w1", "2026-01-01", None, ["parent_infant_psychotherapy"], "infant",
                  paid=False, internship=True, internship_supervisor=supervisor),
        paid_work("w2", "2025-07-01", None, ["parent_infant_psychotherapy"], "infant",
                  license_status="licensed"),
    ]  # fmt: skip
    req = requirement(doc, "work_experience")
    assert (req.have, req.details["internship_days"]) == (365, 0)
    assert req.earliest_on == date(2027, 6, 30)


def test_reading_ifs_families_of_a_counted_entry_count_whole():
    """RULES-categories.md 4.3 IFS, choice K16: an entry counted in part 1 adds its whole
    `families_served`, though its period runs past the evaluation date."""
    doc = met("family-specialist")
    doc["work"][0].update(end_on="2027-12-31", families_served=10)
    assert (
        next(p for p in requirement(doc, "work_experience").parts if p.id == "families").have == 10
    )


def test_reading_a_vetted_rater_with_an_unverified_level_meets_the_rule():
    """RULES-categories.md 4.6, choices K31 and K46: a rater who claims an unverified level and
    whom the coordinator vetted satisfies the rule where vetting counts."""
    doc = met("family-specialist")
    doc["references"][0]["endorsement"] = {"level": "III", "verified": False}
    doc["references"][0]["vetted"] = True
    assert requirement(doc, "references").status == "met"
    assert requirement(doc, "references", policy="2024").status == "met"


def test_reading_a_rater_with_known_years_null_does_not_count():
    """RULES-categories.md 4.6, choice K32: a rater who has not said how long they have known the
    applicant has not known them a year."""
    doc = met("family-associate")
    doc["references"][1] = reference("ref2", "trainer", completed_on="2026-05-01")
    doc["references"][1]["known_years"] = None
    req = requirement(doc, "references")
    assert {e.id: e.reason for e in req.excluded} == {
        "ref2": "rater has known the applicant for less than a year"
    }


def test_reading_an_expired_organizational_membership_is_reported_for_its_kind():
    """RULES-categories.md 4.10, choice K41: the kind is reported before the expiry."""
    doc = met("ec-family-associate")
    doc["membership"].update(kind="organizational", expires_on="2025-12-31")
    assert requirement(doc, "membership").summary == "An organizational membership does not count"


def test_reading_non_mentor_leadership_has_no_need():
    """RULES-categories.md 4.4, choice K48: the not-required leadership row has `need` null."""
    data = evaluate_doc(met("mh-specialist")).to_data()
    leadership = next(r for r in data["requirements"] if r["id"] == "leadership")
    assert (leadership["have"], leadership["need"]) == (0, None)


def test_reading_policy_null_is_policy_absent():
    """RULES-categories.md 1, choice K1: `policy: null` is read as absent."""
    doc = met("ec-family-specialist")
    doc["policy"] = None
    assert evaluate_doc(doc).policy == "2025"
