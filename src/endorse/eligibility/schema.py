"""The JSON Schema of the portfolio file, derived from the field tables of `portfolio.py`.

The shipped copy (`portfolio.schema.json`, also in `docs/`) is this function's output; a test
keeps them equal. Two rules the schema cannot state are checked by the parser only and are
described in the schema's text: an entry must not end before it starts, and dates must exist.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .portfolio import (
    DATE_RANGE_TEXT,
    EARLIEST_DATE,
    ENTRY_CLASSES,
    FORMAT,
    LATEST_DATE,
    Field,
    Portfolio,
)

SCHEMA_ID = "https://endorse.invalid/schemas/imh-portfolio-1.json"


def _digits_between(low: str, high: str) -> list[str]:
    """Regular-expression alternatives matching exactly the numbers `low`..`high`, both written
    with the same number of digits (leading zeros included)."""
    if low == high:
        return [low]
    rest = len(low) - 1
    if rest == 0:
        return [f"[{low}-{high}]"]
    if low[0] == high[0]:
        return [low[0] + tail for tail in _digits_between(low[1:], high[1:])]
    first, last = int(low[0]), int(high[0])
    alternatives: list[str] = []
    if low[1:] != "0" * rest:
        alternatives += [low[0] + tail for tail in _digits_between(low[1:], "9" * rest)]
        first += 1
    whole_last = high[1:] == "9" * rest
    middle_last = last if whole_last else last - 1
    if first <= middle_last:
        if (first, middle_last) == (0, 9):
            lead = r"\d"
        elif first == middle_last:
            lead = str(first)
        else:
            lead = f"[{first}-{middle_last}]"
        alternatives.append(lead + r"\d" * rest)
    if not whole_last:
        alternatives += [high[0] + tail for tail in _digits_between("0" * rest, high[1:])]
    return alternatives


def _date_pattern() -> str:
    """YYYY-MM-DD with the year in the accepted range; the range runs from a 1 January to a
    31 December, so bounding the year bounds the date (the format checker checks the day)."""
    assert (EARLIEST_DATE.month, EARLIEST_DATE.day) == (1, 1)
    assert (LATEST_DATE.month, LATEST_DATE.day) == (12, 31)
    years = "|".join(_digits_between(f"{EARLIEST_DATE.year:04}", f"{LATEST_DATE.year:04}"))
    return rf"^({years})-\d{{2}}-\d{{2}}$"


DATE_PATTERN = _date_pattern()
DATE_DESCRIPTION = f"A date, YYYY-MM-DD, from {DATE_RANGE_TEXT}."


def build_schema(categories: frozenset[str]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `imh-portfolio/1` for the given known categories."""
    definitions = {
        name: _object_schema(cls) for name, cls in ENTRY_CLASSES.items() if cls is not Portfolio
    }
    root = _object_schema(Portfolio)
    root["properties"]["category"] = {"type": "string", "enum": sorted(categories)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Endorsement portfolio (imh-portfolio/1)",
        "description": (
            "Everything an eligibility evaluation needs about one application. Dates are "
            f"YYYY-MM-DD, must exist and lie from {DATE_RANGE_TEXT}; an entry's end_on must "
            "not be before its start_on."
        ),
        **root,
        "$defs": definitions,
    }


def _object_schema(cls: type) -> dict[str, Any]:
    fields: tuple[Field, ...] = cls.FIELDS  # type: ignore[attr-defined]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {spec.name: _field_schema(spec) for spec in fields},
        "required": [spec.name for spec in fields if spec.required],
        "additionalProperties": False,
    }
    if cls.__name__ == "Reference":
        schema["if"] = {"properties": {"status": {"const": "completed"}}, "required": ["status"]}
        schema["then"] = {
            "properties": {"completed_on": {"type": "string"}},
            "required": ["completed_on"],
        }
    if cls is Portfolio:
        schema["properties"]["format"] = {"const": FORMAT}
    return schema


def _field_schema(spec: Field) -> dict[str, Any]:
    kind = spec.kind
    schema: dict[str, Any]
    if kind == "string":
        schema = {"type": "string"}
    elif kind == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        schema["description"] = DATE_DESCRIPTION
    elif kind == "number":
        schema = {"type": "number"}
    elif kind == "integer":
        schema = {"type": "integer"}
    elif kind == "boolean":
        schema = {"type": "boolean"}
    elif kind == "enum":
        schema = {"type": "string", "enum": list(spec.values)}
    elif kind == "enum_list":
        schema = {"type": "array", "items": {"type": "string", "enum": list(spec.values)}}
        if spec.non_empty:
            schema["minItems"] = 1
    elif kind == "object":
        schema = {"$ref": f"#/$defs/{spec.item}"}
    else:
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{spec.item}"}}
    if spec.minimum is not None:
        schema["minimum"] = spec.minimum
    if spec.description:
        schema["description"] = (
            f"{spec.description} {schema['description']}"
            if "description" in schema
            else spec.description
        )
    if spec.nullable or (kind in ("list", "enum_list") and not spec.non_empty):
        # Lists may be written as null too (an empty list).
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


@cache
def shipped_schema() -> dict[str, Any]:
    """The schema file shipped in the package."""
    text = (
        resources.files(__package__).joinpath("portfolio.schema.json").read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
