"""RULES-renewal.md 6 (reinstatement after lapse) and 7 (inactive status and reactivation)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from endorse.eligibility.renewal_policy import renewal_policy_from_data

from .renewal_builders import (
    endorsement,
    evaluate_doc,
    excluded,
    policy_data,
    rating,
    refusal,
    renewal,
    requirement,
    rsc,
    training,
)

RATINGS = [
    rating("q1", "program_supervisor", "2027-03-01"),
    rating("q2", "rsc_provider", "2027-03-02", level="III"),
    rating("q3", "colleague", "2027-03-03"),
]


def reinstatement(**changes: Any) -> dict[str, Any]:
    """ "As 1", lapsed on 2027-02-01, asking for reinstatement on 2027-06-01 with everything met."""
    values: dict[str, Any] = {
        "kind": "reinstatement",
        "as_of": "2027-06-01",
        "trainings": [training("t1", "2027-04-01", 6)],
        "rsc": [rsc("r1", "2027-02-10", "2027-05-10", 4)],
        "references": RATINGS,
        "ethics": {"signed_on": "2027-05-30", "version": "2024", "no_sanction": True},
        "membership": {"kind": "individual", "expires_on": "2028-05-31"},
        "fee": {"paid_on": "2027-05-30", "amount": 0, "payment_id": "p"},
    }
    values.update(changes)
    return renewal(**values)


def _attestation():
    data = policy_data("annual")
    data["reinstatement"].update(model="attestation", fee=25)
    return renewal_policy_from_data(data)


# 6 Reinstatement -------------------------------------------------------------------------------


def test_rule_6_reinstatement_model_references_all_met_is_reinstatable():
    result = evaluate_doc(reinstatement())
    assert (
        result.standing,
        result.lapsed_on.isoformat(),
        result.late,
        result.overall,
        [(r.id, r.status) for r in result.requirements],
    ) == (
        "lapsed",
        "2027-02-01",
        False,
        "reinstatable",
        [
            ("training", "not_required"),
            ("rsc", "not_required"),
            ("references", "met"),
            ("ethics", "met"),
            ("membership", "met"),
            ("fee", "met"),
        ],
    )


def test_rule_6_accepted_only_when_lapsed():
    assert refusal(reinstatement(as_of="2027-01-20")) == (
        "kind",
        "a reinstatement needs the standing lapsed; on 2027-01-20 the endorsement is overdue",
    )


def test_rule_6_no_time_limit_after_the_lapse():
    """RULES-renewal.md 6 (choice R18)."""
    doc = reinstatement(
        as_of="2031-06-01",
        references=[{**r, "completed_on": "2031-05-0" + str(i + 1)} for i, r in enumerate(RATINGS)],
        ethics={"signed_on": "2031-05-30", "version": "2024", "no_sanction": True},
        membership={"kind": "individual", "expires_on": None},
        fee={"paid_on": "2031-05-30", "amount": 0},
    )
    assert evaluate_doc(doc).overall == "reinstatable"


def test_rule_6_training_and_rsc_since_the_lapse_are_listed_not_counted_against_a_number():
    """RULES-renewal.md 6, model `references`: as 5.1 and 5.2 with [`L`, `as_of`] for `P`."""
    doc = reinstatement(
        trainings=[training("t1", "2027-04-01", 6), training("t0", "2027-01-15", 9)],
        rsc=[rsc("r1", "2027-02-10", "2027-05-10", 4), rsc("r0", "2027-01-10", "2027-03-10", 8)],
    )
    result = evaluate_doc(doc)
    got_training, got_rsc = result.requirement("training"), result.requirement("rsc")
    assert (
        (got_training.have, got_training.need, got_training.counted, excluded(got_training)),
        (got_rsc.have, got_rsc.need, got_rsc.counted, excluded(got_rsc)),
    ) == (
        (Decimal(6), None, ["t1"], {"t0": "outside the time since the lapse"}),
        (Decimal(4), None, ["r1"], {"r0": "outside the time since the lapse"}),
    )


def test_rule_6_references_follow_the_2025_slots():
    """RULES-renewal.md 6: RULES-categories.md 4.6 for the category under `2025`."""
    got = requirement(reinstatement(references=RATINGS[:2]), "references")
    assert (got.status, got.summary, got.clause) == (
        "not_met",
        "2 of 3 reference ratings complete",
        "annual: Reinstatement (RULES-renewal.md 6); 2025: IMHS Reference Ratings",
    )


def test_rule_6_ethics_signed_from_the_lapse():
    """RULES-renewal.md 6: ethics as 5.3 with [`L`, `as_of`]."""
    before = reinstatement(
        ethics={"signed_on": "2027-01-31", "version": "2024", "no_sanction": True}
    )
    on_the_day = reinstatement(
        ethics={"signed_on": "2027-02-01", "version": "2024", "no_sanction": True}
    )
    assert [requirement(d, "ethics").status for d in (before, on_the_day)] == ["not_met", "met"]


def test_rule_6_reinstatement_fee_any_amount_paid_by_as_of():
    """RULES-renewal.md 3 (choice R33): any amount, 0 included, paid on or before `as_of`."""
    paid_zero = requirement(reinstatement(), "fee")
    paid_later = requirement(reinstatement(fee={"paid_on": "2027-06-02", "amount": 100}), "fee")
    assert [(paid_zero.status, paid_zero.summary), (paid_later.status, paid_later.summary)] == [
        ("met", "paid 0 of any amount"),
        ("not_met", "not paid"),
    ]


def test_rule_6_reinstatement_fee_is_owed_under_triennial_too():
    """RULES-renewal.md 3 (choice R33)."""
    doc = reinstatement(policy="triennial", as_of="2028-06-01", fee=None)
    doc = endorsement(doc, issued_on="2024-05-01")
    doc["references"] = [
        {**r, "completed_on": "2028-05-0" + str(i + 1)} for i, r in enumerate(RATINGS)
    ]
    got = evaluate_doc(doc)
    assert (got.standing, got.requirement("fee").status) == ("lapsed", "not_met")


def test_rule_6_lapsed_after_two_inactive_years_may_be_reinstated():
    """RULES-renewal.md 4.2 and 6: `L` = `start_on` + 2 years."""
    doc = endorsement(
        reinstatement(as_of="2028-06-01"),
        inactive=[{"start_on": "2026-03-01", "reactivated_on": None}],
    )
    doc["references"] = [
        {**r, "completed_on": "2028-05-0" + str(i + 1)} for i, r in enumerate(RATINGS)
    ]
    doc["ethics"]["signed_on"] = "2028-05-30"
    doc["fee"]["paid_on"] = "2028-05-30"
    doc["membership"]["expires_on"] = None
    result = evaluate_doc(doc)
    assert (result.lapsed_on.isoformat(), result.overall) == ("2028-03-01", "reinstatable")


def test_rule_6_attestation_model_requirements():
    """RULES-renewal.md 6, model `attestation` (choice R36): training in the year before, an RS/C
    plan and a current provider, audit consent, the fee of 25; no references requirement."""
    doc = reinstatement(
        trainings=[training("t1", "2026-09-01", 15)],
        rsc=[rsc("r1", "2027-05-01", None, 1)],
        ethics={
            "signed_on": "2027-05-30",
            "version": "2024",
            "no_sanction": True,
            "audit_consent": True,
            "rsc_plan": True,
        },
        fee={"paid_on": "2027-05-30", "amount": 25},
    )
    result = evaluate_doc(doc, policy=_attestation())
    assert ([(r.id, r.status) for r in result.requirements], result.overall) == (
        [
            ("training", "met"),
            ("rsc", "met"),
            ("ethics", "met"),
            ("membership", "met"),
            ("fee", "met"),
        ],
        "reinstatable",
    )


def test_rule_6_attestation_model_needs_a_plan_audit_consent_and_25():
    doc = reinstatement(
        trainings=[training("t1", "2026-09-01", 15)],
        rsc=[rsc("r1", "2027-01-01", "2027-05-31", 1)],
        fee={"paid_on": "2027-05-30", "amount": 20},
    )
    result = evaluate_doc(doc, policy=_attestation())
    assert (
        result.requirement("rsc").missing,
        result.requirement("ethics").missing,
        result.requirement("fee").summary,
    ) == (
        [
            "Attest a plan for RS/C (ethics.rsc_plan).",
            "RS/C with a named provider, running on 1 June 2027.",
        ],
        ["Consent to an audit of the hours reported."],
        "paid 20 of 25",
    )


# 7 Reactivation --------------------------------------------------------------------------------


def reactivation(**changes: Any) -> dict[str, Any]:
    """ "As 1", inactive since 2026-03-01, asking to reactivate on 2027-01-20, everything met."""
    values: dict[str, Any] = {
        "kind": "reactivation",
        "as_of": "2027-01-20",
        "trainings": [training("t1", "2026-06-01", 14), training("t2", "2026-07-01", 1, ["dei"])],
        "rsc": [rsc("r1", "2026-02-01", "2026-12-20", 12)],
        "ethics": {"signed_on": "2026-03-01", "version": "2024", "no_sanction": True},
        "fee": {"paid_on": "2027-01-20", "amount": 25},
    }
    values.update(changes)
    return endorsement(
        renewal(**values), inactive=[{"start_on": "2026-03-01", "reactivated_on": None}]
    )


def test_rule_7_reactivation_all_met_is_reactivatable_with_its_evaluation_period():
    """RULES-renewal.md 7 (choices R20, R27, R28, R30)."""
    data = evaluate_doc(reactivation()).to_data()
    assert (
        data["standing"],
        data["evaluation_period"],
        data["deadline"],
        data["late"],
        data["overall"],
    ) == (
        "inactive",
        {"start_on": "2026-01-20", "end_on": "2027-01-20"},
        "2026-12-31",
        False,
        "reactivatable",
    )


def test_rule_7_reactivation_only_while_inactive():
    assert refusal(reactivation(as_of="2028-03-01"))[1] == (
        "a reactivation needs the standing inactive; on 2028-03-01 the endorsement is lapsed"
    )


def test_rule_7_rsc_before_the_look_back_year_does_not_count():
    got = requirement(reactivation(rsc=[rsc("r1", "2026-01-10", "2026-12-20", 12)]), "rsc")
    assert excluded(got) == {"r1": "outside the year before the request"}


def test_rule_7_ethics_signed_from_the_start_of_the_inactive_period():
    before = reactivation(
        ethics={"signed_on": "2026-02-28", "version": "2024", "no_sanction": True}
    )
    assert requirement(before, "ethics").status == "not_met"


def test_rule_7_reactivation_fee_is_25_never_late():
    got = requirement(reactivation(fee={"paid_on": "2027-01-20", "amount": 24}), "fee")
    assert (got.summary, got.need) == ("paid 24 of 25", Decimal(25))


def test_rule_7_imhm_c_reduction_compares_with_as_of():
    """RULES-renewal.md 7 (choice R30): `B` + 3 years ≤ `as_of`."""

    def doc(issued_on: str) -> dict[str, Any]:
        return endorsement(
            reactivation(rsc=[rsc("r1", "2026-02-01", "2026-12-20", 10, peer=True)]),
            category="mentor-clinical",
            issued_on=issued_on,
        )

    assert [requirement(doc(d), "rsc").need for d in ("2024-01-20", "2024-01-21")] == [
        Decimal(10),
        Decimal(12),
    ]


def test_rule_7_the_result_of_other_kinds_has_no_evaluation_period():
    assert "evaluation_period" not in evaluate_doc(renewal()).to_data()


def test_rule_5_5_a_fee_of_0_in_the_data_is_not_required_for_any_kind():
    """RULES-renewal.md 5.5, 6 and 7: "policy fee 0 → not_required", the reinstatement and
    reactivation fees included."""
    data = policy_data("annual")
    data["reinstatement"]["fee"] = 0
    data["inactive"]["reactivation_fee"] = 0
    free = renewal_policy_from_data(data)
    got = [
        requirement(reinstatement(fee=None), "fee", policy=free),
        requirement(reactivation(fee=None), "fee", policy=free),
    ]
    assert [(r.status, r.summary) for r in got] == [
        ("not_required", "No reinstatement fee under annual"),
        ("not_required", "No reactivation fee under annual"),
    ]


def test_rule_5_5_a_renewal_fee_of_any_amount_accepts_any_payment():
    """RULES-renewal.md 5.5: a policy amount of null ("any amount") accepts any payment."""
    data = policy_data("annual")
    data["fee"]["amount"] = None
    any_amount = renewal_policy_from_data(data)
    paid = requirement(
        renewal(fee={"paid_on": "2026-11-01", "amount": 1}), "fee", policy=any_amount
    )
    assert (paid.status, paid.summary) == ("met", "paid 1 of any amount")
