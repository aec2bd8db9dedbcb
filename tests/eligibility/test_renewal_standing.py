"""RULES-renewal.md 1 (the dates `B`, `F`, `D`, `W`, `G`, `P`, `k`) and 4 (the standing on a day),
rule by rule. The boundary examples are in test_renewal_boundaries.py."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endorse.eligibility.renewal_parse import parse_renewal_file
from endorse.eligibility.renewal_policy import load_renewal_policy, renewal_policy_from_data
from endorse.eligibility.renewal_standing import standing_on

from .renewal_builders import dates, endorsement, policy_data, renewal, standing, words


def test_rule_1_triennial_cycle_years_are_2024_2027_2030():
    """RULES-renewal.md 1, Cycle years: `(y − 2024)` divisible by 3; `annual`: every year."""
    triennial, annual = load_renewal_policy("triennial"), load_renewal_policy("annual")
    assert [y for y in range(2022, 2032) if triennial.is_cycle_year(y)] == [2024, 2027, 2030]
    assert all(annual.is_cycle_year(y) for y in range(2022, 2032))


def test_rule_1_base_date_is_the_latest_of_issue_reinstatement_and_reactivations():
    """RULES-renewal.md 1, Base date (choices R19, R34): the latest `reactivated_on` of all
    periods, not only the last period's."""
    doc = endorsement(
        renewal(),
        reinstated_on="2026-02-01",
        inactive=[
            {"start_on": "2026-03-01", "reactivated_on": "2026-06-15"},
            {"start_on": "2026-01-05", "reactivated_on": "2026-01-20"},
        ],
    )
    assert dates(doc, "2026-07-01")["B"] == "2026-06-15"


def test_rule_1_base_date_ignores_events_after_the_day_considered():
    """RULES-renewal.md 1 and 4: a reinstatement or reactivation dated after the day considered
    does not move `B` yet."""
    doc = endorsement(
        renewal(),
        reinstated_on="2027-05-20",
        inactive=[{"start_on": "2026-03-01", "reactivated_on": "2026-09-01"}],
    )
    assert [dates(doc, "2026-08-31")["B"], dates(doc, "2026-09-01")["B"]] == [
        "2025-06-10",
        "2026-09-01",
    ]


def test_rule_1_renewed_through_before_the_base_date_is_ignored():
    """RULES-renewal.md 1, Deadline owed: `renewed_through` before `B` gives `F` (choice R19)."""
    doc = endorsement(renewal(), renewed_through="2026-12-31", reinstated_on="2027-05-20")
    got = dates(doc, "2027-06-01")
    assert (got["D"], got["P"], got["k"]) == ("2028-12-31", "2028-01-01..2028-12-31", 1)


def test_rule_1_triennial_renewed_through_adds_three_years():
    """RULES-renewal.md 1, Deadline owed: 31 December of `year(renewed_through)` + 3."""
    doc = endorsement(
        renewal(policy="triennial"), issued_on="2023-05-01", renewed_through="2024-12-31"
    )
    got = dates(doc, "2026-01-10")
    assert (got["D"], got["W"], got["P"], got["k"]) == (
        "2027-12-31",
        "2027-10-01",
        "2025-01-01..2027-12-31",
        3,
    )


def test_rule_1_grace_is_policy_data():
    """RULES-renewal.md 1 and 9 (choice R5): the grace is data; with 0 days the endorsement
    lapses on 1 January."""
    data = policy_data("annual")
    data["grace_days"] = 0
    no_grace = renewal_policy_from_data(data)
    got = standing(renewal(), "2027-01-01", policy=no_grace)
    assert (got.word, got.lapsed_on.isoformat(), got.dates.grace_ends_on.isoformat()) == (
        "lapsed",
        "2027-01-01",
        "2026-12-31",
    )


def test_rule_1_an_open_inactive_period_does_not_change_the_dates():
    """RULES-renewal.md 1 (choice R28): `B` … `k` are computed for every standing."""
    doc = endorsement(renewal(), inactive=[{"start_on": "2026-03-01", "reactivated_on": None}])
    assert dates(doc, "2027-06-01") == dates(renewal(), "2027-06-01")


def test_rule_4_1_revoked_wins_over_inactive():
    """RULES-renewal.md 4.1: the first rule that applies wins; revoked is first."""
    doc = endorsement(
        renewal(),
        revoked_on="2026-05-01",
        inactive=[{"start_on": "2026-03-01", "reactivated_on": None}],
    )
    assert words(doc, "2026-04-30", "2026-05-01") == ["inactive", "revoked"]


def test_rule_4_2_inactive_period_ends_the_day_before_reactivation():
    """RULES-renewal.md 4.2: inactive while `reactivated_on` is null or after the day."""
    doc = endorsement(
        renewal(), inactive=[{"start_on": "2026-03-01", "reactivated_on": "2026-06-01"}]
    )
    assert words(doc, "2026-02-28", "2026-03-01", "2026-05-31", "2026-06-01") == [
        "active",
        "inactive",
        "inactive",
        "active",
    ]


def test_rule_4_2_inactive_longest_time_is_policy_data():
    """RULES-renewal.md 4.2 (choice R20): the two years are the policy's `inactive.longest_years`."""
    assert load_renewal_policy("annual").inactive.longest_years == 2


def test_rule_4_events_after_the_day_are_ignored():
    """RULES-renewal.md 4: a later revocation or inactive period does not change today's standing."""
    doc = endorsement(
        renewal(),
        revoked_on="2027-03-01",
        inactive=[{"start_on": "2026-12-01", "reactivated_on": None}],
    )
    assert words(doc, "2026-11-30") == ["renewal_due"]


def test_rule_4_3_to_4_6_lapse_after_an_inactive_period_ends_follows_the_deadline():
    """RULES-renewal.md 4.3 to 4.6: once reactivated, the standing follows `W`, `D` and `G` again,
    from the new base date (choice R19)."""
    doc = endorsement(
        renewal(), inactive=[{"start_on": "2026-03-01", "reactivated_on": "2027-04-01"}]
    )
    got = standing(doc, "2027-04-01")
    assert (got.word, got.dates.base_on.isoformat(), got.dates.deadline.isoformat()) == (
        "active",
        "2027-04-01",
        "2028-12-31",
    )


def test_rule_4_accepting_a_renewal_returns_the_standing_to_active():
    """RULES-renewal.md 4: accepting a renewal sets `renewed_through` to `D`; the standing is
    `active` with the next `D`."""
    renewed = endorsement(renewal(), renewed_through="2026-12-31")
    got = standing(renewed, "2026-12-15")
    assert (got.word, got.dates.deadline.isoformat()) == ("active", "2027-12-31")


def test_rule_4_the_standing_never_reads_membership():
    """RULES-renewal.md 1, First deadline: membership is checked only by a renewal."""
    lapsed_membership = renewal(membership={"kind": "individual", "expires_on": "2025-12-31"})
    assert words(lapsed_membership, "2026-06-01") == ["active"]


def test_rule_4_table_listed_while_active_due_or_overdue():
    """RULES-renewal.md 4, the table (choice R5): listed and endorsed while `active`,
    `renewal_due` or `overdue`; not while `inactive`, `lapsed` or `revoked`."""
    inactive = endorsement(renewal(), inactive=[{"start_on": "2026-03-01", "reactivated_on": None}])
    revoked = endorsement(renewal(), revoked_on="2026-04-01")
    cases = [
        standing(renewal(), "2026-06-01"),
        standing(renewal(), "2026-10-01"),
        standing(renewal(), "2027-01-31"),
        standing(renewal(), "2027-02-01"),
        standing(inactive, "2026-06-01"),
        standing(revoked, "2026-06-01"),
    ]
    assert [(s.word, s.listed) for s in cases] == [
        ("active", True),
        ("renewal_due", True),
        ("overdue", True),
        ("lapsed", False),
        ("inactive", False),
        ("revoked", False),
    ]


ORDER = ["active", "renewal_due", "overdue", "lapsed"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    issued_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    policy=st.sampled_from(["annual", "triennial"]),
)
def test_rule_4_without_events_the_standing_moves_forward_at_w_d_and_g(issued_on, policy):
    """RULES-renewal.md 1 and 4: day after day the standing only moves forward, changing exactly
    on `W`, `D` + 1 day and `G` + 1 day; `P` ends on `D`, starts on a 1 January after the year
    of `B`, and `k` is between 1 and the cycle length."""
    doc = endorsement(renewal(policy=policy), issued_on=issued_on.isoformat())
    parsed, rules = parse_renewal_file(doc).endorsement, load_renewal_policy(policy)
    first = standing_on(parsed, rules, issued_on).dates
    seen = []
    day = issued_on
    while day <= first.grace_ends_on + timedelta(days=2):
        seen.append(standing_on(parsed, rules, day).word)
        day += timedelta(days=1)
    changes = {
        (issued_on + timedelta(days=i)).isoformat(): word
        for i, word in enumerate(seen)
        if i > 0 and word != seen[i - 1]
    }
    cycle = load_renewal_policy(policy).cycle_years
    assert changes == {
        first.window_opens_on.isoformat(): "renewal_due",
        (first.deadline + timedelta(days=1)).isoformat(): "overdue",
        (first.grace_ends_on + timedelta(days=1)).isoformat(): "lapsed",
    }
    assert [ORDER.index(w) for w in seen] == sorted(ORDER.index(w) for w in seen)
    assert (first.period_end, first.period_start.month, first.period_start.day) == (
        first.deadline,
        1,
        1,
    )
    assert first.period_start.year > first.base_on.year
    assert 1 <= first.years_owed <= cycle


def test_rule_4_an_inactive_period_may_be_recorded_only_while_in_force():
    """RULES-renewal.md 4 and 2: the registry's rule, offered by the standing."""
    assert [
        standing(renewal(), day).may_record_inactive
        for day in ("2026-06-01", "2027-01-31", "2027-02-01")
    ] == [True, True, False]
