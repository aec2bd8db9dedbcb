"""Requirement 5, reflective supervision/consultation (RS/C) received.

The requirement is met by some set of counted entries that all lie inside one window of at
least one and at most two calendar years, totalling the hours the policy asks for. Entries count
whole. The search looks at every start date `a` an entry has: the set with the most hours that
starts there is every counted entry that starts on or after `a` and ends by the two-year limit
of `a`. A sweep from the latest start to the earliest keeps that set in a max-heap keyed by end
date: each entry joins once and leaves once, so the search is O(n log n).

Under policies with provider rules (2024), each such set is split further by provider: one main
provider with more than half of the hours, and at most `max_other_providers` others.
"""

from __future__ import annotations

import heapq
from datetime import date
from decimal import Decimal
from itertools import combinations
from typing import NamedTuple

from ..calendar import shift_days, span_end, span_end_ordinal, span_end_ordinals
from ..policy import RscRule
from ..result import MET, NOT_MET, NOT_REQUIRED, Excluded, Requirement, exclude
from .context import AFTER_EVALUATION_DATE, BAND_MISMATCH, Context, day_text, hours_text

TITLE = "Reflective supervision/consultation"
FOCUS_LABELS = {
    "rsc_provided": "about the RS/C you provide to others",
    "own_practice": "about your own practice",
}


class _Item(NamedTuple):
    # Field order is sort order: by start, then end, hours and reference (deterministic).
    start_ord: int
    end_ord: int
    hours: Decimal
    ref: str
    start: date
    end: date
    focus: str
    provider: str


# Building a NamedTuple through tuple.__new__ skips its Python-level constructor (most of its cost).
_new_tuple = tuple.__new__


class Window(NamedTuple):
    """A set of counted entries and the span they cover."""

    start: date
    end: date
    hours: Decimal
    items: tuple[_Item, ...]

    def focus_hours(self, focus: str) -> Decimal:
        return sum((item.hours for item in self.items if item.focus == focus), Decimal(0))


def evaluate_rsc(ctx: Context) -> Requirement:
    section = ctx.policy.rsc
    policy = section.by_kind[ctx.kind]
    clause = ctx.clause("rsc", section.clause_by_kind.get(ctx.kind, section.clause))
    as_of = ctx.as_of
    items: list[_Item] = []
    excluded: list[Excluded] = []
    waiting_for_approval = 0
    exclude_peer = policy.exclude_peer
    endorsements = (
        ctx.policy.with_twins(policy.provider_endorsements)
        if policy.provider_endorsements is not None
        else None
    )
    ers_with = ctx.policy.with_twins(policy.ers_with)
    for index, entry in enumerate(ctx.portfolio.rsc):
        entry_ref = entry.id if entry.id is not None else f"rsc.{index}"
        provider = entry.provider
        # The first reason that applies, in RULES.md's order.
        if entry.start_on > as_of:
            excluded.append(exclude(entry_ref, AFTER_EVALUATION_DATE))
        elif not ctx.matches_band(entry.age_bands):
            excluded.append(exclude(entry_ref, BAND_MISMATCH))
        elif not provider.approved:
            excluded.append(exclude(entry_ref, "provider not approved"))
            waiting_for_approval += 1
        elif entry.peer and exclude_peer:
            excluded.append(exclude(entry_ref, "peer supervision"))
        elif (
            endorsements is not None
            and provider.endorsement not in endorsements
            and not (provider.ers and provider.endorsement in ers_with)
        ):
            excluded.append(exclude(entry_ref, _endorsement_reason(policy, provider.endorsement)))
        else:
            end = as_of if entry.end_on is None or entry.end_on > as_of else entry.end_on
            items.append(
                _new_tuple(
                    _Item,
                    (
                        entry.start_on.toordinal(),
                        end.toordinal(),
                        entry.hours,
                        entry_ref,
                        entry.start_on,
                        end,
                        entry.focus,
                        provider.name,
                    ),
                )
            )

    if policy.hours is None:
        return _hours_only(ctx, clause, items, excluded)
    qualifying, best = _search(items, policy)
    window = qualifying or best
    met = qualifying is not None
    required = policy.required
    need = policy.hours
    have = window.hours if window else Decimal(0)
    in_window = {item.ref for item in window.items} if window else set()
    excluded += [
        exclude(item.ref, "outside the window counted")
        for item in items
        if item.ref not in in_window
    ]

    earliest_on: date | None = None
    missing: list[str] = []
    span_words = f"{policy.min_years}–{policy.max_years} year window"
    if met:
        assert window is not None
        summary = (
            f"{hours_text(have)} hours from {day_text(window.start)} to {day_text(window.end)}"
        )
    elif window is None or have < need:
        summary = f"{hours_text(have)} of {hours_text(need)} hours of reflective supervision/consultation in a {span_words}"
        missing.append(
            f"{hours_text(need - have)} more hours of RS/C from an approved provider within a {span_words}."
        )
    else:
        short_focus = [(f, n) for f, n in policy.focus_hours if window.focus_hours(f) < n]
        if short_focus:
            focus, focus_need = short_focus[0]
            got = window.focus_hours(focus)
            summary = f"{hours_text(got)} of {hours_text(focus_need)} hours {FOCUS_LABELS.get(focus, focus)}"
            missing.append(
                f"{hours_text(focus_need - got)} more hours of RS/C {FOCUS_LABELS.get(focus, focus)}."
            )
        else:
            # Enough hours, but the supervision has not yet run for the minimum span.
            earliest_on = max(span_end(window.start, policy.min_years), shift_days(as_of, 1))
            years = "a year" if policy.min_years == 1 else f"{policy.min_years} years"
            summary = (
                f"{hours_text(have)} hours from {day_text(window.start)} to {day_text(window.end)}: "
                f"not yet {years} of supervision"
            )
            missing.append(
                f"Continue RS/C until {day_text(earliest_on)}: it must span at least {policy.min_years} year."
            )
    if waiting_for_approval:
        missing.append(
            f"{waiting_for_approval} RS/C {'entry waits' if waiting_for_approval == 1 else 'entries wait'} "
            "for staff to approve the provider."
        )

    status = (MET if met else NOT_MET) if required else NOT_REQUIRED
    if not required:
        verdict = "would be met" if met else "would not be met"
        summary = f"{ctx.not_required_words()}; {hours_text(have)} hours recorded, the window rule {verdict}"
        missing = []
        earliest_on = None
    details: dict[str, object] = {
        "window": None,
        "would_be_met": met,
        "window_rule_met": met,
        "min_years": policy.min_years,
        "max_years": policy.max_years,
    }
    if window is not None:
        details["window"] = {
            "start_on": window.start,
            "end_on": window.end,
            "hours": window.hours,
            "entries": [item.ref for item in window.items],
            "focus_hours": {focus: window.focus_hours(focus) for focus, _ in policy.focus_hours},
        }
    return Requirement(
        id="rsc",
        title=TITLE,
        status=status,
        summary=summary,
        clause=clause,
        have=have,
        need=need,
        unit="hours",
        earliest_on=earliest_on,
        counted=[item.ref for item in window.items] if window else [],
        excluded=excluded,
        missing=missing,
        details=details,
    )


def _hours_only(
    ctx: Context, clause: str, items: list[_Item], excluded: list[Excluded]
) -> Requirement:
    """A kind with no hours figure (IFA, ECFA): the hours of the entries that would count, with
    no window and no need."""
    have = sum((item.hours for item in items), Decimal(0))
    return Requirement(
        id="rsc",
        title=TITLE,
        status=NOT_REQUIRED,
        summary=f"{ctx.not_required_words()}; {hours_text(have)} hours recorded",
        clause=clause,
        have=have,
        need=None,
        unit="hours",
        counted=[item.ref for item in items],
        excluded=excluded,
        details={"window": None, "would_be_met": None, "window_rule_met": None},
    )


def _endorsement_reason(policy: RscRule, held: str | None) -> str:
    assert policy.provider_endorsements is not None
    needed = sorted(policy.provider_endorsements)
    if policy.ers_with:
        needed.append(f"{' or '.join(sorted(policy.ers_with))} with ERS")
    words = ", ".join(needed[:-1]) + f" or {needed[-1]}" if len(needed) > 1 else needed[0]
    return f"provider's endorsement: {held or 'none'}; needs {words}"


def _search(items: list[_Item], policy: RscRule) -> tuple[Window | None, Window | None]:
    """(the best qualifying window or None, the best window of any span up to the maximum).

    Best means most hours; on a tie, the earliest start.
    """
    ordered = sorted(items)
    simple = policy.max_other_providers is None and not policy.focus_hours
    assert policy.hours is not None
    max_years, min_years, need = policy.max_years, policy.min_years, policy.hours
    # Parallel lists: the sweep reads them once per step, cheaper than tuple attributes.
    starts = [item.start_ord for item in ordered]
    ends = [item.end_ord for item in ordered]
    hours = [item.hours for item in ordered]
    push, pop = heapq.heappush, heapq.heappop
    heap: list[tuple[int, int]] = []  # (−end ordinal, position in `ordered`): a max-heap on end
    alive_hours = Decimal(0)
    # Under provider rules, each provider's share of the alive entries.
    alive = _Providers(ordered, policy)
    # In the simple case a candidate is (start position, end ordinal, hours).
    best_simple: tuple[int, int, Decimal] | None = None
    qualifying_simple: tuple[int, int, Decimal] | None = None
    # Otherwise a candidate is (hours, the heap as it was, main provider, other providers): it
    # becomes a Window only at the end, for the two kept (most are replaced by a later one).
    qualifying: _Candidate | None = None
    best: _Candidate | None = None
    group_added = False
    limits = span_end_ordinals(max_years)
    for position in range(len(ordered) - 1, -1, -1):
        start = starts[position]
        limit = limits.get(start) or span_end_ordinal(start, max_years)
        if ends[position] <= limit:
            push(heap, (-ends[position], position))
            alive_hours += hours[position]
            if not simple:
                alive.add(position)
            group_added = True
        while heap and -heap[0][0] > limit:
            gone = pop(heap)[1]
            alive_hours -= hours[gone]
            if not simple:
                alive.remove(gone)
        if position and starts[position - 1] == start:
            continue  # the set starting here is complete only once its whole start group has joined
        if not (group_added and heap):
            continue
        group_added = False
        if simple:
            end_ord = -heap[0][0]
            if best_simple is None or alive_hours >= best_simple[2]:
                best_simple = (position, end_ord, alive_hours)
            if (
                (qualifying_simple is None or alive_hours >= qualifying_simple[2])
                and alive_hours >= need
                and end_ord >= span_end_ordinal(start, min_years)
            ):
                qualifying_simple = (position, end_ord, alive_hours)
            continue
        snapshot: list[tuple[int, int]] | None = None
        for group_hours, main, chosen in _provider_choices(alive.hours, alive_hours, policy):
            if best is None or group_hours >= best[0]:
                snapshot = snapshot or heap.copy()
                best = (group_hours, snapshot, main, chosen)
            if (
                (qualifying is None or group_hours >= qualifying[0])
                and group_hours >= need
                and alive.qualifies(main, chosen)
            ):
                snapshot = snapshot or heap.copy()
                qualifying = (group_hours, snapshot, main, chosen)
    if simple:
        best_window = _with_members(best_simple, ordered, max_years)
        if qualifying_simple == best_simple:
            return best_window, best_window
        return _with_members(qualifying_simple, ordered, max_years), best_window
    return _candidate_window(qualifying, ordered), _candidate_window(best, ordered)


# A candidate set under provider rules: (hours, the heap it was found in, main provider or None
# for every alive entry, the other providers).
type _Candidate = tuple[Decimal, list[tuple[int, int]], str | None, tuple[str, ...]]


def _provider_choices(
    provider_hours: dict[str, Decimal], alive_hours: Decimal, policy: RscRule
) -> list[tuple[Decimal, str | None, tuple[str, ...]]]:
    """The sets a window allows under provider rules, as (hours, main provider, other providers),
    in the order `_provider_sets` gives them: one main provider holding more than half of the
    hours, plus at most `max_other_providers` others; each provider's entries taken whole. With
    no provider rule, the one set of every alive entry (main None)."""
    if policy.max_other_providers is None:
        return [(alive_hours, None, ())]
    choices: list[tuple[Decimal, str | None, tuple[str, ...]]] = []
    names = sorted(provider_hours)
    if policy.max_other_providers == 1:
        # The usual rule, spelled out: the main provider alone, then with each other one.
        single = policy.single_main_provider
        for main in names:
            main_hours = provider_hours[main]
            if not single or main_hours > 0:
                choices.append((main_hours, main, ()))
            for name in names:
                if name != main and (not single or main_hours > provider_hours[name]):
                    choices.append((main_hours + provider_hours[name], main, (name,)))
        return choices
    for main in names:
        main_hours = provider_hours[main]
        others = [name for name in names if name != main]
        for size in range(policy.max_other_providers + 1):
            for chosen in combinations(others, size):
                other_hours = sum((provider_hours[name] for name in chosen), Decimal(0))
                if policy.single_main_provider and not main_hours > other_hours:
                    continue
                choices.append((main_hours + other_hours, main, chosen))
    return choices


class _Providers:
    """Each provider's share of the sweep's alive entries, kept as entries join and leave: hours,
    hours by the policy's focus, and (to check a set's span) the earliest start and latest end,
    read from a stack of starts and a heap of ends that drop departed entries when read."""

    def __init__(self, ordered: list[_Item], policy: RscRule) -> None:
        self.ordered = ordered
        self.min_years = policy.min_years
        self.focus_needs = policy.focus_hours
        self.focuses = {focus for focus, _ in policy.focus_hours}
        self.alive = bytearray(len(ordered))
        self.hours: dict[str, Decimal] = {}
        self.count: dict[str, int] = {}
        self.focus_hours: dict[tuple[str, str], Decimal] = {}
        # Entries join in descending start order: the last alive one on the stack starts first.
        self.joined: dict[str, list[int]] = {}
        self.ends: dict[str, list[tuple[int, int]]] = {}  # a max-heap on end, per provider

    def add(self, position: int) -> None:
        item = self.ordered[position]
        name = item.provider
        self.alive[position] = 1
        if name in self.count:
            self.count[name] += 1
            self.hours[name] += item.hours
            self.joined[name].append(position)
            heapq.heappush(self.ends[name], (-item.end_ord, position))
        else:
            self.count[name] = 1
            self.hours[name] = item.hours
            self.joined[name] = [position]
            self.ends[name] = [(-item.end_ord, position)]
        if item.focus in self.focuses:
            key = (name, item.focus)
            self.focus_hours[key] = self.focus_hours.get(key, 0) + item.hours

    def remove(self, position: int) -> None:
        item = self.ordered[position]
        name = item.provider
        self.alive[position] = 0
        self.count[name] -= 1
        if self.count[name]:
            self.hours[name] -= item.hours
        else:
            del self.count[name], self.hours[name], self.joined[name], self.ends[name]
        if item.focus in self.focuses:
            self.focus_hours[name, item.focus] -= item.hours

    def qualifies(self, main: str | None, chosen: tuple[str, ...]) -> bool:
        """`_qualifies` of the set of `main` and `chosen` (every alive entry when `main` is None),
        its hours already checked: the span it covers and its hours by focus."""
        names = list(self.count) if main is None else [main, *chosen]
        for focus, need in self.focus_needs:
            got = sum((self.focus_hours.get((name, focus), 0) for name in names), Decimal(0))
            if got < need:
                return False
        alive, ordered = self.alive, self.ordered
        first = last = None
        for name in names:
            joined = self.joined[name]
            while not alive[joined[-1]]:
                joined.pop()
            ends = self.ends[name]
            while not alive[ends[0][1]]:
                heapq.heappop(ends)
            start, end = ordered[joined[-1]].start_ord, -ends[0][0]
            first = start if first is None or start < first else first
            last = end if last is None or end > last else last
        assert first is not None
        assert last is not None
        return last >= span_end_ordinal(first, self.min_years)


def _candidate_window(candidate: _Candidate | None, ordered: list[_Item]) -> Window | None:
    """The candidate's Window, built as `_provider_sets` and `_window` build it (entries in the
    heap's order within each provider, then sorted by start and end; hours summed in that order)."""
    if candidate is None:
        return None
    _, heap, main, chosen = candidate
    alive = [ordered[p] for _, p in heap]
    if main is None:
        return _window(tuple(alive), sum((i.hours for i in alive), Decimal(0)))
    by_provider: dict[str, list[_Item]] = {}
    for item in alive:
        by_provider.setdefault(item.provider, []).append(item)
    hours = {
        name: sum((i.hours for i in by_provider[name]), Decimal(0)) for name in (main, *chosen)
    }
    other_hours = sum((hours[name] for name in chosen), Decimal(0))
    group = tuple(by_provider[main]) + tuple(i for name in chosen for i in by_provider[name])
    return _window(group, hours[main] + other_hours)


def _with_members(
    found: tuple[int, int, Decimal] | None, ordered: list[_Item], max_years: int
) -> Window | None:
    """The window found by the sweep, with its entries: every counted entry from its start to its
    two-year limit."""
    if found is None:
        return None
    position, end_ord, hours = found
    start = ordered[position]
    limit = span_end_ordinal(start.start_ord, max_years)
    members = tuple([item for item in ordered[position:] if item.end_ord <= limit])
    return Window(start.start, date.fromordinal(end_ord), hours, members)


def _window(group: tuple[_Item, ...], hours: Decimal) -> Window:
    return Window(
        min(i.start for i in group),
        max(i.end for i in group),
        hours,
        tuple(sorted(group, key=lambda i: (i.start, i.end))),
    )
