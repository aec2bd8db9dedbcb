"""Properties that hold for every portfolio (hypothesis)."""

import copy
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endorse.eligibility import (
    PortfolioError,
    dump_portfolio,
    evaluate,
    known_categories,
    load_portfolio,
    parse_portfolio,
)
from endorse.eligibility.calendar import (
    add_years,
    inclusive_days,
    is_less_than_a_year_old,
    shift_days,
    span_end,
    union_days,
)
from endorse.eligibility.checklist import OVERALL_WORDS, render_checklist
from endorse.eligibility.portfolio import DATE_RANGE_TEXT

from .builders import complete, degree, rsc, training, work
from .strategies import (
    accepted_dates,
    any_dates,
    date_paths,
    documents,
    portfolios_with_any_dates,
    refused_dates,
    rsc_entries,
    set_path,
    trainings,
    work_entries,
)

# How many examples: the profile's (tests/conftest.py), few locally and many in CI.
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])
LISTS = ("degrees", "certificates", "trainings", "work", "leadership", "rsc", "references")


def _evaluate(doc):
    return evaluate(
        parse_portfolio(json.loads(json.dumps(doc)), known_categories=known_categories())
    ).to_data()


def _comparable(data):
    """The result with entry lists as sets: their order follows the input's."""
    for requirement in data["requirements"]:
        requirement["counted"] = sorted(requirement["counted"])
        requirement["excluded"] = sorted((e["id"], e["reason"]) for e in requirement["excluded"])
        for key in ("missing",):
            requirement[key] = sorted(requirement[key])
        if requirement.get("window"):
            requirement["window"]["entries"] = sorted(requirement["window"]["entries"])
        for slot_entry in requirement.get("coverage", []):
            slot_entry["entries"] = sorted(slot_entry["entries"])
    return data


def _with_unique_ids(doc):
    for name in LISTS:
        for index, entry in enumerate(doc.get(name, [])):
            entry["id"] = f"{name}-{index}"
    return doc


@SETTINGS
@given(documents(), st.randoms(use_true_random=False))
def test_order_of_entries_never_changes_the_result(doc, rnd):
    doc = _with_unique_ids(doc)
    shuffled = copy.deepcopy(doc)
    for name in LISTS:
        rnd.shuffle(shuffled[name])
    first, second = _comparable(_evaluate(doc)), _comparable(_evaluate(shuffled))
    # Reference slots may be filled by different, equally good raters; compare how many.
    for data in (first, second):
        data["requirements"][5].pop("slots")
        data["requirements"][5]["counted"] = len(data["requirements"][5]["counted"])
        data["requirements"][5]["excluded"] = len(data["requirements"][5]["excluded"])
    assert first == second


@SETTINGS
@given(documents())
def test_portfolio_survives_a_json_round_trip_unchanged(doc):
    portfolio = parse_portfolio(doc)
    assert load_portfolio(dump_portfolio(portfolio)) == portfolio


def _status(doc, requirement_id):
    return next(r["status"] for r in _evaluate(doc)["requirements"] if r["id"] == requirement_id)


# Each monotonicity property first makes the generated portfolio meet the requirement with one
# known entry (and checks that it does), so every example exercises the property.
ENOUGH_TRAINING = training(
    "enough", 48, start_on="2019-01-07", topics=["imh", "rsc_provision", "dei"]
)
DEGREE_2000 = degree("grad", conferred_on="2000-06-01")
ALL_WORK = work(
    "enough",
    "2000-06-01",
    None,
    ["imh_direct_service", "rsc_provision", "policy_leadership", "university_teaching"],
)
ENOUGH_RSC = rsc("enough", "2019-01-01", "2019-12-31", 60, focus="rsc_provided")


@SETTINGS
@given(documents(), trainings())
def test_adding_a_training_never_turns_met_into_not_met(doc, entry):
    doc["trainings"].append(ENOUGH_TRAINING)
    assert _status(doc, "training") == "met"
    doc["trainings"].append(entry)
    assert _status(doc, "training") == "met"


@SETTINGS
@given(documents(), work_entries())
def test_adding_work_never_turns_met_into_not_met(doc, entry):
    doc["degrees"].append(DEGREE_2000)
    doc["work"].append(ALL_WORK)
    assert _status(doc, "work_experience") == "met"
    doc["work"].append(entry)
    assert _status(doc, "work_experience") == "met"


@SETTINGS
@given(documents(), rsc_entries())
def test_adding_rsc_never_turns_met_into_not_met_under_seed(doc, entry):
    doc["policy"] = "seed"
    doc["category"] = "mentor-clinical"  # RS/C is required (and so met or not) only for Clinical
    doc["rsc"].append(ENOUGH_RSC)
    assert _status(doc, "rsc") == "met"
    doc["rsc"].append(entry)
    assert _status(doc, "rsc") == "met"


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, 1500), st.integers(0, 500), st.integers(0, 30)),
        min_size=1,
        max_size=12,
    )
)
def test_rsc_window_search_agrees_with_brute_force(spans):
    """The O(n log n) sweep finds a qualifying window exactly when trying every subset does."""
    from datetime import date, timedelta

    from endorse.eligibility.calendar import span_end

    base = date(2022, 1, 1)
    entries = [
        rsc(
            f"r{i}",
            (base + timedelta(days=s)).isoformat(),
            (base + timedelta(days=s + d)).isoformat(),
            h,
        )
        for i, (s, d, h) in enumerate(spans)
    ]
    doc = complete()
    doc["rsc"] = entries
    doc["as_of"] = "2026-11-24"
    as_of = date(2026, 11, 24)  # entries running past it are cut at it, as the rule says
    intervals = [
        (base + timedelta(days=s), min(base + timedelta(days=s + d), as_of), h) for s, d, h in spans
    ]
    brute = False
    best = 0
    for mask in range(1, 2 ** len(intervals)):
        chosen = [intervals[i] for i in range(len(intervals)) if mask >> i & 1]
        start, end = min(c[0] for c in chosen), max(c[1] for c in chosen)
        total = sum(c[2] for c in chosen)
        if end <= span_end(start, 2):
            best = max(best, total)
            if total >= 50 and end >= span_end(start, 1):
                brute = True
    result = _evaluate(doc)["requirements"][4]
    assert (result["status"] == "met") == brute
    if not brute:
        assert result["have"] == best


# Security review finding 10: dates far from today. --------------------------------------------


@SETTINGS
@given(documents(), refused_dates, st.data())
def test_a_date_outside_the_range_is_refused_naming_its_path(doc, day, data):
    """Security review finding 10: any date before 1900-01-01 or after 2100-12-31, anywhere in
    a portfolio, is the one problem reported, at its path."""
    path = data.draw(st.sampled_from(date_paths(doc)))
    set_path(doc, path, day.isoformat())
    with pytest.raises(PortfolioError) as caught:
        parse_portfolio(doc, known_categories=known_categories())
    dotted = ".".join(str(step) for step in path)
    assert [str(p) for p in caught.value.problems] == [
        f"{dotted}: {day.isoformat()} is outside the dates a portfolio may hold, {DATE_RANGE_TEXT}"
    ]


@SETTINGS
@given(documents(), accepted_dates)
def test_a_portfolio_dated_anywhere_in_the_range_is_read_and_evaluated(doc, day):
    """Security review finding 10: every date of the range, its first and last days included,
    is accepted and evaluated, here with every date of the portfolio on that one day."""
    for path in date_paths(doc):
        set_path(doc, path, day.isoformat())
    data = _evaluate(doc)
    assert data["as_of"] == day.isoformat()


@SETTINGS
@given(portfolios_with_any_dates(), any_dates)
def test_the_engine_never_overflows_whatever_the_dates(portfolio, today):
    """Security review finding 10: a portfolio built without the parser (from stored rows) may
    hold any date Python can represent; evaluating and printing it still gives a verdict."""
    result = evaluate(portfolio, today=today)
    assert result.as_of == (portfolio.as_of or today)
    assert f"Overall: {OVERALL_WORDS[result.overall]}" in render_checklist(result).splitlines()
    assert [r["id"] for r in result.to_data()["requirements"]] == [
        r.id for r in result.requirements
    ]


@SETTINGS
@given(any_dates, any_dates, st.integers(-20, 20))
def test_calendar_arithmetic_is_total_and_keeps_the_order_of_days(first, second, years):
    """Security review finding 10: on any two dates the arithmetic answers (never overflows) and
    a later day never gives an earlier answer."""
    early, late = sorted((first, second))
    assert add_years(early, years) <= add_years(late, years)
    assert span_end(early, years) <= span_end(late, years)
    assert shift_days(early, years * 400) <= shift_days(late, years * 400)
    if years >= 1:
        assert early <= span_end(early, years)
    assert union_days([(early, late), (late, late)]) == inclusive_days(early, late)
    assert isinstance(is_less_than_a_year_old(early, late, abs(years)), bool)
    assert date.min <= shift_days(early, -(10**9)) <= shift_days(late, 10**9) <= date.max
