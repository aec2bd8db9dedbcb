"""RULES-renewal.md 5: evaluating a renewal, the overall word and each requirement, rule by rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .renewal_builders import (
    endorsement,
    evaluate_doc,
    excluded,
    renewal,
    requirement,
    rsc,
    training,
)

# 5 Overall -------------------------------------------------------------------------------------


def test_rule_5_overall_inactive_holder_renewing_is_inactive():
    """RULES-renewal.md 5: standing `inactive` → that word (an inactive holder reactivates)."""
    doc = endorsement(renewal(), inactive=[{"start_on": "2026-10-05", "reactivated_on": None}])
    assert evaluate_doc(doc).overall == "inactive"


def test_rule_5_overall_incomplete_when_a_requirement_is_not_met():
    assert evaluate_doc(renewal(membership=None)).overall == "incomplete"


def test_rule_5_overall_awaiting_review_when_only_pending():
    """RULES-renewal.md 5 and 5.3 (choice R12): a declared sanction → `awaiting_review`."""
    doc = renewal(ethics={"signed_on": "2026-11-18", "version": "2024", "no_sanction": False})
    assert evaluate_doc(doc).overall == "awaiting_review"


def test_rule_5_overall_renewable_when_all_met():
    assert evaluate_doc(renewal()).overall == "renewable"


def test_rule_5_late_when_overdue_even_if_complete():
    """RULES-renewal.md 5: `late` when `as_of` > `D`, whatever the overall word."""
    doc = renewal(
        as_of="2027-01-31",
        fee={"paid_on": "2027-01-31", "amount": 55, "payment_id": "p"},
        ethics={"signed_on": "2027-01-30", "version": "2024", "no_sanction": True},
    )
    result = evaluate_doc(doc)
    assert (result.standing, result.late, result.overall) == ("overdue", True, "renewable")


def test_rule_5_not_late_when_too_early_or_on_the_deadline():
    assert [evaluate_doc(renewal(as_of=d)).late for d in ("2026-09-30", "2026-12-31")] == [
        False,
        False,
    ]


# 5.1 Training ----------------------------------------------------------------------------------


def test_rule_5_1_only_relationship_based_training_counts():
    doc = renewal(
        trainings=[
            training("t1", "2026-03-03", 14),
            training("t2", "2026-05-05", 1, ["dei"]),
            training("t3", "2026-06-01", 5, relationship_based=False),
        ]
    )
    got = requirement(doc, "training")
    assert (got.have, excluded(got)) == (Decimal(15), {"t3": "not relationship-based"})


def test_rule_5_1_training_dated_after_as_of_does_not_count():
    doc = renewal(
        trainings=[training("t1", "2026-03-03", 14), training("t2", "2026-11-21", 1, ["dei"])]
    )
    got = requirement(doc, "training")
    assert (got.status, excluded(got)) == ("not_met", {"t2": "dated after the evaluation date"})


def test_rule_5_1_training_is_dated_by_its_end_else_its_start():
    """RULES-renewal.md 5.1 (choice R9): by the end; a training that ends in `P` counts even if
    it began before; one without an end is dated by its start."""
    began_before = training("t1", "2026-01-02", 14, start_on="2025-12-30")
    no_end = {**training("t2", "2026-05-05", 1, ["dei"]), "end_on": None}
    got = requirement(renewal(trainings=[began_before, no_end]), "training")
    assert (got.status, got.counted) == ("met", ["t1", "t2"])


def test_rule_5_1_training_in_the_year_of_issue_counts_for_nothing():
    """RULES-renewal.md 1 and 5.1 (choice R3)."""
    doc = renewal(
        trainings=[training("t1", "2025-12-31", 14), training("t2", "2026-05-05", 1, ["dei"])]
    )
    assert excluded(requirement(doc, "training")) == {"t1": "outside the renewal period"}


def test_rule_5_1_an_entry_counts_once_toward_the_total_and_each_topic():
    doc = endorsement(
        renewal(trainings=[training("t1", "2026-03-03", 15, ["dei", "rsc_provision", "imh"])]),
        provides_rsc=True,
    )
    got = requirement(doc, "training")
    assert [(p.id, p.have) for p in got.parts] == [
        ("total", Decimal(15)),
        ("dei", Decimal(15)),
        ("rsc_provision", Decimal(15)),
    ]


def test_rule_5_1_age_bands_are_not_checked():
    """RULES-renewal.md 5.1 (choice R9)."""
    doc = renewal()
    doc["trainings"][0]["age_bands"] = ["early_childhood"]
    assert requirement(doc, "training").status == "met"


def test_rule_5_1_imhm_c_owes_the_provision_hours_without_provides_rsc():
    """RULES-renewal.md 1, Holder who provides RS/C (choice R8)."""
    doc = endorsement(renewal(), category="mentor-clinical", provides_rsc=False)
    got = requirement(doc, "training")
    assert (got.status, got.summary) == ("not_met", "0 of 3 hours on providing RS/C")


def test_rule_5_1_a_holder_who_does_not_provide_rsc_owes_no_provision_hours():
    assert [p.id for p in requirement(renewal(), "training").parts] == ["total", "dei"]


def test_rule_5_1_missing_says_how_many_hours_and_when():
    doc = renewal(trainings=[training("t1", "2026-03-03", 10)])
    assert requirement(doc, "training").missing == [
        "5 more hours of relationship-based training, ending between 1 January 2026 and 31 December 2026.",
        "1 more hour of relationship-based training on diversity, equity and inclusion, ending "
        "between 1 January 2026 and 31 December 2026.",
    ]


# 5.2 RS/C received -----------------------------------------------------------------------------


def test_rule_5_2_an_open_entry_is_cut_at_as_of_and_counts():
    """RULES-renewal.md 5.2 (choice R31): an open entry, or one ending after `as_of`, is cut at
    `as_of` and then lies in `P`."""
    open_entry = rsc("r1", "2026-01-10", None, 6)
    ends_later = rsc("r2", "2026-02-01", "2027-03-31", 6)
    got = requirement(renewal(rsc=[open_entry, ends_later]), "rsc")
    assert (got.status, got.counted, got.have) == ("met", ["r1", "r2"], Decimal(12))


def test_rule_5_2_entry_starting_after_as_of_does_not_count():
    got = requirement(renewal(rsc=[rsc("r1", "2026-11-21", "2026-12-20", 12)]), "rsc")
    assert excluded(got) == {"r1": "dated after the evaluation date"}


def test_rule_5_2_provider_must_be_approved():
    got = requirement(
        renewal(rsc=[rsc("r1", "2026-01-10", "2026-11-10", 12, approved=False)]), "rsc"
    )
    assert (excluded(got), got.missing) == (
        {"r1": "provider not approved"},
        [
            "12 more hours of RS/C received from an approved provider, between 1 January 2026 and "
            "31 December 2026.",
            "Staff must approve the provider of 1 entry.",
        ],
    )


def test_rule_5_2_provider_must_be_on_the_2025_list():
    """RULES-renewal.md 5.2 (choice R11): IMHS receives from IMHM-C (or its twin), or an IMHS with
    the ERS add-on (RULES-categories.md 4.5)."""
    entries = [
        rsc("r1", "2026-01-10", "2026-03-10", 4, endorsement="IMHS"),
        rsc("r2", "2026-04-10", "2026-06-10", 4, endorsement="ECMHM-C"),
        {
            **rsc("r3", "2026-07-10", "2026-09-10", 4, endorsement="IMHS"),
            "provider": {"name": "E", "endorsement": "IMHS", "ers": True, "approved": True},
        },
    ]
    got = requirement(renewal(rsc=entries), "rsc")
    assert (got.counted, excluded(got)) == (
        ["r2", "r3"],
        {"r1": "provider holds IMHS; needs ECMHM-C, IMHM-C, ECMHS with ERS, IMHS with ERS"},
    )


def test_rule_5_2_main_provider_and_focus_rules_do_not_apply():
    """RULES-renewal.md 5.2: many providers and any focus count."""
    entries = [
        rsc(f"r{i}", f"2026-0{i}-01", f"2026-0{i}-20", 3, name=f"Provider {i}") for i in range(1, 5)
    ]
    entries[0]["focus"] = "rsc_provided"
    assert requirement(renewal(rsc=entries), "rsc").status == "met"


def test_rule_5_2_peer_entries_do_not_count_without_the_reduction():
    got = requirement(renewal(rsc=[rsc("r1", "2026-01-10", "2026-11-10", 12, peer=True)]), "rsc")
    assert excluded(got) == {"r1": "peer supervision"}


def test_rule_5_2_not_an_rsc_category_reports_hours_without_a_provider_list():
    """RULES-renewal.md 5.2: IFA owes no RS/C; hours of approved, not peer entries wholly in `P`."""
    entries = [
        rsc("r1", "2026-01-10", "2026-03-10", 5, endorsement=None),
        rsc("r2", "2026-01-10", "2026-03-10", 5, peer=True),
        rsc("r3", "2025-12-10", "2026-03-10", 5),
    ]
    got = requirement(endorsement(renewal(rsc=entries), category="family-associate"), "rsc")
    assert (got.status, got.have, got.need, got.counted, excluded(got)) == (
        "not_required",
        Decimal(5),
        None,
        ["r1"],
        {"r2": "peer supervision", "r3": "outside the renewal period"},
    )


def _mentor_reduced(**peer: Any) -> dict[str, Any]:
    doc = renewal(
        as_of="2025-11-20",
        period={"start_on": "2025-01-01", "end_on": "2025-12-31"},
        rsc=[rsc("r1", "2025-02-01", "2025-10-31", 10, peer=True, **peer)],
    )
    return endorsement(
        doc, category="mentor-clinical", issued_on="2022-06-01", renewed_through="2024-12-31"
    )


def test_rule_5_2_reduction_peer_must_be_approved_and_hold_imhm_c():
    """RULES-renewal.md 5.2 (choice R7): a peer counts only when approved and IMHM-C/ECMHM-C."""
    counted = requirement(_mentor_reduced(endorsement="ECMHM-C"), "rsc")
    wrong_endorsement = requirement(_mentor_reduced(endorsement="IMHS"), "rsc")
    not_approved = requirement(_mentor_reduced(approved=False), "rsc")
    assert (counted.status, excluded(wrong_endorsement), excluded(not_approved)) == (
        "met",
        {"r1": "peer supervision"},
        {"r1": "provider not approved"},
    )


def test_rule_5_2_reduction_restarts_after_reinstatement():
    """RULES-renewal.md 5.2 (choice R35): `B` moves at reinstatement, so the three years restart."""
    doc = endorsement(_mentor_reduced(endorsement="IMHM-C"), reinstated_on="2024-03-01")
    doc["endorsement"]["renewed_through"] = None
    got = requirement(doc, "rsc")
    assert (got.need, got.details["peer_allowed"]) == (Decimal(12), False)


def test_rule_5_2_triennial_has_no_reduction():
    """RULES-renewal.md 3 (choice R16): 36 h for IMHM-C too, no peer."""
    doc = renewal(
        policy="triennial",
        as_of="2027-11-20",
        period={"start_on": "2025-01-01", "end_on": "2027-12-31"},
    )
    doc = endorsement(
        doc, category="mentor-clinical", issued_on="2020-05-01", renewed_through="2024-12-31"
    )
    assert requirement(doc, "rsc").need == Decimal(36)


# 5.3 Ethics ------------------------------------------------------------------------------------


def _ethics(**ethics: Any) -> dict[str, Any]:
    values = {"signed_on": "2026-11-18", "version": "2024", "no_sanction": True}
    values.update(ethics)
    return renewal(ethics=values)


def test_rule_5_3_no_ethics_is_not_met():
    got = requirement(renewal(ethics=None), "ethics")
    assert (got.status, got.missing) == ("not_met", ["The Code of Ethics is not signed."])


def test_rule_5_3_signed_after_as_of_is_not_met():
    """RULES-renewal.md 5.3 (choice R13): signed within [`W`, `as_of`]."""
    assert requirement(_ethics(signed_on="2026-11-21"), "ethics").status == "not_met"


def test_rule_5_3_each_defect_is_named():
    got = requirement(_ethics(version="2019", no_sanction=None), "ethics")
    assert (got.status, got.missing) == (
        "not_met",
        [
            "Sign the current version, 2024.",
            "Attest whether a licensing board has sanctioned you.",
        ],
    )


def test_rule_5_3_a_declared_sanction_with_a_defect_is_not_met():
    """RULES-renewal.md 5.3 (choice R32): `pending` only when the sanction is the only issue."""
    assert requirement(_ethics(no_sanction=False, version=None), "ethics").status == "not_met"


def test_rule_5_3_a_declared_sanction_alone_is_pending():
    """RULES-renewal.md 5.3 (choice R12)."""
    got = requirement(_ethics(no_sanction=False), "ethics")
    assert (got.status, got.summary) == (
        "pending",
        "A licensing-board sanction is declared: the coordinator decides",
    )


def test_rule_5_3_triennial_needs_audit_consent():
    """RULES-renewal.md 5.3 (choice R17)."""
    doc = renewal(
        policy="triennial",
        as_of="2027-11-20",
        period={"start_on": "2026-01-01", "end_on": "2027-12-31"},
        ethics={"signed_on": "2027-11-18", "version": "2024", "no_sanction": True},
    )
    got = requirement(doc, "ethics")
    assert (got.status, got.missing) == ("not_met", ["Consent to an audit of the hours reported."])


# 5.4 Membership --------------------------------------------------------------------------------


def test_rule_5_4_no_membership_is_not_met():
    assert requirement(renewal(membership=None), "membership").summary == "No membership recorded."


def test_rule_5_4_organisational_or_unrecorded_kind_is_not_met():
    organisational = renewal(membership={"kind": "organizational", "expires_on": None})
    unrecorded = renewal(membership={"expires_on": None})
    assert [requirement(d, "membership").summary for d in (organisational, unrecorded)] == [
        "The membership is organizational; it must be individual.",
        "The membership is of no recorded kind; it must be individual.",
    ]


def test_rule_5_4_no_expiry_and_expiry_on_as_of_are_met():
    """RULES-renewal.md 5.4 (K50): `expires_on` null = no expiry; ≥ `as_of` is current."""
    no_expiry = renewal(membership={"kind": "individual", "expires_on": None})
    on_the_day = renewal(membership={"kind": "individual", "expires_on": "2026-11-20"})
    assert [requirement(d, "membership").status for d in (no_expiry, on_the_day)] == ["met", "met"]


# 5.5 Fee ---------------------------------------------------------------------------------------


def test_rule_5_5_triennial_fee_is_not_required():
    """RULES-renewal.md 5.5 (choice R23): policy fee 0."""
    doc = renewal(
        policy="triennial",
        as_of="2027-11-20",
        period={"start_on": "2026-01-01", "end_on": "2027-12-31"},
        fee=None,
    )
    assert requirement(doc, "fee").status == "not_required"


def test_rule_5_5_not_paid_when_fee_is_null_or_paid_after_as_of():
    unpaid = requirement(renewal(fee=None), "fee")
    later = requirement(renewal(fee={"paid_on": "2026-11-21", "amount": 30}), "fee")
    no_date = requirement(renewal(fee={"paid_on": None, "amount": 30}), "fee")
    assert [(r.status, r.summary) for r in (unpaid, later, no_date)] == [
        ("not_met", "not paid")
    ] * 3


def test_rule_5_5_on_time_fee_is_30():
    paid = requirement(renewal(), "fee")
    short = requirement(renewal(fee={"paid_on": "2026-11-20", "amount": 29.99}), "fee")
    assert [(paid.status, paid.summary), (short.status, short.summary)] == [
        ("met", "paid 30 of 30"),
        ("not_met", "paid 29.99 of 30"),
    ]


def test_rule_5_5_late_fee_paid_in_full():
    doc = renewal(as_of="2027-01-15", fee={"paid_on": "2027-01-10", "amount": 55})
    assert requirement(doc, "fee").summary == "paid 55 of 55"


def test_rule_5_5_payment_id_is_not_checked_for_reuse():
    """RULES-renewal.md 5.5 (choice R22): one payment may cover several endorsements."""
    first = renewal(fee={"paid_on": "2026-11-20", "amount": 60, "payment_id": "pp-9"})
    second = endorsement(first, number="MI-0002", category="family-specialist")
    assert [requirement(d, "fee").status for d in (first, second)] == ["met", "met"]


def test_rule_2_lists_may_be_absent():
    """RULES-renewal.md 2: lists may be empty or absent."""
    doc = renewal()
    for key in ("trainings", "rsc", "references"):
        del doc[key]
    result = evaluate_doc(doc)
    assert [(r.id, r.status) for r in result.requirements[:2]] == [
        ("training", "not_met"),
        ("rsc", "not_met"),
    ]


def test_rule_5_1_the_same_hours_serve_each_endorsement():
    """RULES-renewal.md 5.1 (choice R22): the same trainings in the files of two endorsements
    count in both."""
    first = renewal()
    second = endorsement(first, number="MI-0002", category="family-specialist")
    assert [requirement(d, "training").status for d in (first, second)] == ["met", "met"]
