"""RULES.md, 1. Education, and the graduation date of the Vocabulary."""

from datetime import date

import pytest

from .builders import certificate, complete, degree, excluded, requirement, work

LISTED = ["MA", "MS", "MEd", "EdD", "MSW", "MSN", "PsyD", "PhD", "DO", "MD"]


@pytest.mark.parametrize("degree_type", LISTED)
def test_education_listed_degree_with_verified_transcript_is_met(degree_type):
    """1: met with a degree of type MA, MS, MEd, EdD, MSW, MSN, PsyD, PhD, DO or MD, conferred on or
    before the evaluation date, whose official transcript is verified."""
    doc = complete()
    doc["degrees"] = [degree(type=degree_type)]
    assert requirement(doc, "education").status == "met"


def test_education_transcript_received_is_pending():
    """1: a qualifying degree whose transcript is received but not yet verified → pending."""
    doc = complete()
    doc["degrees"] = [degree(transcript="received")]
    req = requirement(doc, "education")
    assert (req.status, req.summary) == ("pending", "MSW: transcript awaiting verification")


def test_education_transcript_missing_is_not_met_with_that_reason():
    """1: transcript missing → not_met with that reason."""
    doc = complete()
    doc["degrees"] = [degree(transcript="missing")]
    req = requirement(doc, "education")
    assert req.status == "not_met"
    assert excluded(req) == {"d1": "official transcript missing"}


def test_education_no_qualifying_entry_is_not_met():
    """1: no qualifying entry → not_met."""
    doc = complete()
    doc["degrees"] = []
    assert requirement(doc, "education").status == "not_met"


def test_education_degree_conferred_after_evaluation_date_does_not_count():
    """Vocabulary, dated on or before: a degree counts when conferred by the evaluation date."""
    doc = complete()
    doc["degrees"] = [degree(conferred_on="2026-11-25")]
    req = requirement(doc, "education")
    assert req.status == "not_met"
    assert excluded(req) == {"d1": "dated after the evaluation date"}


def test_education_degree_conferred_on_evaluation_date_counts():
    doc = complete()
    doc["degrees"] = [degree(conferred_on="2026-11-24")]
    assert requirement(doc, "education").status == "met"


@pytest.mark.parametrize(
    ("accepted", "status"), [(True, "met"), (None, "pending"), (False, "not_met")]
)
def test_education_other_degree_counts_only_when_accepted(accepted, status):
    """1: a degree of another type counts, on its own, only when a reviewer accepted it; not yet
    judged → pending; rejected → ignored."""
    doc = complete()
    doc["degrees"] = [degree(type="other", accepted=accepted)]
    assert requirement(doc, "education").status == status


def test_education_accepted_other_degree_still_needs_its_transcript():
    """1: the transcript rule applies to accepted other degrees too."""
    doc = complete()
    doc["degrees"] = [degree(type="other", accepted=True, transcript="received")]
    assert requirement(doc, "education").status == "pending"


@pytest.mark.parametrize(
    ("accepted", "status"), [(True, "met"), (None, "pending"), (False, "not_met")]
)
def test_education_certificate_counts_when_accepted_and_carries_no_transcript(accepted, status):
    """1: a post-graduate specialization or university certificate counts only when accepted;
    certificates carry no transcript."""
    doc = complete()
    doc["degrees"] = []
    doc["certificates"] = [certificate(accepted=accepted, kind="post_graduate_specialization")]
    assert requirement(doc, "education").status == status


def test_education_best_status_wins_among_several_entries():
    """1: with several entries, the best status wins (met, then pending, then not_met)."""
    doc = complete()
    doc["degrees"] = [
        degree("d1", transcript="missing"),
        degree("d2", transcript="received"),
        degree("d3", type="MA"),
    ]
    assert requirement(doc, "education").status == "met"
    doc["degrees"] = [degree("d1", transcript="missing"), degree("d2", transcript="received")]
    assert requirement(doc, "education").status == "pending"


def test_graduation_date_is_earliest_conferral_whatever_the_transcript():
    """Vocabulary, post-graduate: the graduation date is the earliest conferral among listed degrees
    and not-rejected other degrees and certificates, whatever the state of their transcripts."""
    doc = complete()
    doc["degrees"] = [
        degree("d1", conferred_on="2015-05-01"),
        degree("d2", type="MA", conferred_on="2012-05-01", transcript="missing"),
    ]
    doc["certificates"] = [certificate(completed_on="2013-01-01", accepted=None)]
    assert requirement(doc, "education").details["graduation_on"] == date(2012, 5, 1)


def test_graduation_date_ignores_rejected_entries_and_later_ones():
    doc = complete()
    doc["degrees"] = [
        degree("d1", conferred_on="2015-05-01"),
        degree("d0", type="other", conferred_on="2010-05-01", accepted=False),
        degree("d9", conferred_on="2027-01-01"),
    ]
    doc["certificates"] = [certificate(completed_on="2011-01-01", accepted=False)]
    assert requirement(doc, "education").details["graduation_on"] == date(2015, 5, 1)


def test_graduation_date_does_not_wait_for_verification():
    """1: work experience is counted from a degree whose transcript or acceptance is pending, or
    whose transcript is missing, so the applicant sees the rest of the checklist meanwhile."""
    doc = complete()
    doc["degrees"] = [
        degree(type="other", accepted=None, transcript="missing", conferred_on="2010-01-04")
    ]
    doc["work"] = [work("w1", "2010-01-04", None, ["imh_direct_service", "rsc_provision"])]
    # RULES-categories.md 4.1, choice K49: a missing transcript is judged before the acceptance.
    assert requirement(doc, "education").status == "not_met"
    assert requirement(doc, "work_experience").status == "met"
