"""The evidence table: one declaration per section, from which both directions of the mapping
between rows and the engine's portfolio are derived."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.core.exceptions import FieldDoesNotExist

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
            assert {k: v for k, v in mine.items() if k in theirs} == theirs, section.key


def _without_id(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k != "id"}
