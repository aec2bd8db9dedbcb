"""The evidence table: one declaration per section, from which both directions of the mapping
between rows and the engine's portfolio are derived."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.core.exceptions import FieldDoesNotExist

from endorse.applications import domain as applications
from endorse.applications.evidence import EVIDENCE, EvidenceSection
from endorse.applications.models import Degree
from endorse.applications.queries import applications_with_evidence, portfolio_for
from endorse.eligibility import portfolio as p
from endorse.eligibility.parse import portfolio_to_data

from ..conftest import EXAMPLES, imported


def _engine_fields(entry: type, prefix: str = "") -> set[str]:
    names = set()
    for spec in entry.FIELDS:
        if spec.name == "id":
            continue
        if spec.kind == "object":
            names |= _engine_fields(getattr(p, spec.item), f"{prefix}{spec.name}_")
        else:
            names.add(f"{prefix}{spec.name}")
    return names


@pytest.mark.parametrize("section", EVIDENCE, ids=lambda s: s.key)
def test_every_field_the_engine_reads_has_a_column(section):
    """Each field of the engine's table for the section is a column the mapping reads and
    writes; a field the engine reads with no column on the model fails here (and at start-up)."""
    assert set(section.column_names) == _engine_fields(section.entry)
    for name in section.column_names:
        section.model._meta.get_field(name)


def test_an_engine_field_without_a_model_column_is_refused():
    """Adding a field to the engine's table without its column cannot go unnoticed."""

    @dataclasses.dataclass(frozen=True)
    class Wider(p.Degree):
        FIELDS = (*p.Degree.FIELDS, p.Field("honours", "string", nullable=True))

    section = EvidenceSection("degrees", "degrees", Degree, Wider, "d", "education")
    with pytest.raises(FieldDoesNotExist):
        section.columns  # noqa: B018


def test_every_list_of_the_portfolio_is_a_section():
    """The portfolio's evidence lists and the table's sections are the same, in the same order."""
    lists = [(f.name, f.item) for f in p.Portfolio.FIELDS if f.kind == "list"]
    assert [(s.key, s.entry.__name__) for s in EVIDENCE] == lists
    assert len({s.prefix for s in EVIDENCE}) == len(EVIDENCE)


@pytest.mark.parametrize(
    "example", ["clinical-complete", "policy-ready-for-exam", "research-faculty-awaiting-review"]
)
def test_a_trusted_file_round_trips_through_the_rows(applicant, example):
    """What a trusted file holds comes back from the rows unchanged (apart from entry ids, which
    become the rows' own)."""
    application = imported(applicant, example)
    stored = portfolio_to_data(portfolio_for(applications_with_evidence().get(pk=application.pk)))
    original = json.loads((EXAMPLES / f"{example}.json").read_text())
    for section in EVIDENCE:
        kept = [_without_id(e) for e in stored.get(section.key) or []]
        given = [_without_id(e) for e in original.get(section.key) or []]
        assert len(kept) == len(given), section.key
        for mine, theirs in zip(kept, given, strict=True):
            assert _given_keys(mine, theirs) == theirs, section.key


# An IMHS file under 2025 holding every field the categories added.
EVERY_NEW_FIELD = {
    "format": "imh-portfolio/1",
    "category": "ec-mh-specialist",
    "policy": "2025",
    "licenses": [
        {
            "kind": "mental_health",
            "jurisdiction": "Michigan",
            "number": "6801-123",
            "issued_on": "2019-05-01",
            "expires_on": None,
            "verified": True,
            "competencies": ["thinking"],
        }
    ],
    "trainings": [
        {
            "title": "Early childhood mental health",
            "start_on": "2024-03-01",
            "hours": 12,
            "relationship_based": True,
            "age_bands": ["infant", "early_childhood"],
        }
    ],
    "work": [
        {
            "employer": "Oak Family Services",
            "position": "Therapist",
            "start_on": "2018-01-01",
            "end_on": "2018-12-31",
            "kinds": ["parent_infant_psychotherapy"],
            "supervised": True,
            "infant_and_parent": True,
            "age_bands": ["early_childhood"],
            "paid": False,
            "specialized_training": True,
            "families_served": 12,
            "social_emotional_focus": True,
            "relationship_focus": True,
            "license_status": "license_eligible",
            "internship": True,
            "internship_supervisor": {
                "name": "Dr. Ana Reyes",
                "endorsement": "ECMHS",
                "ers": True,
                "approved": True,
            },
        }
    ],
    "rsc": [
        {
            "provider": {
                "name": "Dr. Ana Reyes",
                "endorsement": "IMHS",
                "ers": True,
                "approved": True,
            },
            "format": "individual",
            "start_on": "2024-01-01",
            "end_on": "2024-12-31",
            "hours": 50,
            "age_bands": ["early_childhood"],
        }
    ],
    "references": [
        {
            "name": "Sam Lee",
            "email": "sam@example.org",
            "role": "colleague",
            "status": "completed",
            "completed_on": "2025-01-10",
            "vetted": True,
        }
    ],
    "exam": {"result": "passed", "taken_on": "2025-03-01", "age_band": "early_childhood"},
}


def test_a_trusted_file_with_every_new_field_round_trips_through_the_rows(applicant):
    """Licences, age bands, the new work and provider fields, a vetted rater and the exam's age
    band are stored and read back as the file gave them."""
    application = applications.application_import(
        applicant=applicant, text=json.dumps(EVERY_NEW_FIELD).encode(), trusted=True
    )
    stored = portfolio_to_data(portfolio_for(applications_with_evidence().get(pk=application.pk)))
    for key in ("licenses", "trainings", "work", "rsc", "references"):
        kept = [
            _given_keys(_without_id(e), given)
            for e, given in zip(stored[key], EVERY_NEW_FIELD[key], strict=True)
        ]
        assert kept == EVERY_NEW_FIELD[key], key
    assert stored["exam"] == EVERY_NEW_FIELD["exam"]


def test_an_untrusted_file_leaves_licences_vetting_and_supervisors_to_staff(applicant):
    """A file the applicant imports cannot verify their licence, vet their rater or approve
    their internship supervisor."""
    application = applications.application_import(
        applicant=applicant, text=json.dumps(EVERY_NEW_FIELD).encode(), trusted=False
    )
    stored = portfolio_to_data(portfolio_for(applications_with_evidence().get(pk=application.pk)))
    assert [e["verified"] for e in stored["licenses"]] == [None]
    assert [e["vetted"] for e in stored["references"]] == [None]
    assert [e["internship_supervisor"]["approved"] for e in stored["work"]] == [False]


def _given_keys(mine: dict, theirs: dict) -> dict:
    """`mine` with only the keys `theirs` gives, inside objects too."""
    return {
        k: _given_keys(v, theirs[k]) if isinstance(v, dict) and isinstance(theirs[k], dict) else v
        for k, v in mine.items()
        if k in theirs
    }


def _without_id(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k != "id"}
