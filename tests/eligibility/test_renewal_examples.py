"""The renewal examples under examples/renewal/ give the verdicts their README promises."""

from pathlib import Path

import pytest

from endorse.eligibility.renewal import check_renewal_text
from endorse.eligibility.renewal_parse import RenewalError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "renewal"

RENEWAL_EXAMPLES = [
    ("annual-on-time", "annual", "renewal_due", False, "renewable"),
    ("triennial-two-years-owed", "triennial", "renewal_due", False, "renewable"),
    ("overdue-late-fee-short", "annual", "overdue", True, "incomplete"),
    ("lapsed-renewal", "annual", "lapsed", True, "lapsed"),
    ("reinstatement", "annual", "lapsed", False, "reinstatable"),
    ("reactivation", "annual", "inactive", False, "reactivatable"),
    ("mistake-peer-supervision", "annual", "renewal_due", False, "incomplete"),
]


@pytest.mark.parametrize(("name", "policy", "standing", "late", "overall"), RENEWAL_EXAMPLES)
def test_renewal_example_gives_its_verdict(name, policy, standing, late, overall):
    result = check_renewal_text((EXAMPLES / f"{name}.json").read_bytes())
    assert (result.policy, result.standing, result.late, result.overall) == (
        policy,
        standing,
        late,
        overall,
    )


def test_renewal_example_mistake_period_not_owed_is_refused_naming_period():
    with pytest.raises(RenewalError) as caught:
        check_renewal_text((EXAMPLES / "mistake-period-not-owed.json").read_bytes())
    assert [str(p) for p in caught.value.problems] == [
        "period: 2025-06-10..2026-12-31 is not the period owed on 2026-11-20, "
        "2026-01-01..2026-12-31"
    ]


def test_renewal_example_overdue_names_the_late_fee():
    result = check_renewal_text((EXAMPLES / "overdue-late-fee-short.json").read_bytes())
    assert result.requirement("fee").summary == "paid 30 of 55"


def test_renewal_example_reinstatement_excludes_the_rating_before_the_lapse():
    result = check_renewal_text((EXAMPLES / "reinstatement.json").read_bytes())
    references = result.requirement("references")
    assert (references.counted, [(e.id, e.reason) for e in references.excluded]) == (
        ["q1", "q2", "q4"],
        [("q3", "completed before the lapse")],
    )


def test_every_renewal_example_is_listed_in_its_readme():
    readme = (EXAMPLES / "README.md").read_text()
    names = sorted(path.stem for path in EXAMPLES.glob("*.json"))
    assert [name for name in names if f"`{name}.json`" not in readme] == []
    assert len(names) == len(RENEWAL_EXAMPLES) + 1
