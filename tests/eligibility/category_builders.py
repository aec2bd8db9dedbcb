"""Portfolios of every category, meeting every requirement under `2025` on 30 June 2026.

RULES-categories.md 8: "Unless stated: `as_of` 2026-06-30, policy `2025`, everything else met."
`met(category)` builds that portfolio; a test changes one section and looks at one requirement.
"""

from __future__ import annotations

import copy
from typing import Any

from .builders import degree, leadership, reference, rsc, training, work

AS_OF_2025 = "2026-06-30"

KINDS = {
    "family-associate": "associate",
    "family-specialist": "family_specialist",
    "mh-specialist": "mh_specialist",
    "mentor-clinical": "clinical",
    "mentor-policy": "policy",
    "mentor-research-faculty": "research_faculty",
}
CATEGORIES = [*KINDS, *(f"ec-{category}" for category in KINDS)]

RATER_ROLES = {
    "associate": ["program_supervisor", "trainer", "colleague"],
    "family_specialist": ["program_supervisor", "rsc_provider", "colleague"],
    "mh_specialist": ["program_supervisor", "rsc_provider", "supervisee"],
    "clinical": ["program_supervisor", "rsc_provider", "supervisee"],
    "policy": ["program_supervisor", "rsc_provider", "colleague"],
    "research_faculty": ["department_chair", "rsc_provider", "student"],
}
MENTOR_KINDS = ("clinical", "policy", "research_faculty")


def kind_of(category: str) -> str:
    return KINDS[category.removeprefix("ec-")]


def band_of(category: str) -> str:
    return "early_childhood" if category.startswith("ec-") else "infant"


def with_bands(entry: dict[str, Any], *bands: str) -> dict[str, Any]:
    entry["age_bands"] = list(bands)
    return entry


def paid_work(
    entry_id: str, start_on: str, end_on: str | None, kinds: list[str], band: str, **flags: Any
) -> dict[str, Any]:
    """A paid work entry of `band`, with the flags given (supervised and with infant and parent
    unless a flag says otherwise)."""
    entry = with_bands(work(entry_id, start_on, end_on, kinds), band)
    entry.update(flags)
    return entry


def _work(kind: str, band: str) -> list[dict[str, Any]]:
    if kind == "associate":
        return [paid_work("w1", "2020-01-06", None, ["family_service"], band)]
    if kind == "family_specialist":
        return [
            paid_work(
                "w1",
                "2020-01-06",
                None,
                ["prevention_service"],
                band,
                social_emotional_focus=True,
                relationship_focus=True,
                families_served=12,
            )
        ]
    if kind == "mh_specialist":
        return [
            paid_work(
                "w1",
                "2016-01-04",
                None,
                ["parent_infant_psychotherapy", "imh_direct_service"],
                band,
                license_status="licensed",
            )
        ]
    kinds = {
        "clinical": ["imh_direct_service", "rsc_provision"],
        "policy": ["policy_leadership"],
        "research_faculty": ["university_teaching"],
    }[kind]
    return [paid_work("w1", "2010-01-04", None, kinds, band)]


def _trainings(kind: str, band: str) -> list[dict[str, Any]]:
    topics: list[tuple[float, list[str]]] = {
        "associate": [(30, [])],
        "family_specialist": [(30, [])],
        "mh_specialist": [(30, ["imh"]), (3, ["dei"])],
        "clinical": [(30, ["imh"]), (15, ["rsc_provision"]), (3, ["dei"])],
        "policy": [(30, ["imh"]), (3, ["dei"])],
        "research_faculty": [(30, ["imh"]), (3, ["dei"])],
    }[kind]
    return [
        with_bands(training(f"t{i}", hours, topics=tags, competencies=["thinking"]), band)
        for i, (hours, tags) in enumerate(topics, start=1)
    ]


def _rsc(kind: str, band: str) -> list[dict[str, Any]]:
    if kind in ("associate", "policy", "research_faculty"):
        return []
    if kind == "family_specialist":
        return [with_bands(rsc("r1", "2025-01-01", "2025-12-31", 24), band)]
    if kind == "mh_specialist":
        return [with_bands(rsc("r1", "2025-01-01", "2025-12-31", 50), band)]
    return [
        with_bands(rsc("r1", "2025-01-01", "2025-12-31", 25), band),
        with_bands(rsc("r2", "2025-01-01", "2025-12-31", 25, focus="rsc_provided"), band),
    ]


def met(category: str) -> dict[str, Any]:
    """A portfolio of `category` meeting every requirement under `2025` on 30 June 2026."""
    kind, band = kind_of(category), band_of(category)
    mentor = kind in MENTOR_KINDS
    first_degree = {
        "associate": degree(type="BA", conferred_on="2015-05-15"),
        "family_specialist": degree(type="BA", conferred_on="2015-05-15"),
        "mh_specialist": degree(type="MSW", conferred_on="2015-05-15"),
    }.get(kind, degree(type="MSW", conferred_on="2009-05-15"))
    first_degree["competencies"] = ["theoretical_foundations", "law_regulation_agency_policy"]
    work_entries = _work(kind, band)
    work_entries[0]["competencies"] = ["direct_service_skills", "systems_expertise"]
    rsc_entries = _rsc(kind, band)
    roles = RATER_ROLES[kind]
    doc: dict[str, Any] = {
        "format": "imh-portfolio/1",
        "as_of": AS_OF_2025,
        "policy": "2025",
        "category": category,
        "applicant": {"name": "Test Applicant", "email": "applicant@example.org"},
        "degrees": [first_degree],
        "trainings": _trainings(kind, band),
        "work": work_entries,
        "leadership": [
            leadership(designation=kind, competencies=["working_with_others", "reflection"])
        ]
        if mentor
        else [],
        "rsc": rsc_entries,
        "references": [
            reference("ref1", roles[0], level="IV", verified=True, completed_on="2026-05-01"),
            reference("ref2", roles[1], completed_on="2026-05-01"),
            reference("ref3", roles[2], completed_on="2026-05-01"),
        ],
        "ethics": {"signed_on": "2026-01-15", "version": "2024"},
        "exam": {"result": "passed", "taken_on": "2026-03-01", "age_band": band}
        if mentor
        else {"result": "not_taken", "taken_on": None},
        "membership": {
            "association": "MI-AIMH",
            "member_id": "M-1",
            "kind": "individual",
            "expires_on": "2027-06-30",
        },
        "review": {"competencies": "accepted", "reason": None},
    }
    # Every domain needs evidence: a training covers the last two when nothing else does.
    doc["trainings"][0]["competencies"] = [
        "thinking",
        "communicating",
        "working_with_others",
        "reflection",
    ]
    return copy.deepcopy(doc)
