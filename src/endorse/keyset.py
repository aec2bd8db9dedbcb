"""Keyset pagination: a page is the rows just after (or just before) a cursor, the sort key of the
row next to it, so the last page costs what the first does (no OFFSET walking past every row
before it). A sort ends with a unique key (the primary key), so the order is total and stable.

The cursor travels in the address as `cursor=a<token>` (the rows after), `b<token>` (the rows
before) or `last`; the token is the key's values as URL-safe base64 of JSON. A cursor that does not
decode, or that names a row since changed or gone, still gives a page: an unreadable cursor gives
the first page, and one past the end of the list gives its last page.

The source is a queryset (`queryset_page`): the application queue, and the renewal queue, whose
standing and deadline the database computes from the recorded dates (`registry.standing_sql`).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet

LAST = "last"


@dataclass(frozen=True)
class Key:
    """One column of a sort: its lookup path, direction, and how to read its value back from a
    cursor (`parse` raises ValueError or TypeError on a value of the wrong kind)."""

    field: str
    descending: bool = False
    nullable: bool = False
    parse: Callable[[Any], Any] = str

    @property
    def order(self) -> str:
        return f"-{self.field}" if self.descending else self.field


def aware_datetime(value: Any) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a cursor's moment carries its offset")
    return moment


def integer(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not an integer")
    return value


@dataclass(frozen=True)
class Page:
    """The rows of one page, how many rows the whole list has, and the cursors of its
    neighbours ("" when there is none)."""

    rows: list[Any]
    count: int
    previous: str = ""
    next: str = ""

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous or self.next)


def encode(values: Sequence[Any]) -> str:
    text = json.dumps(
        [v.isoformat() if isinstance(v, datetime) else v for v in values], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(token: str) -> list[Any]:
    """The values of a token; ValueError when it is not one."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        values = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("not a cursor") from error
    if not isinstance(values, list):
        raise ValueError("not a cursor")
    return values


def _read(cursor: str) -> tuple[str, list[Any] | None]:
    """("first" | "last" | "after" | "before", values)."""
    if cursor == LAST:
        return "last", None
    if len(cursor) > 1 and cursor[0] in "ab":
        try:
            return ("after" if cursor[0] == "a" else "before"), decode(cursor[1:])
        except ValueError:
            pass
    return "first", None


# A queryset.


def _values(keys: Sequence[Key], raw: list[Any]) -> list[Any]:
    if len(raw) != len(keys):
        raise ValueError("a cursor of another sort")
    values: list[Any] = []
    for key, value in zip(keys, raw, strict=True):
        if value is None:
            if not key.nullable:
                raise ValueError("an empty value where the sort has none")
            values.append(None)
        else:
            values.append(key.parse(value))
    return values


def _beyond(keys: Sequence[Key], values: Sequence[Any], *, forward: bool, alias: str) -> Q:
    """The rows strictly after `values` in the order of `keys` (`forward`), or strictly before
    them. Nulls sit where the database sorts them (largest on PostgreSQL, smallest on SQLite), so
    the sort keeps using its index."""
    nulls_largest = connections[alias].features.nulls_order_largest
    branches: list[Q] = []
    same = Q()
    bound = Q()
    for position, (key, value) in enumerate(zip(keys, values, strict=True)):
        rising = key.descending != forward  # the values grow in the walking direction
        nulls_behind = nulls_largest == rising  # nulls come after every value
        if value is None:
            strictly = Q(**{f"{key.field}__isnull": False}) if not nulls_behind else None
            equal = Q(**{f"{key.field}__isnull": True})
        else:
            strictly = Q(**{f"{key.field}__{'gt' if rising else 'lt'}": value})
            if key.nullable and nulls_behind:
                strictly |= Q(**{f"{key.field}__isnull": True})
            equal = Q(**{key.field: value})
            if position == 0 and not (key.nullable and nulls_behind):
                # A range the index can seek to, beside the exact condition.
                bound = Q(**{f"{key.field}__{'gte' if rising else 'lte'}": value})
        if strictly is not None:
            branches.append(same & strictly)
        same &= equal
    if not branches:
        return Q(pk__in=[])
    return bound & reduce(or_, branches)


def queryset_page(
    rows: QuerySet[Any], keys: Sequence[Key], cursor: str, *, size: int, count: int | None = None
) -> Page:
    """The page of `rows` (unordered: `keys` orders them) that `cursor` names: two queries, the
    count and the page, whatever the page."""
    total = rows.count() if count is None else count
    where, raw = _read(cursor)
    values: list[Any] | None = None
    if raw is not None:
        try:
            values = _values(keys, raw)
        except (ValueError, TypeError):
            where = "first"
    forward_order = [k.order for k in keys]
    backward_order = [k.field if k.descending else f"-{k.field}" for k in keys]

    def key_of(row: Any) -> list[Any]:
        found = []
        for key in keys:
            value: Any = row
            for part in key.field.split("__"):
                value = getattr(value, "pk" if part == "pk" else part)
            found.append(value)
        return found

    def after(values: list[Any] | None) -> tuple[list[Any], bool]:
        chosen = (
            rows
            if values is None
            else rows.filter(_beyond(keys, values, forward=True, alias=rows.db))
        )
        found = list(chosen.order_by(*forward_order)[: size + 1])
        return found[:size], len(found) > size

    def before(values: list[Any] | None) -> tuple[list[Any], bool]:
        chosen = (
            rows
            if values is None
            else rows.filter(_beyond(keys, values, forward=False, alias=rows.db))
        )
        found = list(chosen.order_by(*backward_order)[: size + 1])
        return found[:size][::-1], len(found) > size

    if where == "after":
        page, more = after(values)
        if page:
            return Page(page, total, "b" + encode(key_of(page[0])), _next(page, more, key_of))
        where = "last"  # past the end of a list that has shrunk since
    if where == "before":
        page, more = before(values)
        if page and more:
            return Page(page, total, "b" + encode(key_of(page[0])), "a" + encode(key_of(page[-1])))
        where = "first"  # at (or before) the start: the first page, full
    if where == "last":
        page, more = before(None)
        return Page(page, total, "b" + encode(key_of(page[0])) if more else "", "")
    page, more = after(None)
    return Page(page, total, "", _next(page, more, key_of))


def _next(page: list[Any], more: bool, key_of: Callable[[Any], list[Any]]) -> str:
    return "a" + encode(key_of(page[-1])) if more else ""
