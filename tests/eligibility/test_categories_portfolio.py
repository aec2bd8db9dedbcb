"""RULES-categories.md 2 (age bands, twin endorsements), 5 (Early Childhood twins) and 6 (the
additions to `imh-portfolio/1`): every new field parses, the schema accepts it, and a refusal
names the field.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from endorse.eligibility import PortfolioError, known_categories, load_portfolio
from endorse.eligibility.schema import shipped_schema

from .builders import complete, evaluate_doc, excluded, reference, requirement, rsc, training
from .category_builders import CATEGORIES, met, paid_work, with_bands
from .test_categories_education import licence

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VALIDATOR = jsonschema.Draft202012Validator(
    shipped_schema(), format_checker=jsonschema.FormatChecker()
)
TWINS = [c for c in CATEGORIES if c.startswith("ec-")]


def _problems(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(PortfolioError) as caught:
        load_portfolio(json.dumps(doc), known_categories=known_categories())
    assert not VALIDATOR.is_valid(doc)
    return [str(p) for p in caught.value.problems]


# --- Section 2: age bands, choice K4 --------------------------------------------------------


@pytest.mark.parametrize("section", ["trainings", "work", "rsc"])
def test_age_bands_k4_absent_means_infant(section):
    """RULES-categories.md 2, choice K4: a training, work or RS/C entry lists its bands in
    `age_bands`; absent means `["infant"]`: it counts for IFS, not for ECFS."""
    doc = met("family-specialist")
    for entry in doc[section]:
        del entry["age_bands"]
    assert evaluate_doc(doc).overall == "endorsable"
    doc["category"] = "ec-family-specialist"
    req_id = {"trainings": "training", "work": "work_experience", "rsc": "rsc"}[section]
    req = requirement(doc, req_id)
    assert req.status == "not_met"
    assert set(excluded(req).values()) == {"age band does not match"}


# --- Section 5: twins, choices K5, K6 -------------------------------------------------------


@pytest.mark.parametrize("category", TWINS)
def test_twins_k5_only_early_childhood_entries_count(category):
    """RULES-categories.md 5, choice K5: training, work and RS/C entries count only when their
    `age_bands` contain `early_childhood`; entries without `age_bands` are infant entries and
    are excluded ("age band does not match")."""
    doc = met(category)
    for section in ("trainings", "work", "rsc"):
        for entry in doc[section]:
            entry["age_bands"] = ["infant"]
    result = evaluate_doc(doc)
    for req_id in ("training", "work_experience"):
        assert result.requirement(req_id).status in ("not_met", "not_required")
        assert set(excluded(result.requirement(req_id)).values()) == {"age band does not match"}


@pytest.mark.parametrize("category", TWINS)
def test_twins_every_number_is_the_infant_categorys(category):
    """RULES-categories.md 5: "Every number, window, slot table and status is the same as for the
    infant category in the same version." An entry with both bands counts for both."""
    infant = category.removeprefix("ec-")
    for policy in ("2024", "2025"):
        doc = met(category)
        for section in ("trainings", "work", "rsc"):
            for entry in doc[section]:
                entry["age_bands"] = ["infant", "early_childhood"]
        twin = evaluate_doc(doc, policy=policy).to_data()
        doc["category"] = infant
        doc["exam"] = doc["exam"] and dict(doc["exam"], age_band="infant")
        base = evaluate_doc(doc, policy=policy).to_data()
        assert twin["overall"] == base["overall"]
        figures = ("status", "have", "need", "unit", "earliest_on", "counted")
        assert [[r[k] for k in figures] for r in twin["requirements"]] == [
            [r[k] for k in figures] for r in base["requirements"]
        ]


@pytest.mark.parametrize(
    ("category", "endorsement"),
    [
        ("family-specialist", "ECFRS"),
        ("ec-family-specialist", "IFRS"),
        ("mh-specialist", "ECMHM-C"),
        ("ec-mh-specialist", "IMHM-C"),
        ("mentor-clinical", "ECMHM-C"),
        ("ec-mentor-clinical", "IMHM-C"),
    ],
)
def test_twins_k6_provider_endorsements_of_either_band_are_interchangeable(category, endorsement):
    """RULES-categories.md 2 and 5, choice K6: wherever a rule names an endorsement a provider
    must hold, its twin satisfies it too, in both directions."""
    doc = met(category)
    for entry in doc["rsc"]:
        entry["provider"]["endorsement"] = endorsement
    assert requirement(doc, "rsc").status == "met"


def test_twins_k6_ers_holder_of_either_band():
    """RULES-categories.md 2, ERS holder: IFS, IMHS or a twin of them with `ers: true`."""
    for category, endorsement in (("family-specialist", "ECFS"), ("ec-mh-specialist", "IMHS"),
                                  ("mh-specialist", "ECMHS")):  # fmt: skip
        doc = met(category)
        for entry in doc["rsc"]:
            entry["provider"].update(endorsement=endorsement, ers=True)
        assert requirement(doc, "rsc").status == "met"


def test_twins_a_mentor_twin_needs_the_early_childhood_exam():
    """RULES-categories.md 5: a Mentor twin needs the early-childhood exam (4.9)."""
    doc = met("ec-mentor-research-faculty")
    doc["exam"]["age_band"] = "infant"
    assert evaluate_doc(doc).overall == "ready_for_exam"


# --- Section 6: additions to imh-portfolio/1 -------------------------------------------------


def _every_new_field() -> dict[str, Any]:
    doc = met("ec-mh-specialist")
    doc["degrees"].append({"id": "d2", "type": "MAS", "conferred_on": "2016-05-15",
                           "transcript": "verified", "accepted": None})  # fmt: skip
    doc["certificates"] = [{"id": "c1", "kind": "cda", "completed_on": "2012-01-01",
                            "accepted": True}]  # fmt: skip
    doc["licenses"] = [licence(expires_on="2028-01-31", verified=None)]
    doc["work"].append(
        paid_work("w2", "2019-01-01", "2019-12-31", ["parent_infant_psychotherapy",
                  "family_service", "prevention_service"], "early_childhood", paid=False,
                  specialized_training=True, families_served=None, social_emotional_focus=True,
                  relationship_focus=True, license_status=None, internship=True,
                  internship_supervisor={"name": "Dr. Lee", "endorsement": "ECMHM-C",
                                         "ers": True, "approved": True})
    )  # fmt: skip
    doc["rsc"][0]["provider"].update(endorsement="ECMHS", ers=True)
    doc["references"].append(reference("ref4", "cda_mentor", completed_on="2026-05-01"))
    doc["references"].append(reference("ref5", "service_recipient", completed_on="2026-05-01"))
    doc["references"].append(reference("ref6", "board_member", completed_on="2026-05-01"))
    doc["references"][0]["vetted"] = False
    doc["references"][1]["vetted"] = None
    doc["exam"] = {"result": "not_taken", "taken_on": None, "age_band": "early_childhood"}
    return doc


def test_portfolio_every_new_field_parses_and_the_schema_accepts_it():
    """RULES-categories.md 6: every field of the table parses, with its default when absent, and
    the published JSON Schema accepts it."""
    doc = _every_new_field()
    VALIDATOR.validate(doc)
    portfolio = load_portfolio(json.dumps(doc), known_categories=known_categories())
    internship = portfolio.work[1]
    assert (internship.paid, internship.internship, internship.internship_supervisor.ers) == (
        False, True, True,
    )  # fmt: skip
    assert portfolio.licenses[0].expires_on.isoformat() == "2028-01-31"
    assert portfolio.exam is not None
    assert portfolio.exam.age_band == "early_childhood"
    assert evaluate_doc(doc).overall == "endorsable"


def test_portfolio_defaults_of_the_new_fields_when_absent():
    """RULES-categories.md 6: "absent" gives the default: `paid` true, `specialized_training`
    false, `families_served` null, focus flags false, `license_status` null, `internship` false,
    `internship_supervisor` null, `ers` false, `vetted` null, `age_bands` infant."""
    portfolio = load_portfolio(json.dumps(complete()))
    work = portfolio.work[0]
    assert (work.paid, work.specialized_training, work.families_served) == (True, False, None)
    assert (work.social_emotional_focus, work.relationship_focus) == (False, False)
    assert (work.license_status, work.internship, work.internship_supervisor) == (
        None, False, None,
    )  # fmt: skip
    assert work.age_bands is None  # read as ["infant"] (choice K4)
    assert portfolio.rsc[0].provider.ers is False
    assert portfolio.references[0].vetted is None
    assert portfolio.licenses == ()


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("trainings", 0, "age_bands"), [], "trainings.0.age_bands: must list at least one of"),
        (("work", 0, "age_bands"), ["toddler"], "work.0.age_bands.0: 'toddler' is not one of"),
        (("licenses",), [{"kind": "driving", "issued_on": "2015-01-01"}],
         "licenses.0.kind: 'driving' is not one of mental_health"),
        (("licenses",), [{"kind": "mental_health"}], "licenses.0.issued_on: required"),
        (("work", 0, "families_served"), -1, "work.0.families_served: must not be negative"),
        (("work", 0, "families_served"), 9.5, "work.0.families_served: expected a whole number"),
        (("work", 0, "license_status"), "pending", "work.0.license_status: 'pending' is not one"),
        (("work", 0, "paid"), "yes", "work.0.paid: expected true or false"),
        (("work", 0, "internship_supervisor"), {"endorsement": "IMHS"},
         "work.0.internship_supervisor.name: required"),
        (("rsc", 0, "provider", "endorsement"), "ECFA",
         "rsc.0.provider.endorsement: 'ECFA' is not one of"),
        (("references", 0, "role"), "parent", "references.0.role: 'parent' is not one of"),
        (("references", 0, "vetted"), "yes", "references.0.vetted: expected true or false"),
        (("exam", "age_band"), "school_age", "exam.age_band: 'school_age' is not one of"),
        (("degrees", 0, "type"), "BFA", "degrees.0.type: 'BFA' is not one of"),
        (("certificates",), [{"kind": "ged", "completed_on": "2010-01-01"}],
         "certificates.0.kind: 'ged' is not one of"),
    ],
)  # fmt: skip
def test_portfolio_refusals_name_the_field(path, value, problem):
    """RULES-categories.md 6 and PORTFOLIO.md: a value outside the table is refused naming its
    field (empty `age_bands`, an unknown licence kind, a licence without `issued_on`…), by the
    parser and by the JSON Schema alike."""
    doc = met("family-specialist")
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    problems = _problems(doc)
    assert any(p.startswith(problem) for p in problems), problems


def test_portfolio_unknown_keys_stay_an_error():
    """RULES-categories.md 6: "Unknown keys stay an error." """
    doc = met("family-specialist")
    doc["licenses"] = [dict(licence(), state="MI")]
    assert _problems(doc)[0].startswith("licenses.0.state: unknown key")


SEED_ERA = [
    path
    for path in sorted(EXAMPLES.glob("*.json"))
    if json.loads(path.read_text()).get("policy") in (None, "seed")
]


@pytest.mark.parametrize("path", SEED_ERA, ids=lambda p: p.stem)
def test_portfolio_compatibility_existing_files_keep_their_verdict_under_seed_and_2024(path):
    """RULES-categories.md 6, Compatibility: a Mentor file of the `seed` era gets the same verdict
    whether or not it spells out the new fields' defaults (`age_bands` infant, `paid` true,
    `vetted` null, `ers` false)."""
    doc = json.loads(path.read_text())
    for policy in ("seed", "2024"):
        before = evaluate_doc(doc, policy=policy).to_data()
        spelled = json.loads(json.dumps(doc))
        for entry in (
            spelled.get("trainings", []) + spelled.get("work", []) + spelled.get("rsc", [])
        ):
            entry.setdefault("age_bands", ["infant"])
        for entry in spelled.get("work", []):
            entry.setdefault("paid", True)
        for entry in spelled.get("rsc", []):
            entry["provider"].setdefault("ers", False)
        for entry in spelled.get("references", []):
            entry.setdefault("vetted", None)
        assert evaluate_doc(spelled, policy=policy).to_data() == before


def test_portfolio_both_band_training_counts_once_for_each_category():
    """RULES-categories.md 5: "An entry with both bands counts for both." """
    doc = met("ec-mh-specialist")
    doc["trainings"] = [
        with_bands(training("t1", 30, topics=["imh"]), "infant", "early_childhood"),
        with_bands(training("t2", 3, topics=["dei"]), "infant", "early_childhood"),
    ]
    doc["rsc"] = [with_bands(rsc("r1", "2025-01-01", "2025-12-31", 50), "early_childhood")]
    assert requirement(doc, "training").status == "met"
    doc["category"] = "mh-specialist"
    assert requirement(doc, "training").status == "met"
