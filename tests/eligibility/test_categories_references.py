"""RULES-categories.md 4.6: reference ratings, the slot tables per kind, the endorsed-rater rule
and validity.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

from typing import Any

import pytest

from endorse.eligibility import load_policy

from .builders import excluded, reference, requirement
from .category_builders import met

SLOT_2_ASSOCIATE = ["program_supervisor", "teacher", "trainer", "consultant", "cda_mentor",
                    "rsc_provider"]  # fmt: skip
# (kind, version) → the roles of slots 1, 2 and 3, as the table of 4.6.
SLOTS = {
    ("associate", "2025"): (
        ["program_supervisor"],
        SLOT_2_ASSOCIATE,
        [*SLOT_2_ASSOCIATE, "colleague", "service_recipient", "board_member"],
    ),
    ("associate", "2024"): (
        ["program_supervisor", "teacher", "trainer", "cda_mentor"],
        SLOT_2_ASSOCIATE,
        [*SLOT_2_ASSOCIATE, "colleague", "service_recipient", "board_member"],
    ),
    ("family_specialist", "2025"): (
        ["program_supervisor", "teacher", "trainer", "consultant"],
        ["rsc_provider"],
        ["program_supervisor", "teacher", "trainer", "consultant", "colleague"],
    ),
    ("mh_specialist", "2025"): (
        ["program_supervisor", "teacher", "trainer", "consultant"],
        ["rsc_provider"],
        ["program_supervisor", "teacher", "trainer", "consultant", "colleague", "supervisee"],
    ),
}
SLOTS[("family_specialist", "2024")] = SLOTS[("family_specialist", "2025")]
SLOTS[("mh_specialist", "2024")] = SLOTS[("mh_specialist", "2025")]
CATEGORY_OF = {
    "associate": "family-associate",
    "family_specialist": "family-specialist",
    "mh_specialist": "mh-specialist",
}


def _raters(category: str, *roles: str, **first: Any) -> dict[str, Any]:
    doc = met(category)
    doc["references"] = [
        reference(f"ref{i}", role, completed_on="2026-05-01") for i, role in enumerate(roles, 1)
    ]
    doc["references"][0].update(first)
    return doc


@pytest.mark.parametrize(("kind", "policy"), list(SLOTS))
def test_references_slot_table_by_kind_and_version(kind, policy):
    """RULES-categories.md 4.6, choices K22 and K30: the slots of each kind are those of the
    table, in `2024` and `2025`."""
    slots = load_policy(policy).references.slots[kind]
    assert [sorted(slot.roles) for slot in slots] == [sorted(r) for r in SLOTS[(kind, policy)]]


@pytest.mark.parametrize(
    ("category", "roles", "filled"),
    [
        ("family-specialist", ("teacher", "rsc_provider", "supervisee"), 2),
        ("mh-specialist", ("teacher", "rsc_provider", "supervisee"), 3),
        ("family-specialist", ("consultant", "rsc_provider", "colleague"), 3),
        ("family-specialist", ("colleague", "rsc_provider", "colleague"), 2),
        ("ec-mh-specialist", ("trainer", "teacher", "colleague"), 2),
        ("family-associate", ("program_supervisor", "cda_mentor", "board_member"), 3),
        ("family-associate", ("program_supervisor", "service_recipient", "board_member"), 2),
    ],
)
def test_references_slots_are_filled_by_matching_per_kind(category, roles, filled):
    """RULES-categories.md 4.6: a supervisee fills slot 3 for IMHS, not IFS; slot 1 takes no
    colleague for IFS and IMHS; slot 2 is the RS/C provider; an IFA recipient of services fills
    slot 3 only."""
    doc = _raters(category, *roles, endorsement={"level": "IV", "verified": True})
    assert requirement(doc, "references").have == filled


def test_references_k30_ifa_2025_slot_one_is_the_program_supervisor_only():
    """RULES-categories.md 4.6, choice K30: IFA `2025` slot 1 is `program_supervisor`; a teacher,
    trainer and CDA mentor fill three slots under `2024` only."""
    doc = _raters("family-associate", "teacher", "trainer", "cda_mentor",
                  endorsement={"level": "II", "verified": True})  # fmt: skip
    assert requirement(doc, "references", policy="2024").status == "met"
    req = requirement(doc, "references")
    assert (req.status, req.have, req.details["open_slots"]) == ("not_met", 2, ["supervisor"])


def test_references_k30_colleague_recipient_or_board_member_only_in_slot_three():
    """RULES-categories.md 4.6, choice K30: a colleague, a service recipient and a board member
    fill slot 3 only, so together they fill one slot."""
    doc = _raters("ec-family-associate", "colleague", "service_recipient", "board_member",
                  endorsement={"level": "II", "verified": True})  # fmt: skip
    req = requirement(doc, "references")
    assert (req.have, req.details["open_slots"]) == (1, ["supervisor", "professional"])


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize(
    "category", ["family-associate", "family-specialist", "mh-specialist", "ec-mh-specialist"]
)
def test_references_k31_vetted_rater_counts_for_non_mentor_kinds_in_2024_and_2025(category, policy):
    """RULES-categories.md 4.6, choice K31: `vetted: true` satisfies the endorsed-rater rule in
    `2025` for every kind and in `2024` for every kind except the Mentor kinds."""
    doc = met(category)
    for entry in doc["references"]:
        entry["endorsement"] = None
    assert requirement(doc, "references", policy=policy).status == "not_met"
    doc["references"][2]["vetted"] = True
    req = requirement(doc, "references", policy=policy)
    assert (req.status, req.summary) == (
        "met",
        "3 of 3 ratings, one from a rater the coordinator vetted",
    )


@pytest.mark.parametrize("category", ["mentor-policy", "ec-mentor-clinical"])
def test_references_k31_vetted_rater_counts_for_the_mentor_in_2025_only(category):
    """RULES-categories.md 4.6, choice K31: Mentor kinds: vetted counts in `2025`, not `2024`."""
    doc = met(category)
    for entry in doc["references"]:
        entry["endorsement"] = None
    doc["references"][0]["vetted"] = True
    assert requirement(doc, "references").status == "met"
    assert requirement(doc, "references", policy="2024").status == "not_met"


@pytest.mark.parametrize("vetted", [None, False])
def test_references_vetted_false_or_null_is_not_vetting(vetted):
    """RULES-categories.md 6: `vetted` null (none recorded) or false (the coordinator's call
    against) does not satisfy the rule."""
    doc = met("family-specialist")
    for entry in doc["references"]:
        entry["endorsement"] = None
        entry["vetted"] = vetted
    assert requirement(doc, "references").status == "not_met"


@pytest.mark.parametrize("level", ["II", "III", "IV"])
@pytest.mark.parametrize("category", ["family-associate", "ec-family-specialist", "mh-specialist"])
def test_references_claimed_unverified_is_pending_and_nothing_claimed_is_not_met(category, level):
    """RULES-categories.md 4.6: "Otherwise: a claimed, unverified Level II–IV → `pending`;
    nothing claimed → `not_met`." A level carries no band."""
    doc = met(category)
    doc["references"][0]["endorsement"] = {"level": level, "verified": False}
    assert requirement(doc, "references").status == "pending"
    doc["references"][0]["endorsement"] = {"level": "I", "verified": True}
    assert requirement(doc, "references").status == "not_met"


def test_references_k46_prefer_an_assignment_with_a_vetted_rater_where_vetting_counts():
    """RULES-categories.md 4.6, choice K46: among assignments with the most slots, prefer one that
    satisfies the endorsed-rater rule (a vetted rater counts where `vetted` counts), then one
    with a claimed Level II–IV rater."""
    # Two teachers compete for slot 1 of IFS; the vetted one must be chosen.
    doc = _raters("family-specialist", "teacher", "teacher", "rsc_provider", "colleague")
    doc["references"][1]["vetted"] = True
    req = requirement(doc, "references")
    assert (req.status, "ref2" in req.counted) == ("met", True)
    # A claimed endorsement wins over nothing when nobody satisfies the rule.
    doc = _raters("family-specialist", "teacher", "teacher", "rsc_provider", "colleague")
    doc["references"][1]["endorsement"] = {"level": "III", "verified": False}
    req = requirement(doc, "references")
    assert (req.status, "ref2" in req.counted) == ("pending", True)


def test_references_k46_vetting_is_no_preference_where_it_does_not_count():
    """RULES-categories.md 4.6, choice K46: where vetting does not count (Mentor `2024`), a
    claimed endorsement is preferred over a vetted rater."""
    doc = _raters("mentor-policy", "colleague", "colleague", "colleague", "colleague")
    doc["references"][0]["vetted"] = True
    doc["references"][3]["endorsement"] = {"level": "IV", "verified": False}
    req = requirement(doc, "references", policy="2024")
    assert (req.status, "ref4" in req.counted) == ("pending", True)


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"not_enough_information": 6}, "void: 6 items answered 'not enough information'"),
        ({"completed_on": "2025-06-29"}, "completed more than a year before the evaluation date"),
        ({"known_years": 0.9}, "rater has known the applicant for less than a year"),
    ],
)
@pytest.mark.parametrize("category", ["family-associate", "ec-family-specialist", "mh-specialist"])
def test_references_k32_validity_rules_for_every_kind(category, change, reason, policy):
    """RULES-categories.md 4.6, choice K32: void at ≥ 6 "not enough information" answers; not
    older than one year; known ≥ 1 year — every kind, `2024` and `2025`."""
    doc = met(category)
    doc["references"][1].update(change)
    req = requirement(doc, "references", policy=policy)
    assert (req.status, excluded(req)) == ("not_met", {"ref2": reason})


def test_references_k32_the_limits_themselves_still_count():
    """RULES-categories.md 4.6, choice K32: 5 answers, exactly one year old and known exactly a
    year still count."""
    doc = met("family-associate")
    doc["references"][1].update(not_enough_information=5, completed_on="2025-06-30",
                                known_years=1)  # fmt: skip
    assert requirement(doc, "references").status == "met"
