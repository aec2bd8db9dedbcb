"""RULES-categories.md 4.2: training, the table for every kind and version.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

import pytest

from .builders import excluded, requirement, training
from .category_builders import CATEGORIES, band_of, kind_of, met, with_bands

# (kind, version) → (total, {topic: minimum}), as the table of 4.2.
TABLE = {
    ("associate", "2024"): (30, {}),
    ("associate", "2025"): (30, {}),
    ("family_specialist", "2024"): (30, {}),
    ("family_specialist", "2025"): (30, {}),
    ("mh_specialist", "2024"): (30, {}),
    ("mh_specialist", "2025"): (33, {"imh": 30, "dei": 3}),
    ("clinical", "2024"): (48, {"imh": 30, "rsc_provision": 15, "dei": 3}),
    ("clinical", "2025"): (48, {"imh": 30, "rsc_provision": 15, "dei": 3}),
    ("policy", "2024"): (30, {}),
    ("policy", "2025"): (33, {"imh": 30, "dei": 3}),
    ("research_faculty", "2024"): (30, {}),
    ("research_faculty", "2025"): (33, {"imh": 30, "dei": 3}),
}


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_training_table_total_and_topic_minimums_by_kind_and_version(category, policy):
    """RULES-categories.md 4.2, choices K21, K28 and K29: the total and topic minimums of the
    table, for every kind, in `2024` and `2025` (twins as their infant category)."""
    total, topics = TABLE[(kind_of(category), policy)]
    req = requirement(met(category), "training", policy=policy)
    assert (req.status, req.need) == ("met", total)
    assert {p.id: p.need for p in req.parts} == topics


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_training_half_an_hour_short_of_the_total_is_not_met(category, policy):
    """RULES-categories.md 4.2: the total is compared without rounding: the table's number less
    half an hour, with every topic minimum met, is `not_met`. (One entry tagged with every topic
    meets all the minimums at once.)"""
    total, topics = TABLE[(kind_of(category), policy)]
    band = band_of(category)
    most = max(topics.values(), default=0)
    entries = [
        with_bands(training("tagged", most, topics=list(topics)), band),
        with_bands(training("rest", total - most - 0.5), band),
    ]
    doc = met(category)
    doc["trainings"] = doc["trainings"][:1]
    doc["trainings"][0].update(hours=0, topics=[])
    doc["trainings"] += entries
    req = requirement(doc, "training", policy=policy)
    assert (req.status, req.have, req.need) == ("not_met", total - 0.5, total)
    assert all(p.status == "met" for p in req.parts)


def test_training_k29_ifa_and_ifs_2025_have_no_topic_minimum():
    """RULES-categories.md 4.2, choice K29: IFA and IFS `2025`: 30 h, no topic minimum (no dei)."""
    for category in ("family-associate", "family-specialist"):
        doc = met(category)
        doc["trainings"] = [training("t1", 30, topics=[])]
        req = requirement(doc, "training")
        assert (req.status, req.parts) == ("met", [])


def test_training_k21_imhs_2025_needs_30_imh_and_3_dei():
    """RULES-categories.md 4.2, choice K21: IMHS `2025` 33 h (imh 30, dei 3); 33 h with only
    29 on imh is not met."""
    doc = met("mh-specialist")
    doc["trainings"] = [training("t1", 29, topics=["imh"]), training("t2", 4, topics=["dei"])]
    req = requirement(doc, "training")
    assert req.status == "not_met"
    assert req.missing == ["1 more hours of training on infant mental health."]


def test_training_one_entry_counts_toward_the_total_once_and_toward_each_topic():
    """RULES-categories.md 4.2: "an entry counts once toward the total and once toward each topic
    it is tagged with"."""
    doc = met("mentor-policy")
    doc["trainings"] = [training("t1", 33, topics=["imh", "dei"])]
    req = requirement(doc, "training")
    assert (req.status, req.have) == ("met", 33)
    assert {p.id: p.have for p in req.parts} == {"imh": 33, "dei": 33}


@pytest.mark.parametrize("category", ["family-associate", "mh-specialist", "ec-mentor-clinical"])
def test_training_relationship_based_only_in_every_category(category):
    """RULES-categories.md 4.2: counting as `RULES.md` 2, relationship-based only."""
    doc = met(category)
    doc["trainings"][0]["relationship_based"] = False
    req = requirement(doc, "training")
    assert req.status == "not_met"
    assert excluded(req)["t1"] == "not relationship-based"


@pytest.mark.parametrize("category", ["ec-mh-specialist", "ec-mentor-policy", "ec-mentor-clinical"])
def test_training_early_childhood_imh_topic_reads_infant_and_early_childhood(category):
    """RULES-categories.md 4.2: "For an early-childhood category the topic `imh` means infant and
    early childhood mental health."""
    req = requirement(met(category), "training")
    imh = next(p for p in req.parts if p.id == "imh")
    assert imh.label == "training on infant and early childhood mental health"
    assert "on infant and early childhood mental health" in req.summary
    infant = requirement(met(category.removeprefix("ec-")), "training")
    assert next(p for p in infant.parts if p.id == "imh").label == (
        "training on infant mental health"
    )


def test_training_entry_must_match_the_band():
    """RULES-categories.md 4.2 and 5: the entry must match the category's band; an
    early-childhood-only training does not count for IFS."""
    doc = met("family-specialist")
    doc["trainings"] = [with_bands(training("t1", 30), "early_childhood")]
    req = requirement(doc, "training")
    assert (req.status, excluded(req)) == ("not_met", {"t1": "age band does not match"})
