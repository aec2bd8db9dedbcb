"""RULES-categories.md 4.3 and 4.4: specialized work experience per kind, and leadership for
the categories that do not need it.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .builders import degree, evaluate_doc, excluded, leadership, requirement
from .category_builders import met, paid_work

# 2024-07-01..2026-06-30 is exactly 730 days.
TWO_YEARS_ON = "2024-07-01"


def _one_work(category: str, entry: dict[str, Any]) -> dict[str, Any]:
    doc = met(category)
    doc["work"] = [entry]
    return doc


# --- IFA: choices K11, K13 -----------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["family_service", "prevention_service", "imh_direct_service",
             "parent_infant_psychotherapy"],
)  # fmt: skip
def test_work_ifa_kinds_that_count(kind):
    """RULES-categories.md 4.3 IFA: ≥ 730 days over entries of kind `family_service`,
    `prevention_service`, `imh_direct_service` or `parent_infant_psychotherapy`; paid work
    needs neither `supervised` nor `infant_and_parent`."""
    entry = paid_work("w1", TWO_YEARS_ON, None, [kind], "infant", supervised=False,
                      infant_and_parent=False)  # fmt: skip
    req = requirement(_one_work("family-associate", entry), "work_experience")
    assert (req.have, req.need, req.status) == (730, 730, "not_required")  # education decides
    doc = _one_work("family-associate", entry)
    doc["degrees"] = []
    assert requirement(doc, "work_experience").status == "met"


@pytest.mark.parametrize("kind", ["rsc_provision", "policy_leadership", "research"])
def test_work_ifa_other_kinds_do_not_count(kind):
    """RULES-categories.md 4.3 IFA: only the four kinds listed count."""
    doc = _one_work("family-associate", paid_work("w1", TWO_YEARS_ON, None, [kind], "infant"))
    doc["degrees"] = []
    req = requirement(doc, "work_experience")
    assert (req.status, req.have) == ("not_met", 0)
    assert excluded(req)["w1"].startswith("not paid work")


@pytest.mark.parametrize(
    ("flags", "status", "reason"),
    [
        ({"paid": False, "supervised": True, "specialized_training": True}, "met", None),
        ({"paid": False, "supervised": False, "specialized_training": True}, "not_met",
         "volunteer work without supervision"),
        ({"paid": False, "supervised": True, "specialized_training": False}, "not_met",
         "volunteer work without specialised training"),
        ({"paid": True, "supervised": False, "specialized_training": False}, "met", None),
        ({"supervised": False}, "met", None),
    ],
)  # fmt: skip
def test_work_ifa_k11_k13_paid_or_trained_supervised_volunteer(flags, status, reason):
    """RULES-categories.md 4.3 IFA, choices K11 and K13: paid (`paid` true, or absent: paid), or
    volunteer (`paid: false`) with `supervised: true` and `specialized_training: true`."""
    entry = paid_work("w1", TWO_YEARS_ON, None, ["family_service"], "infant")
    entry.update(flags)
    doc = _one_work("ec-family-associate", entry)
    doc["work"][0]["age_bands"] = ["early_childhood"]
    doc["degrees"] = []
    req = requirement(doc, "work_experience")
    assert req.status == status
    assert excluded(req).get("w1") == reason


def test_work_ifa_open_entry_gives_earliest_on():
    """RULES-categories.md 4.3: `earliest_on` as `RULES.md` 3, for IFA too: the evaluation date
    plus the missing days when a counted entry is open."""
    doc = _one_work("family-associate", paid_work("w1", "2025-07-01", None, ["family_service"],
                                                  "infant"))  # fmt: skip
    doc["degrees"] = []
    req = requirement(doc, "work_experience")
    assert (req.status, req.have, req.earliest_on) == ("not_met", 365, date(2027, 6, 30))


# --- IFS: choices K15, K16 -----------------------------------------------------------------


def _ifs_entry(entry_id: str = "w1", start_on: str = TWO_YEARS_ON, **flags: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "social_emotional_focus": True,
        "relationship_focus": True,
        "families_served": 12,
    }
    values.update(flags)
    kinds = values.pop("kinds", ["prevention_service"])
    return paid_work(entry_id, start_on, None, kinds, "infant", **values)


@pytest.mark.parametrize(
    "kind", ["prevention_service", "imh_direct_service", "parent_infant_psychotherapy"]
)
def test_work_ifs_k15_kinds_that_count(kind):
    """RULES-categories.md 4.3 IFS, choice K15: paid entries of kind `prevention_service`,
    `imh_direct_service` or `parent_infant_psychotherapy`."""
    req = requirement(_one_work("family-specialist", _ifs_entry(kinds=[kind])), "work_experience")
    assert (req.status, req.have) == ("met", 730)


@pytest.mark.parametrize(
    ("flags", "reason"),
    [
        ({"kinds": ["family_service"]}, "not paid prevention or early intervention work focused "
         "on social-emotional development and relationships"),
        ({"paid": False}, "volunteer work"),
        ({"paid": False, "specialized_training": True}, "volunteer work"),
        ({"social_emotional_focus": False}, "not focused on social-emotional development"),
        ({"relationship_focus": False}, "not relationship-focused"),
    ],
)  # fmt: skip
def test_work_ifs_k15_paid_with_both_focus_flags(flags, reason):
    """RULES-categories.md 4.3 IFS, choice K15: paid entries with `social_emotional_focus: true`
    and `relationship_focus: true`; `family_service` does not count for IFS."""
    req = requirement(_one_work("family-specialist", _ifs_entry(**flags)), "work_experience")
    assert req.status == "not_met"
    assert excluded(req) == {"w1": reason}
    assert {p.id: p.have for p in req.parts} == {"years": 0, "families": 0}


def test_work_ifs_k16_families_sum_over_counted_entries_null_is_zero():
    """RULES-categories.md 4.3 IFS, choice K16: the sum of `families_served` over the entries
    counted in part 1 (null counts 0) is ≥ 10; an entry not counted adds nothing."""
    doc = met("family-specialist")
    doc["work"] = [
        _ifs_entry("w1", families_served=6),
        _ifs_entry("w2", families_served=None),
        _ifs_entry("w3", families_served=4, relationship_focus=False),
        _ifs_entry("w4", start_on="2025-01-01", families_served=3),
    ]
    req = requirement(doc, "work_experience")
    families = next(p for p in req.parts if p.id == "families")
    assert (families.have, families.need, families.unit, families.status) == (
        9, 10, "families", "not_met",
    )  # fmt: skip
    doc["work"][3]["families_served"] = 4
    assert requirement(doc, "work_experience").status == "met"


def test_work_ifs_headline_is_the_first_unmet_part_then_part_one():
    """RULES-categories.md 4.3 IFS: top-level have/need/unit: the first unmet part in that order
    (years, then families); when both are met, part 1."""
    short = _ifs_entry(start_on="2025-01-01", families_served=3)
    req = requirement(_one_work("family-specialist", short), "work_experience")
    assert (req.have, req.need, req.unit) == (546, 730, "days")
    short["start_on"] = TWO_YEARS_ON
    req = requirement(_one_work("family-specialist", short), "work_experience")
    assert (req.have, req.need, req.unit) == (3, 10, "families")
    short["families_served"] = 10
    req = requirement(_one_work("family-specialist", short), "work_experience")
    assert (req.status, req.have, req.need, req.unit) == ("met", 730, 730, "days")


def test_work_ifs_families_part_has_no_earliest_on_so_the_requirement_has_none():
    """RULES-categories.md 4.3 IFS: "No `earliest_on` for this part, so the requirement has none
    while this part is unmet", even when the years part has one."""
    entry = _ifs_entry(start_on="2025-01-01", families_served=3)
    req = requirement(_one_work("family-specialist", entry), "work_experience")
    years = next(p for p in req.parts if p.id == "years")
    assert years.earliest_on == date(2026, 12, 31)
    assert req.earliest_on is None
    entry["families_served"] = 10
    req = requirement(_one_work("family-specialist", entry), "work_experience")
    assert req.earliest_on == date(2026, 12, 31)


def test_work_ifs_result_reports_both_parts():
    """RULES-categories.md 4.3 IFS and PORTFOLIO.md: two parts reported in `parts`, unit `"days"`
    and `"families"`."""
    data = evaluate_doc(met("ec-family-specialist")).to_data()
    work = next(r for r in data["requirements"] if r["id"] == "work_experience")
    assert [(p["id"], p["unit"], p["status"]) for p in work["parts"]] == [
        ("years", "days", "met"),
        ("families", "families", "met"),
    ]


# --- IMHS 2024: choice K26 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "status"),
    [
        ({}, "met"),
        ({"supervised": False}, "not_met"),
        ({"infant_and_parent": False}, "not_met"),
        ({"paid": False}, "met"),
        ({"kinds": ["parent_infant_psychotherapy"]}, "not_met"),
    ],
)
def test_work_imhs_2024_k26_is_mentor_clinical_part_one(flags, status):
    """RULES-categories.md 4.3 IMHS `2024`, choice K26: one part, ≥ 730 post-graduate days of
    `imh_direct_service` with `supervised: true` and `infant_and_parent: true`."""
    values = {"kinds": ["imh_direct_service"], **flags}
    kinds = values.pop("kinds")
    entry = paid_work("w1", TWO_YEARS_ON, None, kinds, "infant", **values)
    req = requirement(_one_work("mh-specialist", entry), "work_experience", policy="2024")
    assert req.status == status
    assert [p.id for p in req.parts] == ["imh_direct_service"]
    assert "internship_days" not in req.details


def test_work_imhs_2024_is_post_graduate():
    """RULES-categories.md 4.3: post-graduate clipping applies to IMHS."""
    doc = met("mh-specialist")
    doc["degrees"] = [degree(type="MSW", conferred_on="2025-07-01")]
    doc["work"] = [paid_work("w1", "2020-01-06", None, ["imh_direct_service"], "infant")]
    assert requirement(doc, "work_experience", policy="2024").have == 365


# --- IMHS 2025: choices K23, K24, K44 --------------------------------------------------------


def _regular(entry_id: str = "w2", start_on: str = TWO_YEARS_ON, end_on: str | None = None,
             **flags: Any) -> dict[str, Any]:  # fmt: skip
    values: dict[str, Any] = {"license_status": "licensed"}
    values.update(flags)
    return paid_work(entry_id, start_on, end_on, ["parent_infant_psychotherapy"], "infant",
                     **values)  # fmt: skip


def _internship(entry_id: str = "w1", start_on: str = "2019-01-01", end_on: str | None = None,
                **flags: Any) -> dict[str, Any]:  # fmt: skip
    values: dict[str, Any] = {
        "paid": False,
        "internship": True,
        "internship_supervisor": {"name": "Dr. Lee", "endorsement": "IMHM-C", "ers": False,
                                  "approved": True},
    }  # fmt: skip
    values.update(flags)
    return paid_work(entry_id, start_on, end_on, ["parent_infant_psychotherapy"], "infant",
                     **values)  # fmt: skip


def _imhs(*entries: dict[str, Any], graduated: str = "2020-06-15") -> dict[str, Any]:
    doc = met("mh-specialist")
    doc["degrees"] = [degree(type="MSW", conferred_on=graduated)]
    doc["work"] = list(entries)
    return doc


@pytest.mark.parametrize(
    ("flags", "reason"),
    [
        ({"kinds": ["imh_direct_service"]}, "not supervised, paid infant-parent psychotherapy "
         "while licensed or licence-eligible"),
        ({"supervised": False}, "not supervised"),
        ({"paid": False}, "volunteer work"),
        ({"infant_and_parent": False}, "not with both the infant/toddler and the parent"),
        ({"license_status": None}, "not licensed or licence-eligible"),
    ],
)  # fmt: skip
def test_work_imhs_2025_k23_regular_entries(flags, reason):
    """RULES-categories.md 4.3 IMHS `2025`, choice K23: regular entries are of kind
    `parent_infant_psychotherapy`, `supervised`, `paid`, `infant_and_parent`, with
    `license_status` `licensed` or `license_eligible`."""
    values = {"kinds": ["parent_infant_psychotherapy"], "license_status": "licensed", **flags}
    kinds = values.pop("kinds")
    entry = paid_work("w2", TWO_YEARS_ON, None, kinds, "infant", **values)
    req = requirement(_imhs(entry), "work_experience")
    assert (req.status, excluded(req)) == ("not_met", {"w2": reason})


@pytest.mark.parametrize("status", ["licensed", "license_eligible"])
def test_work_imhs_2025_k23_licensed_or_licence_eligible(status):
    """RULES-categories.md 4.3 IMHS `2025`, choice K23: `licensed` or `license_eligible`."""
    req = requirement(_imhs(_regular(license_status=status)), "work_experience")
    assert (req.status, req.have) == ("met", 730)


def test_work_imhs_2025_k24_internship_credit_is_capped_at_a_year():
    """RULES-categories.md 4.3 IMHS `2025`, choice K24: |A| + min(365, |I \\ A|); the result
    reports `internship_days` after the cap."""
    doc = _imhs(_internship(end_on="2020-12-31"), _regular(start_on="2021-01-01",
                                                           end_on="2021-06-30"))  # fmt: skip
    req = requirement(doc, "work_experience")
    # A: 181 days; I \ A: 2019-01-01..2020-12-31 = 731 days, capped at 365.
    assert (req.have, req.details["internship_days"]) == (181 + 365, 365)


def test_work_imhs_2025_k24_internship_days_already_in_a_count_once():
    """RULES-categories.md 4.3 IMHS `2025`, choice K24: `I \\ A` = the internship days not
    already in `A`."""
    doc = _imhs(_internship(start_on="2024-07-01", end_on="2025-06-30"), _regular())
    req = requirement(doc, "work_experience")
    assert (req.have, req.details["internship_days"]) == (730, 0)


def test_work_imhs_2025_k24_internship_is_not_clipped_to_the_graduation_date():
    """RULES-categories.md 4.3 IMHS `2025`, choice K24: internship days are not clipped to the
    graduation date and need neither `paid` nor `license_status`; regular days are."""
    doc = _imhs(_internship(start_on="2019-01-01", end_on="2019-12-31", license_status=None),
                _regular(start_on="2020-01-01", end_on="2020-12-31"))  # fmt: skip
    req = requirement(doc, "work_experience")
    # A: 2020-06-15..2020-12-31 = 200 days; I \ A = 365 days.
    assert (req.have, req.details["internship_days"]) == (200 + 365, 365)


@pytest.mark.parametrize(
    ("flags", "reason"),
    [
        ({"supervised": False}, "not supervised"),
        ({"infant_and_parent": False}, "not with both the infant/toddler and the parent"),
        ({"kinds": ["imh_direct_service"]}, "internship not in infant-parent psychotherapy"),
        ({"internship_supervisor": None}, "internship supervisor not approved"),
        ({"internship_supervisor": {"name": "Dr. Lee", "endorsement": "IMHM-C",
                                    "approved": False}}, "internship supervisor not approved"),
        ({"internship_supervisor": {"name": "Dr. Lee", "endorsement": "IFRS",
                                    "approved": True}}, "internship supervisor's endorsement"),
    ],
)  # fmt: skip
def test_work_imhs_2025_k24_internship_entries(flags, reason):
    """RULES-categories.md 4.3 IMHS `2025`, choice K24: internship entries are of kind
    `parent_infant_psychotherapy`, `internship: true`, `supervised`, `infant_and_parent`, with an
    `internship_supervisor` `approved: true` holding IMHS or IMHM-C."""
    values = {"kinds": ["parent_infant_psychotherapy"], **flags}
    entry = _internship(**{k: v for k, v in values.items() if k != "kinds"})
    entry["kinds"] = values["kinds"]
    req = requirement(_imhs(entry, _regular(start_on="2025-07-01")), "work_experience")
    assert excluded(req) == {"w1": reason}
    assert req.details["internship_days"] == 0


@pytest.mark.parametrize("endorsement", ["IMHS", "IMHM-C", "ECMHS", "ECMHM-C"])
def test_work_imhs_2025_k6_internship_supervisor_of_either_band(endorsement):
    """RULES-categories.md 4.3 and 2, choice K6: the internship supervisor holds IMHS or IMHM-C,
    or a twin of them."""
    entry = _internship(end_on="2019-12-31")
    entry["internship_supervisor"]["endorsement"] = endorsement
    req = requirement(_imhs(entry, _regular(start_on="2025-07-01")), "work_experience")
    assert req.details["internship_days"] == 365


def test_work_imhs_2025_no_graduation_date_is_not_met_with_nothing_counted():
    """RULES-categories.md 4.3 IMHS `2025`: "No graduation date → `not_met`, have 0; internship
    days are not counted or reported."""
    doc = _imhs(_internship(end_on="2019-12-31"), _regular())
    doc["degrees"] = []
    data = evaluate_doc(doc).to_data()
    work = next(r for r in data["requirements"] if r["id"] == "work_experience")
    assert (work["status"], work["have"], work["need"]) == ("not_met", 0, 730)
    assert "internship_days" not in work


def test_work_imhs_2025_k44_open_regular_entry_gives_earliest_on():
    """RULES-categories.md 4.3 IMHS `2025`, choice K44: `as_of` + the missing days if a counted
    regular entry is open."""
    req = requirement(_imhs(_regular(start_on="2025-07-01")), "work_experience")
    assert (req.have, req.earliest_on) == (365, date(2027, 6, 30))


def test_work_imhs_2025_k44_open_internship_when_the_cap_leaves_room():
    """RULES-categories.md 4.3 IMHS `2025`, choice K44: else the same date if a counted internship
    entry is open and |I \\ A| + the missing days ≤ 365."""
    # A: 2020-07-01..2021-12-31 = 549 days; I \ A: 2026-05-01..2026-06-30 = 61 days. Short 120.
    doc = _imhs(_internship(start_on="2026-05-01"), _regular(start_on="2020-07-01",
                                                             end_on="2021-12-31"))  # fmt: skip
    req = requirement(doc, "work_experience")
    assert (req.have, req.earliest_on) == (610, date(2026, 10, 28))


def test_work_imhs_2025_k44_no_earliest_on_when_the_cap_leaves_no_room():
    """RULES-categories.md 4.3 IMHS `2025`, choice K44: else none."""
    # A: 2020-07-01..2020-12-31 = 184 days; I \ A: 2025-07-01.. = 365 days (full). Short 181.
    doc = _imhs(_internship(start_on="2025-07-01"), _regular(start_on="2020-07-01",
                                                             end_on="2020-12-31"))  # fmt: skip
    req = requirement(doc, "work_experience")
    assert (req.have, req.details["internship_days"], req.earliest_on) == (549, 365, None)
    # Nor with closed entries only.
    doc["work"][0]["end_on"] = "2025-12-31"
    assert requirement(doc, "work_experience").earliest_on is None


# --- Mentor: choices K27, K43 ----------------------------------------------------------------


@pytest.mark.parametrize("policy", ["seed", "2024", "2025"])
def test_work_mentor_clinical_k27_part_one_keeps_the_2024_criterion(policy):
    """RULES-categories.md 4.3 Mentor, choice K27: Clinical part 1 keeps the `2024` criterion in
    `2025`: `imh_direct_service`, supervised, with infant and parent; no licence, no pay rule."""
    doc = met("mentor-clinical")
    doc["work"][0].update(paid=False, license_status=None)
    req = requirement(doc, "work_experience", policy=policy)
    assert req.status == "met"
    assert [p.id for p in req.parts] == ["imh_direct_service", "rsc_provision"]


@pytest.mark.parametrize(
    ("direct_start", "rsc_start", "headline"),
    [
        ("2025-07-01", "2025-07-01", ("imh_direct_service", 365, 1095)),  # 365 v 730 missing
        ("2025-07-01", "2024-07-01", ("rsc_provision", 730, 1095)),  # 365 v 365: a tie
        ("2026-03-01", "2024-07-01", ("imh_direct_service", 122, 730)),  # 608 v 365
        ("2024-07-01", "2023-07-01", ("imh_direct_service", 730, 730)),  # both met
    ],
)
def test_work_mentor_clinical_k43_headline_is_the_part_missing_most_days(
    direct_start, rsc_start, headline
):
    """RULES-categories.md 4.3 Mentor, choice K43: the unmet part with the most missing days
    (need − have; part 1 on a tie); when both are met, part 1."""
    doc = met("mentor-clinical")
    doc["work"] = [
        paid_work("w1", direct_start, None, ["imh_direct_service"], "infant"),
        paid_work("w2", rsc_start, None, ["rsc_provision"], "infant"),
    ]
    req = requirement(doc, "work_experience")
    part_id, have, need = headline
    if part_id == "rsc_provision":  # on a tie of missing days, part 1 heads
        missing = {p.id: int(p.need) - int(p.have) for p in req.parts}
        assert missing["imh_direct_service"] == missing["rsc_provision"]
        assert (req.have, req.need) == (365, 730)
    else:
        assert (req.have, req.need) == (have, need)


@pytest.mark.parametrize(
    ("category", "days", "words"),
    [
        ("family-associate", 729, "1.99 of 2 years"),
        ("family-specialist", 729, "1.99 of 2 years"),
        ("mh-specialist", 729, "1.99 of 2 years"),
        ("mentor-policy", 1094, "2.99 of 3 years"),
        ("ec-family-specialist", 548, "1.5 of 2 years"),
    ],
)
def test_work_summary_years_are_truncated_to_two_decimals(category, days, words):
    """RULES-categories.md 4.3: "Summaries give years as covered days ÷ 365 truncated to two
    decimals (729 days = 1.99 years)"."""
    doc = met(category)
    doc["degrees"][0]["conferred_on"] = "2000-05-15"
    entry = doc["work"][0]
    entry["end_on"] = "2026-06-30"
    entry["start_on"] = date.fromordinal(date(2026, 6, 30).toordinal() - days + 1).isoformat()
    req = requirement(doc, "work_experience")
    assert req.have == days
    assert words in req.summary


@pytest.mark.parametrize("category", ["family-associate", "mh-specialist", "ec-mentor-policy"])
def test_work_entries_must_match_the_band(category):
    """RULES-categories.md 4.3: "every counted entry must match the band"."""
    doc = met(category)
    other = "infant" if category.startswith("ec-") else "early_childhood"
    doc["work"][0]["age_bands"] = [other]
    req = requirement(doc, "work_experience")
    assert excluded(req) == {"w1": "age band does not match"}


# --- 4.4 Leadership: choice K48 --------------------------------------------------------------


@pytest.mark.parametrize(
    "category", ["family-associate", "ec-family-specialist", "mh-specialist", "ec-mh-specialist"]
)
def test_leadership_k48_not_required_counts_every_listed_activity_whatever_its_dates(category):
    """RULES-categories.md 4.4, choice K48: every other kind: `not_required`; `have` is the
    number of listed activities, whatever their dates, and `counted` lists them all. Not
    filtered by band."""
    doc = met(category)
    doc["leadership"] = [
        leadership("l1", designation="policy", level="local"),
        leadership("l2", designation="clinical", start_on="2027-01-01"),
    ]
    req = requirement(doc, "leadership")
    assert (req.status, req.have, req.counted, req.excluded) == (
        "not_required", 2, ["l1", "l2"], [],
    )  # fmt: skip


@pytest.mark.parametrize("policy", ["2024", "2025"])
def test_leadership_mentor_is_rules_md_4_in_every_version(policy):
    """RULES-categories.md 4.4: Mentor: `RULES.md` 4 in every version (Clinical: at least
    regional), twins included."""
    doc = met("ec-mentor-clinical")
    doc["leadership"] = [leadership("l1", level="local")]
    assert requirement(doc, "leadership", policy=policy).status == "not_met"
    doc["leadership"] = [leadership("l1", level="regional")]
    assert requirement(doc, "leadership", policy=policy).status == "met"


@pytest.mark.parametrize("category", ["ec-mh-specialist", "mentor-policy"])
def test_work_without_a_degree_still_names_the_date_and_band_reasons_first(category):
    """RULES-categories.md 2, Exclusion reasons: "first that applies: dated after the evaluation
    date; age band does not match; then the reasons of `RULES.md` for that requirement" — with
    no graduation date too, where the reason of `RULES.md` 3 is the missing degree."""
    doc = met(category)
    doc["degrees"] = []
    band = doc["work"][0]["age_bands"][0]
    other = "infant" if band == "early_childhood" else "early_childhood"
    doc["work"] += [
        paid_work("late", "2026-07-01", None, doc["work"][0]["kinds"], band),
        paid_work("other", "2020-01-06", None, doc["work"][0]["kinds"], other),
    ]
    req = requirement(doc, "work_experience")
    assert req.status == "not_met"
    assert excluded(req) == {
        "w1": "no qualifying degree to count from",
        "late": "dated after the evaluation date",
        "other": "age band does not match",
    }
