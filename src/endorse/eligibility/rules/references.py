"""Requirement 6, reference ratings: three completed ratings filling the designation's slots.

Slots are filled by matching, not greedily: a colleague who could fill two slots must not block
an assignment that exists. With at most a handful of completed ratings, every assignment of
ratings to slots is tried; among the fullest, one with a verified endorsed rater is preferred,
then one with a claimed endorsement.
"""

from __future__ import annotations

from ..calendar import is_less_than_a_year_old
from ..policy import Slot
from ..portfolio import Reference
from ..result import MET, NOT_MET, PENDING, Excluded, Requirement, exclude
from .context import AFTER_EVALUATION_DATE, Context, ref

TITLE = "Reference ratings"
NOT_COMPLETED = {
    "requested": "not yet completed",
    "declined": "declined",
    "expired": "request expired",
}


def evaluate_references(ctx: Context) -> Requirement:
    policy = ctx.policy.references
    slots = policy.slots[ctx.kind]
    vetted_counts = policy.vetted_counts[ctx.kind]
    usable: list[tuple[str, Reference]] = []
    excluded: list[Excluded] = []
    waiting = 0
    for index, reference in enumerate(ctx.portfolio.references):
        entry = ref(reference.id, "references", index)
        reason = _void_reason(reference, ctx)
        if reason is None:
            usable.append((entry, reference))
        else:
            excluded.append(exclude(entry, reason))
            waiting += reference.status == "requested"

    assignment = _best_assignment(usable, slots, policy.endorsed_levels, vetted_counts)
    filled = {slot.id: entry for slot, (entry, _) in zip(slots, assignment, strict=True) if entry}
    chosen = [reference for (entry, reference) in assignment if reference is not None]
    filled_count = len(filled)
    open_slots = [slot for slot in slots if slot.id not in filled]
    levels = policy.endorsed_levels
    verified = any(_verified(r, levels) for r in chosen)
    vetted = vetted_counts and any(r.vetted is True for r in chosen)
    claimed = any(_endorsed(r, levels) for r in chosen)
    level_words = ", ".join(sorted(levels))

    missing: list[str] = []
    if filled_count < policy.count:
        status = NOT_MET
        summary = f"{filled_count} of {policy.count} reference ratings complete"
        missing.extend(f"A completed rating from {slot.label}." for slot in open_slots)
        if waiting:
            missing.append(
                f"{waiting} requested {'rating is' if waiting == 1 else 'ratings are'} not yet complete."
            )
    elif verified:
        status, summary = (
            MET,
            f"{filled_count} of {policy.count} ratings, one from a verified endorsed rater",
        )
    elif vetted:
        status, summary = (
            MET,
            f"{filled_count} of {policy.count} ratings, one from a rater the coordinator vetted",
        )
    elif claimed:
        status = PENDING
        summary = (
            f"{filled_count} of {policy.count} ratings; a rater's endorsement awaits verification"
        )
        missing.append("Staff must verify the rater's endorsement.")
    else:
        status = NOT_MET
        summary = f"{filled_count} of {policy.count} ratings, but none from an endorsed rater"
        vetted_words = ", or whom the coordinator has vetted" if vetted_counts else ""
        missing.append(
            f"At least one rating must come from someone endorsed at Level {level_words}"
            f"{vetted_words}."
        )
    used = set(filled.values())
    for entry, _ in usable:
        if entry not in used:
            excluded.append(exclude(entry, "no open slot for this rater's role"))
    return Requirement(
        id="references",
        title=TITLE,
        status=status,
        summary=summary,
        clause=ctx.clause("references", policy.clause),
        have=filled_count,
        need=policy.count,
        unit="ratings",
        counted=[filled[slot.id] for slot in slots if slot.id in filled],
        excluded=excluded,
        missing=missing,
        details={
            "slots": [
                {"id": slot.id, "label": slot.label, "filled_by": filled.get(slot.id)}
                for slot in slots
            ],
            "open_slots": [slot.id for slot in open_slots],
        },
    )


def _void_reason(reference: Reference, ctx: Context) -> str | None:
    """Why a reference does not count, or None when it does."""
    policy = ctx.policy.references
    if reference.status != "completed":
        return {
            "requested": "not yet completed",
            "declined": "declined",
            "expired": "request expired",
        }.get(reference.status, reference.status)
    completed_on = reference.completed_on
    if completed_on is not None and completed_on > ctx.as_of:
        return AFTER_EVALUATION_DATE
    limit = policy.void_not_enough_information
    if limit is not None and reference.not_enough_information >= limit:
        return f"void: {reference.not_enough_information} items answered 'not enough information'"
    if (
        policy.max_age_years is not None
        and completed_on is not None
        and not is_less_than_a_year_old(completed_on, ctx.as_of, policy.max_age_years)
    ):
        return "completed more than a year before the evaluation date"
    if policy.min_known_years is not None and (
        reference.known_years is None or reference.known_years < policy.min_known_years
    ):
        return "rater has known the applicant for less than a year"
    return None


def _endorsed(reference: Reference, levels: frozenset[str]) -> bool:
    endorsement = reference.endorsement
    return endorsement is not None and endorsement.level in levels


def _verified(reference: Reference, levels: frozenset[str]) -> bool:
    endorsement = reference.endorsement
    return endorsement is not None and endorsement.level in levels and endorsement.verified


def _best_assignment(
    usable: list[tuple[str, Reference]],
    slots: tuple[Slot, ...],
    levels: frozenset[str],
    vetted_counts: bool,
) -> list[tuple[str | None, Reference | None]]:
    """The rating for each slot (None where it stays open).

    A backtracking search over the raters whose role fits each slot. Scores compare, in order
    (choice K46): slots filled, a rater who satisfies the endorsed-rater rule among them (a
    verified endorsement, or a vetting where vetting counts), a claimed endorsement among them.
    The search stops at the first assignment that cannot be beaten.
    """
    claimed = [_endorsed(r, levels) for _, r in usable]
    verified = [_verified(r, levels) or (vetted_counts and r.vetted is True) for _, r in usable]
    fits = [[i for i, (_, r) in enumerate(usable) if r.role in slot.roles] for slot in slots]
    perfect = (len(slots), True, True)
    current: list[int | None] = [None] * len(slots)
    best: list[int | None] = list(current)
    best_score: tuple[int, bool, bool] = (-1, False, False)
    used: set[int] = set()

    def visit(k: int) -> None:
        nonlocal best, best_score
        if best_score == perfect:
            return
        if k == len(slots):
            chosen = [i for i in current if i is not None]
            score = (len(chosen), any(verified[i] for i in chosen), any(claimed[i] for i in chosen))
            if score > best_score:
                best, best_score = list(current), score
            return
        for i in fits[k]:
            if i not in used:
                used.add(i)
                current[k] = i
                visit(k + 1)
                used.discard(i)
        current[k] = None
        visit(k + 1)

    visit(0)
    return [usable[i] if i is not None else (None, None) for i in best]
