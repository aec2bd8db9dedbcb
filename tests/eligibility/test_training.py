"""RULES.md, 2. Training, and the 2024 policy's topic hours."""

from .builders import complete, excluded, requirement, training


def test_training_met_at_30_relationship_based_hours():
    """2: met at ≥ 30 hours of relationship-based training."""
    doc = complete()
    doc["trainings"] = [training("t1", 12.5), training("t2", 17.5)]
    req = requirement(doc, "training")
    assert (req.status, req.have, req.need, req.unit) == ("met", 30, 30, "hours")


def test_training_below_30_hours_is_not_met_with_have_and_need():
    """2: below → not_met, with hours have/need."""
    doc = complete()
    doc["trainings"] = [training("t1", 29.5)]
    req = requirement(doc, "training")
    assert (req.status, req.have, req.need) == ("not_met", 29.5, 30)
    assert req.missing == ["0.5 more hours of relationship-based training."]


def test_training_decimal_hours_compare_without_rounding():
    """2: hours are decimals; compare without rounding (29.9 + 0.1 is exactly 30; 29.99 is not)."""
    doc = complete()
    doc["trainings"] = [training("t1", 29.9), training("t2", 0.1)]
    assert requirement(doc, "training").status == "met"
    doc["trainings"] = [training("t1", 29.99)]
    assert requirement(doc, "training").status == "not_met"


def test_training_not_relationship_based_does_not_count():
    """2: only relationship-based training counts (the filter applies under every policy)."""
    doc = complete()
    doc["trainings"] = [training("t1", 20), training("t2", 20, relationship_based=False)]
    req = requirement(doc, "training")
    assert req.status == "not_met"
    assert excluded(req) == {"t2": "not relationship-based"}
    assert requirement(doc, "training", policy="2024").have == 20


def test_training_counts_when_ended_by_evaluation_date():
    """Vocabulary, dated on or before: a training counts when it has ended (end_on, or start_on
    when it has none) by the evaluation date."""
    doc = complete()
    doc["trainings"] = [
        training("t1", 25),
        training("t2", 5, start_on="2026-11-20", end_on="2026-11-25"),
        training("t3", 5, start_on="2026-11-25"),
    ]
    req = requirement(doc, "training")
    assert (req.status, req.have) == ("not_met", 25)
    assert excluded(req) == {
        "t2": "dated after the evaluation date",
        "t3": "dated after the evaluation date",
    }
    assert requirement(doc, "training", as_of="2026-11-25").status == "met"


def test_training_2024_clinical_needs_48_hours_and_topic_hours():
    """2024: Clinical training ≥ 48 hours, of which ≥ 30 infant mental health, ≥ 15 providing RS/C,
    ≥ 3 diversity, equity and inclusion."""
    doc = complete()
    doc["trainings"] = [
        training("t1", 30, topics=["imh"]),
        training("t2", 15, topics=["rsc_provision"]),
        training("t3", 3, topics=["dei"]),
    ]
    req = requirement(doc, "training", policy="2024")
    assert (req.status, req.have, req.need) == ("met", 48, 48)
    assert [(p.id, p.status, p.have, p.need) for p in req.parts] == [
        ("imh", "met", 30, 30),
        ("rsc_provision", "met", 15, 15),
        ("dei", "met", 3, 3),
    ]


def test_training_2024_short_on_one_topic_is_not_met():
    doc = complete()
    doc["trainings"] = [
        training("t1", 40, topics=["imh"]),
        training("t2", 15, topics=["rsc_provision"]),
        training("t3", 2.5, topics=["dei"]),
    ]
    req = requirement(doc, "training", policy="2024")
    assert req.status == "not_met"
    assert req.missing == ["0.5 more hours of training on diversity, equity and inclusion."]


def test_training_2024_entry_counts_once_toward_total_and_toward_each_topic():
    """2024 and further choices: an entry's hours count once toward the total and toward each
    topic it is tagged with."""
    doc = complete()
    doc["trainings"] = [
        training("t1", 30, topics=["imh", "rsc_provision", "dei"]),
        training("t2", 18),
    ]
    req = requirement(doc, "training", policy="2024")
    assert (req.status, req.have) == ("met", 48)
    assert [p.have for p in req.parts] == [30, 30, 30]


def test_training_2024_policy_and_research_faculty_keep_30_hours():
    """2024: Policy and Research/Faculty keep 30 hours."""
    for category in ("mentor-policy", "mentor-research-faculty"):
        doc = complete(category)
        doc["trainings"] = [training("t1", 30)]
        req = requirement(doc, "training", policy="2024")
        assert (req.status, req.need, req.parts) == ("met", 30, [])
