"""The people file: an account per email (an unclaimed one where none is held); a held
account's own details stand, only what it lacks is filled in."""

from __future__ import annotations

from datetime import date
from typing import Any

from endorse.accounts.models import User
from endorse.associations.models import Association

from .core import Plan, PortfolioSource, account_for, accounts_by_email, duplicates, who


def plan_rows(
    plan: Plan,
    cells: list[tuple[int, dict[str, Any]]],
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> None:
    duplicates(plan, cells, "email", "email")
    plan.accounts = accounts_by_email(v["email"] for _, v in cells if v["email"])
    for _number, values in cells:
        plan.tick()
        if values["email"] is None:
            continue
        account = plan.accounts.get(values["email"].casefold())
        if account is None:
            account_for(
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


def write_rows(
    plan: Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
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
            who(actor),
        )
