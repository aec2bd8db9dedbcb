"""`endorse bench`: how fast the eligibility engine evaluates realistic Mentor – Clinical portfolios,
and then portfolios of every category under `2025`.

Each synthetic portfolio has 1–2 degrees, 40 trainings, 8 work entries, 30 RS/C entries and 4
references, with dates, hours, providers and roles drawn from a seeded random generator (so two
runs time the same work). Printed figures:

- median microseconds per evaluation, parsing excluded (portfolio objects already built) and
  included (JSON text in, result out);
- evaluations per second on one core;
- the ratio of the evaluation time to a floor loop that merely touches every entry once;
- the ratio of parse + evaluate to `json.loads` of the same texts (plain, no `Decimal`);
- per category (RULES-categories.md 1), on a tenth as many portfolios of the same size adapted to
  it (its work kinds, RS/C providers, raters, age bands, a licence or an internship where the
  category reads them) and evaluated under `2025`: the median microseconds per evaluation, with
  and without parsing, and the verdicts. The Mentor – Clinical figures above are unchanged by
  this second part, which draws from its own generator.

Timing rounds run with the garbage collector paused, as `timeit` does, and interleave the four
measurements so that a slow moment of a shared machine hits them alike; medians are reported,
and the ratio is the median of the per-round ratios. This is a benchmark, not a test: it prints,
and asserts nothing about speed.
"""

from __future__ import annotations

import gc
import json
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from endorse.eligibility import Portfolio, evaluate, load_policy, load_portfolio
from endorse.eligibility.portfolio import COMPETENCY_DOMAINS

AS_OF = date(2026, 11, 24)


def synthetic_portfolio(rnd: random.Random) -> dict[str, Any]:
    """One realistic Mentor – Clinical portfolio document."""

    def day(low: date, high: date) -> date:
        return low + timedelta(days=rnd.randrange((high - low).days + 1))

    def domains() -> list[str]:
        return rnd.sample(COMPETENCY_DOMAINS, rnd.randint(0, 2))

    graduated = day(date(2000, 1, 1), date(2012, 12, 31))
    degrees: list[dict[str, Any]] = [
        {
            "id": "d1",
            "type": rnd.choice(["MSW", "MA", "PhD", "MSN"]),
            "conferred_on": graduated.isoformat(),
            "transcript": rnd.choice(["verified", "verified", "received"]),
            "competencies": domains(),
        }
    ]
    if rnd.random() < 0.5:
        degrees.append(
            {
                "id": "d2",
                "type": "other",
                "conferred_on": (graduated - timedelta(days=1500)).isoformat(),
                "transcript": "verified",
                "accepted": rnd.choice([None, True, False]),
            }
        )
    trainings = []
    for i in range(40):
        start = day(graduated, AS_OF + timedelta(days=30))
        trainings.append(
            {
                "id": f"t{i}",
                "start_on": start.isoformat(),
                "end_on": (start + timedelta(days=rnd.randint(0, 2))).isoformat()
                if rnd.random() < 0.4
                else None,
                "hours": rnd.choice([1, 1.5, 2, 3, 4, 6, 7.5]),
                "relationship_based": rnd.random() < 0.85,
                "topics": rnd.sample(["imh", "rsc_provision", "dei"], rnd.randint(0, 2)),
                "competencies": domains(),
            }
        )
    work = []
    cursor = graduated + timedelta(days=rnd.randint(0, 400))
    for i in range(8):
        length = rnd.randint(200, 900)
        end = cursor + timedelta(days=length)
        work.append(
            {
                "id": f"w{i}",
                "start_on": cursor.isoformat(),
                "end_on": None if i == 7 else end.isoformat(),
                "kinds": rnd.sample(
                    ["imh_direct_service", "rsc_provision", "program_administration"],
                    rnd.randint(1, 2),
                ),
                "supervised": rnd.random() < 0.8,
                "infant_and_parent": rnd.random() < 0.8,
                "competencies": domains(),
            }
        )
        cursor = end - timedelta(days=rnd.randint(0, 120))
    rsc = []
    first = AS_OF - timedelta(days=rnd.randint(500, 1100))
    for i in range(30):
        start = first + timedelta(days=30 * i)
        rsc.append(
            {
                "id": f"r{i}",
                "provider": {
                    "name": rnd.choice(["Dr. Ruiz", "Dr. Okafor"]),
                    "endorsement": "IMHM-C",
                    "approved": rnd.random() < 0.9,
                },
                "format": rnd.choice(["individual", "group"]),
                "start_on": start.isoformat(),
                "end_on": (start + timedelta(days=27)).isoformat(),
                "hours": rnd.choice([1, 1.5, 2, 2.5, 3]),
                "focus": rnd.choice(["own_practice", "rsc_provided"]),
                "peer": rnd.random() < 0.05,
                "competencies": domains(),
            }
        )
    roles = ["program_supervisor", "rsc_provider", "supervisee", "colleague"]
    references = [
        {
            "id": f"ref{i}",
            "name": f"Rater {i}",
            "role": role,
            "endorsement": {"level": "IV", "verified": rnd.random() < 0.7} if i == 0 else None,
            "status": "completed" if i < 3 else "requested",
            "completed_on": (AS_OF - timedelta(days=rnd.randint(10, 300))).isoformat()
            if i < 3
            else None,
            "known_years": rnd.randint(1, 10),
        }
        for i, role in enumerate(roles)
    ]
    return {
        "format": "imh-portfolio/1",
        "as_of": AS_OF.isoformat(),
        "category": "mentor-clinical",
        "degrees": degrees,
        "trainings": trainings,
        "work": work,
        "leadership": [
            {
                "id": "l1",
                "designation": "clinical",
                "activity": "Leads a statewide group",
                "level": rnd.choice(["local", "state"]),
                "start_on": "2019-09-01",
            }
        ],
        "rsc": rsc,
        "references": references,
        "ethics": {"signed_on": "2026-08-30", "version": "2024"},
        "exam": {"result": "not_taken"},
        "membership": {"association": "MI-AIMH", "expires_on": "2027-06-30"},
        "review": {"competencies": rnd.choice([None, "accepted"])},
    }


CATEGORY_POLICY = "2025"
# Per kind: the work kinds drawn, the RS/C provider endorsements drawn, the raters' roles.
KIND_WORK = {
    "associate": ["family_service", "prevention_service", "imh_direct_service"],
    "family_specialist": ["prevention_service", "imh_direct_service", "family_service"],
    "mh_specialist": ["parent_infant_psychotherapy", "imh_direct_service"],
    "clinical": ["imh_direct_service", "rsc_provision", "program_administration"],
    "policy": ["policy_leadership", "program_administration", "research"],
    "research_faculty": ["university_teaching", "research", "policy_leadership"],
}
KIND_PROVIDERS: dict[str, list[str | None]] = {
    "associate": ["IFS", "IMHS", None],
    "family_specialist": ["IMHM-C", "IFRS", "IFS", "IMHS"],
    "mh_specialist": ["IMHM-C", "IMHS", "ECMHM-C"],
    "clinical": ["IMHM-C", "ECMHM-C"],
    "policy": ["IMHM-C", None],
    "research_faculty": ["IMHM-C", None],
}
KIND_ROLES = {
    "associate": ["program_supervisor", "trainer", "service_recipient", "colleague"],
    "family_specialist": ["program_supervisor", "rsc_provider", "colleague", "teacher"],
    "mh_specialist": ["program_supervisor", "rsc_provider", "supervisee", "colleague"],
    "clinical": ["program_supervisor", "rsc_provider", "supervisee", "colleague"],
    "policy": ["program_supervisor", "rsc_provider", "colleague", "colleague"],
    "research_faculty": ["department_chair", "colleague", "student", "colleague"],
}
KIND_DEGREES = {
    "associate": ["AA", "BA", "BS", "MSW"],
    "family_specialist": ["BA", "BSW", "MA", "AA"],
    "mh_specialist": ["MSW", "MA", "MAS", "PsyD"],
}
MENTOR_KINDS = ("clinical", "policy", "research_faculty")


def category_portfolio(rnd: random.Random, category: str) -> dict[str, Any]:
    """A synthetic portfolio of `category` under `2025`: the Mentor – Clinical one, adapted."""
    doc = synthetic_portfolio(rnd)
    spec = load_policy(CATEGORY_POLICY).category(category)
    kind, band = spec.kind, spec.band
    doc["category"] = category
    doc["policy"] = CATEGORY_POLICY

    def bands() -> list[str]:
        if band == "infant":
            return rnd.choice([["infant"], ["infant"], ["infant", "early_childhood"]])
        return rnd.choice([["early_childhood"], ["early_childhood"], ["infant", "early_childhood"],
                           ["infant"]])  # fmt: skip

    for entry in doc["trainings"]:
        entry["age_bands"] = bands()
    for entry in doc["work"]:
        entry["age_bands"] = bands()
        entry["kinds"] = rnd.sample(KIND_WORK[kind], rnd.randint(1, 2))
        entry["paid"] = rnd.random() < 0.9
        if kind == "associate" and not entry["paid"]:
            entry["specialized_training"] = rnd.random() < 0.5
        if kind == "family_specialist":
            entry["families_served"] = rnd.choice([None, 2, 4, 6])
            entry["social_emotional_focus"] = rnd.random() < 0.9
            entry["relationship_focus"] = rnd.random() < 0.9
        if kind == "mh_specialist":
            entry["license_status"] = rnd.choice(["licensed", "license_eligible", None])
    if kind == "mh_specialist":
        first = doc["work"][0]
        first.update(internship=True, paid=False, license_status=None)
        first["internship_supervisor"] = {
            "name": "Dr. Lee",
            "endorsement": rnd.choice(["IMHM-C", "IMHS", "IFS"]),
            "approved": rnd.random() < 0.9,
        }
        doc["licenses"] = [
            {
                "id": "lic1",
                "kind": "mental_health",
                "issued_on": doc["degrees"][0]["conferred_on"],
                "expires_on": rnd.choice([None, "2027-12-31", "2026-01-31"]),
                "verified": rnd.choice([True, None]),
            }
        ]
    if kind in KIND_DEGREES:
        doc["degrees"][0]["type"] = rnd.choice(KIND_DEGREES[kind])
        doc["degrees"][0]["accepted"] = True if doc["degrees"][0]["type"] == "AA" else None
    if kind == "associate" and rnd.random() < 0.5:
        doc["certificates"] = [
            {"id": "c1", "kind": "cda", "completed_on": "2015-06-01", "accepted": True}
        ]
    for entry in doc["rsc"]:
        entry["age_bands"] = bands()
        entry["provider"]["endorsement"] = rnd.choice(KIND_PROVIDERS[kind])
        entry["provider"]["ers"] = rnd.random() < 0.5
    for reference, role in zip(doc["references"], KIND_ROLES[kind], strict=True):
        reference["role"] = role
        reference["vetted"] = rnd.choice([None, True, False])
    if kind in MENTOR_KINDS:
        doc["leadership"][0]["designation"] = kind
        doc["exam"] = {"result": "passed", "taken_on": "2026-10-01", "age_band": band}
    doc["membership"]["kind"] = rnd.choice(["individual", "individual", "organizational"])
    return doc


def touch_every_entry(portfolio: Portfolio) -> int:
    """The floor: visit every entry once and read one attribute, nothing more."""
    seen = 0
    for entries in (
        portfolio.degrees,
        portfolio.certificates,
        portfolio.trainings,
        portfolio.work,
        portfolio.leadership,
        portfolio.rsc,
        portfolio.references,
    ):
        for entry in entries:
            seen += entry.id is not None
    return seen


def _microseconds(work: Callable[[], object], count: int) -> float:
    started = time.perf_counter_ns()
    work()
    return (time.perf_counter_ns() - started) / count / 1000


def run_engine_benchmark(
    *, portfolios: int = 2000, repeat: int = 5, seed: int = 20261124
) -> dict[str, float]:
    """Time the engine and print the figures; returns them too."""
    rnd = random.Random(seed)
    texts = [json.dumps(synthetic_portfolio(rnd)) for _ in range(portfolios)]
    parsed = [load_portfolio(text) for text in texts]
    entries = sum(touch_every_entry(p) for p in parsed) / portfolios

    # Rounds interleave the four timings, so a slow moment of a shared machine hits all four
    # alike; the ratio is taken within each round.
    rounds: list[tuple[float, float, float, float]] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            floor_us = _microseconds(lambda: [touch_every_entry(p) for p in parsed], portfolios)
            evaluate_us = _microseconds(
                lambda: [evaluate(p, today=AS_OF) for p in parsed], portfolios
            )
            parse_us = _microseconds(
                lambda: [evaluate(load_portfolio(t), today=AS_OF) for t in texts], portfolios
            )
            json_us = _microseconds(lambda: [json.loads(t) for t in texts], portfolios)
            rounds.append((floor_us, evaluate_us, parse_us, json_us))
    finally:
        if gc_was_enabled:
            gc.enable()
    floor = statistics.median(r[0] for r in rounds)
    evaluate_only = statistics.median(r[1] for r in rounds)
    with_parsing = statistics.median(r[2] for r in rounds)
    ratio = statistics.median(r[1] / r[0] for r in rounds)
    json_only = statistics.median(r[3] for r in rounds)
    json_ratio = statistics.median(r[2] / r[3] for r in rounds)
    overall: dict[str, int] = {}
    for p in parsed:
        verdict = evaluate(p, today=AS_OF).overall
        overall[verdict] = overall.get(verdict, 0) + 1

    figures = {
        "evaluate_us": evaluate_only,
        "evaluate_best_us": min(r[1] for r in rounds),
        "parse_and_evaluate_us": with_parsing,
        "evaluations_per_second": 1_000_000 / evaluate_only,
        "floor_us": floor,
        "ratio_to_floor": ratio,
        "json_loads_us": json_only,
        "ratio_to_json_loads": json_ratio,
    }
    print(
        f"endorse bench: {portfolios} synthetic Mentor – Clinical portfolios, "
        f"{entries:.0f} entries each on average, {repeat} interleaved rounds"
    )
    print(
        f"python {platform.python_version()} on {platform.machine()}, {platform.system()}; seed {seed}"
    )
    print(f"verdicts: {', '.join(f'{k} {v}' for k, v in sorted(overall.items()))}")
    print(
        f"evaluate, parsing excluded   {evaluate_only:10.1f} µs per evaluation (median; best round {figures['evaluate_best_us']:.1f})"
    )
    print(f"parse + evaluate             {with_parsing:10.1f} µs per evaluation (median)")
    print(
        f"evaluations per second       {figures['evaluations_per_second']:10.0f} (one core, median)"
    )
    print(f"floor loop (touch entries)   {floor:10.2f} µs per portfolio (median)")
    print(f"ratio evaluate / floor       {ratio:10.1f} (median of per-round ratios)")
    print(f"json.loads of the same text  {json_only:10.1f} µs per portfolio (median)")
    print(f"ratio parse+evaluate / json  {json_ratio:10.2f} (median of per-round ratios)")
    figures.update(
        run_category_benchmark(portfolios=max(1, portfolios // 10), repeat=repeat, seed=seed + 1)
    )
    return figures


def _evaluate_all(portfolios: list[Portfolio]) -> Callable[[], object]:
    return lambda: [evaluate(p, today=AS_OF) for p in portfolios]


def _parse_and_evaluate_all(texts: list[str]) -> Callable[[], object]:
    return lambda: [evaluate(load_portfolio(t), today=AS_OF) for t in texts]


def run_category_benchmark(*, portfolios: int, repeat: int, seed: int) -> dict[str, float]:
    """Time `portfolios` synthetic portfolios of each category under `2025`; print one line per
    category and return `<category>_evaluate_us` and `<category>_parse_and_evaluate_us`."""
    rnd = random.Random(seed)
    categories = list(load_policy(CATEGORY_POLICY).categories)
    texts = {
        category: [json.dumps(category_portfolio(rnd, category)) for _ in range(portfolios)]
        for category in categories
    }
    parsed = {category: [load_portfolio(t) for t in texts[category]] for category in categories}
    timings: dict[str, list[tuple[float, float]]] = {category: [] for category in categories}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            for category in categories:
                evaluate_us = _microseconds(_evaluate_all(parsed[category]), portfolios)
                parse_us = _microseconds(_parse_and_evaluate_all(texts[category]), portfolios)
                timings[category].append((evaluate_us, parse_us))
    finally:
        if gc_was_enabled:
            gc.enable()
    print(
        f"per category, policy {CATEGORY_POLICY}: {portfolios} portfolios each, {repeat} rounds "
        "(µs per evaluation, medians: parsing excluded / included; verdicts)"
    )
    figures: dict[str, float] = {}
    for category in categories:
        evaluate_only = statistics.median(t[0] for t in timings[category])
        with_parsing = statistics.median(t[1] for t in timings[category])
        figures[f"{category}_evaluate_us"] = evaluate_only
        figures[f"{category}_parse_and_evaluate_us"] = with_parsing
        overall: dict[str, int] = {}
        for p in parsed[category]:
            verdict = evaluate(p, today=AS_OF).overall
            overall[verdict] = overall.get(verdict, 0) + 1
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(overall.items()))
        print(f"  {category:28} {evaluate_only:8.1f} {with_parsing:8.1f}   {verdicts}")
    return figures
