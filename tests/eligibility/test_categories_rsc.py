"""RULES-categories.md 4.5: reflective supervision/consultation received, the table for every
kind and version.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

from typing import Any

import pytest

from .builders import evaluate_doc, excluded, requirement, rsc
from .category_builders import met, with_bands

# (kind, version) → the endorsements a provider may hold without ERS, and with ERS.
PROVIDERS = {
    ("family_specialist", "2024"): ({"IFRS", "IMHS", "IMHM-C"}, set()),
    ("family_specialist", "2025"): ({"IMHM-C", "IFRS"}, {"IFS", "IMHS"}),
    ("mh_specialist", "2024"): ({"IMHS", "IMHM-C"}, set()),
    ("mh_specialist", "2025"): ({"IMHM-C"}, {"IMHS"}),
    ("clinical", "2024"): ({"IMHM-C"}, set()),
    ("clinical", "2025"): ({"IMHM-C"}, set()),
}
CATEGORY_OF = {
    "family_specialist": "family-specialist",
    "mh_specialist": "mh-specialist",
    "clinical": "mentor-clinical",
}
HOURS = {"family_specialist": 24, "mh_specialist": 50, "clinical": 50}
TWIN = {
    "IFS": "ECFS",
    "IFRS": "ECFRS",
    "IMHS": "ECMHS",
    "IMHM-C": "ECMHM-C",
    "IMHM-P": "ECMHM-P",
    "IMHM-RF": "ECMHM-RF",
}
ALL = [*TWIN, *TWIN.values()]


def _provided_by(category: str, endorsement: str | None, ers: bool = False) -> dict[str, Any]:
    kind = next(k for k, c in CATEGORY_OF.items() if category.removeprefix("ec-") == c)
    doc = met(category)
    band = "early_childhood" if category.startswith("ec-") else "infant"
    hours = HOURS[kind]
    doc["rsc"] = [
        with_bands(rsc("r1", "2025-01-01", "2025-12-31", hours / 2, endorsement=endorsement), band),
        with_bands(
            rsc("r2", "2025-01-01", "2025-12-31", hours / 2, endorsement=endorsement,
                focus="rsc_provided"), band,
        ),
    ]  # fmt: skip
    for entry in doc["rsc"]:
        entry["provider"]["ers"] = ers
    return doc


@pytest.mark.parametrize("ers", [False, True])
@pytest.mark.parametrize("endorsement", [*ALL, None])
@pytest.mark.parametrize(("kind", "policy"), list(PROVIDERS))
def test_rsc_provider_table_by_kind_and_version(kind, policy, endorsement, ers):
    """RULES-categories.md 4.5, choices K6, K17 and K18: the providers of the table (IFS `2024`:
    IFRS, IMHS, IMHM-C; `2025`: IMHM-C, IFRS, ERS holder; IMHS `2024`: IMHS, IMHM-C; `2025`:
    IMHM-C, ERS holder with IMHS; Clinical: IMHM-C), each or its twin; an approved provider
    holding none ("vetted", endorsement null) does not count."""
    plain, with_ers = PROVIDERS[(kind, policy)]
    twins = {TWIN.get(e, e) for e in plain} | plain
    twins_ers = {TWIN.get(e, e) for e in with_ers} | with_ers
    counts = endorsement in twins or (ers and endorsement in twins_ers)
    req = requirement(_provided_by(CATEGORY_OF[kind], endorsement, ers), "rsc", policy=policy)
    assert req.status == ("met" if counts else "not_met")
    if not counts:
        assert excluded(req)["r1"].startswith(f"provider's endorsement: {endorsement or 'none'}")


@pytest.mark.parametrize("category", ["ec-family-specialist", "ec-mh-specialist",
                                      "ec-mentor-clinical"])  # fmt: skip
def test_rsc_twins_use_the_same_provider_table(category):
    """RULES-categories.md 4.5 and 5: a twin's provider rule is its infant category's, and the
    endorsements of either band are interchangeable (choice K6)."""
    assert requirement(_provided_by(category, "IMHM-C"), "rsc").status == "met"
    assert requirement(_provided_by(category, "ECMHM-C"), "rsc").status == "met"


@pytest.mark.parametrize("category", ["family-specialist", "mh-specialist"])
def test_rsc_k18_ers_flag_without_a_qualifying_endorsement_does_not_count(category):
    """RULES-categories.md 2, ERS holder: a provider with `ers: true` whose endorsement is IFS,
    IMHS or a twin of them; ERS on an IMHM-P does not make a provider."""
    req = requirement(_provided_by(category, "IMHM-P", ers=True), "rsc")
    assert req.status == "not_met"


def test_rsc_k18_imhs_needs_an_ers_holder_with_imhs_not_ifs():
    """RULES-categories.md 4.5: IMHS `2025`: "ERS holder with IMHS" — an IFS holder with ERS
    counts for IFS, not for IMHS."""
    assert requirement(_provided_by("family-specialist", "IFS", ers=True), "rsc").status == "met"
    assert requirement(_provided_by("mh-specialist", "IFS", ers=True), "rsc").status == "not_met"


@pytest.mark.parametrize(("kind", "hours"), [("family_specialist", 24), ("mh_specialist", 50),
                                             ("clinical", 50)])  # fmt: skip
@pytest.mark.parametrize("policy", ["2024", "2025"])
def test_rsc_hours_of_each_required_row(kind, hours, policy):
    """RULES-categories.md 4.5, choice K22: IFS 24 h, IMHS 50 h (`2025` too), Clinical 50 h."""
    req = requirement(met(CATEGORY_OF[kind]), "rsc", policy=policy)
    assert (req.status, req.need) == ("met", hours)


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize("category", ["family-specialist", "ec-mh-specialist", "mentor-clinical"])
def test_rsc_k20_main_provider_rule_for_every_required_row(category, policy):
    """RULES-categories.md 4.5, choice K20: more than half of the set's hours from one provider,
    the rest from at most one other, for every required row in `2024` and `2025`: a third
    provider is left out, and two equal halves do not make a main provider."""
    doc = _provided_by(category, "IMHM-C")
    need = int(requirement(doc, "rsc").need or 0)
    half = need / 2
    doc["rsc"][0]["provider"]["name"] = "A"
    doc["rsc"][1]["provider"]["name"] = "B"
    doc["rsc"][0]["focus"] = doc["rsc"][1]["focus"] = "rsc_provided"
    doc["rsc"][0]["hours"] = doc["rsc"][1]["hours"] = half
    assert requirement(doc, "rsc", policy=policy).status == "not_met"
    doc["rsc"][0]["hours"] = half + 0.5
    doc["rsc"][1]["hours"] = half - 0.5
    third = dict(doc["rsc"][1], id="r3", hours=1)
    third["provider"] = dict(third["provider"], name="C")
    doc["rsc"].append(third)
    req = requirement(doc, "rsc", policy=policy)
    assert (req.status, req.have) == ("met", need)
    assert excluded(req) == {"r3": "outside the window counted"}


@pytest.mark.parametrize("category", ["family-specialist", "mh-specialist"])
def test_rsc_k19_the_provider_list_applies_to_every_entry_whenever_received(category):
    """RULES-categories.md 4.5, choice K19: the `2025` list applies to RS/C received in 2023, from
    an IMHS without ERS (who counted under `2024`)."""
    doc = _provided_by(category, "IMHS")
    for entry in doc["rsc"]:
        entry.update(start_on="2023-01-01", end_on="2023-12-31")
    assert requirement(doc, "rsc").status == "not_met"
    assert requirement(doc, "rsc", policy="2024").status == "met"


def test_rsc_window_one_to_two_years_for_every_required_row():
    """RULES-categories.md 4.5: the window of `RULES.md` 5 (at least one, at most two years) and
    the whole-entry rule: 24 h over two years and a day do not count as one window."""
    doc = met("family-specialist")
    doc["rsc"] = [rsc("r1", "2023-01-01", "2023-06-30", 12), rsc("r2", "2024-07-01",
                                                                 "2025-01-01", 12)]  # fmt: skip
    assert requirement(doc, "rsc").status == "not_met"
    doc["rsc"][1]["end_on"] = "2024-12-31"
    assert requirement(doc, "rsc").status == "met"


@pytest.mark.parametrize("category", ["family-associate", "ec-family-associate"])
def test_rsc_associate_not_required_reports_the_hours_that_would_count(category):
    """RULES-categories.md 4.5: `associate` still reports the hours of the entries that would
    count (band matches, provider approved, not peer), with `need` and `window_rule_met` null."""
    band = "early_childhood" if category.startswith("ec-") else "infant"
    other = "infant" if band == "early_childhood" else "early_childhood"
    doc = met(category)
    doc["rsc"] = [
        with_bands(rsc("r1", "2022-01-01", "2022-03-31", 3, endorsement=None), band),
        with_bands(rsc("r2", "2025-01-01", "2025-12-31", 4.5), band),
        with_bands(rsc("r3", "2025-01-01", "2025-12-31", 8, approved=False), band),
        with_bands(rsc("r4", "2025-01-01", "2025-12-31", 16, peer=True), band),
        with_bands(rsc("r5", "2025-01-01", "2025-12-31", 32), other),
    ]
    data = evaluate_doc(doc).to_data()
    req = next(r for r in data["requirements"] if r["id"] == "rsc")
    assert (req["status"], req["have"], req["need"], req["window_rule_met"]) == (
        "not_required", 7.5, None, None,
    )  # fmt: skip
    assert req["counted"] == ["r1", "r2"]
    assert {e["id"]: e["reason"] for e in req["excluded"]} == {
        "r3": "provider not approved",
        "r4": "peer supervision",
        "r5": "age band does not match",
    }


@pytest.mark.parametrize("category", ["mentor-policy", "ec-mentor-research-faculty"])
@pytest.mark.parametrize("policy", ["2024", "2025"])
def test_rsc_mentor_policy_and_rf_report_the_window_rule_without_a_provider_list(category, policy):
    """RULES-categories.md 4.5: Mentor P and R/F report the hours and whether the window rule of
    `RULES.md` 5 (50 hours, no provider list) would be met."""
    band = "early_childhood" if category.startswith("ec-") else "infant"
    doc = met(category)
    doc["rsc"] = [
        with_bands(rsc("r1", "2025-01-01", "2025-12-31", 30, endorsement=None, provider="A"), band),
        with_bands(rsc("r2", "2025-01-01", "2025-12-31", 20, endorsement="IFS", provider="B"),
                   band),
    ]  # fmt: skip
    data = evaluate_doc(doc, policy=policy).to_data()
    req = next(r for r in data["requirements"] if r["id"] == "rsc")
    assert (req["status"], req["have"], req["need"], req["window_rule_met"]) == (
        "not_required", 50, 50, True,
    )  # fmt: skip
    doc["rsc"][1]["hours"] = 19.5
    data = evaluate_doc(doc, policy=policy).to_data()
    req = next(r for r in data["requirements"] if r["id"] == "rsc")
    assert (req["status"], req["window_rule_met"]) == ("not_required", False)


def test_rsc_clinical_focus_minimum_25_hours_about_the_rsc_provided():
    """RULES-categories.md 4.5: Clinical focus minimum `rsc_provided` ≥ 25, twins too."""
    doc = _provided_by("ec-mentor-clinical", "IMHM-C")
    doc["rsc"][0]["hours"] = 25.5
    doc["rsc"][1]["hours"] = 24.5
    req = requirement(doc, "rsc")
    assert (req.status, req.summary) == (
        "not_met", "24.5 of 25 hours about the RS/C you provide to others",
    )  # fmt: skip
