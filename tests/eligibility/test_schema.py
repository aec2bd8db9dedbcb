"""The published JSON Schema agrees with the model: shipped copies are current, and the parser
and a standard JSON Schema validator accept and refuse the same documents."""

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings

from endorse.eligibility import PortfolioError, known_categories, parse_portfolio
from endorse.eligibility.portfolio import date_in_range
from endorse.eligibility.schema import build_schema, schema_text, shipped_schema

from .strategies import any_dates, documents, mutated_documents

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = jsonschema.Draft202012Validator(
    shipped_schema(), format_checker=jsonschema.FormatChecker()
)


def _parser_accepts(doc):
    try:
        parse_portfolio(doc, known_categories=known_categories())
    except PortfolioError:
        return False
    return True


def test_schema_shipped_in_the_package_is_generated_from_the_model():
    assert shipped_schema() == build_schema(known_categories())


def test_schema_copy_in_docs_is_identical_to_the_packaged_one():
    assert (ROOT / "docs" / "portfolio.schema.json").read_text() == schema_text(shipped_schema())


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(shipped_schema())


def test_schema_accepts_every_example():
    for path in sorted((ROOT / "examples").glob("*.json")):
        VALIDATOR.validate(json.loads(path.read_text()))


def test_schema_and_parser_both_refuse_the_invalid_example():
    doc = json.loads((ROOT / "examples" / "invalid" / "bad-input.json").read_text())
    assert (VALIDATOR.is_valid(doc), _parser_accepts(doc)) == (False, False)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_schema_and_parser_accept_the_same_valid_documents(doc):
    assert (VALIDATOR.is_valid(doc), _parser_accepts(doc)) == (True, True)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_schema_and_parser_agree_on_damaged_documents(doc):
    """Except the rules the schema states only in prose (end_on before start_on), which the
    mutations never produce, the two judge every document alike."""
    assert VALIDATOR.is_valid(doc) == _parser_accepts(doc)


@given(any_dates)
def test_schema_date_pattern_accepts_exactly_the_range(day):
    """Security review finding 10: the schema's date pattern states the parser's range."""
    doc = {"format": "imh-portfolio/1", "category": "mentor-clinical", "as_of": day.isoformat()}
    assert VALIDATOR.is_valid(doc) == _parser_accepts(doc) == date_in_range(day)
