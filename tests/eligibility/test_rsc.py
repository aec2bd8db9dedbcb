"""RULES.md, 5. Reflective supervision/consultation received, and the 2024 provider rules."""

from datetime import date

import pytest

from .builders import complete, excluded, requirement, rsc


def _with(*entries, category="mentor-clinical"):
    doc = complete(category)
    doc["rsc"] = list(entries)
    return doc


def test_rsc_window_of_exactly_one_calendar_year_is_met():
    """5 and Vocabulary: 50 hours in a window of exactly one calendar year is met."""
    doc = _with(
        rsc("r1", "2024-03-01", "2024-08-31", 25), rsc("r2", "2024-09-01", "2025-02-28", 25)
    )
    req = requirement(doc, "rsc")
    assert (req.status, req.have) == ("met", 50)
    assert req.details["window"]["start_on"] == date(2024, 3, 1)
    assert req.details["window"]["end_on"] == date(2025, 2, 28)


def test_rsc_window_one_day_short_of_a_year_is_not_met_and_gives_earliest_on():
    """5: 50 hours reached in a span shorter than a year → not met ('not yet a year of supervision'),
    earliest_on = (a − 1 day) + 1 year, or the day after the evaluation date if later."""
    doc = _with(
        rsc("r1", "2024-03-01", "2024-08-31", 25), rsc("r2", "2024-09-01", "2025-02-27", 25)
    )
    req = requirement(doc, "rsc", as_of="2025-02-27")
    assert req.status == "not_met"
    assert req.earliest_on == date(2025, 2, 28)
    assert (
        req.summary
        == "50 hours from 1 March 2024 to 27 February 2025: not yet a year of supervision"
    )


def test_rsc_earliest_on_is_never_before_the_day_after_the_evaluation_date():
    """5: earliest_on is the day after the evaluation date when that is later."""
    doc = _with(rsc("r1", "2024-03-01", "2024-04-30", 50))
    req = requirement(doc, "rsc", as_of="2026-11-24")
    assert (req.status, req.earliest_on) == ("not_met", date(2026, 11, 25))


def test_rsc_fifty_hours_in_six_months_with_nothing_after_is_not_met():
    """5: 50 hours received in six months, with nothing after, is not met."""
    doc = _with(rsc("r1", "2026-05-01", "2026-10-31", 50))
    req = requirement(doc, "rsc")
    assert (req.status, req.earliest_on) == ("not_met", date(2027, 4, 30))


def test_rsc_set_needing_two_years_and_one_day_is_not_met():
    """5: the window is at most two calendar years; a set spanning two years and one day does not qualify."""
    doc = _with(
        rsc("r1", "2023-01-01", "2023-01-31", 25), rsc("r2", "2024-12-01", "2025-01-01", 25)
    )
    req = requirement(doc, "rsc")
    assert (req.status, req.have) == ("not_met", 25)
    assert (
        req.missing[0]
        == "25 more hours of RS/C from an approved provider within a 1–2 year window."
    )


def test_rsc_set_of_exactly_two_years_is_met():
    doc = _with(
        rsc("r1", "2023-01-01", "2023-01-31", 25), rsc("r2", "2024-12-01", "2024-12-31", 25)
    )
    assert requirement(doc, "rsc").status == "met"


def test_rsc_entries_count_only_whole():
    """5: an entry counts only whole: its whole period must lie inside the window."""
    doc = _with(
        rsc("r1", "2023-01-01", "2025-06-30", 40), rsc("r2", "2024-01-01", "2024-12-31", 20)
    )
    req = requirement(doc, "rsc")
    assert (req.status, req.have, req.counted) == ("not_met", 20, ["r2"])


def test_rsc_too_few_hours_in_any_window():
    """5: when not met, why: too few hours in any two-year window."""
    doc = _with(rsc("r1", "2024-01-01", "2024-12-31", 38))
    req = requirement(doc, "rsc")
    assert (req.status, req.have, req.need, req.earliest_on) == ("not_met", 38, 50, None)
    assert (
        req.summary == "38 of 50 hours of reflective supervision/consultation in a 1–2 year window"
    )


def test_rsc_best_window_has_most_hours_and_the_earliest_on_ties():
    """5: report the best window found (most hours; ties: the earliest)."""
    doc = _with(
        rsc("a", "2015-01-01", "2015-12-31", 20),
        rsc("b", "2018-01-01", "2018-12-31", 30),
        rsc("c", "2021-01-01", "2021-12-31", 30),
    )
    req = requirement(doc, "rsc")
    assert (req.have, req.counted) == (30, ["b"])
    assert excluded(req) == {"a": "outside the window counted", "c": "outside the window counted"}


def test_rsc_qualifying_window_preferred_over_larger_short_one():
    """5: met when some set qualifies, even if a set with more hours spans less than a year."""
    doc = _with(
        rsc("short", "2025-01-01", "2025-03-31", 80),
        rsc("y1", "2022-01-01", "2022-06-30", 25),
        rsc("y2", "2022-07-01", "2022-12-31", 25),
    )
    req = requirement(doc, "rsc")
    assert (req.status, req.have, req.counted) == ("met", 50, ["y1", "y2"])


def test_rsc_entry_still_running_counts_with_recorded_hours():
    """5: an entry still running on the evaluation date counts with the hours it records (never prorated)."""
    doc = _with(rsc("r1", "2025-06-01", None, 50))
    req = requirement(doc, "rsc")
    assert (req.status, req.have) == ("met", 50)
    assert req.details["window"]["end_on"] == date(2026, 11, 24)


def test_rsc_individual_and_group_hours_count_alike():
    """5: individual and group hours count alike."""
    doc = _with(
        rsc("r1", "2024-01-01", "2024-06-30", 25, fmt="group"),
        rsc("r2", "2024-07-01", "2024-12-31", 25),
    )
    assert requirement(doc, "rsc").status == "met"


def test_rsc_excludes_unapproved_providers_and_peer_supervision_with_reasons():
    """5: an entry counts when its provider is approved and it is not peer supervision; entries
    whose provider is not approved are shown, excluded, with the reason."""
    doc = _with(
        rsc("r1", "2024-01-01", "2024-12-31", 30),
        rsc("r2", "2024-01-01", "2024-12-31", 30, approved=False),
        rsc("r3", "2024-01-01", "2024-12-31", 30, peer=True),
        rsc("r4", "2026-12-01", "2026-12-31", 30),
    )
    req = requirement(doc, "rsc")
    assert (req.status, req.have) == ("not_met", 30)
    assert excluded(req) == {
        "r2": "provider not approved",
        "r3": "peer supervision",
        "r4": "dated after the evaluation date",
    }
    assert "1 RS/C entry waits for staff to approve the provider." in req.missing


def test_rsc_first_exclusion_reason_wins():
    """Further choices: excluded for several reasons, report the first of: dated after, provider
    not approved, peer supervision, provider's endorsement (2024)."""
    doc = _with(
        rsc("r1", "2026-12-01", None, 5, approved=False, peer=True, endorsement=None),
        rsc("r2", "2024-01-01", "2024-12-31", 5, approved=False, peer=True, endorsement=None),
        rsc("r3", "2024-01-01", "2024-12-31", 5, peer=True, endorsement=None),
    )
    assert excluded(requirement(doc, "rsc", policy="2024")) == {
        "r1": "dated after the evaluation date",
        "r2": "provider not approved",
        "r3": "peer supervision",
    }


@pytest.mark.parametrize("category", ["mentor-policy", "mentor-research-faculty"])
def test_rsc_not_required_for_policy_and_research_faculty_but_reported(category):
    """5: Policy, Research/Faculty: not_required, even when entries exist and would fail; the
    hours and whether the window rule would be met are still reported."""
    doc = _with(rsc("r1", "2024-01-01", "2024-12-31", 20), category=category)
    req = requirement(doc, "rsc")
    assert (req.status, req.have, req.details["would_be_met"]) == ("not_required", 20, False)
    doc = _with(rsc("r1", "2024-01-01", "2024-12-31", 60), category=category)
    assert requirement(doc, "rsc").details["would_be_met"] is True


def test_rsc_many_entries_find_the_qualifying_subset():
    """5: some set of counted entries inside one window — found among many monthly entries."""
    entries = [
        rsc(
            f"m{i}",
            f"20{18 + i // 12}-{i % 12 + 1:02d}-01",
            f"20{18 + i // 12}-{i % 12 + 1:02d}-28",
            2,
        )
        for i in range(60)
    ]
    req = requirement(_with(*entries), "rsc")
    # Two calendar years of monthly entries hold 24 × 2 = 48 hours: never 50.
    assert (req.status, req.have) == ("not_met", 48)
    entries[30]["hours"] = 4
    req = requirement(_with(*entries), "rsc")
    assert (req.status, req.have) == ("met", 50)


# 2024 ---------------------------------------------------------------------------------------


def test_rsc_2024_provider_must_hold_mentor_clinical_endorsement():
    """2024: the provider must hold Infant Mental Health Mentor – Clinical Endorsement."""
    doc = _with(rsc("r1", "2024-01-01", "2024-12-31", 50, endorsement="IMHS", focus="rsc_provided"))
    req = requirement(doc, "rsc", policy="2024")
    assert req.status == "not_met"
    assert excluded(req) == {"r1": "provider's endorsement: IMHS; needs IMHM-C"}


def test_rsc_2024_needs_25_hours_about_the_rsc_provided():
    """2024: of the 50 hours, ≥ 25 must be about the RS/C the applicant provides to others."""
    doc = _with(
        rsc("r1", "2024-01-01", "2024-06-30", 26),
        rsc("r2", "2024-07-01", "2024-12-31", 24, focus="rsc_provided"),
    )
    req = requirement(doc, "rsc", policy="2024")
    assert (req.status, req.summary) == (
        "not_met",
        "24 of 25 hours about the RS/C you provide to others",
    )
    doc["rsc"][1]["hours"] = 25
    assert requirement(doc, "rsc", policy="2024").status == "met"


def test_rsc_2024_most_hours_from_one_provider_rest_from_at_most_one_other():
    """2024: most of the hours from one provider (more than half), the rest from at most one other."""
    even = _with(
        rsc("r1", "2024-01-01", "2024-06-30", 25, provider="A", focus="rsc_provided"),
        rsc("r2", "2024-07-01", "2024-12-31", 25, provider="B", focus="rsc_provided"),
    )
    assert requirement(even, "rsc", policy="2024").status == "not_met"
    main = _with(
        rsc("r1", "2024-01-01", "2024-06-30", 26, provider="A", focus="rsc_provided"),
        rsc("r2", "2024-07-01", "2024-12-31", 24, provider="B"),
    )
    assert requirement(main, "rsc", policy="2024").status == "met"


def test_rsc_2024_third_provider_is_left_out_of_the_set():
    """2024: a third provider's hours cannot be part of the set."""
    doc = _with(
        rsc("r1", "2024-01-01", "2024-06-30", 30, provider="A", focus="rsc_provided"),
        rsc("r2", "2024-07-01", "2024-12-31", 10, provider="B"),
        rsc("r3", "2024-07-01", "2024-12-31", 10, provider="C"),
    )
    req = requirement(doc, "rsc", policy="2024")
    assert (req.status, req.have) == ("not_met", 40)
    doc["rsc"][1]["hours"] = 20
    req = requirement(doc, "rsc", policy="2024")
    assert (req.status, req.have, req.counted) == ("met", 50, ["r1", "r2"])


def test_rsc_2024_providers_told_apart_by_name():
    """Further choices: providers are told apart by name."""
    doc = _with(
        rsc("r1", "2024-01-01", "2024-06-30", 25, provider="Dr. A", focus="rsc_provided"),
        rsc("r2", "2024-07-01", "2024-12-31", 25, provider="Dr. A"),
    )
    assert requirement(doc, "rsc", policy="2024").status == "met"
