"""RULES.md, 7. Code of Ethics, 9. Written examination, 10. Professional membership."""

import pytest

from .builders import complete, requirement


def test_ethics_signed_on_or_before_evaluation_date_is_met():
    """7: met when signed on or before the evaluation date. Otherwise not_met."""
    doc = complete()
    doc["ethics"] = {"signed_on": "2026-11-24", "version": None}
    assert requirement(doc, "ethics").status == "met"
    doc["ethics"] = {"signed_on": "2026-11-25", "version": None}
    assert requirement(doc, "ethics").status == "not_met"
    doc["ethics"] = None
    assert requirement(doc, "ethics").status == "not_met"


def test_ethics_2024_needs_current_version():
    """2024: the signature must be of the current agreement version (2024 in this policy's data)."""
    doc = complete()
    doc["ethics"] = {"signed_on": "2026-08-30", "version": "2019"}
    req = requirement(doc, "ethics", policy="2024")
    assert (req.status, req.summary) == (
        "not_met",
        "Signed version 2019, not the current version 2024",
    )
    assert requirement(doc, "ethics", policy="seed").status == "met"


def test_ethics_2024_signature_less_than_one_year_old():
    """2024: the signature must be less than one year old (exactly one year still counts)."""
    doc = complete()
    doc["ethics"] = {"signed_on": "2025-11-24", "version": "2024"}
    assert requirement(doc, "ethics", policy="2024").status == "met"
    doc["ethics"]["signed_on"] = "2025-11-23"
    assert requirement(doc, "ethics", policy="2024").status == "not_met"


@pytest.mark.parametrize(
    ("exam", "status"),
    [
        ({"result": "passed", "taken_on": "2026-10-15"}, "met"),
        ({"result": "failed", "taken_on": "2026-10-15"}, "not_met"),
        ({"result": "not_taken", "taken_on": None}, "not_met"),
        (None, "not_met"),
        ({"result": "passed", "taken_on": "2026-11-25"}, "not_met"),
    ],
)
def test_exam_met_only_when_passed_by_the_evaluation_date(exam, status):
    """9: met when the exam result is passed (taken on or before the evaluation date); failed or
    not taken → not_met."""
    doc = complete()
    doc["exam"] = exam
    assert requirement(doc, "exam").status == status


def test_membership_expiring_on_the_evaluation_date_is_met():
    """10: met when the membership's expiry date is on or after the evaluation date."""
    doc = complete()
    doc["membership"]["expires_on"] = "2026-11-24"
    assert requirement(doc, "membership").status == "met"


def test_membership_expired_the_day_before_is_not_met_naming_the_date():
    """10: expired → not_met, naming the expiry date."""
    doc = complete()
    doc["membership"]["expires_on"] = "2026-11-23"
    req = requirement(doc, "membership")
    assert (req.status, req.summary) == ("not_met", "MI-AIMH expired on 23 November 2026")


def test_membership_of_another_association_counts():
    """10: MI-AIMH or another infant mental health association."""
    doc = complete()
    doc["membership"]["association"] = "Alliance for the Advancement of Infant Mental Health"
    assert requirement(doc, "membership").status == "met"


def test_membership_absent_is_not_met():
    doc = complete()
    doc["membership"] = None
    assert requirement(doc, "membership").status == "not_met"
