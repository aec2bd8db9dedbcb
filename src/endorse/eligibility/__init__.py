"""The eligibility engine: turns a portfolio into an explained verdict under a policy version.

Pure Python. It imports nothing from Django: the web application turns its records into a
`Portfolio` and asks `evaluate`, exactly as the `endorse check` command does with a file.
"""

from .evaluate import check_text, evaluate, overall_status
from .parse import (
    PortfolioError,
    Problem,
    decode_json,
    dump_portfolio,
    load_portfolio,
    parse_portfolio,
    portfolio_to_data,
)
from .policy import DEFAULT_POLICY, Policy, PolicyError, known_categories, load_policy, policy_names
from .portfolio import Portfolio
from .result import Requirement, Result

__all__ = [
    "DEFAULT_POLICY",
    "Policy",
    "PolicyError",
    "Portfolio",
    "PortfolioError",
    "Problem",
    "Requirement",
    "Result",
    "check_text",
    "decode_json",
    "dump_portfolio",
    "evaluate",
    "known_categories",
    "load_policy",
    "load_portfolio",
    "overall_status",
    "parse_portfolio",
    "policy_names",
    "portfolio_to_data",
]
