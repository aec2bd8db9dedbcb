"""The endorsements file: matched by number; an endorsement issued here from an application
is changed on its page, never by import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from endorse.accounts.models import User
from endorse.applications.enums import CATEGORIES, KIND_LEVELS
from endorse.associations.models import Association
from endorse.eligibility.renewal_standing import standing_on
from endorse.registry.domain import number_prefix
from endorse.registry.models import (
    STANDING_LABELS,
    Endorsement,
    NumberSequence,
    engine_endorsement,
)

from .core import (
    CHUNK,
    NUMBERED,
    REVOKED_REASON,
    Plan,
    PortfolioSource,
    RowProblem,
    account_for,
    accounts_by_email,
    duplicates,
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
    duplicates(plan, cells, "number", "number")
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
    plan.accounts = accounts_by_email(v["email"] for _, v in cells if v["email"])
    holders: dict[str, tuple[int, str]] = {}
    renewal = association.renewal
    for number, values in cells:
        plan.tick()
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
        if values["standing"] is not None:
            # The engine's reading of the dates is made only for a row that states a standing.
            facts = engine_endorsement(
                number=values["number"],
                category=category,
                issued_on=issued,
                reinstated_on=None,
                renewed_through=renewed,
                revoked_at=None,
            )
            facts = replace(facts, revoked_on=revoked)
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
            account_for(plan, email, name=values["holder"])
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


def write_rows(
    plan: Plan, association: Association, actor: User | None, portfolios: PortfolioSource | None
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
            who(actor),
        )
    Endorsement.objects.bulk_create(new, batch_size=1000)
    for endorsement in new:
        plan.event(
            "import: endorsement %s recorded in %s by %s",
            endorsement.number,
            association.slug,
            who(actor),
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
