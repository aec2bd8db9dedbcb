"""The evidence sections, declared once, and both directions of the rows ⇄ portfolio mapping.

An evidence section (degrees, trainings, RS/C, raters …) is one table row, one list of the
portfolio and one part of the workspace. `EVIDENCE` declares each once: its key (the portfolio's
list and `Application`'s related name), its slug (the workspace's URL key, also stored in the
sections a decision reopens), the model, the entry-id prefix, the requirement it feeds, and the
staff judgements it carries. Everything else is derived from the engine's field table
(`eligibility.portfolio`'s `FIELDS`): the columns read (`Degree.field` is the column `field`; an
object's fields carry its name, `provider.name` is `provider_name`), how a value goes each way
(a nullable text is `None` in the portfolio and `""` in its column, lists are tuples, numbers
Decimals), and so the prefetch list, the bulk reader's columns, the models cleared on import and
the optimistic copy used to decide whether an application can be submitted.

Adding a field to a section is: the model and its migration, the form, the engine's field table.
A test fails if a field the engine reads has no column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q

from endorse.eligibility import portfolio as p

from .models import (
    Certificate,
    Degree,
    LeadershipActivity,
    License,
    Rater,
    SupervisionEntry,
    Training,
    WorkEntry,
)


def _same(value: Any) -> Any:
    return value


def or_none(value: Any) -> Any:
    """A nullable text's column value as the portfolio holds it: empty is None."""
    return value or None


@dataclass(frozen=True)
class Judgement:
    """A staff judgement on an entry: the column that holds it, the values that are a judgement,
    the columns it rests on, the value it goes back to (to be judged again) when one of those
    changes, the value a file that is not trusted may not set it beyond, and the value it takes
    in the optimistic copy (the judgement going the applicant's way)."""

    label: str
    column: str
    judged: tuple[Any, ...]
    rests_on: tuple[str, ...]
    reset_to: Any
    untrusted: Any
    optimistic: Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One value the engine reads: the portfolio attribute (dotted inside an object) and the
    model column, with the conversion each way."""

    attr: str
    column: str
    read: Callable[[Any], Any]
    write: Callable[[Any], Any]


@dataclass(frozen=True, eq=False)  # one object per section: compared and hashed by identity
class EvidenceSection:
    key: str
    slug: str
    model: type[models.Model]
    entry: type[Any]
    prefix: str
    requirement: str
    judgements: tuple[Judgement, ...] = ()
    # Values a file that is not trusted cannot set (what only the process itself records).
    untrusted: Mapping[str, Any] = field(default_factory=dict)
    # Where a column's conversion differs from what the field table implies (by column).
    read: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    write: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    # An optional object is present when this column of it holds a value (by attribute).
    present_when: Mapping[str, str] = field(default_factory=dict)
    # Which rows count (a withdrawn rater is on record, not evidence).
    counted: Mapping[str, Any] = field(default_factory=dict)
    # Rows that replacing a draft's evidence from a file keeps (a rater who was asked).
    kept_on_import: Q | None = None

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        return _columns(self)

    @cached_property
    def _reads(self) -> tuple[tuple[str, Callable[[Any], Any], str, str], ...]:
        """Per column: its name, its conversion, and where it goes (attribute, inner attribute)."""
        plan = []
        for column in self.columns:
            name, _, inner = column.attr.partition(".")
            plan.append((column.column, column.read, name, inner))
        return tuple(plan)

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.column for c in self.columns)

    def entry_id(self, pk: int | None) -> str:
        """The portfolio id of row `pk` (`t12`), so results can point back at the row."""
        return f"{self.prefix}{pk}"

    def prefetch(self, *joined: str) -> Prefetch[Any]:
        """The section's counted rows, with the `joined` relations read in the same query."""
        queryset = self.model._default_manager.filter(**self.counted)
        return Prefetch(self.key, queryset=queryset.select_related(*joined) if joined else queryset)

    def to_entry(self, row: Any) -> Any:
        """The portfolio entry of `row` (a model instance, or a named row with its attributes)."""
        return self._build(row)

    @cached_property
    def _build(self) -> Callable[[Any], Any]:
        """`to_entry`, generated once from the section's columns (as `dataclasses` generates
        `__init__`): one `attrgetter` call reads the row, and each attribute is set through its
        slot, with no per-column loop or keyword dict. Re-evaluating every application builds
        some seventy entries each; this is most of what reading them costs in Python."""
        return self._generate(converted=False)

    @cached_property
    def build_converted(self) -> Callable[..., Any]:
        """The entry from the row's key and its columns' values (in `column_names` order)
        already converted as `read_of` converts them: the bulk reader converts each distinct
        value once and builds the entry straight from the fetched record."""
        return self._generate(converted=True)

    def read_of(self, column: str) -> Callable[[Any], Any] | None:
        """How `column`'s value becomes the portfolio's; None when it is taken as it is."""
        read = next(c.read for c in self.columns if c.column == column)
        return None if read is _same else read

    def _generate(self, *, converted: bool) -> Callable[..., Any]:
        names: dict[str, Any] = {"new": object.__new__, "E": self.entry, "P": self.prefix}
        columns = list(self._reads)
        unpacked = ", ".join(["c_pk", *(f"c{i}" for i in range(len(columns)))])
        if converted:
            lines = [f"def build({unpacked}):", "    o = new(E)"]
        else:
            names["get"] = attrgetter("pk", *(column for column, *_ in columns))
            lines = ["def build(row):", f"    {unpacked}, = get(row)", "    o = new(E)"]
        setters: dict[str, Any] = {}

        def setter(cls: type[Any], attr: str) -> str:
            key = f"S_{cls.__name__}_{attr}"
            names[key] = getattr(cls, attr).__set__
            setters[f"{cls.__name__}.{attr}"] = key
            return key

        lines.append(f"    {setter(self.entry, 'id')}(o, P + str(c_pk))")
        inner: dict[str, list[tuple[str, str]]] = {}
        for i, (_column, read, name, attr) in enumerate(columns):
            value = f"c{i}"
            if read is not _same and not converted:
                names[f"R{i}"] = read
                value = f"R{i}(c{i})"
            if attr:
                lines.append(f"    x{i} = {value}")
                inner.setdefault(name, []).append((attr, f"x{i}"))
            else:
                lines.append(f"    {setter(self.entry, name)}(o, {value})")
        for name, values in inner.items():
            cls = _object_type(self.entry, name)
            names[f"T_{name}"] = cls
            wanted = self.present_when.get(name)
            indent = "    "
            if wanted is not None:
                lines.append(f"    if {dict(values)[wanted]}:")
                indent = "        "
            lines.append(f"{indent}i = new(T_{name})")
            lines.extend(f"{indent}{setter(cls, attr)}(i, {value})" for attr, value in values)
            lines.append(f"{indent}{setter(self.entry, name)}(o, i)")
            if wanted is not None:
                lines.append("    else:")
                lines.append(f"        {setter(self.entry, name)}(o, None)")
        lines.append("    return o")
        # Every field of the entry and of the objects in it is set, or the build is wrong.
        for cls in (self.entry, *(_object_type(self.entry, name) for name in inner)):
            for f in fields(cls):
                assert f"{cls.__name__}.{f.name}" in setters, f"{cls.__name__}.{f.name} unset"
        exec("\n".join(lines), names)  # noqa: S102 - the source is built from the field tables
        build: Callable[[Any], Any] = names["build"]
        return build

    def _to_entry_by_columns(self, row: Any) -> Any:
        """`to_entry` column by column: what `_build` generates, kept for the test that compares
        the two."""
        values: dict[str, Any] = {"id": self.entry_id(row.pk)}
        objects: dict[str, dict[str, Any]] = {}
        for column, read, name, inner in self._reads:
            value = read(getattr(row, column))
            if inner:
                objects.setdefault(name, {})[inner] = value
            else:
                values[name] = value
        for name, inner_values in objects.items():
            wanted = self.present_when.get(name)
            present = wanted is None or inner_values[wanted]
            values[name] = _object_type(self.entry, name)(**inner_values) if present else None
        return self.entry(**values)

    def to_row(self, entry: Any, *, trusted: bool) -> dict[str, Any]:
        """The model's values for a portfolio entry (a new row: no key, no application). From a
        file that is not trusted, staff judgements start unjudged and what only the process
        records starts empty."""
        values = {}
        for column in self.columns:
            value: Any = entry
            for part in column.attr.split("."):
                value = getattr(value, part) if value is not None else None
            values[column.column] = column.write(value)
        if not trusted:
            values |= {j.column: j.untrusted for j in self.judgements} | dict(self.untrusted)
        return values

    def optimistic(self, entry: Any) -> Any:
        """`entry` with every judgement still with staff going the applicant's way."""
        for judgement in self.judgements:
            attr = next(c.attr for c in self.columns if c.column == judgement.column)
            name, _, inner = attr.partition(".")
            if inner:
                inside = getattr(entry, name)
                if inside is not None:
                    changed = judgement.optimistic(getattr(inside, inner))
                    entry = replace(entry, **{name: replace(inside, **{inner: changed})})
            else:
                entry = replace(entry, **{name: judgement.optimistic(getattr(entry, name))})
        return entry


def _object_type(entry: type[Any], name: str) -> type[Any]:
    item = next(f.item for f in entry.FIELDS if f.name == name)
    found: type[Any] = getattr(p, str(item))
    return found


def _conversions(spec: p.Field) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """How a value of this kind goes from its column to the portfolio, and back."""
    if spec.kind in ("string", "enum") and spec.nullable:
        return or_none, (lambda v: v or "")
    if spec.kind == "number":
        return (lambda v: Decimal(v) if v is not None else None), _same
    if spec.kind == "enum_list":
        return (lambda v: tuple(v or ())), (lambda v: list(v or ()))
    if spec.kind == "boolean" and not spec.nullable:
        return _same, bool
    return _same, _same


def _columns(section: EvidenceSection) -> tuple[Column, ...]:
    found = []

    def walk(entry: type[Any], prefix: str) -> None:
        for spec in entry.FIELDS:
            if spec.name == "id":
                continue
            if spec.kind == "object":
                walk(_object_type(entry, spec.name), f"{prefix}{spec.name}.")
                continue
            attr = f"{prefix}{spec.name}"
            column = attr.replace(".", "_")
            section.model._meta.get_field(column)  # a field the engine reads has its column
            read, write = _conversions(spec)
            found.append(
                Column(
                    attr,
                    column,
                    section.read.get(column, read),
                    section.write.get(column, write),
                )
            )

    walk(section.entry, "")
    return tuple(found)


def _or_true(value: Any) -> Any:
    return True if value is None else value


def _always_true(value: Any) -> bool:
    return True


def _bands(value: Any) -> tuple[str, ...] | None:
    """Age bands from their column: an empty list is absent (infant only, choice K4)."""
    return tuple(value or ()) or None


# Every section with age bands reads them the same way.
_AGE_BANDS = {"age_bands": _bands}


_DEGREE = ("type", "field", "institution", "conferred_on")
# A verified transcript goes back to "received" (staff did receive it).
TRANSCRIPT_VERIFIED = Judgement(
    "transcript verified",
    "transcript",
    ("verified",),
    _DEGREE,
    reset_to="received",
    untrusted="missing",
    optimistic=lambda v: "verified" if v == "received" else v,
)

EVIDENCE: tuple[EvidenceSection, ...] = (
    EvidenceSection(
        "degrees",
        "degrees",
        Degree,
        p.Degree,
        "d",
        "education",
        judgements=(
            TRANSCRIPT_VERIFIED,
            Judgement(
                "acceptance",
                "accepted",
                (True, False),
                _DEGREE,
                reset_to=None,
                untrusted=None,
                optimistic=_or_true,
            ),
        ),
    ),
    EvidenceSection(
        "certificates",
        "certificates",
        Certificate,
        p.Certificate,
        "c",
        "education",
        judgements=(
            Judgement(
                "acceptance",
                "accepted",
                (True, False),
                ("kind", "title", "institution", "completed_on"),
                reset_to=None,
                untrusted=None,
                optimistic=_or_true,
            ),
        ),
    ),
    EvidenceSection(
        "licenses",
        "licenses",
        License,
        p.License,
        "lic",
        "education",
        judgements=(
            Judgement(
                "licence verified",
                "verified",
                (True, False),
                ("kind", "jurisdiction", "number", "issued_on", "expires_on"),
                reset_to=None,
                untrusted=None,
                optimistic=_or_true,
            ),
        ),
    ),
    EvidenceSection(
        "trainings",
        "trainings",
        Training,
        p.Training,
        "t",
        "training",
        # A training always has a title on the page; a file's untitled one is "Training".
        read={"title": _same, **_AGE_BANDS},
        write={"title": lambda v: v or "Training"},
    ),
    EvidenceSection(
        "work",
        "work-experience",
        WorkEntry,
        p.Work,
        "w",
        "work_experience",
        judgements=(
            Judgement(
                "internship supervisor approved",
                "internship_supervisor_approved",
                (True,),
                (
                    "internship_supervisor_name",
                    "internship_supervisor_endorsement",
                    "internship_supervisor_ers",
                    "internship",
                ),
                reset_to=False,
                untrusted=False,
                optimistic=_always_true,
            ),
        ),
        read={"employer": _same, "position": _same, **_AGE_BANDS},
        # No internship supervisor is an empty name.
        write={"internship_supervisor_name": lambda v: v or ""},
        present_when={"internship_supervisor": "name"},
    ),
    EvidenceSection(
        "leadership",
        "leadership",
        LeadershipActivity,
        p.Leadership,
        "l",
        "leadership",
    ),
    EvidenceSection(
        "rsc",
        "rsc",
        SupervisionEntry,
        p.Supervision,
        "r",
        "rsc",
        judgements=(
            Judgement(
                "provider approved",
                "provider_approved",
                (True,),
                (
                    "provider_name",
                    "provider_endorsement",
                    "provider_ers",
                    "format",
                    "start_on",
                    "end_on",
                    "hours",
                    "peer",
                ),
                reset_to=False,
                untrusted=False,
                optimistic=_always_true,
            ),
        ),
        read=_AGE_BANDS,
    ),
    EvidenceSection(
        "references",
        "references",
        Rater,
        p.Reference,
        "ref",
        "references",
        judgements=(
            Judgement(
                "endorsement verified",
                "endorsement_verified",
                (True,),
                ("name", "email", "endorsement_level", "endorsement_number"),
                reset_to=False,
                untrusted=False,
                optimistic=_always_true,
            ),
            Judgement(
                "rater vetted",
                "vetted",
                (True, False),
                ("name", "email", "role"),
                reset_to=None,
                untrusted=None,
                optimistic=_or_true,
            ),
        ),
        # A rating is recorded by the rater's own link, never taken from a file.
        untrusted={"status": "requested", "completed_on": None, "not_enough_information": 0},
        read={"email": _same},
        present_when={"endorsement": "level"},
        counted={"withdrawn_at__isnull": True},
        kept_on_import=Q(sent_at__isnull=False) | Q(rating__isnull=False),
    ),
)

BY_KEY: dict[str, EvidenceSection] = {s.key: s for s in EVIDENCE}
BY_SLUG: dict[str, EvidenceSection] = {s.slug: s for s in EVIDENCE}
BY_MODEL: dict[type[models.Model], EvidenceSection] = {s.model: s for s in EVIDENCE}


def section_of(entry: models.Model) -> EvidenceSection:
    """The section an evidence row belongs to."""
    return BY_MODEL[type(entry)]


def entries(rows: Mapping[str, Iterable[Any]]) -> dict[str, Any]:
    """Each section's portfolio entries from its rows (`rows` maps section keys to rows)."""
    return {s.key: tuple(s.to_entry(row) for row in rows[s.key]) for s in EVIDENCE}


def optimistic(portfolio: p.Portfolio) -> p.Portfolio:
    """The portfolio as it would be if every judgement still with staff went the applicant's way:
    received transcripts verified, unjudged degrees and certificates accepted, providers approved,
    claimed rater endorsements verified, the competency review accepted. What is missing then is
    the applicant's to supply."""
    changed: dict[str, Any] = {
        s.key: tuple(s.optimistic(e) for e in getattr(portfolio, s.key))
        for s in EVIDENCE
        if s.judgements
    }
    return replace(portfolio, **changed, review=p.Review(competencies="accepted"))
