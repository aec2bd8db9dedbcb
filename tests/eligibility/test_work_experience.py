"""RULES.md, 3. Specialized work experience."""

from datetime import date

import pytest

from .builders import complete, degree, excluded, requirement, work

CLINICAL = ["imh_direct_service", "rsc_provision"]


def _clinical(*entries, conferred_on="2010-01-01"):
    doc = complete()
    doc["degrees"] = [degree(conferred_on=conferred_on)]
    doc["work"] = list(entries)
    return doc


def test_work_clinical_needs_both_parts_reported_separately():
    """3 Clinical: ≥ 2 years of supervised IMH services with infant and parent, and ≥ 3 years
    providing RS/C; the result reports each part separately."""
    doc = _clinical(
        work("w1", "2020-01-01", "2021-12-30", ["imh_direct_service"]),
        work("w2", "2020-01-01", "2022-12-30", ["rsc_provision"], supervised=False),
    )
    req = requirement(doc, "work_experience")
    assert req.status == "met"
    assert [(p.id, p.status, p.have, p.need, p.unit) for p in req.parts] == [
        ("imh_direct_service", "met", 730, 730, "days"),
        ("rsc_provision", "met", 1095, 1095, "days"),
    ]


def test_work_365_times_n_days_is_n_years_and_one_fewer_is_not():
    """Vocabulary, years of experience: N years are reached at 365 × N covered days."""
    met = _clinical(work("w1", "2020-01-01", "2022-12-30", CLINICAL))  # 1095 days
    assert requirement(met, "work_experience").status == "met"
    short = _clinical(work("w1", "2020-01-01", "2022-12-29", CLINICAL))  # 1094 days
    req = requirement(short, "work_experience")
    assert req.status == "not_met"
    assert [p.have for p in req.parts] == [1094, 1094]


def test_work_overlapping_periods_count_once():
    """Vocabulary, years of experience: overlaps count once (union of the periods)."""
    doc = _clinical(
        work("w1", "2020-01-01", "2021-06-30", CLINICAL),
        work("w2", "2021-01-01", "2022-12-30", CLINICAL),
    )
    assert [p.have for p in requirement(doc, "work_experience").parts] == [1095, 1095]


def test_work_clinical_parts_may_overlap_in_time():
    """3 Clinical: the two parts may overlap in time."""
    doc = _clinical(work("w1", "2020-01-01", "2022-12-30", CLINICAL))
    assert requirement(doc, "work_experience").status == "met"


def test_work_experience_before_graduation_is_not_counted():
    """Vocabulary, post-graduate: days before the graduation date are not counted."""
    doc = _clinical(
        work("w1", "2015-01-01", "2019-12-31", CLINICAL),
        work("w2", "2012-01-01", "2014-12-31", CLINICAL),
        conferred_on="2019-01-01",
    )
    req = requirement(doc, "work_experience")
    assert [p.have for p in req.parts] == [365, 365]
    assert excluded(req) == {"w2": "before the qualifying degree"}


def test_work_without_graduation_date_is_not_met():
    """3: no graduation date → not_met ('post-graduate experience cannot be counted before a
    qualifying degree')."""
    doc = _clinical(work("w1", "2015-01-01", None, CLINICAL))
    doc["degrees"] = []
    req = requirement(doc, "work_experience")
    assert (req.status, req.summary) == (
        "not_met",
        "Post-graduate experience cannot be counted before a qualifying degree",
    )


def test_work_dated_after_evaluation_date_is_ignored_and_periods_are_cut():
    """Vocabulary, inclusive dates: periods that start after the evaluation date are ignored;
    periods that end after it are cut at it."""
    doc = _clinical(
        work("w1", "2025-11-25", "2030-01-01", CLINICAL), work("w2", "2026-11-25", None, CLINICAL)
    )
    req = requirement(doc, "work_experience")
    assert [p.have for p in req.parts] == [365, 365]
    assert excluded(req) == {"w2": "dated after the evaluation date"}


def test_work_open_period_runs_to_evaluation_date_and_gives_earliest_on():
    """3: when not yet met but a qualifying entry is still open, report the date it would be met
    (the evaluation date plus the missing days; for Clinical the later part's date)."""
    doc = _clinical(work("w1", "2025-01-01", None, CLINICAL))
    req = requirement(doc, "work_experience", as_of="2026-01-01")
    assert [p.have for p in req.parts] == [366, 366]
    assert [p.earliest_on for p in req.parts] == [date(2026, 12, 31), date(2027, 12, 31)]
    assert req.earliest_on == date(2027, 12, 31)
    assert (req.have, req.need) == (366, 1095)  # the part furthest from met


def test_work_no_earliest_on_when_an_unmet_part_has_no_open_entry():
    """Further choices: none when an unmet part has no open entry."""
    doc = _clinical(
        work("w1", "2025-01-01", None, ["imh_direct_service"]),
        work("w2", "2025-01-01", "2025-12-31", ["rsc_provision"]),
    )
    req = requirement(doc, "work_experience", as_of="2026-01-01")
    assert req.parts[0].earliest_on == date(2026, 12, 31)
    assert req.parts[1].earliest_on is None
    assert req.earliest_on is None


def test_work_clinical_part_one_needs_supervised_and_infant_and_parent():
    """3 Clinical part 1: kind imh_direct_service with supervised and infant_and_parent."""
    doc = _clinical(
        work("w1", "2012-01-01", "2016-12-31", ["imh_direct_service"], supervised=False),
        work("w2", "2012-01-01", "2016-12-31", ["imh_direct_service"], infant_and_parent=False),
    )
    req = requirement(doc, "work_experience")
    assert req.parts[0].have == 0
    assert excluded(req) == {
        "w1": "not supervised",
        "w2": "not with both the infant/toddler and the parent",
    }


def test_work_clinical_part_two_needs_neither_supervised_nor_infant_and_parent():
    """Further choices: Clinical part 2 (rsc_provision) needs neither supervised nor infant_and_parent."""
    doc = _clinical(
        work(
            "w1",
            "2012-01-01",
            "2016-12-31",
            ["rsc_provision"],
            supervised=False,
            infant_and_parent=False,
        )
    )
    assert requirement(doc, "work_experience").parts[1].status == "met"


@pytest.mark.parametrize(
    ("category", "kinds"),
    [
        ("mentor-policy", ["policy_leadership"]),
        ("mentor-policy", ["program_administration"]),
        ("mentor-research-faculty", ["university_teaching"]),
        ("mentor-research-faculty", ["research"]),
    ],
)
def test_work_policy_and_research_faculty_need_three_years_of_their_kinds(category, kinds):
    """3 Policy: ≥ 3 years leading policy and/or program administration; Research/Faculty: ≥ 3 years
    leading university-level teaching and/or published research."""
    doc = complete(category)
    doc["work"] = [
        work("w1", "2020-01-01", "2022-12-30", kinds, supervised=False, infant_and_parent=False)
    ]
    req = requirement(doc, "work_experience")
    assert (req.status, req.have, req.need) == ("met", 1095, 1095)


def test_work_policy_counts_the_union_of_both_kinds():
    """3 Policy: union of both kinds."""
    doc = complete("mentor-policy")
    doc["work"] = [
        work("w1", "2020-01-01", "2021-06-30", ["policy_leadership"]),
        work("w2", "2021-07-01", "2022-12-30", ["program_administration"]),
    ]
    assert requirement(doc, "work_experience").have == 1095


def test_work_of_another_designation_does_not_count():
    doc = complete("mentor-research-faculty")
    doc["work"] = [work("w1", "2010-01-01", None, ["policy_leadership"])]
    req = requirement(doc, "work_experience")
    assert req.status == "not_met"
    assert excluded(req) == {
        "w1": "not leadership in university-level teaching and/or published research"
    }


def test_work_fte_is_recorded_but_not_used():
    """Further choices: fte is recorded but not used (covered days count whole)."""
    doc = _clinical(work("w1", "2020-01-01", "2022-12-30", CLINICAL) | {"fte": 0.2})
    assert requirement(doc, "work_experience").status == "met"


def test_work_still_open_means_end_on_null_not_a_future_end():
    """Further choices: "still open" means end_on: null; an entry ending after the evaluation
    date is cut there and gives no earliest_on."""
    doc = _clinical(work("w1", "2025-01-01", "2030-12-31", CLINICAL))
    req = requirement(doc, "work_experience", as_of="2026-01-01")
    assert (req.status, req.earliest_on, [p.earliest_on for p in req.parts]) == (
        "not_met",
        None,
        [None, None],
    )


def test_only_work_is_clipped_to_the_graduation_date():
    """Further choices: only work is clipped to the graduation date (training and RS/C are not)."""
    from .builders import rsc, training

    doc = _clinical(work("w1", "2010-01-01", None, CLINICAL), conferred_on="2020-01-01")
    doc["trainings"] = [training("t1", 30, start_on="2015-03-01")]
    doc["rsc"] = [rsc("r1", "2016-01-01", "2016-12-31", 50)]
    result = {r: requirement(doc, r) for r in ("training", "rsc", "work_experience")}
    assert (result["training"].status, result["rsc"].status) == ("met", "met")
    assert [p.have for p in result["work_experience"].parts] == [2520, 2520]


def test_work_years_had_round_down_and_years_missing_round_up():
    """Interpretations: a year shown has one decimal; what is had is rounded down (never shown as
    met too early) and what is missing is rounded up (never understated)."""
    doc = _clinical(work("w1", "2024-06-03", None, ["rsc_provision"], supervised=False))
    req = requirement(doc, "work_experience", as_of="2026-11-24")
    assert req.parts[1].have == 905  # 2.4794 years
    assert req.summary.endswith(
        "2.47 of 3 years providing infant mental health reflective supervision/consultation"
    )
    assert req.missing[-1] == (
        "0.53 more years (190 days) of post-graduate experience providing infant mental health "
        "reflective supervision/consultation."
    )
