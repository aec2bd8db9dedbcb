"""The renewal file's JSON Schema agrees with the model: the shipped copies are current, and the
parser and a standard validator accept and refuse the same example documents."""

import json
from pathlib import Path

import jsonschema

from endorse.eligibility.renewal_parse import RenewalError, parse_renewal_file
from endorse.eligibility.renewal_schema import build_renewal_schema, shipped_renewal_schema
from endorse.eligibility.schema import schema_text

from .renewal_builders import renewal

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = jsonschema.Draft202012Validator(
    shipped_renewal_schema(), format_checker=jsonschema.FormatChecker()
)


def _parser_accepts(doc):
    try:
        parse_renewal_file(doc)
    except RenewalError:
        return False
    return True


def test_renewal_schema_shipped_in_the_package_is_generated_from_the_model():
    assert shipped_renewal_schema() == build_renewal_schema()


def test_renewal_schema_copy_in_docs_is_identical_to_the_packaged_one():
    assert (ROOT / "docs" / "renewal.schema.json").read_text() == schema_text(
        shipped_renewal_schema()
    )


def test_renewal_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(shipped_renewal_schema())


def test_renewal_schema_accepts_every_example():
    for path in sorted((ROOT / "examples" / "renewal").glob("*.json")):
        VALIDATOR.validate(json.loads(path.read_text()))


def test_renewal_schema_and_parser_agree_on_format_errors():
    """RULES-renewal.md 2: format errors are the schema's; both accept the builders' file and
    refuse each damaged copy."""
    good = renewal()
    damaged = [
        renewal(kind="renew"),
        renewal(extra=1),
        renewal(endorsement={"number": "x", "category": "mh-specialist"}),
        renewal(fee={"paid_on": None}),
        renewal(ethics={"version": "2024"}),
        renewal(trainings=[{"start_on": "2026-01-01", "hours": -1, "relationship_based": True}]),
        {
            **renewal(),
            "endorsement": {**renewal()["endorsement"], "inactive": [{"reactivated_on": None}]},
        },
        renewal(policy=7),
    ]
    assert (VALIDATOR.is_valid(good), _parser_accepts(good)) == (True, True)
    assert [(VALIDATOR.is_valid(d), _parser_accepts(d)) for d in damaged] == [(False, False)] * len(
        damaged
    )
