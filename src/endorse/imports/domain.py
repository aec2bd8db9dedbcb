"""The dry run and the apply of an import file (docs/import.md).

`import_check` reads every row of a file against its kind's template and the records already
held, and returns every problem (row, column, value, problem) and what applying would do; it
writes nothing. `import_apply` runs the same check and, when no row has a problem, writes the
whole file in one transaction (all or nothing), in the scope of the association whose records
they are: one audit line per record written, and a summary. Records are matched (endorsements
by number, people by email, memberships by person, association and member number, applications
by applicant and category), so applying the same file again changes nothing.

Nobody is emailed: imported people get an unclaimed account (no usable password, email not
verified), which an invitation, later, lets them claim.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django_scopes import scopes_disabled

from endorse.accounts.domain import membership_add
from endorse.accounts.models import Membership, MembershipKind, User
from endorse.applications.domain import application_import, not_offered
from endorse.applications.enums import CATEGORIES, KIND_LEVELS
from endorse.applications.models import Application
from endorse.associations.enums import Region
from endorse.associations.models import Association
from endorse.eligibility import PortfolioError, known_categories, load_portfolio
from endorse.eligibility.renewal_standing import standing_on
from endorse.registry.domain import number_prefix
from endorse.registry.models import (
    STANDING_LABELS,
    Endorsement,
    NumberSequence,
    engine_endorsement,
)

from .columns import DATE, EMAIL, TEMPLATES, YES_NO, Kind
from .reader import Table

audit = logging.getLogger("endorse.audit")

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


@dataclass
class _Plan:
    """The check's findings, which the apply writes."""

    report: Report
    # Per row: what is written (the kind's own shape).
    rows: list[dict[str, Any]] = field(default_factory=list)
    accounts: dict[str, User] = field(default_factory=dict)  # email (folded) → account
    # Email (folded) → the new account's details (name, phone, residence).
    new_accounts: dict[str, dict[str, str]] = field(default_factory=dict)
    # The audit lines of the records written, logged once the transaction has committed.
    events: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)

    def event(self, message: str, *args: object) -> None:
        self.events.append((message, args))


def import_check(
    *,
    kind: Kind,
    table: Table,
    association: Association,
    today: date | None = None,
    portfolios: PortfolioSource | None = None,
) -> Report:
    """The dry run: every problem of every row, and what applying would do. Writes nothing.
    Call it in `association`'s scope."""
    return _plan(kind, table, association, today or timezone.localdate(), portfolios).report


def import_apply(
    *,
    kind: Kind,
    table: Table,
    association: Association,
    actor: User | None,
    today: date | None = None,
    portfolios: PortfolioSource | None = None,
) -> Report:
    """Check the file, then, when no row has a problem, write it all in one transaction (a
    failure part-way writes nothing). Call it in `association`'s scope."""
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            plan = _plan(kind, table, association, today, portfolios)
            if plan.report.problems:
                return plan.report
            _make_accounts(plan, actor)
            WRITERS[kind](plan, association, actor, portfolios)
            plan.report.applied = True
            plan.event(
                "import applied to %s by %s: %s",
                association.slug,
                _who(actor),
                plan.report.summary(),
            )
            transaction.on_commit(lambda: _log(plan.events))
    except _RowsRefused as refused:
        return Report(kind=kind, rows=len(table.rows), problems=refused.problems)
    return plan.report


def _log(events: list[tuple[str, tuple[object, ...]]]) -> None:
    for message, args in events:
        audit.info(message, *args)


class _RowsRefused(Exception):
    """Rows a writer found wrong part-way: the transaction is rolled back."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _plan(
    kind: Kind,
    table: Table,
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> _Plan:
    plan = _Plan(report=Report(kind=kind, rows=len(table.rows)))
    cells = [
        (number, _formats(kind, number, row, plan.report.problems)) for number, row in table.rows
    ]
    PLANNERS[kind](plan, cells, association, today, portfolios)
    plan.report.problems.sort(key=lambda p: (p.row, _column_order(kind, p.column)))
    if plan.report.problems:
        plan.report.created = plan.report.updated = plan.report.unchanged = 0
        plan.report.accounts_created = 0
    return plan


def _column_order(kind: Kind, column: str) -> int:
    names = [c.name for c in TEMPLATES[kind]]
    return names.index(column) if column in names else -1


def _formats(
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
        value, problem = _read(column.format, text)
        if problem:
            problems.append(RowProblem(number, column.name, text, problem))
        else:
            values[column.name] = value
    return values


def _read(format: str, text: str) -> tuple[Any, str]:
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


def _accounts_by_email(emails: Iterable[str]) -> dict[str, User]:
    """The accounts with these emails (compared without case), by folded email. Accounts are
    the installation's, shared by a person across associations."""
    folded = sorted({email.casefold() for email in emails})
    found: dict[str, User] = {}
    for start in range(0, len(folded), CHUNK):
        chunk = folded[start : start + CHUNK]
        for user in User.objects.annotate(folded=Lower("email")).filter(folded__in=chunk):
            found[user.email.casefold()] = user
    return found


def _duplicates(
    plan: _Plan, cells: list[tuple[int, dict[str, Any]]], column: str, what: str
) -> None:
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


def _account_for(plan: _Plan, email: str, **details: str) -> None:
    """Plan the account of `email`: the one held, or a new unclaimed one with `details`."""
    key = email.casefold()
    if key not in plan.accounts and key not in plan.new_accounts:
        plan.new_accounts[key] = details


# People -----------------------------------------------------------------------------------


def _plan_people(
    plan: _Plan,
    cells: list[tuple[int, dict[str, Any]]],
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> None:
    _duplicates(plan, cells, "email", "email")
    plan.accounts = _accounts_by_email(v["email"] for _, v in cells if v["email"])
    for _number, values in cells:
        if values["email"] is None:
            continue
        account = plan.accounts.get(values["email"].casefold())
        if account is None:
            _account_for(
                plan,
                values["email"],
                name=values["name"] or "",
                phone=values["phone"] or "",
                residence=values["residence"] or "",
            )
            plan.report.created += 1
            continue
        # A held account's own details stand; only what it lacks is filled in.
        filled = {
            name: values[name]
            for name in ("name", "phone", "residence")
            if values[name] and not getattr(account, name)
        }
        if filled:
            plan.report.updated += 1
            plan.rows.append({"account": account, "filled": filled})
        else:
            plan.report.unchanged += 1
    plan.report.accounts_created = len(plan.new_accounts)


def _write_people(
    plan: _Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
) -> None:
    for row in plan.rows:
        account = row["account"]
        for name, value in row["filled"].items():
            setattr(account, name, value)
        account.save(update_fields=list(row["filled"]))
        plan.event(
            "import: %s's %s filled in (in %s, by %s)",
            account.email,
            ", ".join(row["filled"]),
            association.slug,
            _who(actor),
        )


# Endorsements -----------------------------------------------------------------------------


def _plan_endorsements(
    plan: _Plan,
    cells: list[tuple[int, dict[str, Any]]],
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> None:
    problems = plan.report.problems
    _duplicates(plan, cells, "number", "number")
    numbers = sorted({v["number"] for _, v in cells if v["number"]})
    held: dict[str, Endorsement] = {}
    elsewhere: set[str] = set()
    # Numbers are unique across the installation: one held by another association is looked
    # up outside this association's scope, and only its number is read.
    with scopes_disabled():
        for start in range(0, len(numbers), CHUNK):
            chunk = numbers[start : start + CHUNK]
            for endorsement in Endorsement.objects.filter(number__in=chunk).select_related(
                "person"
            ):
                if endorsement.association_id == association.pk:
                    held[endorsement.number] = endorsement
                else:
                    elsewhere.add(endorsement.number)
    plan.accounts = _accounts_by_email(v["email"] for _, v in cells if v["email"])
    holders: dict[str, tuple[int, str]] = {}
    renewal = association.renewal
    for number, values in cells:
        bad = len(problems)
        if values["number"] in elsewhere:
            problems.append(
                RowProblem(
                    number,
                    "number",
                    values["number"],
                    "another association's endorsement has this number",
                )
            )
        issued, renewed, revoked = (
            values["issued_on"],
            values["renewed_through"],
            values["revoked_on"],
        )
        if issued is not None and issued > today:
            problems.append(RowProblem(number, "issued_on", issued.isoformat(), "after today"))
        if renewed is not None:
            if (renewed.month, renewed.day) != (12, 31):
                problems.append(
                    RowProblem(
                        number,
                        "renewed_through",
                        renewed.isoformat(),
                        "a renewal runs through 31 December of a year",
                    )
                )
            if issued is not None and renewed < issued:
                problems.append(
                    RowProblem(
                        number,
                        "renewed_through",
                        renewed.isoformat(),
                        f"before issued_on ({issued.isoformat()})",
                    )
                )
        if revoked is not None and issued is not None and revoked < issued:
            problems.append(
                RowProblem(
                    number,
                    "revoked_on",
                    revoked.isoformat(),
                    f"before issued_on ({issued.isoformat()})",
                )
            )
        email = values["email"]
        if email is not None and values["holder"]:
            key = email.casefold()
            if key in holders and holders[key][1].casefold() != values["holder"].casefold():
                first, name = holders[key]
                problems.append(
                    RowProblem(
                        number,
                        "email",
                        email,
                        f"row {first} gives this email to {name}, not {values['holder']}",
                    )
                )
            holders.setdefault(key, (number, values["holder"]))
        if len(problems) > bad or None in (values["number"], values["category"], issued):
            continue
        category = values["category"]
        facts = engine_endorsement(
            number=values["number"],
            category=category,
            issued_on=issued,
            reinstated_on=None,
            renewed_through=renewed,
            revoked_at=None,
        )
        facts = replace(facts, revoked_on=revoked)
        if values["standing"] is not None:
            word = standing_on(facts, renewal, today).word
            if word != values["standing"]:
                problems.append(
                    RowProblem(
                        number,
                        "standing",
                        STANDING_LABELS[values["standing"]],
                        f"the dates give {STANDING_LABELS[word]} today",
                    )
                )
                continue
        wanted = {
            "name": values["holder"],
            "level": KIND_LEVELS[CATEGORIES[category].kind],
            "category": CATEGORIES[category].title,
            "issued_on": issued,
            "renewed_through": renewed,
            "revoked_on": revoked,
            "listed": values["listed"],
            "email": email.casefold() if email else None,
            "category_id": category,
        }
        if email is not None:
            _account_for(plan, email, name=values["holder"])
        found = held.get(values["number"])
        if found is None:
            plan.report.created += 1
            plan.rows.append({"number": values["number"], "wanted": wanted})
            continue
        changed = _endorsement_changes(found, wanted)
        if changed and found.application_id is not None:
            problems.append(
                RowProblem(
                    number,
                    "number",
                    values["number"],
                    "issued here from an application, and the row differs from it "
                    f"({', '.join(changed)}); change it on its page, not by import",
                )
            )
            continue
        if changed:
            plan.report.updated += 1
            plan.rows.append({"endorsement": found, "wanted": wanted, "changed": changed})
        else:
            plan.report.unchanged += 1
    plan.report.accounts_created = len(plan.new_accounts)


def _endorsement_changes(found: Endorsement, wanted: dict[str, Any]) -> list[str]:
    held_revoked = timezone.localdate(found.revoked_at) if found.revoked_at else None
    changed = [
        name
        for name in ("name", "level", "category", "issued_on", "renewed_through", "listed")
        if getattr(found, name) != wanted[name]
    ]
    if held_revoked != wanted["revoked_on"]:
        changed.append("revoked_on")
    holder_email = found.person.email.casefold() if found.person else None
    if wanted["email"] is not None and holder_email != wanted["email"]:
        changed.append("email")
    return changed


def _write_endorsements(
    plan: _Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
) -> None:
    new: list[Endorsement] = []
    for row in plan.rows:
        wanted = row["wanted"]
        person = plan.accounts[wanted["email"]] if wanted["email"] else None
        revoked_at = _revoked_at(wanted["revoked_on"])
        if "endorsement" not in row:
            new.append(
                Endorsement(
                    association=association,
                    number=row["number"],
                    name=wanted["name"],
                    level=wanted["level"],
                    category=wanted["category"],
                    person=person,
                    issued_on=wanted["issued_on"],
                    renewed_through=wanted["renewed_through"],
                    revoked_at=revoked_at,
                    revoked_reason=REVOKED_REASON if revoked_at else "",
                    listed=wanted["listed"],
                )
            )
            continue
        endorsement = row["endorsement"]
        fields = [name for name in row["changed"] if name not in ("email", "revoked_on")]
        for name in fields:
            setattr(endorsement, name, wanted[name])
        if "revoked_on" in row["changed"]:
            endorsement.revoked_at = revoked_at
            endorsement.revoked_reason = REVOKED_REASON if revoked_at else ""
            fields += ["revoked_at", "revoked_reason"]
        if "email" in row["changed"]:
            endorsement.person = person
            fields.append("person")
        endorsement.save(update_fields=fields)
        plan.event(
            "import: endorsement %s updated (%s) in %s by %s",
            endorsement.number,
            ", ".join(row["changed"]),
            association.slug,
            _who(actor),
        )
    Endorsement.objects.bulk_create(new, batch_size=1000)
    for endorsement in new:
        plan.event(
            "import: endorsement %s recorded in %s by %s",
            endorsement.number,
            association.slug,
            _who(actor),
        )
    _sequences_above(
        [row.get("number") or row["endorsement"].number for row in plan.rows], association
    )


def _revoked_at(revoked_on: date | None) -> datetime | None:
    """A revocation day as the moment stored: noon of the day in the installation's time zone
    (its local date is the day again)."""
    if revoked_on is None:
        return None
    return datetime.combine(
        revoked_on, time(12), tzinfo=timezone.get_current_timezone()
    ).astimezone(UTC)


def _sequences_above(numbers: Iterable[str], association: Association) -> None:
    """Move the number sequence of each of the association's prefixes above the highest
    imported number of that prefix, so numbers issued next continue above it."""
    prefixes = {number_prefix(category, association.number_prefix) for category in CATEGORIES}
    highest: dict[str, int] = defaultdict(int)
    for number in numbers:
        match = NUMBERED.fullmatch(number)
        if match and match["prefix"] in prefixes:
            highest[match["prefix"]] = max(highest[match["prefix"]], int(match["n"]))
    for prefix, high in highest.items():
        NumberSequence.objects.get_or_create(prefix=prefix)
        NumberSequence.objects.filter(prefix=prefix, last__lt=high).update(last=high)


# Members ----------------------------------------------------------------------------------


def _plan_members(
    plan: _Plan,
    cells: list[tuple[int, dict[str, Any]]],
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> None:
    problems = plan.report.problems
    plan.accounts = _accounts_by_email(v["email"] for _, v in cells if v["email"])
    held: dict[tuple[int, str, str], Membership] = {}
    people = [account.pk for account in plan.accounts.values()]
    for start in range(0, len(people), CHUNK):
        for membership in Membership.objects.filter(person__in=people[start : start + CHUNK]):
            held.setdefault(
                _membership_key(membership.person_id, membership.association, membership.member_id),
                membership,
            )
    first: dict[tuple[int, str, str], int] = {}
    for number, values in cells:
        if values["email"] is None or values["association"] is None:
            continue
        account = plan.accounts.get(values["email"].casefold())
        if account is None:
            problems.append(
                RowProblem(
                    number,
                    "email",
                    values["email"],
                    "no account has this email; import the people file first",
                )
            )
            continue
        key = _membership_key(account.pk, values["association"], values["member_id"] or "")
        if key in first:
            problems.append(
                RowProblem(
                    number,
                    "member_id",
                    values["member_id"] or "",
                    f"the same person, association and member number as row {first[key]}",
                )
            )
            continue
        first[key] = number
        wanted = {
            "kind": values["kind"] or MembershipKind.INDIVIDUAL,
            "expires_on": values["expires_on"],
        }
        found = held.get(key)
        if found is None:
            plan.report.created += 1
            plan.rows.append({"account": account, "values": values, "wanted": wanted})
        elif any(getattr(found, name) != value for name, value in wanted.items()):
            plan.report.updated += 1
            plan.rows.append({"membership": found, "wanted": wanted})
        else:
            plan.report.unchanged += 1


def _membership_key(person: int, association: str, member_id: str) -> tuple[int, str, str]:
    return (person, association.strip().casefold(), member_id.strip().casefold())


def _write_members(
    plan: _Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
) -> None:
    for row in plan.rows:
        wanted = row["wanted"]
        if "membership" in row:
            membership = row["membership"]
            for name, value in wanted.items():
                setattr(membership, name, value)
            membership.save(update_fields=list(wanted))
            verb = "updated"
        else:
            values = row["values"]
            membership = membership_add(
                person=row["account"],
                association=values["association"],
                member_id=values["member_id"] or "",
                kind=wanted["kind"],
                expires_on=wanted["expires_on"],
            )
            verb = "recorded"
        plan.event(
            "import: membership %s of %s %s in %s by %s",
            membership.pk,
            membership.person.email,
            verb,
            association.slug,
            _who(actor),
        )


# Applications -----------------------------------------------------------------------------


def _plan_applications(
    plan: _Plan,
    cells: list[tuple[int, dict[str, Any]]],
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> None:
    problems = plan.report.problems
    plan.accounts = _accounts_by_email(v["email"] for _, v in cells if v["email"])
    held = {
        (applicant, category)
        for applicant, category in Application.objects.filter(
            applicant__in=[a.pk for a in plan.accounts.values()]
        ).values_list("applicant_id", "category")
    }
    first: dict[tuple[str, str], int] = {}
    offered = known_categories()
    for number, values in cells:
        if values["portfolio"] is None:
            continue
        data = portfolios(values["portfolio"]) if portfolios is not None else None
        if data is None:
            problems.append(
                RowProblem(
                    number, "portfolio", values["portfolio"], "no such file beside the import file"
                )
            )
            continue
        try:
            portfolio = load_portfolio(data, known_categories=offered)
        except PortfolioError as error:
            for found in error.problems:
                problems.append(RowProblem(number, "portfolio", values["portfolio"], str(found)))
            continue
        if refusal := not_offered(portfolio.category):
            problems.append(RowProblem(number, "portfolio", values["portfolio"], refusal))
            continue
        if values["email"] is None:
            continue
        key = (values["email"].casefold(), portfolio.category)
        if key in first:
            problems.append(
                RowProblem(
                    number,
                    "portfolio",
                    values["portfolio"],
                    f"row {first[key]} imports this applicant's {portfolio.category} application",
                )
            )
            continue
        first[key] = number
        own = [
            index
            for index, rater in enumerate(portfolio.references)
            if (rater.email or "").strip().casefold() == key[0]
        ]
        if own:
            problems.append(
                RowProblem(
                    number,
                    "email",
                    values["email"],
                    f"the portfolio's rater references.{own[0]} has this email; a rater must be "
                    "someone else",
                )
            )
            continue
        account = plan.accounts.get(key[0])
        if account is not None and (account.pk, portfolio.category) in held:
            plan.report.unchanged += 1
            continue
        _account_for(plan, values["email"], name=values["name"] or "")
        plan.report.created += 1
        plan.rows.append(
            {"number": number, "email": key[0], "portfolio": values["portfolio"], "data": data}
        )
    plan.report.accounts_created = len(plan.new_accounts)


def _write_applications(
    plan: _Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
) -> None:
    for row in plan.rows:
        try:
            application = application_import(
                applicant=plan.accounts[row["email"]], text=row["data"], trusted=True, actor=actor
            )
        except PortfolioError as error:
            # A rule only the import itself checks: the row's problems, and nothing written.
            raise _RowsRefused(
                [
                    RowProblem(row["number"], "portfolio", row["portfolio"], str(found))
                    for found in error.problems
                ]
            ) from None
        plan.event(
            "import: application %s of %s recorded from %s in %s by %s",
            application.pk,
            row["email"],
            row["portfolio"],
            association.slug,
            _who(actor),
        )


# Accounts ---------------------------------------------------------------------------------


def _make_accounts(plan: _Plan, actor: User | None) -> None:
    """The planned unclaimed accounts: no usable password and no verified email, so nobody
    can sign in with one until its person claims it (by verifying the email)."""
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
        plan.accounts.update(_accounts_by_email(plan.new_accounts))
    for email in plan.new_accounts:
        plan.event("import: unclaimed account %s made by %s", email, _who(actor))


def _who(actor: User | None) -> str:
    return actor.email if actor is not None else "the command line"


PLANNERS = {
    Kind.PEOPLE: _plan_people,
    Kind.ENDORSEMENTS: _plan_endorsements,
    Kind.MEMBERS: _plan_members,
    Kind.APPLICATIONS: _plan_applications,
}
WRITERS = {
    Kind.PEOPLE: _write_people,
    Kind.ENDORSEMENTS: _write_endorsements,
    Kind.MEMBERS: _write_members,
    Kind.APPLICATIONS: _write_applications,
}
