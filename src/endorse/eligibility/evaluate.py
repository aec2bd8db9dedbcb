"""The evaluator: a portfolio and a policy version in, an explained verdict out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .parse import PortfolioError, Problem, load_portfolio
from .policy import (
    Policy,
    PolicyError,
    default_policy_for,
    known_categories,
    load_policy,
)
from .portfolio import Portfolio
from .result import (
    MET,
    NOT_MET,
    NOT_REQUIRED,
    PENDING,
    STATUS_RANK,
    Group,
    Overall,
    Requirement,
    Result,
    Status,
)
from .rules.competencies import evaluate_competencies
from .rules.context import Context
from .rules.education import evaluate_education, find_graduation_on
from .rules.references import evaluate_references
from .rules.rsc import evaluate_rsc
from .rules.standing import evaluate_ethics, evaluate_exam, evaluate_leadership, evaluate_membership
from .rules.training import evaluate_training
from .rules.work import evaluate_work

# In the order of RULES.md; results list requirements in this order.
RULES: tuple[Callable[[Context], Requirement], ...] = (
    evaluate_education,
    evaluate_training,
    evaluate_work,
    evaluate_leadership,
    evaluate_rsc,
    evaluate_references,
    evaluate_ethics,
    evaluate_competencies,
    evaluate_exam,
    evaluate_membership,
)


def evaluate(
    portfolio: Portfolio,
    *,
    policy: Policy | str | None = None,
    as_of: date | None = None,
    today: date | None = None,
) -> Result:
    """Evaluate `portfolio`.

    The policy and evaluation date come from the arguments when given, else from the portfolio,
    else the defaults (the version that is the category's default, `seed` for the infant Mentor
    categories and `2025` for every other, choice K1; `today`). The engine never reads the clock: callers pass `today`.
    Raises `PortfolioError` when the portfolio names a policy or category that does not exist.
    """
    resolved = _resolve_policy(portfolio, policy)
    day = as_of or portfolio.as_of or today
    if day is None:
        raise ValueError("evaluate() needs a date: the portfolio has no as_of, so pass today=")
    try:
        category = resolved.category(portfolio.category)
    except PolicyError as error:
        raise PortfolioError([Problem("category", str(error))]) from None
    ctx = Context(
        portfolio=portfolio,
        policy=resolved,
        as_of=day,
        category=category,
        graduation_on=find_graduation_on(portfolio, resolved, category, day),
    )

    requirements = [rule(ctx) for rule in RULES]
    groups = [
        _decide_group(group.id, group.members, requirements)
        for group in resolved.alternative_groups.get(category.kind, ())
    ]
    return Result(
        category=portfolio.category,
        category_title=category.title,
        policy=resolved.name,
        effective_on=resolved.effective_on,
        as_of=day,
        overall=overall_status(requirements, groups),
        requirements=requirements,
        groups=groups,
    )


def _decide_group(
    group_id: str, members: tuple[str, ...], requirements: list[Requirement]
) -> Group:
    """Settle an alternative group (RULES-categories.md 2, choices K8 and K40): the first met
    member decides, else the member with the best status (the first on a tie). When the decider
    is met, the other members are not required; their figures stay."""
    by_id = {r.id: r for r in requirements if r.id in members}
    ordered = [by_id[m] for m in members]
    decider = min(ordered, key=lambda r: STATUS_RANK[r.status])
    for requirement in ordered:
        requirement.details["alternative_group"] = group_id
    decider.details["route"] = decider.id
    status: Status = decider.status
    if status == MET:
        for requirement in ordered:
            if requirement is not decider:
                requirement.status = NOT_REQUIRED
                requirement.summary = (
                    f"Not required: {decider.title.lower()} is met instead ({requirement.summary})"
                )
                requirement.missing = []
                requirement.earliest_on = None
    return Group(id=group_id, members=members, status=status)


def _resolve_policy(portfolio: Portfolio, policy: Policy | str | None) -> Policy:
    if isinstance(policy, Policy):
        return policy
    name = policy or portfolio.policy or default_policy_for(portfolio.category)
    try:
        return load_policy(name)
    except PolicyError as error:
        raise PortfolioError([Problem("policy", str(error))]) from None


def overall_status(requirements: list[Requirement], groups: list[Group] | None = None) -> Overall:
    """The overall status (RULES-categories.md 2): the exam is judged last, an exam that is not
    required holds nothing back, and an alternative group counts as one requirement with the
    group's status."""
    exam_met = True
    pending = False
    grouped = {member: group for group in groups or () for member in group.members}
    for requirement in requirements:
        status = grouped[requirement.id].status if requirement.id in grouped else requirement.status
        if requirement.id == "exam":
            exam_met = status in (MET, NOT_REQUIRED)
        elif status == NOT_MET:
            return "incomplete"
        elif status == PENDING:
            pending = True
    if pending:
        return "awaiting_review"
    return "endorsable" if exam_met else "ready_for_exam"


def check_text(
    text: str | bytes,
    *,
    policy: str | None = None,
    as_of: date | None = None,
    today: date | None = None,
) -> Result:
    """Parse portfolio file text and evaluate it: what `endorse check` and the self-check page do.

    Raises `PortfolioError` listing every problem with the input.
    """
    portfolio = load_portfolio(text, known_categories=known_categories())
    return evaluate(portfolio, policy=policy, as_of=as_of, today=today)
