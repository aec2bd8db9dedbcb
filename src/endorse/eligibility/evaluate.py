"""The evaluator: a portfolio and a policy version in, an explained verdict out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .parse import PortfolioError, Problem, load_portfolio
from .policy import DEFAULT_POLICY, Policy, PolicyError, known_categories, load_policy
from .portfolio import Portfolio
from .result import MET, NOT_MET, PENDING, Overall, Requirement, Result
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
    else the defaults (`seed`; `today`). The engine never reads the clock: callers pass `today`.
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
        designation=category.designation,
        graduation_on=find_graduation_on(portfolio, resolved, day),
    )

    requirements = [rule(ctx) for rule in RULES]
    return Result(
        category=portfolio.category,
        category_title=category.title,
        policy=resolved.name,
        as_of=day,
        overall=overall_status(requirements),
        requirements=requirements,
    )


def _resolve_policy(portfolio: Portfolio, policy: Policy | str | None) -> Policy:
    if isinstance(policy, Policy):
        return policy
    name = policy or portfolio.policy or DEFAULT_POLICY
    try:
        return load_policy(name)
    except PolicyError as error:
        raise PortfolioError([Problem("policy", str(error))]) from None


def overall_status(requirements: list[Requirement]) -> Overall:
    """RULES.md's overall status: the exam is judged last."""
    exam_met = True
    pending = False
    for requirement in requirements:
        if requirement.id == "exam":
            exam_met = requirement.status == MET
        elif requirement.status == NOT_MET:
            return "incomplete"
        elif requirement.status == PENDING:
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
