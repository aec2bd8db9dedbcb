"""Bulk reads: every application as the engine's portfolio, for re-evaluating them all.

A page reads one application through model instances (`queries.portfolio_for`). Re-evaluating
100,000 applications cannot afford that: building model instances and Django's per-value
converters cost more than the evaluation itself. Here each batch of applications is eight
plain SELECTs (the columns the engine reads, named from the models' metadata), turned into
named tuples with the same Python values Django would give: dates, aware datetimes, Decimals at
the field's places, booleans, and JSON decoded once per distinct text.

`verdicts` evaluates them for `endorse reevaluate`, in this process or, with `jobs` > 1, in
forked worker processes that each read and evaluate chunks of keys.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
from collections import namedtuple
from collections.abc import Callable, Iterator
from datetime import UTC, date
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection, connections, models
from django.db.models import QuerySet
from django.utils.dateparse import parse_date

from endorse.accounts.models import Membership, User
from endorse.eligibility import evaluate
from endorse.eligibility import portfolio as p

from .evidence import EVIDENCE, EvidenceSection, or_none
from .models import Application, EthicsSignature
from .queries import portfolio_from_entries

APPLICATION_COLUMNS = (
    "applicant",
    "association",
    "status",
    "category",
    "policy",
    "exam_result",
    "exam_taken_on",
    "exam_age_band",
    "review_competencies",
    "review_reason",
)


@lru_cache(maxsize=4096)
def _json(text: str) -> Any:
    """Entries repeat the same few lists (`[]`, `["imh"]`): each text is decoded once. Callers
    turn the lists into tuples and never change them."""
    return json.loads(text)


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """Turns a value as the driver returns it into the value Django's field would give. (Django's
    SQLite connection already parses dates, times and booleans; times come naive, in UTC.)"""
    if isinstance(field, models.JSONField):
        return lambda value: _json(value) if isinstance(value, str) else value
    if isinstance(field, models.DateTimeField):
        return lambda value: value.replace(tzinfo=UTC) if value.tzinfo is None else value
    if isinstance(field, models.DecimalField):
        places = Decimal(1).scaleb(-(field.decimal_places or 0))
        # Hours repeat (1, 1.5, 2 …): each value is converted once. Zero is not kept, so -0.0
        # and 0.0 (equal keys) keep their own signs.
        seen: dict[Any, Decimal] = {}

        def decimal(value: Any) -> Decimal:
            found = seen.get(value)
            if found is None:
                found = Decimal(str(value)).quantize(places)
                if value and len(seen) < 4096:
                    seen[value] = found
            return found

        return decimal
    return None


class _Converted(dict[Any, Any]):
    """Each distinct value converted once (JSON texts, hours and dates repeat; the results are
    immutable): the generated readers look values up with `[]`, a miss converts. Falsy values
    are not kept: zero and -0.0 are equal keys with their own signs. The drivers give JSON as
    text, hours as numbers or Decimals, dates as text or dates: all of them keys."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        found = self.convert(value)
        # Every day of a century is under 40,000 keys: a column's distinct dates all fit.
        if value and len(self) < 65_536:
            self[value] = found
        return found


# The dates of every entry column read as text on SQLite, each parsed once in a process.
_DATES = _Converted(parse_date)


def _then(first: Callable[[Any], Any], second: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: second(first(value))


class _Select:
    """`SELECT id, <columns> FROM <table> WHERE <key> IN (…)`, rows as named tuples; for an
    evidence section, (key, portfolio entry) pairs."""

    def __init__(
        self,
        model: type[models.Model],
        key: str,
        columns: tuple[str, ...],
        *,
        section: EvidenceSection | None = None,
    ) -> None:
        meta = model._meta
        fields = [meta.pk, meta.get_field(key), *(meta.get_field(c) for c in columns)]
        quote = connection.ops.quote_name
        # An entry's dates, on SQLite, are read as their text and each distinct one parsed once
        # (Django's converter would parse every value); the same `parse_date` reads them.
        text_dates = {
            i
            for i, f in enumerate(fields)
            if section is not None
            and connection.vendor == "sqlite"
            and isinstance(f, models.DateField)
            and not isinstance(f, models.DateTimeField)
        }
        # Names come from the models' metadata, never from input; values are parameters.
        columns_sql = ", ".join(
            f"CAST({quote(str(f.column))} AS TEXT)" if i in text_dates else quote(str(f.column))  # type: ignore[union-attr]
            for i, f in enumerate(fields)
        )
        key_sql = quote(str(fields[1].column))  # type: ignore[union-attr]
        self.sql = f"SELECT {columns_sql} FROM {quote(meta.db_table)} WHERE {key_sql} IN (%s) "  # noqa: S608
        names = ["pk", *(f.attname for f in fields[1:])]  # type: ignore[union-attr]
        self.row: Any = namedtuple(f"{model.__name__}Row", names)  # type: ignore[misc]
        # A function generated once per select turns fetched records into rows, converting the
        # columns that need it, with no per-value loop.
        converters = {
            i: convert
            for i, f in enumerate(fields)
            if (convert := _converter(f)) is not None  # type: ignore[arg-type]
        }
        converters.update((i, parse_date) for i in text_dates)
        scope: dict[str, Any] = {"new": tuple.__new__, "Row": self.row}
        if section is not None:
            # Each column's value goes straight to the portfolio's: the driver's value converted
            # as Django would, then as the section reads it; a missing value becomes what the
            # section reads None as. Where values repeat (JSON texts, hours, dates), each
            # distinct one is converted once, looked up with `[]`.
            values = []
            for i, f in enumerate(fields[2:], start=2):
                read = section.read_of(str(f.column))  # type: ignore[union-attr]
                convert = converters.get(i)
                if read is not None:
                    convert = read if convert is None else _then(convert, read)
                if convert is None:
                    values.append(f"c{i}")
                    continue
                if convert is or_none:
                    values.append(f"c{i} or None")
                    continue
                scope[f"N{i}"] = read(None) if read is not None else None
                if i in text_dates and read is None:
                    scope[f"C{i}"] = _DATES
                    values.append(f"C{i}[c{i}] if c{i} is not None else None")
                elif i in text_dates or isinstance(f, (models.JSONField, models.DecimalField)):
                    scope[f"C{i}"] = _Converted(convert)
                    values.append(f"C{i}[c{i}] if c{i} is not None else N{i}")
                else:
                    scope[f"C{i}"] = convert
                    values.append(f"C{i}(c{i}) if c{i} is not None else N{i}")
            scope["build"] = section.build_converted
            result = f"(c1, build(c0, {', '.join(values)}))"
        else:
            values = [
                f"C{i}(c{i}) if c{i} is not None else None" if i in converters else f"c{i}"
                for i in range(len(fields))
            ]
            scope.update((f"C{i}", convert) for i, convert in converters.items())
            result = f"new(Row, ({', '.join(values)},))"
        unpacked = ", ".join(f"c{i}" for i in range(len(fields)))
        source = f"def rows_of(records):\n    return [{result} for {unpacked} in records]"
        exec(source, scope)  # noqa: S102 - the source is built from the models' metadata
        self.rows_of: Callable[[list[tuple[Any, ...]]], list[Any]] = scope["rows_of"]

    def __call__(self, keys: list[int], *, where: str = "", order: str = "") -> list[Any]:
        marks = ", ".join(["%s"] * len(keys))
        sql = (
            self.sql.replace("(%s)", f"({marks})") + where + (f" ORDER BY {order}" if order else "")
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, keys)
            records = cursor.fetchall()
        return self.rows_of(records)


def _counted(section: EvidenceSection) -> str:
    """The SQL of the section's `counted` filter (only `<column>__isnull` is needed so far)."""
    conditions = []
    for lookup, value in section.counted.items():
        name, _, test = lookup.partition("__")
        assert test == "isnull", f"bulk reads know only __isnull filters, not {lookup}"
        column = connection.ops.quote_name(
            str(section.model._meta.get_field(name).column)  # type: ignore[union-attr]
        )
        conditions.append(f" AND {column} IS {'' if value else 'NOT '}NULL")
    return "".join(conditions)


def portfolios(
    applications: QuerySet[Application], *, batch: int = 500, policy: str | None = None
) -> Iterator[tuple[Any, p.Portfolio]]:
    """Each application of `applications` (a named tuple with its status, policy and applicant)
    with its portfolio, under `policy` when given; ten queries a batch, whatever its size. The
    portfolios are those `queries.portfolio_for` builds (a test compares them)."""
    ids = list(applications.order_by("pk").values_list("pk", flat=True))
    return portfolios_of(ids, batch=batch, policy=policy)


def portfolios_of(
    ids: list[int], *, batch: int = 500, policy: str | None = None
) -> Iterator[tuple[Any, p.Portfolio]]:
    """`portfolios` of the applications whose keys are `ids` (in ascending order). Plain SQL on
    the keys given: no association scope applies, the caller chose the keys."""
    quote = connection.ops.quote_name
    sections = {s: _Select(s.model, "application", s.column_names, section=s) for s in EVIDENCE}
    found = _Select(Application, "id", APPLICATION_COLUMNS)
    signed = _Select(EthicsSignature, "application", ("signed_at", "version"))
    people = _Select(User, "id", ("name", "email"))
    members = _Select(
        Membership, "person", ("expires_on", "association", "member_id", "kind", "held_with")
    )
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        found_entries: dict[int, dict[str, list[Any]]] = {
            pk: {s.key: [] for s in EVIDENCE} for pk in chunk
        }
        for section, select in sections.items():
            for application_id, entry in select(chunk, where=_counted(section), order=quote("id")):
                found_entries[application_id][section.key].append(entry)
        # The latest signature and membership count, as on the application's page.
        signatures: dict[int, Any] = {}
        for row in signed(chunk, order=f"{quote('signed_at')} DESC, {quote('id')} DESC"):
            signatures.setdefault(row.application_id, row)
        batch_applications = found(chunk, order=quote("id"))
        person_ids = list({a.applicant_id for a in batch_applications})
        applicants = {row.pk: row for row in people(person_ids)}
        # A person's memberships in the application's association's records, as on its page.
        memberships: dict[tuple[int, int], Any] = {}
        for row in members(
            person_ids, order=f"{quote('expires_on')} DESC NULLS FIRST, {quote('id')} DESC"
        ):
            memberships.setdefault((row.person_id, row.held_with_id), row)
        for application in batch_applications:
            yield (
                application,
                portfolio_from_entries(
                    application,
                    applicants[application.applicant_id],
                    membership=memberships.get(
                        (application.applicant_id, application.association_id)
                    ),
                    signature=signatures.get(application.pk),
                    entries={key: tuple(e) for key, e in found_entries[application.pk].items()},
                    policy=policy or application.policy,
                ),
            )


class Verdict(NamedTuple):
    """One application's verdict in a re-evaluation: what the report counts and `--apply` moves."""

    pk: int
    status: str
    policy: str
    overall: str
    not_met: tuple[str, ...]


def _verdicts_of(task: tuple[list[int], str | None, date]) -> list[Verdict]:
    """The verdicts of one chunk of applications (in a worker process, or in this one)."""
    ids, policy, today = task
    verdicts = []
    # A chunk is some 35,000 entries and results alive at once, none of them in a reference
    # cycle: the cyclic garbage collector would walk them again at each of its passes while they
    # are built (15–20 % of the chunk's processor time, measured). It is paused for the chunk
    # and resumes after it, when the chunk's objects are freed by their reference counts.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for application, portfolio in portfolios_of(ids, policy=policy):
            result = evaluate(portfolio, today=today)
            verdicts.append(
                Verdict(
                    application.pk,
                    application.status,
                    application.policy,
                    result.overall,
                    tuple(r.id for r in result.requirements if r.status == "not_met"),
                )
            )
    finally:
        if collecting:
            gc.enable()
    return verdicts


def verdicts(
    ids: list[int], *, policy: str | None, today: date, jobs: int = 1, chunk: int = 500
) -> Iterator[Verdict]:
    """The verdict of each application of `ids` (ascending), under `policy` when given, in the
    order of `ids` whatever `jobs` is. With `jobs` > 1, chunks of `chunk` applications are read
    and evaluated by that many worker processes, each on its own database connection; the
    verdicts are the same, in the same order, as in one process (a test compares them)."""
    tasks = [(ids[start : start + chunk], policy, today) for start in range(0, len(ids), chunk)]
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield from _verdicts_of(task)
        return
    if connection.in_atomic_block:
        raise RuntimeError("re-evaluating with several processes needs committed rows")
    # A forked worker must not share this process's connection: each opens its own. (An
    # in-memory SQLite database ignores the close and is inherited, as the tests use it.)
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for found in pool.imap(_verdicts_of, tasks):
            yield from found
