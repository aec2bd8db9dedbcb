"""RULES-categories.md 4.7 to 4.10: ethics, competencies, the exam and membership, for every
category.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

import pytest

from .builders import ALL_DOMAINS, complete, degree, requirement, training
from .category_builders import CATEGORIES, MENTOR_KINDS, kind_of, met, with_bands
from .test_categories_education import licence

NON_MENTOR = [c for c in CATEGORIES if kind_of(c) not in MENTOR_KINDS]
MENTORS = [c for c in CATEGORIES if kind_of(c) in MENTOR_KINDS]

# --- 4.7 Ethics: choice K33 ------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_ethics_k33_current_version_2024_less_than_a_year_old(category, policy):
    """RULES-categories.md 4.7, choice K33: `2024` and `2025`, every kind: as `RULES.md` 2024; the
    current version is `"2024"` in both; the signature less than one year old."""
    doc = met(category)
    assert requirement(doc, "ethics", policy=policy).status == "met"
    doc["ethics"]["version"] = "2025"
    assert requirement(doc, "ethics", policy=policy).status == "not_met"
    doc["ethics"] = {"signed_on": "2025-06-29", "version": "2024"}
    assert requirement(doc, "ethics", policy=policy).status == "not_met"
    doc["ethics"]["signed_on"] = "2025-06-30"
    assert requirement(doc, "ethics", policy=policy).status == "met"


def test_ethics_seed_is_rules_md_7():
    """RULES-categories.md 4.7: `seed`: `RULES.md` 7 — signed on or before the evaluation date,
    any version, any age."""
    doc = complete("mentor-clinical")
    doc["ethics"] = {"signed_on": "2010-01-01", "version": None}
    assert requirement(doc, "ethics").status == "met"


# --- 4.8 Competencies: choices K35, K42 ------------------------------------------------------


def _only_evidence(category: str, **entries: list[dict]) -> dict:
    """A portfolio whose only competency evidence is `entries` (each linked to every domain)."""
    doc = met(category)
    for section in ("degrees", "trainings", "work", "rsc", "leadership", "certificates"):
        for entry in doc.get(section, []):
            entry["competencies"] = []
    for section, items in entries.items():
        for item in items:
            item["competencies"] = list(ALL_DOMAINS)
        doc.setdefault(section, []).extend(items)
    return doc


@pytest.mark.parametrize("category", CATEGORIES)
def test_competencies_k35_the_same_eight_domains_for_every_kind(category):
    """RULES-categories.md 4.8, choice K35: `RULES.md` 8 for every kind, same eight domains."""
    req = requirement(met(category), "competencies")
    assert [c["domain"] for c in req.details["coverage"]] == ALL_DOMAINS
    assert (req.status, req.need) == ("met", 8)


@pytest.mark.parametrize(
    ("change", "evidence"),
    [
        ({}, True),
        ({"verified": None}, True),
        ({"verified": False}, False),
        ({"expires_on": "2020-01-01"}, True),
        ({"issued_on": "2026-07-01"}, False),
    ],
)
@pytest.mark.parametrize("category", ["mh-specialist", "family-specialist", "mentor-clinical"])
def test_competencies_licences_are_evidence_like_degrees(category, change, evidence):
    """RULES-categories.md 4.8: `licenses` entries count as evidence like degrees, in every
    category: dated by `issued_on`; `verified: false` is a rejected education entry (no
    evidence); an expired licence still counts."""
    entry = licence()
    entry.update(change)
    req = requirement(_only_evidence(category, licenses=[entry]), "competencies")
    assert (req.status == "met") == evidence
    assert (req.counted == ["lic1"]) == evidence


@pytest.mark.parametrize("category", ["ec-family-associate", "ec-mh-specialist",
                                      "ec-mentor-policy"])  # fmt: skip
def test_competencies_k42_a_band_excluded_entry_is_still_evidence(category):
    """RULES-categories.md 4.8, choice K42: an entry excluded only because its age band does not
    match still counts as evidence."""
    infant_training = training("t9", 2)
    doc = _only_evidence(category, trainings=[infant_training])
    assert requirement(doc, "training").excluded[-1].reason == "age band does not match"
    assert requirement(doc, "competencies").status == "met"


def test_competencies_k42_the_exceptions_stay_those_of_rules_md_8():
    """RULES-categories.md 4.8, choice K42: a rejected education entry and an entry dated after
    the evaluation date are still no evidence."""
    doc = _only_evidence(
        "ec-family-specialist",
        degrees=[degree("d9", type="other", accepted=False)],
        trainings=[with_bands(training("t9", 2, start_on="2026-07-01"), "early_childhood")],
    )
    assert requirement(doc, "competencies").status == "not_met"


def test_competencies_a_degree_the_category_does_not_count_is_still_evidence():
    """RULES-categories.md 4.8 and `RULES.md` 8: an entry that did not count for its own
    requirement still counts as evidence; a BA for IMHS is ignored by education but not rejected."""
    doc = _only_evidence("mh-specialist", degrees=[degree("d9", type="BA")])
    assert requirement(doc, "competencies").status == "met"


# --- 4.9 Exam: choices K7, K36, K47 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "required"),
    [
        (("associate", "2024"), False),
        (("associate", "2025"), False),
        (("family_specialist", "2024"), False),
        (("family_specialist", "2025"), False),
        (("mh_specialist", "2024"), True),
        (("mh_specialist", "2025"), False),
        (("clinical", "2024"), True),
        (("clinical", "2025"), True),
        (("policy", "2024"), True),
        (("policy", "2025"), True),
        (("research_faculty", "2024"), True),
        (("research_faculty", "2025"), True),
    ],
)
def test_exam_table_by_kind_and_version(kind, required):
    """RULES-categories.md 4.9, choice K36: the exam table; IMHS `2025` `not_required`."""
    kind_id, policy = kind
    for category in (c for c in CATEGORIES if kind_of(c) == kind_id):
        doc = met(category)
        doc["exam"] = {"result": "not_taken", "taken_on": None}
        status = requirement(doc, "exam", policy=policy).status
        assert status == ("not_met" if required else "not_required")


@pytest.mark.parametrize("exam", [{"result": "failed", "taken_on": "2026-03-01"},
                                  {"result": "passed", "taken_on": "2027-01-01"}, None])  # fmt: skip
@pytest.mark.parametrize("category", NON_MENTOR)
def test_exam_not_required_whatever_the_exam_field_holds(category, exam):
    """RULES-categories.md 4.9: "`not_required`: the status is `not_required` whatever the
    `exam` field holds."""
    doc = met(category)
    doc["exam"] = exam
    assert requirement(doc, "exam").status == "not_required"


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize("category", MENTORS)
def test_exam_k7_passed_exam_must_be_of_the_categorys_band(category, policy):
    """RULES-categories.md 4.9, choice K7: the passed exam's `age_band` must equal the category's
    band (absent = infant); a passed exam of the other band → `not_met` ("passed the … exam; this
    category needs the … exam")."""
    doc = met(category)
    band = doc["exam"]["age_band"]
    other = "infant" if band == "early_childhood" else "early_childhood"
    assert requirement(doc, "exam", policy=policy).status == "met"
    doc["exam"]["age_band"] = other
    req = requirement(doc, "exam", policy=policy)
    assert (req.status, req.summary) == (
        "not_met",
        f"Passed the {other.replace('_', ' ')} exam; "
        f"this category needs the {band.replace('_', ' ')} exam",
    )


def test_exam_k7_imhs_2024_needs_the_exam_of_its_band():
    """RULES-categories.md 4.9, choice K7: the band rule applies wherever the exam is required,
    ECMHS `2024` included."""
    doc = met("ec-mh-specialist")
    doc["exam"] = {"result": "passed", "taken_on": "2026-03-01"}
    assert requirement(doc, "exam", policy="2024").status == "not_met"
    doc["exam"]["age_band"] = "early_childhood"
    assert requirement(doc, "exam", policy="2024").status == "met"


def test_exam_k47_the_band_rule_holds_under_seed():
    """RULES-categories.md 4.9, choice K47: the band rule holds in every version, `seed` included;
    a seed file without `exam.age_band` keeps its verdict."""
    doc = complete("mentor-clinical")
    assert requirement(doc, "exam").status == "met"
    doc["exam"]["age_band"] = "early_childhood"
    assert requirement(doc, "exam").status == "not_met"


# --- 4.10 Membership: choices K41, K34, K50 -------------------------------------------------


@pytest.mark.parametrize("category", ["family-associate", "ec-mh-specialist", "mentor-policy"])
def test_membership_k41_2025_kind_absent_is_not_met(category):
    """RULES-categories.md 4.10, choice K41: in `2025` `kind` absent → `not_met` ("membership kind
    not recorded")."""
    doc = met(category)
    del doc["membership"]["kind"]
    req = requirement(doc, "membership")
    assert (req.status, req.summary) == ("not_met", "Membership kind not recorded")


@pytest.mark.parametrize("kind", ["individual", "organizational", None])
@pytest.mark.parametrize("category", ["family-specialist", "ec-mentor-clinical"])
def test_membership_2024_accepts_both_kinds_and_an_absent_kind(category, kind):
    """RULES-categories.md 4.10: `seed` and `2024` accept both kinds, and an absent kind."""
    doc = met(category)
    doc["membership"]["kind"] = kind
    assert requirement(doc, "membership", policy="2024").status == "met"


@pytest.mark.parametrize("kind", ["organizational", None])
def test_membership_seed_accepts_both_kinds_and_an_absent_kind(kind):
    """RULES-categories.md 4.10: `seed` accepts both kinds, and an absent kind."""
    doc = complete("mentor-research-faculty")
    doc["membership"]["kind"] = kind
    assert requirement(doc, "membership").status == "met"


@pytest.mark.parametrize("association", ["NYS-AIMH", "WAIMH", "Alaska AIMH", None])
def test_membership_k34_any_association_name_is_accepted(association):
    """RULES-categories.md 4.10, choice K34: any association name is accepted."""
    doc = met("family-associate")
    doc["membership"]["association"] = association
    assert requirement(doc, "membership").status == "met"


@pytest.mark.parametrize("policy", ["2024", "2025"])
def test_membership_k50_no_expiry_date_is_current(policy):
    """RULES-categories.md 4.10, choice K50: `expires_on: null` means no expiry: current."""
    doc = met("ec-family-specialist")
    doc["membership"]["expires_on"] = None
    req = requirement(doc, "membership", policy=policy)
    assert (req.status, req.summary) == ("met", "MI-AIMH, no expiry")


def test_membership_expiry_of_rules_md_10_holds_for_every_category():
    """RULES-categories.md 4.10: `RULES.md` 10: expiring on the evaluation date is met, the day
    before is `not_met`, naming the date."""
    doc = met("mh-specialist")
    doc["membership"]["expires_on"] = "2026-06-30"
    assert requirement(doc, "membership").status == "met"
    doc["membership"]["expires_on"] = "2026-06-29"
    req = requirement(doc, "membership")
    assert (req.status, req.summary) == ("not_met", "MI-AIMH expired on 29 June 2026")
