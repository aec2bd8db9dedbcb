"""The JSON Schema of the renewal file (`imh-renewal/1`), derived from the field tables of
`renewal_file.py` and of the portfolio classes it reuses, as `schema.py` does for portfolios.

The shipped copy (`renewal.schema.json`, also in `docs/`) is this function's output; a test keeps
them equal. The checks of RULES-renewal.md 2 that involve several fields or the dates (the
period owed, `renewed_through`, the inactive periods, the standing a kind needs) are the
parser's only and are described in the schema's text.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .policy import load_policy
from .portfolio import DATE_RANGE_TEXT, ENTRY_CLASSES
from .renewal_file import RENEWAL_CLASSES, RENEWAL_FORMAT, RenewalFile
from .renewal_parse import CATEGORY_POLICY
from .renewal_policy import renewal_policy_names
from .schema import _object_schema

RENEWAL_SCHEMA_ID = "https://endorse.invalid/schemas/imh-renewal-1.json"


def _definitions_used(cls: type, found: dict[str, type]) -> None:
    """Every class `cls` refers to, through its fields, by name."""
    for spec in cls.FIELDS:  # type: ignore[attr-defined]
        if spec.item is not None and spec.item not in found:
            item = RENEWAL_CLASSES.get(spec.item) or ENTRY_CLASSES[spec.item]
            found[spec.item] = item
            _definitions_used(item, found)


def build_renewal_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `imh-renewal/1`."""
    used: dict[str, type] = {}
    _definitions_used(RenewalFile, used)
    definitions = {name: _object_schema(used[name]) for name in sorted(used)}
    definitions["Endorsement"]["properties"]["category"] = {
        "type": "string",
        "enum": sorted(load_policy(CATEGORY_POLICY).categories),
        "description": "A category id.",
    }
    root = _object_schema(RenewalFile)
    root["properties"]["format"] = {"const": RENEWAL_FORMAT}
    root["properties"]["policy"] = {
        "anyOf": [{"type": "string", "enum": list(renewal_policy_names())}, {"type": "null"}],
        "description": "Renewal policy; absent means annual.",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": RENEWAL_SCHEMA_ID,
        "title": "Endorsement renewal, reinstatement or reactivation (imh-renewal/1)",
        "description": (
            "One endorsement and one request. Dates are YYYY-MM-DD, must exist and lie from "
            f"{DATE_RANGE_TEXT}. Checked by the evaluator only: as_of not before issued_on; "
            "renewed_through on 31 December of a year the policy's cycle falls due; inactive "
            "periods not reactivated before they start and sharing no day; a renewal's period "
            "equal to the period owed; a reinstatement only when lapsed and a reactivation only "
            "when inactive."
        ),
        **root,
        "$defs": definitions,
    }


@cache
def shipped_renewal_schema() -> dict[str, Any]:
    """The renewal schema file shipped in the package."""
    text = resources.files(__package__).joinpath("renewal.schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
