"""What every kind of import file shares: the report and its problems, the plan a check makes
and an apply writes, reading a cell by its column's format, and the unclaimed accounts."""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.db.models.functions import Lower
from django.utils import timezone

from endorse.accounts.models import MembershipKind, User
from endorse.applications.enums import CATEGORIES
from endorse.associations.enums import Region
from endorse.associations.models import Association
from endorse.registry.models import (
    STANDING_LABELS,
)

from .columns import DATE, EMAIL, TEMPLATES, YES_NO, Kind
from .models import ImportedAccount

# SQLite allows some 32,000 parameters in a query; lookups of many values go in chunks.
CHUNK = 900
REVOKED_REASON = "Revoked in the records imported from the association's earlier system."

# A category as a file may name it: identifier, abbreviation (with or without the slash), title.
CATEGORY_NAMES: dict[str, str] = {}
for _id, _facts in CATEGORIES.items():
    for _name in (_id, _facts.abbr, _facts.abbr.replace("/", ""), _facts.title):
        CATEGORY_NAMES[_name.casefold()] = _id
STANDING_WORDS = {
    **{word.replace("_", " "): word for word in STANDING_LABELS},
    **{label.casefold(): word for word, label in STANDING_LABELS.items()},
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
NUMBERED = re.compile(r"(?P<prefix>.+-)(?P<n>\d+)")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the spreadsheet's row number (row 1 names the columns); 0 for the whole file
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        column = f", {self.column}" if self.column else ""
        value = f" ({self.value!r})" if self.value else ""
        return f"{where}{column}{value}: {self.problem}"


@dataclass
class Report:
    """What a file holds and what applying it does (or did): a count of records created,
    updated and unchanged, and every problem; nothing is written while there are problems."""

    kind: Kind
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accounts_created: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{self.kind}: {self.rows} rows, {len(self.problems)} problems; nothing written"
        verb = "" if self.applied else "would be "
        accounts = (
            f"; {self.accounts_created} unclaimed accounts {verb}made"
            if self.accounts_created
            else ""
        )
        return (
            f"{self.kind}: {self.rows} rows: {self.created} {verb}created, {self.updated} "
            f"{verb}updated, {self.unchanged} unchanged{accounts}"
            + ("" if self.applied else " (dry run: nothing written)")
        )


def report_json(report: Report) -> dict[str, Any]:
    """The report as JSON, as a background job keeps it."""
    return {
        "kind": str(report.kind),
        "rows": report.rows,
        "problems": [[p.row, p.column, p.value, p.problem] for p in report.problems],
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "accounts_created": report.accounts_created,
        "applied": report.applied,
    }


def report_from_json(data: dict[str, Any]) -> Report:
    return Report(
        kind=Kind(data["kind"]),
        rows=data["rows"],
        problems=[RowProblem(*problem) for problem in data["problems"]],
        created=data["created"],
        updated=data["updated"],
        unchanged=data["unchanged"],
        accounts_created=data["accounts_created"],
        applied=data["applied"],
    )


def report_csv(report: Report) -> str:
    """The problems as a CSV file a coordinator opens beside the import file: row, column,
    value, problem."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "value", "problem"])
    for problem in report.problems:
        writer.writerow([problem.row, problem.column, _inert(problem.value), problem.problem])
    return out.getvalue()


def _inert(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (=, +, -, @ first)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


PortfolioSource = Callable[[str], bytes | None]
Progress = Callable[[int], None]
PROGRESS_EVERY = 500


@dataclass
class Plan:
    """The check's findings, which the apply writes."""

    report: Report
    # Per row: what is written (the kind's own shape).
    rows: list[dict[str, Any]] = field(default_factory=list)
    accounts: dict[str, User] = field(default_factory=dict)  # email (folded) → account
    # Email (folded) → the new account's details (name, phone, residence).
    new_accounts: dict[str, dict[str, str]] = field(default_factory=dict)
    # The audit lines of the records written, logged once the transaction has committed.
    events: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)
    # Told the rows checked so far, every PROGRESS_EVERY rows (a background job's progress).
    progress: Progress | None = None
    checked: int = 0

    def event(self, message: str, *args: object) -> None:
        self.events.append((message, args))

    def tick(self) -> None:
        """One more row checked."""
        self.checked += 1
        if self.progress is not None and self.checked % PROGRESS_EVERY == 0:
            self.progress(self.checked)


class RowsRefused(Exception):
    """Rows a writer found wrong part-way: the transaction is rolled back."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


def formats(
    kind: Kind, number: int, row: dict[str, str], problems: list[RowProblem]
) -> dict[str, Any]:
    """The row's cells read by their column's format (None where empty or wrong), and a problem
    for each cell that is missing or not in its format."""
    values: dict[str, Any] = {}
    for column in TEMPLATES[kind]:
        text = row.get(column.name, "")
        values[column.name] = None
        if not text:
            if column.required:
                problems.append(RowProblem(number, column.name, "", "required"))
            elif column.format == YES_NO:
                values[column.name] = False
            continue
        value, problem = read_cell(column.format, text)
        if problem:
            problems.append(RowProblem(number, column.name, text, problem))
        else:
            values[column.name] = value
    return values


def read_cell(format: str, text: str) -> tuple[Any, str]:
    """`text` read as `format`: the value, or a problem."""
    if format == EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            return None, "not an email address"
        return text, ""
    if format == DATE:
        try:
            if len(text) != 10:
                raise ValueError
            return date.fromisoformat(text), ""
        except ValueError:
            return None, "expected a date as YYYY-MM-DD"
    if format == YES_NO:
        if text.casefold() in YES:
            return True, ""
        if text.casefold() in NO:
            return False, ""
        return None, "expected yes or no"
    if format == "category":
        found = CATEGORY_NAMES.get(text.casefold())
        if found is None:
            return None, "unknown category; use its abbreviation (IFS), identifier or title"
        return found, ""
    if format == "region":
        if text.upper() not in Region.values:
            return None, "not a region code; a state's two letters (MI) or a country's three (CAN)"
        return text.upper(), ""
    if format == "standing":
        word = STANDING_WORDS.get(text.casefold())
        if word is None:
            return None, f"expected one of {', '.join(STANDING_LABELS.values())}"
        return word, ""
    if format == "membership kind":
        if text.casefold() not in MembershipKind.values:
            return None, f"expected {' or '.join(MembershipKind.values)}"
        return text.casefold(), ""
    return text, ""


def accounts_by_email(emails: Iterable[str]) -> dict[str, User]:
    """The accounts with these emails (compared without case), by folded email. Accounts are
    the installation's, shared by a person across associations."""
    folded = sorted({email.casefold() for email in emails})
    found: dict[str, User] = {}
    for start in range(0, len(folded), CHUNK):
        chunk = folded[start : start + CHUNK]
        for user in User.objects.annotate(folded=Lower("email")).filter(folded__in=chunk):
            found[user.email.casefold()] = user
    return found


def duplicates(plan: Plan, cells: list[tuple[int, dict[str, Any]]], column: str, what: str) -> None:
    """A problem on every row after the first with the same `column` value."""
    first: dict[str, int] = {}
    for number, values in cells:
        value = values[column]
        if value is None:
            continue
        key = str(value).casefold()
        if key in first:
            plan.report.problems.append(
                RowProblem(number, column, str(value), f"the same {what} as row {first[key]}")
            )
        else:
            first[key] = number


def account_for(plan: Plan, email: str, **details: str) -> None:
    """Plan the account of `email`: the one held, or a new unclaimed one with `details`."""
    key = email.casefold()
    if key not in plan.accounts and key not in plan.new_accounts:
        plan.new_accounts[key] = details


def make_accounts(plan: Plan, association: Association, actor: User | None) -> None:
    """The planned unclaimed accounts: no usable password and no verified email, so nobody
    can sign in with one until its person claims it (by verifying the email). Each is recorded
    as `association`'s, whose coordinator may invite its person (`invitations`)."""
    made = [
        # What `set_unusable_password` stores (the prefix and a random tail), made faster than
        # Django's helper does it one character at a time.
        User(email=email, password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30), **details)
        for email, details in plan.new_accounts.items()
    ]
    User.objects.bulk_create(made, batch_size=1000)
    if all(user.pk is not None for user in made):  # the database returned the new keys
        plan.accounts.update({user.email: user for user in made})
    else:
        plan.accounts.update(accounts_by_email(plan.new_accounts))
    _imported(association, [plan.accounts[email].pk for email in plan.new_accounts])
    for email in plan.new_accounts:
        plan.event("import: unclaimed account %s made by %s", email, who(actor))


def _imported(association: Association, people: list[int]) -> None:
    """Record the new accounts as `association`'s imported accounts: one INSERT ... SELECT a
    chunk, not a model instance each (which made the 50,000-row benchmark's apply slower)."""
    table = connection.ops.quote_name(ImportedAccount._meta.db_table)
    users = connection.ops.quote_name(User._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(people), CHUNK):
            chunk = people[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {table} (association_id, person_id, imported_at, invitations) "  # noqa: S608
                f"SELECT %s, id, %s, 0 FROM {users} WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                [association.pk, now, *chunk],
            )


def who(actor: User | None) -> str:
    return actor.email if actor is not None else "the command line"
