"""RULES-renewal.md 8: every boundary example, one test each, named by its number.

`annual` unless stated; grace 31 days. "As 1" (`renewal()`) is an IMHS endorsement issued
2025-06-10, never renewed, `provides_rsc` false, renewing on 2026-11-20 with everything met.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from endorse.eligibility.renewal_policy import renewal_policy_from_data

from .renewal_builders import (
    dates,
    endorsement,
    evaluate_doc,
    excluded,
    policy_data,
    rating,
    refusal,
    renewal,
    requirement,
    rsc,
    standing,
    training,
    words,
)


def test_boundary_1_first_deadline_window_grace_and_period_of_as_1():
    assert dates(renewal()) == {
        "B": "2025-06-10",
        "F": "2026-12-31",
        "D": "2026-12-31",
        "W": "2026-10-01",
        "G": "2027-01-31",
        "P": "2026-01-01..2026-12-31",
        "k": 1,
    }


def test_boundary_2_active_until_the_day_before_the_window():
    assert words(renewal(), "2025-12-31", "2026-09-30") == ["active", "active"]


def test_boundary_3_renewal_due_from_the_window_to_the_deadline():
    assert words(renewal(), "2026-10-01", "2026-12-31") == ["renewal_due", "renewal_due"]


def test_boundary_4_overdue_from_the_day_after_the_deadline_to_the_grace_end():
    assert words(renewal(), "2027-01-01", "2027-01-31") == ["overdue", "overdue"]


def test_boundary_5_lapsed_the_day_after_the_grace_end():
    lapsed = standing(renewal(), "2027-02-01")
    assert (lapsed.word, lapsed.lapsed_on.isoformat()) == ("lapsed", "2027-02-01")


def test_boundary_6_issued_on_31_december_or_1_january():
    on_31_december = endorsement(renewal(), issued_on="2025-12-31")
    on_1_january = endorsement(renewal(), issued_on="2026-01-01")
    assert (dates(on_31_december, "2026-06-01")["F"], dates(on_1_january, "2026-06-01")["F"]) == (
        "2026-12-31",
        "2027-12-31",
    )


def test_boundary_7_renewed_through_moves_the_deadline_and_period_a_year():
    got = dates(endorsement(renewal(), renewed_through="2026-12-31"), "2027-06-01")
    assert (got["D"], got["P"]) == ("2027-12-31", "2027-01-01..2027-12-31")


def test_boundary_8_renewal_too_early_before_the_window_and_lapsed_after_the_grace():
    early = evaluate_doc(renewal(as_of="2026-09-30"))
    lapsed = evaluate_doc(renewal(as_of="2027-02-01"))
    assert (early.overall, lapsed.overall) == ("too_early", "lapsed")


def test_boundary_9_late_renewal_owes_the_late_fee():
    result = evaluate_doc(
        renewal(as_of="2027-01-15", fee={"paid_on": "2027-01-15", "amount": 30, "payment_id": "p"})
    )
    fee = result.requirement("fee")
    assert (result.late, fee.status, fee.summary) == (True, "not_met", "paid 30 of 55")


def _trainings(total_without_dei: float, dei: float) -> dict[str, Any]:
    return renewal(
        trainings=[
            training("t1", "2026-03-03", total_without_dei),
            training("t2", "2026-05-05", dei, ["dei"]),
        ]
    )


def test_boundary_10_training_hours_and_dei_hours():
    statuses = [
        requirement(_trainings(13.5, 1), "training").status,
        requirement(_trainings(14.5, 0.5), "training").status,
        requirement(_trainings(14, 1), "training").status,
    ]
    assert statuses == ["not_met", "not_met", "met"]


def test_boundary_11_a_holder_who_provides_rsc_owes_3_hours_on_providing_it():
    doc = endorsement(_trainings(14, 1), provides_rsc=True)
    doc["trainings"].append(training("t3", "2026-06-01", 2.5, ["rsc_provision"]))
    doc["trainings"][0]["hours"] = 11.5  # the total stays 15
    got = requirement(doc, "training")
    provision = got.parts[2]
    assert (got.status, got.summary, provision.id, provision.have, provision.need) == (
        "not_met",
        "2.5 of 3 hours on providing RS/C",
        "rsc_provision",
        Decimal("2.5"),
        Decimal(3),
    )


def test_boundary_12_rsc_11_5_hours_is_not_met_12_is_met():
    short = requirement(renewal(rsc=[rsc("r1", "2026-01-10", "2026-11-10", 11.5)]), "rsc")
    enough = requirement(renewal(rsc=[rsc("r1", "2026-01-10", "2026-11-10", 12)]), "rsc")
    assert (short.status, enough.status) == ("not_met", "met")


def test_boundary_13_rsc_entry_across_the_period_start_is_excluded():
    got = requirement(renewal(rsc=[rsc("r1", "2025-12-01", "2026-01-31", 12)]), "rsc")
    assert (got.status, excluded(got)) == ("not_met", {"r1": "outside the renewal period"})


def _mentor(issued_on: str) -> dict[str, Any]:
    doc = renewal(
        as_of="2025-11-20",
        period={"start_on": "2025-01-01", "end_on": "2025-12-31"},
        rsc=[rsc("r1", "2025-02-01", "2025-10-31", 10, endorsement="IMHM-C", peer=True)],
    )
    return endorsement(
        doc, category="mentor-clinical", issued_on=issued_on, renewed_through="2024-12-31"
    )


def test_boundary_14_imhm_c_of_three_years_needs_10_hours_peer_allowed():
    got = requirement(_mentor("2022-12-31"), "rsc")
    assert (got.status, got.have, got.need, got.counted) == (
        "met",
        Decimal(10),
        Decimal(10),
        ["r1"],
    )


def test_boundary_15_imhm_c_a_day_short_of_three_years_needs_12_hours_peer_excluded():
    got = requirement(_mentor("2023-01-01"), "rsc")
    assert (got.status, got.need, excluded(got)) == (
        "not_met",
        Decimal(12),
        {"r1": "peer supervision"},
    )


def _signed(on: str) -> dict[str, Any]:
    return renewal(ethics={"signed_on": on, "version": "2024", "no_sanction": True})


def test_boundary_16_ethics_signed_the_day_before_the_window_is_not_met():
    assert [
        requirement(_signed("2026-09-30"), "ethics").status,
        requirement(_signed("2026-10-01"), "ethics").status,
    ] == ["not_met", "met"]


def test_boundary_17_membership_expired_before_a_late_renewal():
    doc = renewal(
        as_of="2027-01-05",
        membership={"kind": "individual", "expires_on": "2026-12-31"},
        fee={"paid_on": "2027-01-05", "amount": 55, "payment_id": "p"},
    )
    got = requirement(doc, "membership")
    assert (got.status, got.summary) == ("not_met", "The membership expired on 31 December 2026.")


def _triennial(issued_on: str, as_of: str, period: tuple[str, str]) -> dict[str, Any]:
    doc = renewal(
        policy="triennial",
        as_of=as_of,
        period={"start_on": period[0], "end_on": period[1]},
        ethics={"signed_on": as_of, "version": "2024", "no_sanction": True, "audit_consent": True},
    )
    return endorsement(doc, issued_on=issued_on, provides_rsc=True)


def _needs(doc: dict[str, Any]) -> list[Decimal]:
    result = evaluate_doc(doc)
    parts = result.requirement("training").parts
    return [*(part.need for part in parts), result.requirement("rsc").need]


def test_boundary_18_triennial_issued_31_december_2026_owes_one_year_at_2027():
    doc = _triennial("2026-12-31", "2027-11-20", ("2027-01-01", "2027-12-31"))
    got = dates(doc, "2027-11-20")
    assert ((got["F"], got["P"], got["k"]), _needs(doc)) == (
        ("2027-12-31", "2027-01-01..2027-12-31", 1),
        [15, 1, 3, 12],
    )


def test_boundary_19_triennial_issued_1_january_2027_owes_three_years_at_2030():
    doc = _triennial("2027-01-01", "2030-11-20", ("2028-01-01", "2030-12-31"))
    got = dates(doc, "2030-11-20")
    assert ((got["F"], got["P"], got["k"]), _needs(doc)) == (
        ("2030-12-31", "2028-01-01..2030-12-31", 3),
        [45, 3, 9, 36],
    )


def test_boundary_20_triennial_issued_mid_cycle_owes_two_years():
    doc = _triennial("2025-03-01", "2027-11-20", ("2026-01-01", "2027-12-31"))
    got = dates(doc, "2027-11-20")
    assert ((got["F"], got["P"], got["k"]), _needs(doc)) == (
        ("2027-12-31", "2026-01-01..2027-12-31", 2),
        [30, 2, 6, 24],
    )


def test_boundary_21_triennial_issued_in_the_anchor_year_owes_three_years():
    got = dates(_triennial("2024-05-01", "2027-11-20", ("2025-01-01", "2027-12-31")), "2027-11-20")
    assert (got["F"], got["k"]) == ("2027-12-31", 3)


def test_boundary_22_triennial_two_years_owed_29_5_hours_is_not_met():
    doc = _triennial("2025-03-01", "2027-11-20", ("2026-01-01", "2027-12-31"))
    doc["trainings"] = [
        training("t1", "2026-05-01", 27.5),
        training("t2", "2027-05-01", 2, ["dei"]),
    ]
    got = requirement(doc, "training")
    assert (got.status, got.have, got.need) == ("not_met", Decimal("29.5"), Decimal(30))


def test_boundary_23_triennial_window_deadline_and_grace():
    doc = _triennial("2025-03-01", "2027-11-20", ("2026-01-01", "2027-12-31"))
    assert words(doc, "2027-09-30", "2027-10-01", "2028-01-31", "2028-02-01") == [
        "active",
        "renewal_due",
        "overdue",
        "lapsed",
    ]


def test_boundary_24_inactive_for_two_years_then_lapsed():
    doc = endorsement(renewal(), inactive=[{"start_on": "2026-03-01", "reactivated_on": None}])
    last_inactive, first_lapsed = standing(doc, "2028-02-29"), standing(doc, "2028-03-01")
    assert (last_inactive.word, first_lapsed.word, first_lapsed.lapsed_on.isoformat()) == (
        "inactive",
        "lapsed",
        "2028-03-01",
    )


def _reinstatement(rater_completed_on: str) -> dict[str, Any]:
    return renewal(
        kind="reinstatement",
        as_of="2027-06-01",
        references=[rating("q1", "rsc_provider", rater_completed_on, level="III")],
        ethics={"signed_on": "2027-05-30", "version": "2024", "no_sanction": True},
        fee={"paid_on": "2027-05-30", "amount": 0, "payment_id": "p"},
    )


def test_boundary_25_reinstatement_ratings_count_from_the_lapse_day():
    before = requirement(_reinstatement("2027-01-31"), "references")
    on_the_day = requirement(_reinstatement("2027-02-01"), "references")
    assert (excluded(before), before.counted, on_the_day.counted) == (
        {"q1": "completed before the lapse"},
        [],
        ["q1"],
    )


def test_boundary_26_reinstatement_moves_the_base_date_and_first_deadline():
    got = dates(endorsement(renewal(), reinstated_on="2027-05-20"), "2027-06-01")
    assert (got["B"], got["F"]) == ("2027-05-20", "2028-12-31")


def test_boundary_27_revoked_from_its_day():
    assert words(endorsement(renewal(), revoked_on="2026-04-01"), "2026-03-31", "2026-04-01") == [
        "active",
        "revoked",
    ]


def _attestation_policy():
    """`annual` with the attestation model of reinstatement, which no shipped policy selects
    (choice R36)."""
    data = policy_data("annual")
    data["reinstatement"].update(model="attestation", fee=25)
    return renewal_policy_from_data(data)


def test_boundary_28_attestation_reinstatement_counts_training_exactly_a_year_old():
    def doc(ended_on: str) -> dict[str, Any]:
        return renewal(
            kind="reinstatement", as_of="2027-03-10", trainings=[training("t1", ended_on, 15)]
        )

    policy = _attestation_policy()
    counted = requirement(doc("2026-03-10"), "training", policy=policy)
    not_counted = requirement(doc("2026-03-09"), "training", policy=policy)
    assert (counted.counted, not_counted.counted, excluded(not_counted)) == (
        ["t1"],
        [],
        {"t1": "outside the year before the request"},
    )


def test_boundary_29_a_period_other_than_the_one_owed_is_refused():
    assert refusal(renewal(period={"start_on": "2026-01-01", "end_on": "2026-12-30"})) == (
        "period",
        "2026-01-01..2026-12-30 is not the period owed on 2026-11-20, 2026-01-01..2026-12-31",
    )


def test_boundary_30_reactivation_on_29_february_looks_back_to_28_february():
    doc = renewal(
        kind="reactivation",
        as_of="2028-02-29",
        trainings=[training("t1", "2027-02-28", 14), training("t2", "2027-06-01", 1, ["dei"])],
        rsc=[rsc("r1", "2027-03-01", "2028-01-31", 12)],
        ethics={"signed_on": "2028-02-20", "version": "2024", "no_sanction": True},
        membership={"kind": "individual", "expires_on": None},
        fee={"paid_on": "2028-02-20", "amount": 25, "payment_id": "p"},
    )
    doc = endorsement(doc, inactive=[{"start_on": "2026-03-01", "reactivated_on": None}])
    result = evaluate_doc(doc)
    assert (
        result.requirement("training").counted,
        result.evaluation_period[0].isoformat(),
        result.overall,
        result.late,
    ) == (["t1", "t2"], "2027-02-28", "reactivatable", False)


def test_boundary_31_inactive_periods_that_share_a_day_are_refused():
    doc = endorsement(
        renewal(),
        inactive=[
            {"start_on": "2026-03-01", "reactivated_on": "2026-09-01"},
            {"start_on": "2026-08-31", "reactivated_on": None},
        ],
    )
    assert refusal(doc) == ("endorsement.inactive", "periods 0 and 1 share days")


def test_boundary_32_revoked_renewal_is_evaluated_reinstatement_is_refused():
    revoked = endorsement(renewal(), revoked_on="2026-04-01")
    reinstatement = {**revoked, "kind": "reinstatement"}
    assert (evaluate_doc(revoked).overall, refusal(reinstatement)) == (
        "revoked",
        (
            "kind",
            "a reinstatement needs the standing lapsed; on 2026-11-20 the endorsement is revoked",
        ),
    )
