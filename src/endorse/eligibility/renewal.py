"""The renewal evaluator: a renewal file and a renewal policy in, an explained verdict out
(RULES-renewal.md 5 to 7, result format `imh-renewal-result/1`).

Three kinds of file: a `renewal` (section 5), a `reinstatement` after lapse (section 6) and a
`reactivation` after an inactive period (section 7). Each requirement is reported met, not met,
pending or not required, with what the holder has, what is needed, what counted, what did not
and why, and what is still missing. The engine never reads the clock: callers pass `today`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from .calendar import add_years
from .parse import decode_json
from .policy import Category, load_policy
from .portfolio import Portfolio, Reference, Supervision
from .renewal_file import RenewalFile
from .renewal_parse import CATEGORY_POLICY, ReadRenewal, read_renewal
from .renewal_policy import RenewalPolicy
from .renewal_standing import RenewalDates, Standing
from .result import (
    MET,
    NOT_MET,
    NOT_REQUIRED,
    PENDING,
    Excluded,
    Part,
    Requirement,
    Status,
    _requirement_data,
    exclude,
)
from .rules.context import AFTER_EVALUATION_DATE, Context, day_text, hours_text, ref
from .rules.references import evaluate_references

RENEWAL_RESULT_FORMAT = "imh-renewal-result/1"
SUCCESS = {"renewal": "renewable", "reinstatement": "reinstatable", "reactivation": "reactivatable"}
OUTSIDE = {
    "renewal": "outside the renewal period",
    "reinstatement": "outside the time since the lapse",
    "reactivation": "outside the year before the request",
}


@dataclass(slots=True)
class RenewalResult:
    kind: str
    policy: str
    category: str
    category_title: str
    number: str
    as_of: date
    standing: str
    lapsed_on: date | None
    dates: RenewalDates
    late: bool
    overall: str
    requirements: list[Requirement]
    evaluation_period: tuple[date, date] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def requirement(self, requirement_id: str) -> Requirement:
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)

    def to_data(self) -> dict[str, Any]:
        """The result in the `imh-renewal-result/1` exchange format, ready for `json.dumps`."""
        dates = self.dates
        data: dict[str, Any] = {
            "format": RENEWAL_RESULT_FORMAT,
            "kind": self.kind,
            "policy": self.policy,
            "category": self.category,
            "as_of": self.as_of.isoformat(),
            "standing": self.standing,
            "lapsed_on": self.lapsed_on.isoformat() if self.lapsed_on else None,
            "base_on": dates.base_on.isoformat(),
            "first_deadline": dates.first_deadline.isoformat(),
            "deadline": dates.deadline.isoformat(),
            "window_opens_on": dates.window_opens_on.isoformat(),
            "grace_ends_on": dates.grace_ends_on.isoformat(),
            "period_owed": {
                "start_on": dates.period_start.isoformat(),
                "end_on": dates.period_end.isoformat(),
            },
            "years_owed": dates.years_owed,
        }
        if self.evaluation_period is not None:
            start, end = self.evaluation_period
            data["evaluation_period"] = {"start_on": start.isoformat(), "end_on": end.isoformat()}
        data["late"] = self.late
        data["overall"] = self.overall
        data["requirements"] = [_requirement_data(r) for r in self.requirements]
        return data


@dataclass(frozen=True, slots=True)
class _Ctx:
    file: RenewalFile
    policy: RenewalPolicy
    as_of: date
    standing: Standing
    category: Category
    # The window entries must lie in, and the years owed that multiply the needs.
    start: date
    end: date
    years: int

    @property
    def kind(self) -> str:
        return self.file.kind

    @property
    def outside(self) -> str:
        """Why an entry dated outside the window does not count."""
        if self.kind == "reinstatement" and self.policy.reinstatement.model == "attestation":
            return OUTSIDE["reactivation"]
        return OUTSIDE[self.kind]

    @property
    def abbr(self) -> str:
        return self.category.abbr

    def rsc_category(self) -> bool:
        return self.abbr in self.policy.rsc.categories


def check_renewal_text(
    text: str | bytes,
    *,
    policy: RenewalPolicy | str | None = None,
    as_of: date | None = None,
    today: date | None = None,
) -> RenewalResult:
    """Parse, check and evaluate a renewal file's text: what `endorse check` does with one.

    Raises `RenewalError` naming the field when the file is refused."""
    return evaluate_renewal(
        read_renewal(decode_json(text), policy=policy, as_of=as_of, today=today)
    )


def evaluate_renewal(read: ReadRenewal) -> RenewalResult:
    """Evaluate a renewal file that `read_renewal` accepted."""
    renewal, policy, as_of, standing = read.file, read.policy, read.as_of, read.standing
    dates = standing.dates
    category = load_policy(CATEGORY_POLICY).category(renewal.endorsement.category)
    evaluation_period: tuple[date, date] | None = None
    if renewal.kind == "renewal":
        start, end, years = dates.period_start, dates.period_end, dates.years_owed
    elif renewal.kind == "reactivation":
        # RULES-renewal.md 7: a one-year look-back, `k` = 1 (choice R20).
        start, end, years = add_years(as_of, -policy.inactive.look_back_years), as_of, 1
        evaluation_period = (start, end)
    elif policy.reinstatement.model == "references":
        assert standing.lapsed_on is not None
        start, end, years = standing.lapsed_on, as_of, 1
    else:
        start, end, years = (
            add_years(as_of, -policy.reinstatement.attestation_look_back_years),
            as_of,
            1,
        )
    ctx = _Ctx(renewal, policy, as_of, standing, category, start, end, years)

    late = renewal.kind == "renewal" and as_of > dates.deadline
    if renewal.kind == "reinstatement" and policy.reinstatement.model == "attestation":
        requirements = [
            _attestation_training(ctx),
            _attestation_rsc(ctx),
            _ethics(ctx),
            _membership(ctx),
            _fee(ctx, late=False),
        ]
    elif renewal.kind == "reinstatement":
        requirements = [
            _training(ctx),
            _rsc(ctx),
            _references(ctx),
            _ethics(ctx),
            _membership(ctx),
            _fee(ctx, late=False),
        ]
    else:
        requirements = [_training(ctx), _rsc(ctx), _ethics(ctx), _membership(ctx), _fee(ctx, late)]

    overall = _overall(requirements, SUCCESS[renewal.kind])
    if renewal.kind == "renewal":
        # RULES-renewal.md 5: the standing's word first, then too early (choice R29: the
        # requirements are reported whatever the word).
        if standing.word in ("revoked", "inactive", "lapsed"):
            overall = standing.word
        elif as_of < dates.window_opens_on:
            overall = "too_early"
    return RenewalResult(
        kind=renewal.kind,
        policy=policy.name,
        category=renewal.endorsement.category,
        category_title=category.title,
        number=renewal.endorsement.number,
        as_of=as_of,
        standing=standing.word,
        lapsed_on=standing.lapsed_on,
        dates=dates,
        late=late,
        overall=overall,
        requirements=requirements,
        evaluation_period=evaluation_period,
    )


def _overall(requirements: list[Requirement], success: str) -> str:
    statuses = {r.status for r in requirements}
    if NOT_MET in statuses:
        return "incomplete"
    if PENDING in statuses:
        return "awaiting_review"
    return success


def _window_words(ctx: _Ctx) -> str:
    return f"{day_text(ctx.start)} to {day_text(ctx.end)}"


def _between_words(ctx: _Ctx) -> str:
    return f"between {day_text(ctx.start)} and {day_text(ctx.end)}"


def _clause(ctx: _Ctx, clause: str) -> str:
    """Renewal requirements name the policy's clause; reinstatement and reactivation add
    theirs."""
    if ctx.kind == "reinstatement":
        return f"{ctx.policy.reinstatement.clause}; {clause}"
    if ctx.kind == "reactivation":
        return f"{ctx.policy.inactive.clause}; {clause}"
    return clause


def _more_hours(hours: Decimal) -> str:
    """1 → '1 more hour', 2.5 → '2.5 more hours'."""
    return f"{hours_text(hours)} more hour{'' if hours == 1 else 's'}"


# 5.1 Training ---------------------------------------------------------------------------------


def _count_trainings(
    ctx: _Ctx, start: date, end: date
) -> tuple[Decimal, dict[str, Decimal], list[str], list[Excluded]]:
    """Relationship-based trainings dated (by their end, else start) in [start, end] and on or
    before `as_of`: their total, the hours per topic, the entries counted and those excluded."""
    total = Decimal(0)
    topics: dict[str, Decimal] = {"dei": Decimal(0), "rsc_provision": Decimal(0)}
    counted: list[str] = []
    excluded: list[Excluded] = []
    for index, training in enumerate(ctx.file.trainings):
        entry = ref(training.id, "trainings", index)
        dated = training.dated_on
        if not training.relationship_based:
            excluded.append(exclude(entry, "not relationship-based"))
        elif dated > ctx.as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
        elif not start <= dated <= end:
            excluded.append(exclude(entry, ctx.outside))
        else:
            counted.append(entry)
            total += training.hours
            for topic in set(training.topics):
                if topic in topics:
                    topics[topic] += training.hours
    return total, topics, counted, excluded


def _provides_rsc(ctx: _Ctx) -> bool:
    """Choice R8: `provides_rsc`, or an endorsement whose holders all provide RS/C."""
    return ctx.file.endorsement.provides_rsc or ctx.abbr in ctx.policy.training.provision_categories


def _training(ctx: _Ctx) -> Requirement:
    rule = ctx.policy.training
    clause = _clause(ctx, rule.clause)
    total, topics, counted, excluded = _count_trainings(ctx, ctx.start, ctx.end)
    if ctx.kind == "reinstatement":
        # Model `references`: listed and reported, not counted against a number (section 6).
        return Requirement(
            id="training",
            title="Training",
            status=NOT_REQUIRED,
            summary=(
                f"Not required for reinstatement: {hours_text(total)} hours of relationship-based "
                f"training since the lapse, {_window_words(ctx)}"
            ),
            clause=clause,
            have=total,
            unit="hours",
            counted=counted,
            excluded=excluded,
        )
    k = ctx.years
    targets = [
        ("total", "Relationship-based training", total, rule.hours_per_year * k, ""),
        (
            "dei",
            "Diversity, equity and inclusion",
            topics["dei"],
            rule.dei_hours_per_year * k,
            " on diversity, equity and inclusion",
        ),
    ]
    if _provides_rsc(ctx):
        targets.append(
            (
                "rsc_provision",
                "Providing RS/C",
                topics["rsc_provision"],
                rule.provision_hours_per_year * k,
                " on providing RS/C",
            )
        )
    parts = [
        Part(part_id, label, MET if have >= need else NOT_MET, have, need, "hours")
        for part_id, label, have, need, _ in targets
    ]
    short = [(have, need, words) for _, _, have, need, words in targets if have < need]
    missing = [
        f"{_more_hours(need - have)} of relationship-based training{words}, ending "
        f"{_between_words(ctx)}."
        for have, need, words in short
    ]
    if short:
        status: Status = NOT_MET
        summary = "; ".join(
            f"{hours_text(have)} of {hours_text(need)} hours{words}" for have, need, words in short
        )
    else:
        status = MET
        summary = f"{hours_text(total)} of {hours_text(rule.hours_per_year * k)} hours" + "".join(
            f"; {hours_text(have)}{words} ({hours_text(need)} needed)"
            for part_id, _, have, need, words in targets
            if part_id != "total"
        )
    return Requirement(
        id="training",
        title="Training",
        status=status,
        summary=summary,
        clause=clause,
        have=total,
        need=rule.hours_per_year * k,
        unit="hours",
        counted=counted,
        excluded=excluded,
        missing=missing,
        parts=parts,
    )


def _attestation_training(ctx: _Ctx) -> Requirement:
    """Reinstatement model `attestation`: hours of relationship-based training ending in the
    year before the request (section 6)."""
    rule = ctx.policy.reinstatement
    total, _, counted, excluded = _count_trainings(ctx, ctx.start, ctx.end)
    need = rule.attestation_training_hours
    met = total >= need
    return Requirement(
        id="training",
        title="Training",
        status=MET if met else NOT_MET,
        summary=f"{hours_text(total)} of {hours_text(need)} hours of relationship-based training",
        clause=_clause(ctx, ctx.policy.training.clause),
        have=total,
        need=need,
        unit="hours",
        counted=counted,
        excluded=excluded,
        missing=[]
        if met
        else [
            f"{_more_hours(need - total)} of relationship-based training, ending "
            f"{_between_words(ctx)}."
        ],
    )


# 5.2 RS/C received ------------------------------------------------------------------------------


def _reduction_applies(ctx: _Ctx) -> bool:
    """Choices R6, R30, R35: the category's reduction once `B` + the years ≤ `D` (for a
    reactivation, ≤ `as_of`)."""
    reduction = ctx.policy.rsc.reduction
    if reduction is None or ctx.abbr not in reduction.categories:
        return False
    until = ctx.as_of if ctx.kind == "reactivation" else ctx.standing.dates.deadline
    return add_years(ctx.standing.dates.base_on, reduction.after_years) <= until


def _provider_reason(ctx: _Ctx, entry: Supervision) -> str | None:
    """Why a provider's endorsement does not count (the category's list under the provider
    policy, `RULES-categories.md` 4.5, choice R11), or None."""
    initial = load_policy(ctx.policy.rsc.provider_policy)
    rule = initial.rsc.by_kind[ctx.category.kind]
    if rule.provider_endorsements is None:
        return None
    endorsements = initial.with_twins(rule.provider_endorsements)
    ers_with = initial.with_twins(rule.ers_with)
    held = entry.provider.endorsement
    if held in endorsements or (entry.provider.ers and held in ers_with):
        return None
    needed = sorted(endorsements) + [f"{e} with ERS" for e in sorted(ers_with)]
    return f"provider holds {held or 'no endorsement'}; needs {', '.join(needed)}"


def _rsc(ctx: _Ctx) -> Requirement:
    rule = ctx.policy.rsc
    clause = _clause(ctx, rule.clause)
    as_of = ctx.as_of
    required = ctx.rsc_category() and ctx.kind != "reinstatement"
    reduced = required and _reduction_applies(ctx)
    peers = rule.reduction.peer_endorsements if reduced and rule.reduction else frozenset()
    hours = Decimal(0)
    counted: list[str] = []
    excluded: list[Excluded] = []
    waiting = 0
    for index, entry in enumerate(ctx.file.rsc):
        entry_ref = ref(entry.id, "rsc", index)
        provider = entry.provider
        # Every entry is first cut at `as_of` (choice R31), then must lie whole in the window.
        end = as_of if entry.end_on is None or entry.end_on > as_of else entry.end_on
        reason: str | None
        if entry.start_on > as_of:
            reason = AFTER_EVALUATION_DATE
        elif entry.start_on < ctx.start or end > ctx.end:
            reason = ctx.outside
        elif not provider.approved:
            reason = "provider not approved"
            waiting += 1
        elif entry.peer:
            reason = None if provider.endorsement in peers else "peer supervision"
        elif ctx.rsc_category():
            reason = _provider_reason(ctx, entry)
        else:
            reason = None
        if reason is None:
            counted.append(entry_ref)
            hours += entry.hours
        else:
            excluded.append(exclude(entry_ref, reason))
    if not required:
        why = "for reinstatement" if ctx.kind == "reinstatement" else f"for {ctx.abbr}"
        return Requirement(
            id="rsc",
            title="RS/C received",
            status=NOT_REQUIRED,
            summary=f"Not required {why}: {hours_text(hours)} hours recorded, {_window_words(ctx)}",
            clause=clause,
            have=hours,
            unit="hours",
            counted=counted,
            excluded=excluded,
        )
    assert rule.reduction is not None or not reduced
    need = rule.reduction.hours if reduced and rule.reduction else rule.hours_per_year * ctx.years
    met = hours >= need
    missing = []
    if not met:
        missing.append(
            f"{_more_hours(need - hours)} of RS/C received from an approved provider, "
            f"{_between_words(ctx)}."
        )
        if waiting:
            missing.append(
                f"Staff must approve the provider of {waiting} "
                f"{'entry' if waiting == 1 else 'entries'}."
            )
    return Requirement(
        id="rsc",
        title="RS/C received",
        status=MET if met else NOT_MET,
        summary=f"{hours_text(hours)} of {hours_text(need)} hours of RS/C received",
        clause=clause,
        have=hours,
        need=need,
        unit="hours",
        counted=counted,
        excluded=excluded,
        missing=missing,
        details={"peer_allowed": reduced},
    )


def _attestation_rsc(ctx: _Ctx) -> Requirement:
    """Reinstatement model `attestation` (section 6): a plan for RS/C and an entry with a named
    provider whose period contains `as_of`."""
    clause = _clause(ctx, ctx.policy.rsc.clause)
    if not ctx.rsc_category():
        return Requirement(
            id="rsc",
            title="RS/C received",
            status=NOT_REQUIRED,
            summary=f"Not required for {ctx.abbr}",
            clause=clause,
        )
    as_of = ctx.as_of
    counted: list[str] = []
    excluded: list[Excluded] = []
    for index, entry in enumerate(ctx.file.rsc):
        entry_ref = ref(entry.id, "rsc", index)
        if not entry.provider.name.strip():
            excluded.append(exclude(entry_ref, "no provider named"))
        elif entry.start_on <= as_of and (entry.end_on is None or entry.end_on >= as_of):
            counted.append(entry_ref)
        else:
            excluded.append(exclude(entry_ref, f"not running on {day_text(as_of)}"))
    ethics = ctx.file.ethics
    plan = ethics is not None and ethics.rsc_plan is True
    missing = []
    if not plan:
        missing.append("Attest a plan for RS/C (ethics.rsc_plan).")
    if not counted:
        missing.append(f"RS/C with a named provider, running on {day_text(as_of)}.")
    return Requirement(
        id="rsc",
        title="RS/C received",
        status=NOT_MET if missing else MET,
        summary="RS/C plan and a current provider" if not missing else " ".join(missing),
        clause=clause,
        have=len(counted),
        need=1,
        unit="entries",
        counted=counted,
        excluded=excluded,
        missing=missing,
    )


# Reinstatement references (section 6) -----------------------------------------------------------


def _references(ctx: _Ctx) -> Requirement:
    """RULES-categories.md 4.6 for the category under the policy's references version, with
    every rating completed on or after `L`."""
    lapsed_on = ctx.standing.lapsed_on
    assert lapsed_on is not None
    initial = load_policy(ctx.policy.reinstatement.references_policy)
    before: list[Excluded] = []
    kept = []
    for index, reference in enumerate(ctx.file.references):
        if (
            reference.status == "completed"
            and reference.completed_on is not None
            and reference.completed_on < lapsed_on
        ):
            before.append(
                exclude(ref(reference.id, "references", index), "completed before the lapse")
            )
        else:
            kept.append(reference if reference.id is not None else _with_id(reference, index))
    portfolio = Portfolio(category=ctx.file.endorsement.category, references=tuple(kept))
    requirement = evaluate_references(
        Context(
            portfolio=portfolio,
            policy=initial,
            as_of=ctx.as_of,
            category=initial.category(ctx.file.endorsement.category),
            graduation_on=None,
        )
    )
    requirement.clause = _clause(ctx, requirement.clause)
    requirement.excluded = before + requirement.excluded
    return requirement


def _with_id(reference: Reference, index: int) -> Reference:
    """A reference without an id, given the one its position in the renewal file names."""
    return replace(reference, id=f"references.{index}")


# 5.3 Ethics --------------------------------------------------------------------------------------


def _ethics(ctx: _Ctx) -> Requirement:
    rule = ctx.policy.ethics
    clause = _clause(ctx, rule.clause)
    as_of = ctx.as_of
    if ctx.kind == "renewal":
        opens = ctx.standing.dates.window_opens_on
    elif ctx.kind == "reinstatement":
        assert ctx.standing.lapsed_on is not None
        opens = ctx.standing.lapsed_on
    else:
        assert ctx.standing.inactive is not None
        opens = ctx.standing.inactive.start_on
    audit_needed = rule.audit_consent_required or (
        ctx.kind == "reinstatement" and ctx.policy.reinstatement.model == "attestation"
    )
    ethics = ctx.file.ethics
    defects: list[str] = []
    if ethics is None:
        defects.append("The Code of Ethics is not signed.")
    else:
        if not opens <= ethics.signed_on <= as_of:
            defects.append(
                f"Signed on {day_text(ethics.signed_on)}; it must be signed from "
                f"{day_text(opens)} to {day_text(as_of)}."
            )
        if ethics.version != rule.version:
            defects.append(f"Sign the current version, {rule.version}.")
        if ethics.no_sanction is None:
            defects.append("Attest whether a licensing board has sanctioned you.")
        if audit_needed and ethics.audit_consent is not True:
            defects.append("Consent to an audit of the hours reported.")
    if defects:
        status: Status = NOT_MET
        summary = " ".join(defects)
    elif ethics is not None and ethics.no_sanction is False:
        # Choices R12, R32: a declared sanction is for the coordinator to decide.
        status, summary = PENDING, "A licensing-board sanction is declared: the coordinator decides"
    else:
        assert ethics is not None
        status, summary = MET, f"Signed on {day_text(ethics.signed_on)}, version {rule.version}"
    return Requirement(
        id="ethics",
        title="Code of Ethics",
        status=status,
        summary=summary,
        clause=clause,
        missing=defects
        if defects
        else (["The coordinator decides on the declared sanction."] if status == PENDING else []),
    )


# 5.4 Membership ----------------------------------------------------------------------------------


def _membership(ctx: _Ctx) -> Requirement:
    rule = ctx.policy.membership
    membership = ctx.file.membership
    as_of = ctx.as_of
    reason: str | None = None
    if membership is None:
        reason = "No membership recorded."
    elif membership.kind not in rule.kinds:
        kinds = " or ".join(sorted(rule.kinds))
        reason = (
            f"The membership is {membership.kind or 'of no recorded kind'}; it must be {kinds}."
        )
    elif membership.expires_on is not None and membership.expires_on < as_of:
        reason = f"The membership expired on {day_text(membership.expires_on)}."
    if reason is None:
        assert membership is not None
        summary = (
            "Current, no expiry"
            if membership.expires_on is None
            else f"Current until {day_text(membership.expires_on)}"
        )
    return Requirement(
        id="membership",
        title="Membership",
        status=MET if reason is None else NOT_MET,
        summary=summary if reason is None else reason,
        clause=_clause(ctx, rule.clause),
        missing=[] if reason is None else [reason],
    )


# 5.5 Fee -----------------------------------------------------------------------------------------


def _fee(ctx: _Ctx, late: bool) -> Requirement:
    rule = ctx.policy.fee
    clause = _clause(ctx, rule.clause)
    due: Decimal | None
    if ctx.kind == "reinstatement":
        due, words = ctx.policy.reinstatement.fee, "reinstatement fee"
    elif ctx.kind == "reactivation":
        due, words = ctx.policy.inactive.reactivation_fee, "reactivation fee"
    elif rule.amount is None:
        due, words = None, "renewal fee"
    else:
        due, words = rule.amount + (rule.late_fee if late else 0), "renewal fee"
    if due == 0:
        # RULES-renewal.md 5.5: a policy fee of 0 is not required (`triennial`, choice R23).
        return Requirement(
            id="fee",
            title="Fee",
            status=NOT_REQUIRED,
            summary=f"No {words} under {ctx.policy.name}",
            clause=clause,
        )
    fee = ctx.file.fee
    paid = fee is not None and fee.paid_on is not None and fee.paid_on <= ctx.as_of
    amount = fee.amount if fee is not None and paid else Decimal(0)
    due_words = "any amount" if due is None else hours_text(due)
    if not paid:
        status: Status = NOT_MET
        summary = "not paid"
    elif due is None or amount >= due:
        status, summary = MET, f"paid {hours_text(amount)} of {due_words}"
    else:
        status, summary = NOT_MET, f"paid {hours_text(amount)} of {due_words}"
    missing = []
    if status == NOT_MET:
        missing.append(
            "Pay the fee (any amount)."
            if due is None
            else f"Pay {hours_text(due - amount)} more"
            + (
                f" ({hours_text(rule.amount)} and the late fee of {hours_text(rule.late_fee)})."
                if late and rule.amount is not None
                else "."
            )
        )
    return Requirement(
        id="fee",
        title="Fee",
        status=status,
        summary=summary,
        clause=clause,
        have=amount,
        need=due,
        unit="dollars",
        missing=missing,
    )
