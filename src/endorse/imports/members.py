"""The members file: memberships matched by person, association and member number."""

from __future__ import annotations

from datetime import date
from typing import Any

from endorse.accounts.domain import membership_add
from endorse.accounts.models import Membership, MembershipKind, User
from endorse.associations.models import Association

from .core import CHUNK, Plan, PortfolioSource, RowProblem, accounts_by_email, who


def plan_rows(
    plan: Plan,
    cells: list[tuple[int, dict[str, Any]]],
    association: Association,
    today: date,
    portfolios: PortfolioSource | None,
) -> None:
    problems = plan.report.problems
    plan.accounts = accounts_by_email(v["email"] for _, v in cells if v["email"])
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
        plan.tick()
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


def write_rows(
    plan: Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
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
            who(actor),
        )
