"""Reading and writing portfolio files, with every problem named by its field path.

`load_portfolio` turns JSON text into a `Portfolio`, or raises `PortfolioError` listing each
problem as (`degrees.0.conferred_on`, "2025-02-30 is not a real date"). Hours are read as
`Decimal`, so 29.9 + 0.1 is exactly 30. `portfolio_to_data` writes a portfolio back to the
exchange format; reading what it writes gives the same portfolio.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

from .portfolio import DATE_RANGE_TEXT, ENTRY_CLASSES, FORMAT, Field, Portfolio, date_in_range

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, at a dotted field path ("" for the whole document)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class PortfolioError(ValueError):
    """The input is not a valid portfolio; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def decode_json(text: str | bytes) -> Any:
    """Decode JSON text, reading decimals exactly; raise `PortfolioError` when it is not JSON."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise PortfolioError([Problem("", "the file is not UTF-8 text")]) from None
    except ValueError as error:
        # json.JSONDecodeError is a ValueError and carries the position.
        raise PortfolioError([Problem("", f"not valid JSON: {error}")]) from None


def load_portfolio(
    text: str | bytes, *, known_categories: frozenset[str] | None = None
) -> Portfolio:
    """Parse a portfolio file's text."""
    return parse_portfolio(decode_json(text), known_categories=known_categories)


def parse_portfolio(data: Any, *, known_categories: frozenset[str] | None = None) -> Portfolio:
    """Build a `Portfolio` from decoded JSON, or raise `PortfolioError` naming every problem.

    `known_categories`, when given, is the set of categories a policy defines; the category is
    checked against it here so the problem is reported with the others.
    """
    try:
        # The common case, a valid document, is read by the compiled readers below; anything they
        # do not accept outright is read again by the reporting reader, so every problem is
        # named exactly as before.
        if known_categories is None or data["category"] in known_categories:
            return _fast_reader(Portfolio)(data)  # type: ignore[no-any-return]
    except _FALLBACK:
        pass
    problems: list[Problem] = []
    result = _read_object(data, "", Portfolio, problems)
    if isinstance(data, dict) and known_categories is not None:
        category = data.get("category")
        if isinstance(category, str) and category not in known_categories:
            problems.append(
                Problem(
                    "category",
                    f"unknown category {category!r}; expected one of {_list(known_categories)}",
                )
            )
    if problems or result is None:
        raise PortfolioError(problems or [Problem("", "not a portfolio")])
    assert isinstance(result, Portfolio)
    return result


def _list(values: tuple[str, ...] | frozenset[str]) -> str:
    return ", ".join(sorted(values) if isinstance(values, frozenset) else values)


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, Decimal)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class _Table:
    """What reading one class needs, worked out once: its fields, its keys, its cross-field rule."""

    __slots__ = ("cross", "expected", "fields", "known")

    def __init__(self, cls: type) -> None:
        self.fields: tuple[Field, ...] = cls.FIELDS  # type: ignore[attr-defined]
        self.known = frozenset(f.name for f in self.fields)
        self.expected = ", ".join(sorted(self.known))
        self.cross = "end_on" in self.known or cls.__name__ == "Reference"


_TABLES: dict[type, _Table] = {}


def _table(cls: type) -> _Table:
    table = _TABLES.get(cls)
    if table is None:
        table = _TABLES[cls] = _Table(cls)
    return table


def _read_object(data: Any, path: str, cls: type, problems: list[Problem]) -> object | None:
    if not isinstance(data, dict):
        problems.append(Problem(path, f"expected an object, got {_type_name(data)}"))
        return None
    table = _table(cls)
    before = len(problems)
    known = table.known
    for key in data:
        if key not in known:
            problems.append(
                Problem(_join(path, key), f"unknown key; expected one of {table.expected}")
            )
    values: dict[str, Any] = {}
    for spec in table.fields:
        name = spec.name
        if name not in data:
            if spec.required:
                problems.append(Problem(_join(path, name), "required"))
            continue
        raw = data[name]
        if raw is None:
            if spec.non_empty:
                problems.append(
                    Problem(_join(path, name), "must not be null; leave it out instead")
                )
            elif spec.nullable:
                values[name] = None
            elif spec.kind in ("list", "enum_list"):
                values[name] = ()  # an empty list may be written as null
            else:
                problems.append(Problem(_join(path, name), "must not be null"))
            continue
        # A field's path is built only when a problem is reported or the reader descends into it.
        value = _read_value(raw, path, spec, problems)
        if value is not None:
            values[name] = value
    if table.cross:
        _check_cross_fields(cls.__name__, data, values, path, problems)
    if len(problems) > before:
        return None
    instance: object = cls(**values)
    return instance


def _read_value(raw: Any, parent: str, spec: Field, problems: list[Problem]) -> Any:
    kind = spec.kind
    if isinstance(raw, str) and "\x00" in raw:
        # No text holds a NUL character; databases refuse it (PostgreSQL fails on it).
        problems.append(Problem(_join(parent, spec.name), "contains a NUL character"))
        return None
    if kind == "string":
        if isinstance(raw, str) and (spec.const is None or raw == spec.const):
            return raw
        if not isinstance(raw, str):
            problems.append(
                Problem(_join(parent, spec.name), f"expected text, got {_type_name(raw)}")
            )
        else:
            problems.append(
                Problem(_join(parent, spec.name), f"expected {spec.const!r}, got {raw!r}")
            )
        return None
    if kind == "date":
        return _read_date(raw, parent, spec.name, problems)
    if kind in ("number", "integer"):
        return _read_number(raw, parent, spec, problems)
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw
        problems.append(
            Problem(_join(parent, spec.name), f"expected true or false, got {_type_name(raw)}")
        )
        return None
    if kind == "enum":
        if isinstance(raw, str) and raw in spec.values:
            return raw
        problems.append(
            Problem(_join(parent, spec.name), f"{_show(raw)} is not one of {_list(spec.values)}")
        )
        return None
    path = _join(parent, spec.name)
    if kind == "enum_list":
        if not isinstance(raw, list):
            problems.append(Problem(path, f"expected a list, got {_type_name(raw)}"))
            return None
        ok = True
        for index, item in enumerate(raw):
            if not isinstance(item, str) or item not in spec.values:
                problems.append(
                    Problem(_join(path, index), f"{_show(item)} is not one of {_list(spec.values)}")
                )
                ok = False
        if ok and spec.non_empty and not raw:
            problems.append(Problem(path, f"must list at least one of {_list(spec.values)}"))
            return None
        return tuple(raw) if ok else None
    assert spec.item is not None
    cls = ENTRY_CLASSES[spec.item]
    if kind == "object":
        return _read_object(raw, path, cls, problems)
    if not isinstance(raw, list):
        problems.append(Problem(path, f"expected a list, got {_type_name(raw)}"))
        return None
    before = len(problems)
    items = [_read_object(item, f"{path}.{index}", cls, problems) for index, item in enumerate(raw)]
    return tuple(items) if len(problems) == before else None


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else _type_name(value)


def _read_date(raw: Any, parent: str, name: str, problems: list[Problem]) -> date | None:
    if isinstance(raw, str) and _DATE.fullmatch(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            problems.append(Problem(_join(parent, name), f"{raw} is not a real date"))
            return None
        if not date_in_range(day):
            problems.append(
                Problem(
                    _join(parent, name),
                    f"{raw} is outside the dates a portfolio may hold, {DATE_RANGE_TEXT}",
                )
            )
            return None
        return day
    problems.append(
        Problem(_join(parent, name), f"expected a date as YYYY-MM-DD, got {_show(raw)}")
    )
    return None


def _read_number(
    raw: Any, parent: str, spec: Field, problems: list[Problem]
) -> int | Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, float)):
        problems.append(
            Problem(_join(parent, spec.name), f"expected a number, got {_type_name(raw)}")
        )
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        problems.append(Problem(_join(parent, spec.name), "expected a finite number"))
        return None
    if spec.kind == "integer" and not (isinstance(raw, int) or raw == int(raw)):
        problems.append(Problem(_join(parent, spec.name), f"expected a whole number, got {raw}"))
        return None
    value = Decimal(str(raw)) if isinstance(raw, float) else raw
    if spec.minimum is not None and value < spec.minimum:
        problems.append(Problem(_join(parent, spec.name), f"must not be negative, got {raw}"))
        return None
    if spec.kind == "integer":
        return int(value)
    return value if isinstance(value, Decimal) else Decimal(value)


# The fast reader ------------------------------------------------------------------------------
#
# For each class, a function generated once from its field table (as `dataclasses` generates
# `__init__`) that reads a valid entry with no per-field calls, paths or problem lists, and
# builds the dataclass with one positional call. It refuses, by raising, anything it does not
# accept outright: the reporting reader above then reads the document again and names every
# problem. So it must never accept a value the reporting reader refuses, nor read one
# differently (`tests/eligibility/test_parse.py` compares the two on valid and damaged
# documents); refusing more than it must only costs time.


class _Refused(Exception):
    """The fast reader does not accept this document; the reporting reader reads it."""


# What the fast reader may raise on input it does not accept (a key that is missing, a value of
# the wrong type met by a comparison or a set, a date that `fromisoformat` refuses).
_FALLBACK = (_Refused, KeyError, TypeError, ValueError, ArithmeticError, AttributeError)

_MISSING = object()
_FAST: dict[type, Any] = {}


def _fast_date(raw: Any) -> date:
    day = date.fromisoformat(raw)
    # The round trip holds only for YYYY-MM-DD with ASCII digits, as `_DATE` requires.
    if day.isoformat() != raw or not date_in_range(day):
        raise _Refused
    return day


def _fast_reader(cls: type) -> Any:
    reader = _FAST.get(cls)
    if reader is None:
        reader = _FAST[cls] = _compile_reader(cls)
    return reader


def _fast_value(spec: Field, target: str, names: dict[str, Any]) -> list[str]:
    """Lines that check `v` (present, not null) and assign its value to `target`."""
    kind = spec.kind
    if kind == "string":
        if spec.const is not None:
            names[f"C_{spec.name}"] = spec.const
            return [f"if v != C_{spec.name} or type(v) is not str: raise R", f"{target} = v"]
        return ["if type(v) is not str or '\\x00' in v: raise R", f"{target} = v"]
    if kind == "date":
        return [f"{target} = D(v)"]
    if kind == "boolean":
        return ["if v is not True and v is not False: raise R", f"{target} = v"]
    if kind == "enum":
        names[f"V_{spec.name}"] = frozenset(spec.values)
        return [f"if type(v) is not str or v not in V_{spec.name}: raise R", f"{target} = v"]
    if kind == "enum_list":
        names[f"V_{spec.name}"] = frozenset(spec.values)
        lines = [f"if type(v) is not list or not V_{spec.name}.issuperset(v): raise R"]
        if spec.non_empty:
            lines.append("if not v: raise R")
        return [*lines, f"{target} = tuple(v)"]
    if kind in ("number", "integer"):
        # JSON numbers arrive as int or, with a fraction or exponent, as Decimal.
        low = [] if spec.minimum is None else [f"if v < {spec.minimum}: raise R"]
        if kind == "integer":
            return ["if type(v) is not int: raise R", *low, f"{target} = v"]
        return [
            "if type(v) is int: v = Decimal(v)",
            "elif type(v) is not Decimal or v.is_nan(): raise R",
            *low,
            f"{target} = v",
        ]
    assert spec.item is not None
    names[f"I_{spec.name}"] = _fast_reader(ENTRY_CLASSES[spec.item])
    if kind == "object":
        return [f"{target} = I_{spec.name}(v)"]
    return [
        "if type(v) is not list: raise R",
        f"{target} = tuple([I_{spec.name}(item) for item in v])",
    ]


def _compile_reader(cls: type) -> Any:
    table = _table(cls)
    names: dict[str, Any] = {
        "R": _Refused,
        "D": _fast_date,
        "M": _MISSING,
        "Decimal": Decimal,
        "K": table.known,
        "cls": cls,
        "new": object.__new__,
    }
    specs = {spec.name: spec for spec in table.fields}
    assert specs.keys() == _DEFAULTS[cls].keys(), f"{cls.__name__}: FIELDS and fields differ"
    lines = ["def read(d):", "    if type(d) is not dict or not d.keys() <= K: raise R"]
    for name, spec in specs.items():
        target = f"f_{name}"
        if spec.required:
            lines.append(f"    v = d[{name!r}]")
        else:
            lines.append(f"    v = d.get({name!r}, M)")
            lines.append("    if v is M:")
            names[f"X_{name}"] = _DEFAULTS[cls][name]
            lines.append(f"        {target} = X_{name}")
            lines.append("    el" + "if v is None:")
        if spec.required:
            lines.append("    if v is None:")
        # A null: refused where the reporting reader reports it, else read as it reads it.
        if spec.non_empty or not (spec.nullable or spec.kind in ("list", "enum_list")):
            lines.append("        raise R")
        else:
            lines.append(f"        {target} = {'None' if spec.nullable else '()'}")
        lines.append("    else:")
        lines.extend(f"        {line}" for line in _fast_value(spec, target, names))
    if "end_on" in specs:
        lines.append(
            "    if f_end_on is not None and f_start_on is not None and f_end_on < f_start_on:"
        )
        lines.append("        raise R")
    if cls.__name__ == "Reference":
        lines.append("    if f_status == 'completed' and d.get('completed_on') is None: raise R")
    # The instance is built as the dataclass's `__init__` would, without its frozen-instance
    # checks: a slot setter per field (half the cost of calling the class).
    lines.append("    o = new(cls)")
    for name in _DEFAULTS[cls]:
        names[f"S_{name}"] = getattr(cls, name).__set__
        lines.append(f"    S_{name}(o, f_{name})")
    lines.append("    return o")
    exec("\n".join(lines), names)  # noqa: S102 - the source is built from the field tables
    return names["read"]


def _defaults(cls: type) -> dict[str, Any]:
    """Each field's default in the dataclass's own order (required fields: `_MISSING`)."""
    return {
        f.name: (_MISSING if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(cls)
    }


_DEFAULTS = {cls: _defaults(cls) for cls in ENTRY_CLASSES.values()}


def _check_cross_fields(
    name: str, data: dict[str, Any], values: dict[str, Any], path: str, problems: list[Problem]
) -> None:
    """Rules that involve two keys of one entry; the JSON Schema states them in prose. A key
    whose own value was refused is not reported again here."""
    start, end = values.get("start_on"), values.get("end_on")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        problems.append(Problem(_join(path, "end_on"), f"ends ({end}) before it starts ({start})"))
    if (
        name == "Reference"
        and values.get("status") == "completed"
        and data.get("completed_on") is None
    ):
        problems.append(Problem(_join(path, "completed_on"), "required when status is completed"))


# Writing -------------------------------------------------------------------------------------


def portfolio_to_data(portfolio: Portfolio) -> dict[str, Any]:
    """The portfolio as JSON-ready data in the exchange format."""
    data = _write_object(portfolio)
    assert isinstance(data, dict)
    return data


def _write_object(obj: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in obj.FIELDS:  # type: ignore[attr-defined]
        value = getattr(obj, spec.name)
        if value is None and not spec.nullable:
            continue  # an optional key without a value is written by leaving it out
        out[spec.name] = _write_value(value)
    return out


def _write_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_write_value(item) for item in value]
    return _write_object(value)


def dump_portfolio(portfolio: Portfolio) -> str:
    """The portfolio as formatted JSON text."""
    return json.dumps(portfolio_to_data(portfolio), indent=2, ensure_ascii=False) + "\n"


__all__ = [
    "FORMAT",
    "PortfolioError",
    "Problem",
    "decode_json",
    "dump_portfolio",
    "load_portfolio",
    "parse_portfolio",
    "portfolio_to_data",
]
