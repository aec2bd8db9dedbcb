"""The applications file: applications in progress, each row naming a portfolio file
beside the import file; matched by applicant and category."""

from __future__ import annotations

from datetime import date
from typing import Any

from endorse.accounts.models import User
from endorse.applications.domain import application_import, not_offered
from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.eligibility import PortfolioError, known_categories, load_portfolio

from .core import (
    Plan,
    PortfolioSource,
    RowProblem,
    RowsRefused,
    account_for,
    accounts_by_email,
    who,
)


def plan_rows(
    plan: Plan,
    cells: list[tuple[int, dict[str, Any]]],
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> None:
    problems = plan.report.problems
    plan.accounts = accounts_by_email(v["email"] for _, v in cells if v["email"])
    held = {
        (applicant, category)
        for applicant, category in Application.objects.filter(
            applicant__in=[a.pk for a in plan.accounts.values()]
        ).values_list("applicant_id", "category")
    }
    first: dict[tuple[str, str], int] = {}
    offered = known_categories()
    for number, values in cells:
        plan.tick()
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
        account_for(plan, values["email"], name=values["name"] or "")
        plan.report.created += 1
        plan.rows.append(
            {"number": number, "email": key[0], "portfolio": values["portfolio"], "data": data}
        )
    plan.report.accounts_created = len(plan.new_accounts)


def write_rows(
    plan: Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
) -> None:
    for row in plan.rows:
        try:
            application = application_import(
                applicant=plan.accounts[row["email"]], text=row["data"], trusted=True, actor=actor
            )
        except PortfolioError as error:
            # A rule only the import itself checks: the row's problems, and nothing written.
            raise RowsRefused(
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
            who(actor),
        )
