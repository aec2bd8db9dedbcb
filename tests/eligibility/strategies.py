"""Hypothesis strategies: valid portfolio documents, and documents damaged in one place."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from endorse.eligibility import parse_portfolio
from endorse.eligibility import portfolio as model

DAY0 = date(2005, 1, 1)
ONE_DAY = timedelta(days=1)

# The dates a portfolio may hold, with their edges tried often; those outside; and any date at
# all, as a row written before the bounds existed could hold.
accepted_dates = st.one_of(
    st.sampled_from(
        [
            model.EARLIEST_DATE,
            model.EARLIEST_DATE + ONE_DAY,
            model.LATEST_DATE - ONE_DAY,
            model.LATEST_DATE,
        ]
    ),
    st.dates(min_value=model.EARLIEST_DATE, max_value=model.LATEST_DATE),
)
refused_dates = st.one_of(
    st.sampled_from([date.min, model.EARLIEST_DATE - ONE_DAY, model.LATEST_DATE + ONE_DAY]),
    st.dates(max_value=model.EARLIEST_DATE - ONE_DAY),
    st.dates(min_value=model.LATEST_DATE + ONE_DAY),
)
any_dates = st.one_of(
    st.sampled_from([date.min, date.min + ONE_DAY, date.max - ONE_DAY, date.max]), st.dates()
)


def iso_dates(low: date = DAY0, high: date = date(2027, 12, 31)) -> st.SearchStrategy[str]:
    return st.dates(min_value=low, max_value=high).map(date.isoformat)


hours = st.one_of(st.integers(0, 60), st.decimals(0, 60, places=1, allow_nan=False).map(float))
domains = st.lists(st.sampled_from(model.COMPETENCY_DOMAINS), max_size=3, unique=True)


@st.composite
def periods(draw: st.DrawFn, open_allowed: bool = True) -> tuple[str, str | None]:
    start = draw(st.dates(min_value=DAY0, max_value=date(2027, 6, 30)))
    if open_allowed and draw(st.booleans()):
        return start.isoformat(), None
    return start.isoformat(), (start + timedelta(days=draw(st.integers(0, 900)))).isoformat()


@st.composite
def trainings(draw: st.DrawFn) -> dict[str, Any]:
    start, end = draw(periods())
    return {
        "id": draw(st.uuids()).hex[:8],
        "start_on": start,
        "end_on": end,
        "hours": draw(hours),
        "relationship_based": draw(st.booleans()),
        "topics": draw(st.lists(st.sampled_from(model.TRAINING_TOPICS), max_size=2, unique=True)),
        "competencies": draw(domains),
    }


@st.composite
def work_entries(draw: st.DrawFn) -> dict[str, Any]:
    start, end = draw(periods())
    return {
        "id": draw(st.uuids()).hex[:8],
        "start_on": start,
        "end_on": end,
        "kinds": draw(
            st.lists(st.sampled_from(model.WORK_KINDS), min_size=1, max_size=3, unique=True)
        ),
        "supervised": draw(st.booleans()),
        "infant_and_parent": draw(st.booleans()),
        "competencies": draw(domains),
    }


@st.composite
def rsc_entries(draw: st.DrawFn) -> dict[str, Any]:
    start, end = draw(periods())
    return {
        "id": draw(st.uuids()).hex[:8],
        "start_on": start,
        "end_on": end,
        "hours": draw(hours),
        "provider": {
            "name": draw(st.sampled_from(["A", "B", "C"])),
            "approved": draw(st.booleans()),
            "endorsement": draw(st.sampled_from([None, "IMHM-C", "IMHS"])),
        },
        "format": draw(st.sampled_from(model.RSC_FORMATS)),
        "focus": draw(st.sampled_from(model.RSC_FOCUS)),
        "peer": draw(st.booleans()),
        "competencies": draw(domains),
    }


@st.composite
def references(draw: st.DrawFn) -> dict[str, Any]:
    status = draw(st.sampled_from(model.REFERENCE_STATES))
    return {
        "id": draw(st.uuids()).hex[:8],
        "name": "Rater",
        "role": draw(st.sampled_from(model.REFERENCE_ROLES)),
        "status": status,
        "completed_on": draw(iso_dates()) if status == "completed" else None,
        "endorsement": draw(
            st.one_of(
                st.none(),
                st.builds(
                    lambda level, verified: {"level": level, "verified": verified},
                    st.sampled_from([None, *model.ENDORSEMENT_LEVELS]),
                    st.booleans(),
                ),
            )
        ),
        "known_years": draw(st.one_of(st.none(), st.integers(0, 20))),
        "not_enough_information": draw(st.integers(0, 10)),
    }


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid imh-portfolio/1 document with a realistic mix of entries."""
    category = draw(
        st.sampled_from(["mentor-clinical", "mentor-policy", "mentor-research-faculty"])
    )
    return {
        "format": model.FORMAT,
        "as_of": draw(iso_dates(date(2020, 1, 1))),
        "category": category,
        "degrees": draw(
            st.lists(
                st.builds(
                    lambda t, on, tr, acc, comp: {
                        "type": t,
                        "conferred_on": on,
                        "transcript": tr,
                        "accepted": acc,
                        "competencies": comp,
                    },
                    st.sampled_from(model.DEGREE_TYPES),
                    iso_dates(),
                    st.sampled_from(model.TRANSCRIPT_STATES),
                    st.sampled_from([None, True, False]),
                    domains,
                ),
                max_size=2,
            )
        ),
        "certificates": draw(
            st.lists(
                st.builds(
                    lambda k, on, acc: {"kind": k, "completed_on": on, "accepted": acc},
                    st.sampled_from(model.CERTIFICATE_KINDS),
                    iso_dates(),
                    st.sampled_from([None, True, False]),
                ),
                max_size=1,
            )
        ),
        "trainings": draw(st.lists(trainings(), max_size=6)),
        "work": draw(st.lists(work_entries(), max_size=4)),
        "leadership": draw(
            st.lists(
                st.builds(
                    lambda d, lvl, on: {
                        "designation": d,
                        "activity": "Leads",
                        "level": lvl,
                        "start_on": on,
                    },
                    st.sampled_from(model.DESIGNATIONS),
                    st.sampled_from(model.LEADERSHIP_LEVELS),
                    iso_dates(),
                ),
                max_size=2,
            )
        ),
        "rsc": draw(st.lists(rsc_entries(), max_size=8)),
        "references": draw(st.lists(references(), max_size=5)),
        "ethics": draw(
            st.one_of(
                st.none(),
                st.builds(
                    lambda on, v: {"signed_on": on, "version": v},
                    iso_dates(),
                    st.sampled_from([None, "2024"]),
                ),
            )
        ),
        "exam": draw(
            st.one_of(
                st.none(),
                st.builds(
                    lambda r, on: {"result": r, "taken_on": on},
                    st.sampled_from(model.EXAM_RESULTS),
                    iso_dates(),
                ),
            )
        ),
        "membership": draw(
            st.one_of(
                st.none(),
                st.builds(lambda on: {"association": "MI-AIMH", "expires_on": on}, iso_dates()),
            )
        ),
        "review": draw(
            st.one_of(
                st.none(),
                st.builds(
                    lambda c: {"competencies": c, "reason": None},
                    st.sampled_from([None, *model.REVIEW_DECISIONS]),
                ),
            )
        ),
    }


BAD_VALUES = st.sampled_from(
    [
        "",
        "x",
        "2025-02-30",
        "2025-13-01",
        -1,
        1.5,
        True,
        None,
        [],
        {},
        {"x": 1},
        ["reflection"],
        10**6,
        "0001-01-01",
        "1899-12-31",
        "2101-01-01",
    ]
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with one value replaced, one key removed, or one unknown key added."""
    doc = draw(documents())
    paths = _paths(doc)
    target = draw(st.sampled_from(paths))
    parent: Any = doc
    for step in target[:-1]:
        parent = parent[step]
    last = target[-1]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent["unexpected_key"] = 1
    else:
        parent[last] = draw(BAD_VALUES)
    return doc


def date_paths(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The paths of every date in a document (keys ending in `_on`, and `as_of`)."""
    return [
        path
        for path in _paths(doc)
        if isinstance(path[-1], str) and (path[-1].endswith("_on") or path[-1] == "as_of")
    ]


def set_path(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    parent: Any = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value


@st.composite
def portfolios_with_any_dates(draw: st.DrawFn) -> model.Portfolio:
    """A valid portfolio whose every date is then replaced by any date Python can represent, as
    the web application's rows may hold (they become a `Portfolio` without the parser). Entries
    still end no earlier than they start, as the forms ensure."""
    portfolio = parse_portfolio(draw(documents()))
    redated = _redate(portfolio, draw)
    assert isinstance(redated, model.Portfolio)
    return redated


def _redate(obj: Any, draw: st.DrawFn) -> Any:
    changes: dict[str, Any] = {}
    for spec in obj.FIELDS:
        value = getattr(obj, spec.name)
        if value is None:
            continue
        if spec.kind == "date":
            changes[spec.name] = draw(any_dates)
        elif spec.kind == "object":
            changes[spec.name] = _redate(value, draw)
        elif spec.kind == "list":
            changes[spec.name] = tuple(_redate(item, draw) for item in value)
    start, end = changes.get("start_on"), changes.get("end_on")
    if start is not None and end is not None and end < start:
        changes["start_on"], changes["end_on"] = end, start
    return dataclasses.replace(obj, **changes)
