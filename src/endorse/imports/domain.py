"""The dry run and the apply of an import file (docs/import.md).

`import_check` reads every row of a file against its kind's template and the records already
held, and returns every problem (row, column, value, problem) and what applying would do; it
writes nothing. `import_apply` runs the same check and, when no row has a problem, writes the
whole file in one transaction (all or nothing), in the scope of the association whose records
they are: one audit line per record written, and a summary. Records are matched (endorsements
by number, people by email, memberships by person, association and member number, applications
by applicant and category), so applying the same file again changes nothing.

Each kind reads and writes in its own module (`people`, `endorsements`, `members`,
`applications`) over what they share (`core`).

Nobody is emailed: imported people get an unclaimed account (no usable password, email not
verified), which an invitation, later, lets them claim.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from endorse.accounts.models import User
from endorse.associations.models import Association

from . import applications, endorsements, members, people
from .columns import TEMPLATES, Kind
from .core import (
    Plan,
    PortfolioSource,
    Progress,
    Report,
    RowProblem,
    RowsRefused,
    formats,
    make_accounts,
    report_csv,
    who,
)
from .reader import Table

__all__ = ["Report", "RowProblem", "import_apply", "import_check", "report_csv"]

audit = logging.getLogger("endorse.audit")


def import_check(
    *,
    kind: Kind,
    table: Table,
    association: Association,
    today: date | None = None,
    portfolios: PortfolioSource | None = None,
    progress: Progress | None = None,
) -> Report:
    """The dry run: every problem of every row, and what applying would do. Writes nothing.
    `progress` is told the rows checked so far as the check goes. Call it in `association`'s
    scope."""
    today = today or timezone.localdate()
    return _plan(kind, table, association, today, portfolios, progress).report


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
            make_accounts(plan, association, actor)
            WRITERS[kind](plan, association, actor, portfolios)
            plan.report.applied = True
            plan.event(
                "import applied to %s by %s: %s",
                association.slug,
                who(actor),
                plan.report.summary(),
            )
            transaction.on_commit(lambda: _log(plan.events))
    except RowsRefused as refused:
        return Report(kind=kind, rows=len(table.rows), problems=refused.problems)
    return plan.report


def _log(events: list[tuple[str, tuple[object, ...]]]) -> None:
    for message, args in events:
        audit.info(message, *args)


def _plan(
    kind: Kind,
    table: Table,
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
    progress: Progress | None = None,
) -> Plan:
    plan = Plan(report=Report(kind=kind, rows=len(table.rows)), progress=progress)
    cells = [
        (number, formats(kind, number, row, plan.report.problems)) for number, row in table.rows
    ]
    PLANNERS[kind](plan, cells, association, today, portfolios)
    if progress is not None:
        progress(len(table.rows))
    plan.report.problems.sort(key=lambda p: (p.row, _column_order(kind, p.column)))
    if plan.report.problems:
        plan.report.created = plan.report.updated = plan.report.unchanged = 0
        plan.report.accounts_created = 0
    return plan


def _column_order(kind: Kind, column: str) -> int:
    names = [c.name for c in TEMPLATES[kind]]
    return names.index(column) if column in names else -1


PLANNERS = {
    Kind.PEOPLE: people.plan_rows,
    Kind.ENDORSEMENTS: endorsements.plan_rows,
    Kind.MEMBERS: members.plan_rows,
    Kind.APPLICATIONS: applications.plan_rows,
}
WRITERS = {
    Kind.PEOPLE: people.write_rows,
    Kind.ENDORSEMENTS: endorsements.write_rows,
    Kind.MEMBERS: members.write_rows,
    Kind.APPLICATIONS: applications.write_rows,
}
