"""Policy versions are data: both ship, and code holds no requirement number."""

import json
from pathlib import Path

import pytest

from endorse.eligibility import PolicyError, load_policy, policy_names
from endorse.eligibility.policy import policy_from_data

POLICIES = Path(__file__).resolve().parents[2] / "src" / "endorse" / "eligibility" / "policies"


def test_the_three_policy_versions_ship_seed_first():
    assert policy_names() == ("seed", "2024", "2025")


def test_unknown_policy_is_refused():
    with pytest.raises(PolicyError, match="unknown policy 'x'; expected one of seed, 2024, 2025"):
        load_policy("x")


def test_malformed_policy_file_is_refused_with_the_key():
    data = json.loads((POLICIES / "seed.json").read_text())
    del data["rsc"]["by_kind"]["clinical"]["hours"]
    with pytest.raises(PolicyError, match="malformed policy file: KeyError\\('hours'\\)"):
        policy_from_data(data)


def test_a_number_changed_in_data_changes_the_verdict():
    """Numbers live in policy data: a copy of seed asking 60 RS/C hours refuses 50."""
    from endorse.eligibility import evaluate, parse_portfolio

    from .builders import complete

    data = json.loads((POLICIES / "seed.json").read_text())
    data["rsc"]["by_kind"]["clinical"]["hours"] = 60
    strict = policy_from_data(data)
    portfolio = parse_portfolio(complete())
    assert evaluate(portfolio).requirement("rsc").status == "met"
    assert evaluate(portfolio, policy=strict).requirement("rsc").status == "not_met"


def test_seed_policy_holds_the_seed_numbers():
    seed = load_policy("seed")
    assert (
        seed.training.by_kind["clinical"].total_hours,
        seed.rsc.by_kind["clinical"].hours,
        seed.rsc.by_kind["clinical"].min_years,
        seed.rsc.by_kind["clinical"].max_years,
    ) == (30, 50, 1, 2)
    assert sorted(seed.education.by_kind["clinical"].degree_types) == sorted(
        ["MA", "MS", "MEd", "EdD", "MSW", "MSN", "PsyD", "PhD", "DO", "MD"]
    )
    assert [p.years for p in seed.work_experience.by_kind["clinical"].parts] == [2, 3]
    assert sorted(seed.references.endorsed_levels) == ["II", "III", "IV"]


@pytest.mark.parametrize("name", ["seed", "2024"])
def test_the_exam_numbers_are_policy_data(name):
    """PROCESS.md 5: Part 1 has 60 questions and passes at 80 % (no more than 12 wrong)."""
    exam = load_policy(name).exam
    assert (exam.part1_questions, exam.part1_pass) == (60, 48)
