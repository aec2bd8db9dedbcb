"""RULES-renewal.md 2: the renewal file (`imh-renewal/1`), its defaults, its refusals in their
order, and the result (`imh-renewal-result/1`)."""

from __future__ import annotations

from datetime import date

import pytest

from endorse.eligibility.renewal import check_renewal_text
from endorse.eligibility.renewal_parse import RenewalError, read_renewal

from .renewal_builders import endorsement, evaluate_doc, rating, refusal, renewal


def test_rule_2_defaults_kind_renewal_policy_annual_as_of_today():
    """RULES-renewal.md 2: `kind` absent → `renewal`; `as_of` absent → today; `policy` absent →
    `annual`."""
    doc = renewal()
    for key in ("kind", "as_of", "policy"):
        del doc[key]
    read = read_renewal(doc, today=date(2026, 11, 21))
    assert (read.file.kind, read.policy.name, read.as_of) == (
        "renewal",
        "annual",
        date(2026, 11, 21),
    )


def test_rule_2_format_errors_name_each_field():
    """RULES-renewal.md 2: unknown key, wrong type, value outside its list, required field
    missing; each named by its path."""
    doc = renewal(kind="renew", extra=1)
    doc["endorsement"]["issued_on"] = "2025-02-30"
    del doc["endorsement"]["number"]
    doc["trainings"][0]["hours"] = "ten"
    doc["fee"] = {"paid_on": None}
    with pytest.raises(RenewalError) as caught:
        read_renewal(doc)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "extra",
            "unknown key; expected one of as_of, endorsement, ethics, fee, format, holder, kind, membership, period, policy, references, rsc, trainings",
        ),
        ("kind", "'renew' is not one of renewal, reinstatement, reactivation"),
        ("endorsement.number", "required"),
        ("endorsement.issued_on", "2025-02-30 is not a real date"),
        ("trainings.0.hours", "expected a number, got text"),
        ("fee.amount", "required"),
    ]


def test_rule_2_format_errors_come_before_the_checks():
    """RULES-renewal.md 2: a format error is reported even when a later check would fail too."""
    doc = renewal(policy="monthly", as_of="2020-01-01", holder={"name": 3})
    with pytest.raises(RenewalError) as caught:
        read_renewal(doc)
    assert [p.path for p in caught.value.problems] == ["holder.name"]


def test_rule_2_check_1_unknown_policy_is_refused_first():
    """RULES-renewal.md 2, check 1: the policy, before the category."""
    doc = endorsement(renewal(policy="monthly"), category="nurse")
    assert refusal(doc) == (
        "policy",
        "unknown renewal policy 'monthly'; expected one of annual, triennial",
    )


def test_rule_2_check_1_unknown_category_is_refused():
    """RULES-renewal.md 2, check 1: `endorsement.category` must be an id of RULES-categories.md 1."""
    path, message = refusal(endorsement(renewal(), category="IMHS"))
    assert (path, message.startswith("unknown category 'IMHS'; expected one of ec-family")) == (
        "endorsement.category",
        True,
    )


def test_rule_2_check_2_as_of_before_issue_is_refused():
    """RULES-renewal.md 2, check 2."""
    assert refusal(renewal(as_of="2025-06-09")) == (
        "as_of",
        "2025-06-09 is before the endorsement was issued (2025-06-10)",
    )


def test_rule_2_check_3_renewed_through_must_end_a_cycle_year():
    """RULES-renewal.md 2, check 3: 31 December of a cycle year, else refused."""
    not_31_december = endorsement(renewal(), renewed_through="2026-12-30")
    not_a_cycle_year = endorsement(
        renewal(policy="triennial"), issued_on="2023-05-01", renewed_through="2025-12-31"
    )
    assert (refusal(not_31_december), refusal(not_a_cycle_year)) == (
        (
            "endorsement.renewed_through",
            "2026-12-30 is not 31 December of a year renewal falls due under annual",
        ),
        (
            "endorsement.renewed_through",
            "2025-12-31 is not 31 December of a year renewal falls due under triennial",
        ),
    )


def test_rule_2_check_3_reactivated_before_start_is_refused():
    """RULES-renewal.md 2, check 3 (choice R37)."""
    doc = endorsement(
        renewal(), inactive=[{"start_on": "2026-03-01", "reactivated_on": "2026-02-01"}]
    )
    assert refusal(doc) == (
        "endorsement.inactive",
        "period 0 is reactivated (2026-02-01) before it starts (2026-03-01)",
    )


def test_rule_2_check_3_periods_that_only_touch_are_accepted():
    """RULES-renewal.md 2 (choice R37): a period ends the day before `reactivated_on`, so the next
    may start that day."""
    doc = endorsement(
        renewal(period={"start_on": "2027-01-01", "end_on": "2027-12-31"}),
        inactive=[
            {"start_on": "2026-03-01", "reactivated_on": "2026-04-01"},
            {"start_on": "2026-04-01", "reactivated_on": "2026-05-01"},
        ],
    )
    # Reactivated on 1 May 2026: `B` moves there, so 2027 is owed and the holder is active.
    assert evaluate_doc(doc).standing == "active"


def test_rule_2_check_3_renewed_through_is_checked_before_the_inactive_periods():
    """RULES-renewal.md 2, check 3: `renewed_through`, then `inactive`."""
    doc = endorsement(
        renewal(),
        renewed_through="2026-06-30",
        inactive=[{"start_on": "2026-03-01", "reactivated_on": "2026-02-01"}],
    )
    assert refusal(doc)[0] == "endorsement.renewed_through"


def test_rule_2_check_4_renewal_without_a_period_is_refused():
    """RULES-renewal.md 2, check 4 (choice R24)."""
    doc = renewal()
    del doc["period"]
    assert refusal(doc) == (
        "period",
        "required for a renewal; the period owed is 2026-01-01..2026-12-31",
    )


def test_rule_2_check_4_period_is_checked_whatever_the_standing():
    """RULES-renewal.md 2, check 4 (choice R28): a lapsed holder's renewal with a wrong period is
    refused, not reported `lapsed`."""
    doc = renewal(as_of="2027-03-01", period={"start_on": "2027-01-01", "end_on": "2027-12-31"})
    assert refusal(doc)[0] == "period"


def test_rule_2_check_4_period_is_ignored_by_other_kinds():
    """RULES-renewal.md 2: `period` is ignored in reinstatement and reactivation files."""
    doc = renewal(
        kind="reinstatement",
        as_of="2027-03-01",
        period={"start_on": "1999-01-01", "end_on": "1999-12-31"},
    )
    assert evaluate_doc(doc).kind == "reinstatement"


def test_rule_2_check_4_reactivation_needs_the_standing_inactive():
    """RULES-renewal.md 2, check 4, and 7: otherwise refused naming the standing."""
    assert refusal(renewal(kind="reactivation")) == (
        "kind",
        "a reactivation needs the standing inactive; on 2026-11-20 the endorsement is renewal_due",
    )


def test_rule_2_references_are_read_only_by_reinstatement():
    """RULES-renewal.md 2: a renewal with ratings has no references requirement."""
    doc = renewal(references=[rating("q1", "colleague", "2026-10-01")])
    assert [r.id for r in evaluate_doc(doc).requirements] == [
        "training",
        "rsc",
        "ethics",
        "membership",
        "fee",
    ]


def test_rule_2_result_top_level_keys():
    """RULES-renewal.md 2: the keys of `imh-renewal-result/1`, renewal kind."""
    data = evaluate_doc(renewal()).to_data()
    assert {key: data[key] for key in data if key != "requirements"} == {
        "format": "imh-renewal-result/1",
        "kind": "renewal",
        "policy": "annual",
        "category": "mh-specialist",
        "as_of": "2026-11-20",
        "standing": "renewal_due",
        "lapsed_on": None,
        "base_on": "2025-06-10",
        "first_deadline": "2026-12-31",
        "deadline": "2026-12-31",
        "window_opens_on": "2026-10-01",
        "grace_ends_on": "2027-01-31",
        "period_owed": {"start_on": "2026-01-01", "end_on": "2026-12-31"},
        "years_owed": 1,
        "late": False,
        "overall": "renewable",
    }


def test_rule_2_requirement_entries_are_shaped_as_in_the_portfolio_result():
    """RULES-renewal.md 2: `id`, `status`, `summary`, `have`, `need`, `unit`, `counted`,
    `excluded`, `clause` (as PORTFOLIO.md)."""
    entry = evaluate_doc(renewal()).to_data()["requirements"][1]
    assert {
        k: entry[k]
        for k in (
            "id",
            "status",
            "summary",
            "have",
            "need",
            "unit",
            "counted",
            "excluded",
            "clause",
        )
    } == {
        "id": "rsc",
        "status": "met",
        "summary": "12 of 12 hours of RS/C received",
        "have": 12,
        "need": 12,
        "unit": "hours",
        "counted": ["r1"],
        "excluded": [],
        "clause": "annual: Renewal RS/C received (RULES-renewal.md 5.2)",
    }


def test_rule_2_requirements_are_reported_whatever_the_overall_word():
    """RULES-renewal.md 2 (choice R29): a too-early renewal still lists every requirement."""
    result = evaluate_doc(renewal(as_of="2026-09-30"))
    assert (result.overall, [(r.id, r.status) for r in result.requirements]) == (
        "too_early",
        [
            ("training", "met"),
            ("rsc", "met"),
            ("ethics", "not_met"),
            ("membership", "met"),
            ("fee", "not_met"),
        ],
    )


def test_rule_2_a_file_is_read_from_its_text():
    """RULES-renewal.md 2: the same verdict from the file's JSON text."""
    import json

    assert check_renewal_text(json.dumps(renewal())).overall == "renewable"
