"""Renewal files for tests, written in the exchange format so every test also reads files.

`renewal()` is RULES-renewal.md 8's "as 1": an IMHS endorsement issued 2025-06-10, never renewed,
`provides_rsc` false, renewing under `annual` on 2026-11-20 with every requirement met. A test
changes one section and looks at one requirement or one date.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib import resources
from typing import Any

import pytest

from endorse.eligibility.renewal import RenewalResult, evaluate_renewal
from endorse.eligibility.renewal_parse import RenewalError, parse_renewal_file, read_renewal
from endorse.eligibility.renewal_policy import RenewalPolicy, load_renewal_policy
from endorse.eligibility.renewal_standing import Standing, standing_on
from endorse.eligibility.result import Requirement

AS_OF = "2026-11-20"


def training(
    entry_id: str,
    end_on: str,
    hours: float,
    topics: list[str] | None = None,
    relationship_based: bool = True,
    start_on: str | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "start_on": start_on or end_on,
        "end_on": end_on,
        "hours": hours,
        "relationship_based": relationship_based,
        "topics": topics or [],
    }


def rsc(
    entry_id: str,
    start_on: str,
    end_on: str | None,
    hours: float,
    endorsement: str | None = "IMHM-C",
    approved: bool = True,
    peer: bool = False,
    name: str = "Dr. Reyes",
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "provider": {"name": name, "endorsement": endorsement, "approved": approved},
        "format": "individual",
        "start_on": start_on,
        "end_on": end_on,
        "hours": hours,
        "peer": peer,
    }


def rating(entry_id: str, role: str, completed_on: str, level: str | None = None) -> dict[str, Any]:
    return {
        "id": entry_id,
        "name": f"Rater {entry_id}",
        "role": role,
        "status": "completed",
        "completed_on": completed_on,
        "known_years": 3,
        "endorsement": {"level": level, "verified": True} if level else None,
    }


def renewal(**changes: Any) -> dict[str, Any]:
    """ "As 1", renewing on 2026-11-20 with everything met; `changes` replace top-level keys."""
    doc: dict[str, Any] = {
        "format": "imh-renewal/1",
        "kind": "renewal",
        "as_of": AS_OF,
        "policy": "annual",
        "endorsement": {
            "number": "MI-0001",
            "category": "mh-specialist",
            "issued_on": "2025-06-10",
            "reinstated_on": None,
            "renewed_through": None,
            "revoked_on": None,
            "inactive": [],
            "provides_rsc": False,
        },
        "holder": {"name": "Ada Example", "email": "ada@example.org"},
        "period": {"start_on": "2026-01-01", "end_on": "2026-12-31"},
        "trainings": [
            training("t1", "2026-03-03", 14),
            training("t2", "2026-05-05", 1, ["dei"]),
        ],
        "rsc": [rsc("r1", "2026-01-10", "2026-11-10", 12)],
        "references": [],
        "ethics": {
            "signed_on": "2026-11-18",
            "version": "2024",
            "no_sanction": True,
            "audit_consent": None,
            "rsc_plan": None,
        },
        "membership": {
            "association": "MI-AIMH",
            "member_id": "M-1",
            "kind": "individual",
            "expires_on": "2027-06-30",
        },
        "fee": {"paid_on": AS_OF, "amount": 30, "payment_id": "pp-1"},
    }
    doc.update(copy.deepcopy(changes))
    return doc


def endorsement(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`doc` with the endorsement's keys changed."""
    doc = copy.deepcopy(doc)
    doc["endorsement"].update(changes)
    return doc


def evaluate_doc(doc: dict[str, Any], policy: RenewalPolicy | str | None = None) -> RenewalResult:
    return evaluate_renewal(read_renewal(doc, policy=policy, today=date(2026, 11, 20)))


def requirement(doc: dict[str, Any], requirement_id: str, **kwargs: Any) -> Requirement:
    return evaluate_doc(doc, **kwargs).requirement(requirement_id)


def refusal(doc: dict[str, Any], policy: RenewalPolicy | str | None = None) -> tuple[str, str]:
    """The one problem a refused file is refused for, as (field path, message)."""
    with pytest.raises(RenewalError) as caught:
        read_renewal(doc, policy=policy, today=date(2026, 11, 20))
    problems = caught.value.problems
    assert len(problems) == 1, problems
    return problems[0].path, problems[0].message


def standing(doc: dict[str, Any], on: str, policy: RenewalPolicy | None = None) -> Standing:
    """The standing of `doc`'s endorsement on `on`, under `policy`, else `doc`'s policy."""
    file = parse_renewal_file(doc)
    chosen = policy or load_renewal_policy(file.policy or "annual")
    return standing_on(file.endorsement, chosen, date.fromisoformat(on))


def words(doc: dict[str, Any], *days: str) -> list[str]:
    return [standing(doc, day).word for day in days]


def dates(doc: dict[str, Any], on: str = AS_OF) -> dict[str, Any]:
    """`B`, `F`, `D`, `W`, `G`, `P` and `k` on `on`, as ISO text."""
    d = standing(doc, on).dates
    return {
        "B": d.base_on.isoformat(),
        "F": d.first_deadline.isoformat(),
        "D": d.deadline.isoformat(),
        "W": d.window_opens_on.isoformat(),
        "G": d.grace_ends_on.isoformat(),
        "P": f"{d.period_start.isoformat()}..{d.period_end.isoformat()}",
        "k": d.years_owed,
    }


def excluded(req: Requirement) -> dict[str, str]:
    return {e.id: e.reason for e in req.excluded}


def policy_data(name: str) -> dict[str, Any]:
    """A shipped renewal policy file, decoded, for a test to change."""
    text = (
        resources.files("endorse.eligibility")
        .joinpath("policies", "renewal", f"{name}.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data
