"""RULES-renewal.md 3: the two shipped renewal policies hold every number of the table as data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from endorse.eligibility import PolicyError, policy_names
from endorse.eligibility.renewal_policy import (
    load_renewal_policy,
    renewal_policy_from_data,
    renewal_policy_names,
)

from .renewal_builders import policy_data


def _numbers(name: str) -> dict[str, object]:
    p = load_renewal_policy(name)
    return {
        "cycle": (p.cycle_years, p.anchor_year),
        "deadline": (p.deadline.month, p.deadline.day),
        "window": (p.window_opens.month, p.window_opens.day),
        "grace": p.grace_days,
        "training": (
            p.training.hours_per_year,
            p.training.dei_hours_per_year,
            p.training.provision_hours_per_year,
        ),
        "rsc": p.rsc.hours_per_year,
        "reduction": None
        if p.rsc.reduction is None
        else (p.rsc.reduction.after_years, p.rsc.reduction.hours),
        "fee": (p.fee.amount, p.fee.late_fee),
        "audit_consent": p.ethics.audit_consent_required,
        "ethics_version": p.ethics.version,
        "reinstatement": (p.reinstatement.model, p.reinstatement.fee),
        "inactive": (p.inactive.longest_years, p.inactive.reactivation_fee),
    }


def test_rule_3_annual_numbers():
    """RULES-renewal.md 3, column `annual` (choices R4, R5, R6, R10, R17, R18, R20, R23)."""
    assert _numbers("annual") == {
        "cycle": (1, 2024),
        "deadline": (12, 31),
        "window": (10, 1),
        "grace": 31,
        "training": (Decimal(15), Decimal(1), Decimal(3)),
        "rsc": Decimal(12),
        "reduction": (3, Decimal(10)),
        "fee": (Decimal(30), Decimal(25)),
        "audit_consent": False,
        "ethics_version": "2024",
        "reinstatement": ("references", None),
        "inactive": (2, Decimal(25)),
    }


def test_rule_3_triennial_numbers():
    """RULES-renewal.md 3, column `triennial` (choices R15, R16, R17, R23)."""
    assert _numbers("triennial") == {
        "cycle": (3, 2024),
        "deadline": (12, 31),
        "window": (10, 1),
        "grace": 31,
        "training": (Decimal(15), Decimal(1), Decimal(3)),
        "rsc": Decimal(12),
        "reduction": None,
        "fee": (Decimal(0), Decimal(0)),
        "audit_consent": True,
        "ethics_version": "2024",
        "reinstatement": ("references", None),
        "inactive": (2, Decimal(25)),
    }


def test_rule_1_two_renewal_policies_ship_annual_first():
    """RULES-renewal.md 1 (choice R1): `annual` (the default) and `triennial`."""
    assert renewal_policy_names() == ("annual", "triennial")


def test_renewal_policies_are_not_eligibility_policy_versions():
    """The renewal policies live apart from the `imh-policy/1` versions."""
    assert policy_names() == ("seed", "2024", "2025")


def test_every_renewal_policy_names_its_choices():
    """RULES-renewal.md: each interpretation is policy data citing its choice id."""
    choices = load_renewal_policy("annual").choices
    cited = {c.strip() for ids in choices.values() for c in ids.split(",")}
    assert cited == {f"R{n}" for n in range(1, 39)}  # R38: the reminder days


def test_renewal_policy_unknown_name():
    with pytest.raises(PolicyError) as caught:
        load_renewal_policy("monthly")
    assert (
        str(caught.value) == "unknown renewal policy 'monthly'; expected one of annual, triennial"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"rsc": "min_span_months"},
            "rsc.min_span_months: a minimum span (choice R10) is not supported",
        ),
        (
            {"first_deadline": "in_year_of_base"},
            "first_deadline: the first-year variant (choice R25) is not supported",
        ),
    ],
)
def test_rule_9_variants_not_built_are_refused_by_name(change, message):
    """RULES-renewal.md 9: the SCIMHA first year and the RS/C span are described, not built; a
    policy file that asks for them is refused rather than silently ignored."""
    data = policy_data("annual")
    ((section, key),) = change.items()
    data[section][key] = 6 if key == "min_span_months" else True
    with pytest.raises(PolicyError) as caught:
        renewal_policy_from_data(data)
    assert str(caught.value) == message


def test_renewal_policy_deadline_must_end_a_calendar_year():
    data = policy_data("annual")
    data["deadline"] = {"month": 1, "day": 31}
    with pytest.raises(PolicyError) as caught:
        renewal_policy_from_data(data)
    assert str(caught.value) == "malformed renewal policy file: deadline must be 31 December"


def test_renewal_policy_missing_key_is_malformed():
    data = policy_data("annual")
    del data["grace_days"]
    with pytest.raises(PolicyError) as caught:
        renewal_policy_from_data(data)
    assert str(caught.value) == "malformed renewal policy file: KeyError('grace_days')"
