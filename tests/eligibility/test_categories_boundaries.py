"""RULES-categories.md 8: every boundary example, one test each, named by its number.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .builders import degree, evaluate_doc, excluded, reference, requirement, rsc, training
from .category_builders import CATEGORIES, met, paid_work, with_bands


def _no_degree_associate(work_end: str) -> dict[str, Any]:
    doc = met("family-associate")
    doc["degrees"] = []
    doc["work"] = [paid_work("w1", "2021-03-01", work_end, ["family_service"], "infant")]
    # The competency evidence the degree gave comes from the work instead.
    doc["work"][0]["competencies"] = [
        "theoretical_foundations",
        "law_regulation_agency_policy",
        "direct_service_skills",
        "systems_expertise",
    ]
    return doc


def _ifs_with_families(families: int) -> dict[str, Any]:
    doc = met("family-specialist")
    doc["work"] = [
        paid_work(
            "w1",
            "2021-03-01",
            "2023-02-28",
            ["prevention_service"],
            "infant",
            social_emotional_focus=True,
            relationship_focus=True,
            families_served=families,
        )
    ]
    return doc


def _imhs_internship(regular_end: str, supervisor_endorsement: str = "IMHM-C") -> dict[str, Any]:
    doc = met("mh-specialist")
    doc["degrees"] = [degree(type="MSW", conferred_on="2020-06-15")]
    internship = paid_work(
        "w1",
        "2019-01-01",
        "2020-06-30",
        ["parent_infant_psychotherapy"],
        "infant",
        paid=False,
        internship=True,
        internship_supervisor={
            "name": "Dr. Lee",
            "endorsement": supervisor_endorsement,
            "ers": False,
            "approved": True,
        },
    )
    regular = paid_work(
        "w2",
        "2020-07-01",
        regular_end,
        ["parent_infant_psychotherapy"],
        "infant",
        license_status="licensed",
    )
    doc["work"] = [internship, regular]
    return doc


def test_boundary_1_ifa_training_29_5_hours_is_not_met():
    """RULES-categories.md 8 #1: IFA, trainings 29.5 h → training not_met, have 29.5 need 30."""
    doc = met("family-associate")
    doc["trainings"] = [training("t1", 29.5)]
    req = requirement(doc, "training")
    assert (req.status, req.have, req.need) == ("not_met", 29.5, 30)


def test_boundary_2_ifa_training_30_hours_is_met():
    """RULES-categories.md 8 #2: IFA, trainings 30 h → training met."""
    doc = met("family-associate")
    doc["trainings"] = [training("t1", 30)]
    assert requirement(doc, "training").status == "met"


def test_boundary_3_ifa_two_years_of_paid_work_without_a_degree_takes_the_work_route():
    """RULES-categories.md 8 #3: no degree; paid family_service 2021-03-01..2023-02-28 (730
    days) → work met, route work_experience; education not_required."""
    data = evaluate_doc(_no_degree_associate("2023-02-28")).to_data()
    reqs = {r["id"]: r for r in data["requirements"]}
    assert (reqs["work_experience"]["status"], reqs["work_experience"]["have"]) == ("met", 730)
    assert reqs["work_experience"]["route"] == "work_experience"
    assert reqs["education"]["status"] == "not_required"
    assert "route" not in reqs["education"]
    assert reqs["education"]["alternative_group"] == "education_or_work"
    assert data["groups"] == [
        {"id": "education_or_work", "members": ["education", "work_experience"], "status": "met"}
    ]
    assert data["overall"] == "endorsable"


def test_boundary_4_ifa_one_day_short_and_no_degree_is_incomplete():
    """RULES-categories.md 8 #4: as 3 but ends 2023-02-27 (729 days) → both not_met; overall
    incomplete."""
    result = evaluate_doc(_no_degree_associate("2023-02-27"))
    work = result.requirement("work_experience")
    assert (work.status, work.have) == ("not_met", 729)
    assert result.requirement("education").status == "not_met"
    assert work.summary.startswith("1.99 of 2 years")
    assert result.overall == "incomplete"


def test_boundary_5_ifa_a_received_transcript_makes_the_group_pending():
    """RULES-categories.md 8 #5: as 4, plus BA with transcript received → education pending,
    work not_met; group pending; overall awaiting_review."""
    doc = _no_degree_associate("2023-02-27")
    doc["degrees"] = [degree(type="BA", transcript="received")]
    data = evaluate_doc(doc).to_data()
    reqs = {r["id"]: r for r in data["requirements"]}
    assert (reqs["education"]["status"], reqs["work_experience"]["status"]) == (
        "pending",
        "not_met",
    )
    assert reqs["education"]["route"] == "education"
    assert data["groups"][0]["status"] == "pending"
    assert data["overall"] == "awaiting_review"


def test_boundary_5b_ifa_both_met_the_first_member_decides():
    """RULES-categories.md 8 #5b: BA verified, plus 730 qualifying days → education met, route
    education; work not_required."""
    doc = _no_degree_associate("2023-02-28")
    doc["degrees"] = [degree(type="BA")]
    data = evaluate_doc(doc).to_data()
    reqs = {r["id"]: r for r in data["requirements"]}
    assert (reqs["education"]["status"], reqs["education"]["route"]) == ("met", "education")
    assert reqs["work_experience"]["status"] == "not_required"
    assert reqs["work_experience"]["have"] == 730  # the figures stay
    assert "education" in reqs["work_experience"]["summary"]


def test_boundary_6_ifa_volunteer_work_without_specialised_training_does_not_count():
    """RULES-categories.md 8 #6: volunteer 730 days, supervised, specialized_training false; no
    degree → work not_met ("volunteer work without specialised training")."""
    doc = met("family-associate")
    doc["degrees"] = []
    doc["work"] = [
        paid_work(
            "w1",
            "2021-03-01",
            "2023-02-28",
            ["family_service"],
            "infant",
            paid=False,
            specialized_training=False,
        )
    ]
    req = requirement(doc, "work_experience")
    assert req.status == "not_met"
    assert excluded(req) == {"w1": "volunteer work without specialised training"}
    doc["work"][0]["specialized_training"] = True
    assert requirement(doc, "work_experience").status == "met"


def test_boundary_7_ecfa_trainings_without_age_bands_are_infant_entries():
    """RULES-categories.md 8 #7: ECFA, 40 h trainings without age_bands → training not_met, all
    excluded "age band does not match"."""
    doc = met("ec-family-associate")
    doc["trainings"] = [training("t1", 25), training("t2", 15)]
    req = requirement(doc, "training")
    assert (req.status, req.have) == ("not_met", 0)
    assert excluded(req) == {"t1": "age band does not match", "t2": "age band does not match"}


def test_boundary_8_ifs_nine_families_is_not_met():
    """RULES-categories.md 8 #8: IFS, 730 qualifying days, families_served 9 → work not_met,
    part families have 9 need 10."""
    req = requirement(_ifs_with_families(9), "work_experience")
    parts = {p.id: (p.status, p.have, p.need, p.unit) for p in req.parts}
    assert req.status == "not_met"
    assert parts == {
        "years": ("met", 730, 730, "days"),
        "families": ("not_met", 9, 10, "families"),
    }
    assert (req.have, req.need, req.unit, req.earliest_on) == (9, 10, "families", None)


def test_boundary_9_ifs_ten_families_is_met():
    """RULES-categories.md 8 #9: as 8 with 10 families → work met."""
    req = requirement(_ifs_with_families(10), "work_experience")
    assert (req.status, req.have, req.unit) == ("met", 730, "days")


def test_boundary_10_ifs_rsc_23_5_hours_is_not_met():
    """RULES-categories.md 8 #10: RS/C 23.5 h from one IMHM-C, 2024-07-01..2025-06-30 → rsc
    not_met, have 23.5 need 24."""
    doc = met("family-specialist")
    doc["rsc"] = [rsc("r1", "2024-07-01", "2025-06-30", 23.5)]
    req = requirement(doc, "rsc")
    assert (req.status, req.have, req.need) == ("not_met", 23.5, 24)


def test_boundary_11_ifs_rsc_one_day_short_of_a_year():
    """RULES-categories.md 8 #11: as_of 2025-02-28; 24 h spanning 2024-03-02..2025-02-28 → rsc
    not_met (not yet a year of supervision), earliest_on 2025-03-01."""
    doc = met("family-specialist")
    doc["rsc"] = [
        rsc("r1", "2024-03-02", "2024-09-30", 12),
        rsc("r2", "2024-10-01", "2025-02-28", 12),
    ]
    req = requirement(doc, "rsc", as_of="2025-02-28")
    assert (req.status, req.earliest_on) == ("not_met", date(2025, 3, 1))
    assert "not yet a year of supervision" in req.summary


def test_boundary_12_ifs_rsc_exactly_a_year_is_met():
    """RULES-categories.md 8 #12: as_of 2025-02-28; 24 h spanning 2024-03-01..2025-02-28 → met."""
    doc = met("family-specialist")
    doc["rsc"] = [
        rsc("r1", "2024-03-01", "2024-09-30", 12),
        rsc("r2", "2024-10-01", "2025-02-28", 12),
    ]
    assert requirement(doc, "rsc", as_of="2025-02-28").status == "met"


def test_boundary_13_ifs_an_imhs_provider_without_ers_counts_only_under_2024():
    """RULES-categories.md 8 #13: 24 h from an approved provider with IMHS, ers false → 2025:
    excluded "provider's endorsement"; 2024: counted. With the ERS add-on it counts in 2025."""
    doc = met("family-specialist")
    doc["rsc"] = [rsc("r1", "2025-01-01", "2025-12-31", 24, endorsement="IMHS")]
    req_2025 = requirement(doc, "rsc")
    assert req_2025.status == "not_met"
    assert excluded(req_2025)["r1"].startswith("provider's endorsement")
    req_2024 = requirement(doc, "rsc", policy="2024")
    assert (req_2024.status, req_2024.counted) == ("met", ["r1"])
    doc["rsc"][0]["provider"]["ers"] = True
    assert requirement(doc, "rsc").status == "met"


@pytest.mark.parametrize(
    ("hours_a", "hours_b", "status"), [(12, 12, "not_met"), (12.5, 11.5, "met")]
)
def test_boundary_13b_ifs_main_provider_must_give_more_than_half(hours_a, hours_b, status):
    """RULES-categories.md 8 #13b: 24 h in one window, 12 h provider A + 12 h provider B → not_met
    (no provider has more than half); 12.5 h A + 11.5 h B → met."""
    doc = met("family-specialist")
    doc["rsc"] = [
        rsc("r1", "2025-01-01", "2025-12-31", hours_a, provider="A"),
        rsc("r2", "2025-01-01", "2025-12-31", hours_b, provider="B"),
    ]
    assert requirement(doc, "rsc").status == status


def test_boundary_14_imhs_dei_2_5_of_3_hours_is_not_met():
    """RULES-categories.md 8 #14: IMHS, trainings 33 h, dei-tagged 2.5 h → training not_met
    (dei 2.5 of 3)."""
    doc = met("mh-specialist")
    doc["trainings"] = [training("t1", 30.5, topics=["imh"]), training("t2", 2.5, topics=["dei"])]
    req = requirement(doc, "training")
    assert (req.status, req.have) == ("not_met", 33)
    assert {p.id: (p.have, p.need) for p in req.parts} == {"imh": (30.5, 30), "dei": (2.5, 3)}


def test_boundary_15_imhs_32_5_hours_is_not_met():
    """RULES-categories.md 8 #15: 32.5 h total, dei 3 → training not_met, have 32.5 need 33."""
    doc = met("mh-specialist")
    doc["trainings"] = [training("t1", 29.5, topics=["imh"]), training("t2", 3, topics=["dei"])]
    req = requirement(doc, "training")
    assert (req.status, req.have, req.need) == ("not_met", 32.5, 33)


def test_boundary_16_imhs_internship_credit_completes_two_years():
    """RULES-categories.md 8 #16: graduated 2020-06-15; internship 2019-01-01..2020-06-30 (547
    days) with an approved IMHM-C supervisor; regular 2020-07-01..2021-06-30 (365) → work met:
    365 + min(365, 547) = 730."""
    data = evaluate_doc(_imhs_internship("2021-06-30")).to_data()
    work = next(r for r in data["requirements"] if r["id"] == "work_experience")
    assert (work["status"], work["have"], work["internship_days"]) == ("met", 730, 365)


def test_boundary_17_imhs_one_regular_day_short():
    """RULES-categories.md 8 #17: as 16, regular ends 2021-06-29 → work not_met, have 729."""
    req = requirement(_imhs_internship("2021-06-29"), "work_experience")
    assert (req.status, req.have, req.earliest_on) == ("not_met", 729, None)


def test_boundary_18_imhs_internship_supervisor_must_hold_imhs_or_mentor_clinical():
    """RULES-categories.md 8 #18: as 16, internship supervisor holds IFS → internship excluded;
    have 365."""
    req = requirement(_imhs_internship("2021-06-30", "IFS"), "work_experience")
    assert (req.status, req.have) == ("not_met", 365)
    assert excluded(req) == {"w1": "internship supervisor's endorsement"}
    assert req.details["internship_days"] == 0


def test_boundary_19_imhs_a_verified_current_licence_is_education():
    """RULES-categories.md 8 #19: no master's; licence verified, expires_on 2026-06-30 →
    education met."""
    doc = met("mh-specialist")
    doc["degrees"] = []
    doc["licenses"] = [
        {
            "id": "lic1",
            "kind": "mental_health",
            "jurisdiction": "MI",
            "number": "LMSW-1",
            "issued_on": "2015-06-01",
            "expires_on": "2026-06-30",
            "verified": True,
        }
    ]
    req = requirement(doc, "education")
    assert (req.status, req.counted) == ("met", ["lic1"])
    assert req.details["graduation_on"] == date(2015, 6, 1)


def test_boundary_20_imhs_an_expired_licence_is_not_met():
    """RULES-categories.md 8 #20: licence expires_on 2026-06-29 → education not_met ("licence
    expired on 2026-06-29")."""
    doc = met("mh-specialist")
    doc["degrees"] = []
    doc["licenses"] = [
        {"id": "lic1", "kind": "mental_health", "issued_on": "2015-06-01",
         "expires_on": "2026-06-29", "verified": True}
    ]  # fmt: skip
    req = requirement(doc, "education")
    assert req.status == "not_met"
    assert excluded(req) == {"lic1": "licence expired on 2026-06-29"}
    # Choice K39: the expired licence still sets the graduation date.
    assert req.details["graduation_on"] == date(2015, 6, 1)


def test_boundary_21_imhs_sits_the_exam_under_2024_only():
    """RULES-categories.md 8 #21: IMHS, 2024, everything met, exam not_taken → overall
    ready_for_exam; 2025: endorsable."""
    doc = met("mh-specialist")
    assert evaluate_doc(doc, policy="2024").overall == "ready_for_exam"
    result = evaluate_doc(doc)
    assert (result.overall, result.requirement("exam").status) == ("endorsable", "not_required")


def test_boundary_22_early_childhood_mentor_needs_the_early_childhood_exam():
    """RULES-categories.md 8 #22: ECMHM-C, exam passed, age_band absent → exam not_met (infant
    exam)."""
    doc = met("ec-mentor-clinical")
    del doc["exam"]["age_band"]
    req = requirement(doc, "exam")
    assert req.status == "not_met"
    assert req.summary == "Passed the infant exam; this category needs the early childhood exam"


def test_boundary_23_mentor_policy_needs_33_hours_with_dei_under_2025():
    """RULES-categories.md 8 #23: IMHM-P, trainings 30 h, no dei → 2024 met; 2025 not_met (need
    33, dei 0 of 3)."""
    doc = met("mentor-policy")
    doc["trainings"] = [training("t1", 30, topics=["imh"])]
    assert requirement(doc, "training", policy="2024").status == "met"
    req = requirement(doc, "training")
    assert (req.status, req.need) == ("not_met", 33)
    assert {p.id: (p.have, p.need) for p in req.parts}["dei"] == (0, 3)


@pytest.mark.parametrize("category", CATEGORIES)
def test_boundary_24_an_organizational_membership_does_not_count_under_2025(category):
    """RULES-categories.md 8 #24: any 2025 category, membership organizational, not expired →
    membership not_met."""
    doc = met(category)
    doc["membership"]["kind"] = "organizational"
    req = requirement(doc, "membership")
    assert (req.status, req.summary) == (
        "not_met",
        "An organizational membership does not count",
    )


def test_boundary_25_a_vetted_rater_satisfies_the_endorsed_rater_rule():
    """RULES-categories.md 8 #25: IFS, raters unendorsed, one vetted: true → references met
    (2024 too); IMHM-C under 2024: not_met."""
    doc = met("family-specialist")
    doc["references"] = [
        reference("ref1", "program_supervisor", completed_on="2026-05-01"),
        reference("ref2", "rsc_provider", completed_on="2026-05-01"),
        reference("ref3", "colleague", completed_on="2026-05-01"),
    ]
    doc["references"][0]["vetted"] = True
    assert requirement(doc, "references").status == "met"
    assert requirement(doc, "references", policy="2024").status == "met"
    mentor = met("mentor-clinical")
    mentor["references"] = [
        reference("ref1", "program_supervisor", completed_on="2026-05-01"),
        reference("ref2", "rsc_provider", completed_on="2026-05-01"),
        reference("ref3", "supervisee", completed_on="2026-05-01"),
    ]
    mentor["references"][0]["vetted"] = True
    assert requirement(mentor, "references", policy="2024").status == "not_met"
    assert requirement(mentor, "references").status == "met"


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_meets_every_requirement_in_the_base_portfolio(category):
    """RULES-categories.md 8: the base of every example ("everything else met") is endorsable."""
    assert evaluate_doc(met(category)).overall == "endorsable"


def test_twin_entries_with_both_bands_count_for_both():
    """RULES-categories.md 5: an entry with both bands counts for both."""
    doc = met("ec-family-associate")
    doc["trainings"] = [with_bands(training("t1", 30), "infant", "early_childhood")]
    assert requirement(doc, "training").status == "met"
    doc["category"] = "family-associate"
    assert requirement(doc, "training").status == "met"
