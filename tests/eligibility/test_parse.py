"""PORTFOLIO.md: reading portfolio files, with every problem named by its field path."""

import json
import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from endorse.devtools.bench import synthetic_portfolio
from endorse.eligibility import (
    PortfolioError,
    decode_json,
    dump_portfolio,
    known_categories,
    load_portfolio,
    parse,
)
from endorse.eligibility.portfolio import Portfolio

from .builders import complete
from .strategies import documents, mutated_documents

SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])


def problems_of(doc_or_text):
    text = doc_or_text if isinstance(doc_or_text, str) else json.dumps(doc_or_text)
    with pytest.raises(PortfolioError) as caught:
        load_portfolio(text, known_categories=known_categories())
    return [str(p) for p in caught.value.problems]


def test_parse_complete_document_reads_hours_as_exact_decimals():
    portfolio = load_portfolio(
        json.dumps(
            complete()
            | {"trainings": [{"start_on": "2024-01-01", "hours": 12.5, "relationship_based": True}]}
        )
    )
    assert portfolio.trainings[0].hours == Decimal("12.5")


def test_parse_invalid_json_names_the_position():
    assert problems_of('{"format": ') == [
        "(document): not valid JSON: Expecting value: line 1 column 12 (char 11)"
    ]


def test_parse_rejects_nan():
    assert problems_of('{"format": NaN}')[0].startswith("(document): not valid JSON")


def test_parse_document_must_be_an_object():
    assert problems_of("[]") == ["(document): expected an object, got a list"]


def test_parse_unknown_keys_are_an_error():
    """PORTFOLIO.md: unknown keys are an error (a typo must not silently drop evidence)."""
    doc = complete()
    doc["trainings"][0]["hourz"] = 3
    assert problems_of(doc) == [
        "trainings.0.hourz: unknown key; expected one of age_bands, competencies, end_on, hours, id, provider, relationship_based, start_on, title, topics"
    ]


def test_parse_refuses_a_nul_character_in_any_text_naming_the_field():
    """Security review finding 12, kept closed: a NUL inside a file's text (which PostgreSQL
    cannot store) is a problem named by its path, never a failure when the file is saved."""
    doc = complete()
    doc["trainings"][0]["title"] = "Infant\u0000 mental health"
    doc["work"][0]["kinds"] = ["imh_direct_service\u0000"]
    assert problems_of(doc) == [
        "trainings.0.title: contains a NUL character",
        "work.0.kinds.0: 'imh_direct_service\\x00' is not one of imh_direct_service, rsc_provision, policy_leadership, program_administration, university_teaching, research, family_service, prevention_service, parent_infant_psychotherapy",
    ]


def test_parse_wrong_types_name_the_field():
    doc = complete()
    doc["trainings"][0]["hours"] = "12"
    doc["work"][0]["supervised"] = "yes"
    doc["degrees"] = {"type": "MSW"}
    assert problems_of(doc) == [
        "degrees: expected a list, got an object",
        "trainings.0.hours: expected a number, got text",
        "work.0.supervised: expected true or false, got text",
    ]


def test_parse_impossible_date():
    doc = complete()
    doc["degrees"][0]["conferred_on"] = "2025-02-30"
    assert problems_of(doc) == ["degrees.0.conferred_on: 2025-02-30 is not a real date"]


@pytest.mark.parametrize("value", ["2025-2-3", "20250203", "2025-02-03T00:00:00", 20250203])
def test_parse_dates_must_be_written_yyyy_mm_dd(value):
    doc = complete()
    doc["degrees"][0]["conferred_on"] = value
    assert problems_of(doc)[0].startswith("degrees.0.conferred_on: expected a date as YYYY-MM-DD")


def _set(doc, path, value):
    *parents, last = [int(step) if step.isdigit() else step for step in path.split(".")]
    for step in parents:
        doc = doc[step]
    doc[last] = value


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("rsc.0.start_on", "0001-01-01"),
        ("degrees.0.conferred_on", "1899-12-31"),
        ("as_of", "2101-01-01"),
        ("ethics.signed_on", "9999-12-31"),
    ],
)
def test_parse_dates_outside_the_accepted_range_name_the_field(path, value):
    """Security review finding 10: a date before 1900 or after 2100 is refused, naming its path,
    like any other bad value."""
    doc = complete()
    _set(doc, path, value)
    assert problems_of(doc) == [
        f"{path}: {value} is outside the dates a portfolio may hold, 1900-01-01 to 2100-12-31"
    ]


def test_parse_the_first_and_last_accepted_dates():
    """Security review finding 10: the bounds themselves are accepted."""
    doc = complete()
    doc["degrees"][0]["conferred_on"] = "1900-01-01"
    doc["as_of"] = "2100-12-31"
    portfolio = load_portfolio(json.dumps(doc), known_categories=known_categories())
    assert (portfolio.degrees[0].conferred_on.isoformat(), str(portfolio.as_of)) == (
        "1900-01-01",
        "2100-12-31",
    )


def test_parse_end_before_start():
    """PORTFOLIO.md: end_on must not be before start_on."""
    doc = complete()
    doc["rsc"][0]["end_on"] = "2023-12-31"
    assert problems_of(doc) == ["rsc.0.end_on: ends (2023-12-31) before it starts (2024-01-01)"]


def test_parse_negative_hours():
    """PORTFOLIO.md: hours must not be negative."""
    doc = complete()
    doc["rsc"][0]["hours"] = -1
    assert problems_of(doc) == ["rsc.0.hours: must not be negative, got -1"]


def test_parse_unknown_category_lists_the_known_ones():
    doc = complete()
    doc["category"] = "mentor-astronaut"
    assert problems_of(doc) == [
        "category: unknown category 'mentor-astronaut'; expected one of ec-family-associate, ec-family-specialist, ec-mentor-clinical, ec-mentor-policy, ec-mentor-research-faculty, ec-mh-specialist, family-associate, family-specialist, mentor-clinical, mentor-policy, mentor-research-faculty, mh-specialist"
    ]


def test_parse_wrong_format():
    doc = complete()
    doc["format"] = "imh-portfolio/2"
    assert problems_of(doc) == ["format: expected 'imh-portfolio/1', got 'imh-portfolio/2'"]


def test_parse_enum_values_are_checked():
    doc = complete()
    doc["references"][0]["role"] = "boss"
    doc["degrees"][0]["competencies"] = ["reflection", "juggling"]
    assert problems_of(doc) == [
        "degrees.0.competencies.1: 'juggling' is not one of theoretical_foundations, law_regulation_agency_policy, systems_expertise, direct_service_skills, working_with_others, communicating, thinking, reflection",
        "references.0.role: 'boss' is not one of program_supervisor, teacher, trainer, consultant, colleague, rsc_provider, supervisee, department_chair, student, cda_mentor, service_recipient, board_member",
    ]


def test_parse_required_fields_and_every_problem_reported_at_once():
    doc = {
        "format": "imh-portfolio/1",
        "category": "mentor-clinical",
        "membership": {"association": "MI-AIMH"},
        "ethics": {},
    }
    assert problems_of(doc) == ["ethics.signed_on: required", "membership.expires_on: required"]


def test_parse_completed_reference_needs_completed_on():
    doc = complete()
    doc["references"][0]["completed_on"] = None
    assert problems_of(doc) == ["references.0.completed_on: required when status is completed"]


def test_parse_lists_and_sections_may_be_absent_or_null():
    """PORTFOLIO.md: lists may be empty or absent; ethics, exam, membership and review may be null or absent."""
    portfolio = load_portfolio(
        json.dumps(
            {
                "format": "imh-portfolio/1",
                "category": "mentor-policy",
                "degrees": None,
                "ethics": None,
            }
        )
    )
    assert (
        portfolio.degrees,
        portfolio.ethics,
        portfolio.exam,
        portfolio.as_of,
        portfolio.policy,
    ) == ((), None, None, None, None)


def test_parse_not_utf8():
    assert problems_of_bytes(b'{"format": "\xff"}') == ["(document): the file is not UTF-8 text"]


def problems_of_bytes(data):
    with pytest.raises(PortfolioError) as caught:
        load_portfolio(data)
    return [str(p) for p in caught.value.problems]


def test_dump_then_load_gives_the_same_portfolio():
    portfolio = load_portfolio(json.dumps(complete()))
    assert load_portfolio(dump_portfolio(portfolio)) == portfolio


def test_parse_python_data_with_an_infinite_number_is_a_problem_not_a_crash():
    """Callers may hand the parser Python data, where floats can be infinite."""
    from endorse.eligibility import parse_portfolio

    doc = complete()
    doc["references"][0]["not_enough_information"] = float("inf")
    doc["trainings"][0]["hours"] = float("nan")
    with pytest.raises(PortfolioError) as caught:
        parse_portfolio(doc)
    assert [str(p) for p in caught.value.problems] == [
        "trainings.0.hours: expected a finite number",
        "references.0.not_enough_information: expected a finite number",
    ]


# The fast reader (parse.py) reads valid documents; the reporting reader every other one. ------


def _both_readers(data):
    """What the fast reader gives (None when it refuses) and what the reporting reader gives
    (None when it reports a problem)."""
    try:
        fast = parse._fast_reader(Portfolio)(data)
    except parse._FALLBACK:
        fast = None
    problems = []
    reported = parse._read_object(data, "", Portfolio, problems)
    return fast, None if problems else reported


@SETTINGS
@given(documents())
def test_fast_reader_reads_a_valid_document_as_the_reporting_reader_does(doc):
    data = decode_json(json.dumps(doc))
    fast, reported = _both_readers(data)
    assert reported is not None
    assert fast == reported


@SETTINGS
@given(mutated_documents())
def test_fast_reader_never_accepts_what_the_reporting_reader_refuses(doc):
    fast, reported = _both_readers(decode_json(json.dumps(doc)))
    assert fast is None or fast == reported


def test_fast_reader_reads_the_benchmark_portfolios_as_the_reporting_reader_does():
    rnd = random.Random(7)
    for _ in range(20):
        fast, reported = _both_readers(decode_json(json.dumps(synthetic_portfolio(rnd))))
        assert fast == reported
        assert fast is not None


@pytest.mark.parametrize(
    "value",
    ["2025-2-3", "20250203", "2025-W05-1", "٢٠٢٥-٠٢-٠٣", "2025-02-03 ", "2025-02-30", "1899-12-31"],
)
def test_fast_reader_refuses_every_date_not_written_yyyy_mm_dd_in_range(value):
    doc = complete()
    doc["degrees"][0]["conferred_on"] = value
    assert _both_readers(decode_json(json.dumps(doc))) == (None, None)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("trainings.0.hours", "12"),
        ("trainings.0.hours", True),
        ("trainings.0.hours", -0.5),
        ("references.0.not_enough_information", 2.0),
        ("trainings.0.topics", [["imh"]]),
        ("trainings.0.age_bands", []),
        ("format", "imh-portfolio/2"),
    ],
)
def test_fast_reader_leaves_unusual_values_to_the_reporting_reader(path, value):
    """Text for a number, whole-number decimals, nested lists and the like are read by the
    reporting reader alone; what it makes of them is unchanged."""
    doc = complete()
    _set(doc, path, value)
    fast, _ = _both_readers(decode_json(json.dumps(doc)))
    assert fast is None
