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

from .portfolio import ENTRY_CLASSES, FORMAT, Field, Portfolio

SCHEMA_ID = "https://endorse.invalid/schemas/imh-portfolio-1.json"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


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
            "YYYY-MM-DD and must exist; an entry's end_on must not be before its start_on."
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
    elif kind == "object":
        schema = {"$ref": f"#/$defs/{spec.item}"}
    else:
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{spec.item}"}}
    if spec.minimum is not None:
        schema["minimum"] = spec.minimum
    if spec.description:
        schema["description"] = spec.description
    if spec.nullable or kind in ("list", "enum_list"):
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
