"""Portfolio documents for tests, written in the exchange format so every test also reads files.

`complete(category)` meets every requirement under the seed policy on AS_OF; a test changes one
section and looks at one requirement. The other builders make one entry each, with defaults that
count unless a test says otherwise.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from endorse.eligibility import Requirement, Result, evaluate, known_categories, parse_portfolio

AS_OF = "2026-11-24"
ALL_DOMAINS = [
    "theoretical_foundations",
    "law_regulation_agency_policy",
    "systems_expertise",
    "direct_service_skills",
    "working_with_others",
    "communicating",
    "thinking",
    "reflection",
]


def degree(
    entry_id: str = "d1",
    type: str = "MSW",
    conferred_on: str = "2009-05-15",
    transcript: str = "verified",
    accepted: bool | None = None,
    competencies: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "type": type,
        "conferred_on": conferred_on,
        "transcript": transcript,
        "accepted": accepted,
        "competencies": competencies or [],
    }


def certificate(
    entry_id: str = "c1",
    completed_on: str = "2011-06-01",
    accepted: bool | None = True,
    kind: str = "university_certificate",
    competencies: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "kind": kind,
        "completed_on": completed_on,
        "accepted": accepted,
        "competencies": competencies or [],
    }


def training(
    entry_id: str,
    hours: float | int,
    start_on: str = "2024-03-01",
    end_on: str | None = None,
    relationship_based: bool = True,
    topics: list[str] | None = None,
    competencies: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "start_on": start_on,
        "end_on": end_on,
        "hours": hours,
        "relationship_based": relationship_based,
        "topics": topics or [],
        "competencies": competencies or [],
    }


def work(
    entry_id: str,
    start_on: str,
    end_on: str | None,
    kinds: list[str],
    supervised: bool = True,
    infant_and_parent: bool = True,
    competencies: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "start_on": start_on,
        "end_on": end_on,
        "kinds": kinds,
        "supervised": supervised,
        "infant_and_parent": infant_and_parent,
        "competencies": competencies or [],
    }


def leadership(
    entry_id: str = "l1",
    designation: str = "clinical",
    level: str = "state",
    start_on: str = "2019-09-01",
    competencies: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "designation": designation,
        "activity": "Facilitates a reflective practice group",
        "level": level,
        "start_on": start_on,
        "end_on": None,
        "competencies": competencies or [],
    }


def rsc(
    entry_id: str,
    start_on: str,
    end_on: str | None,
    hours: float | int,
    provider: str = "Dr. Ruiz",
    approved: bool = True,
    endorsement: str | None = "IMHM-C",
    peer: bool = False,
    focus: str = "own_practice",
    fmt: str = "individual",
    competencies: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "provider": {"name": provider, "endorsement": endorsement, "approved": approved},
        "format": fmt,
        "start_on": start_on,
        "end_on": end_on,
        "hours": hours,
        "focus": focus,
        "peer": peer,
        "competencies": competencies or [],
    }


def reference(
    entry_id: str,
    role: str,
    level: str | None = None,
    verified: bool = False,
    status: str = "completed",
    completed_on: str | None = "2026-09-01",
    known_years: float = 5,
    not_enough_information: int = 0,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "name": f"Rater {entry_id}",
        "role": role,
        "endorsement": {"level": level, "verified": verified} if level else None,
        "status": status,
        "completed_on": completed_on if status == "completed" else None,
        "known_years": known_years,
        "not_enough_information": not_enough_information,
    }


SLOT_ROLES = {
    "mentor-clinical": ["program_supervisor", "rsc_provider", "supervisee"],
    "mentor-policy": ["program_supervisor", "rsc_provider", "colleague"],
    "mentor-research-faculty": ["department_chair", "rsc_provider", "student"],
}
WORK_KINDS = {
    "mentor-clinical": [["imh_direct_service", "rsc_provision"]],
    "mentor-policy": [["policy_leadership"]],
    "mentor-research-faculty": [["university_teaching"]],
}
DESIGNATION = {
    "mentor-clinical": "clinical",
    "mentor-policy": "policy",
    "mentor-research-faculty": "research_faculty",
}


def complete(category: str = "mentor-clinical") -> dict[str, Any]:
    """A portfolio meeting every requirement (exam passed) under the seed policy on AS_OF."""
    roles = SLOT_ROLES[category]
    return copy.deepcopy(
        {
            "format": "imh-portfolio/1",
            "as_of": AS_OF,
            "category": category,
            "applicant": {"name": "Test Applicant", "email": "applicant@example.org"},
            "degrees": [
                degree(competencies=["theoretical_foundations", "law_regulation_agency_policy"])
            ],
            "trainings": [training("t1", 30, competencies=["thinking", "communicating"])],
            "work": [
                work(
                    "w1",
                    "2010-01-04",
                    None,
                    WORK_KINDS[category][0],
                    competencies=["direct_service_skills", "systems_expertise"],
                )
            ],
            "leadership": [
                leadership(designation=DESIGNATION[category], competencies=["working_with_others"])
            ],
            "rsc": [rsc("r1", "2024-01-01", "2024-12-31", 50, competencies=["reflection"])],
            "references": [
                reference("ref1", roles[0], level="IV", verified=True),
                reference("ref2", roles[1]),
                reference("ref3", roles[2]),
            ],
            "ethics": {"signed_on": "2026-08-30", "version": "2024"},
            "exam": {"result": "passed", "taken_on": "2026-10-15"},
            "membership": {
                "association": "MI-AIMH",
                "member_id": "M-1",
                "kind": "individual",
                "expires_on": "2027-09-30",
            },
            "review": {"competencies": "accepted", "reason": None},
        }
    )


def evaluate_doc(
    doc: dict[str, Any], policy: str | None = None, as_of: str | None = None
) -> Result:
    """Round-trip `doc` through JSON text, parse it as a file would be, and evaluate it."""
    data = json.loads(json.dumps(doc))
    portfolio = parse_portfolio(data, known_categories=known_categories())
    return evaluate(portfolio, policy=policy, as_of=date.fromisoformat(as_of) if as_of else None)


def requirement(
    doc: dict[str, Any], requirement_id: str, policy: str | None = None, as_of: str | None = None
) -> Requirement:
    return evaluate_doc(doc, policy=policy, as_of=as_of).requirement(requirement_id)


def excluded(req: Requirement) -> dict[str, str]:
    return {item.id: item.reason for item in req.excluded}
