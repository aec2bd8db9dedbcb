"""RULES.md, 8. Documentation of competencies."""

from .builders import ALL_DOMAINS, certificate, complete, degree, requirement, training


def _covering(domains, review=None):
    doc = complete()
    for section in ("degrees", "certificates", "trainings", "work", "leadership", "rsc"):
        for entry in doc.get(section, []):
            entry["competencies"] = []
    doc["trainings"] = [training("t1", 30, competencies=list(domains))]
    doc["review"] = review
    return doc


def test_competencies_a_domain_without_evidence_is_not_met():
    """8: a domain with no entry → not_met ('no evidence yet for …')."""
    req = requirement(_covering(ALL_DOMAINS[:-1]), "competencies")
    assert (req.status, req.have, req.need) == ("not_met", 7, 8)
    assert req.missing == ["No evidence yet for Reflection."]


def test_competencies_gap_is_not_met_whatever_the_review_says():
    """8: coverage comes first: a gap is not_met whatever the review says."""
    req = requirement(
        _covering(ALL_DOMAINS[:-1], {"competencies": "accepted", "reason": None}), "competencies"
    )
    assert req.status == "not_met"


def test_competencies_full_coverage_is_pending_until_review():
    """8: full coverage → pending until the review records a decision."""
    assert requirement(_covering(ALL_DOMAINS), "competencies").status == "pending"


def test_competencies_review_accepted_is_met_and_not_accepted_gives_reason():
    """8: review.competencies accepted → met; not_accepted → not_met with the reviewer's reason."""
    assert (
        requirement(
            _covering(ALL_DOMAINS, {"competencies": "accepted", "reason": None}), "competencies"
        ).status
        == "met"
    )
    req = requirement(
        _covering(
            ALL_DOMAINS,
            {
                "competencies": "not_accepted",
                "reason": "Reflection is described only in general terms",
            },
        ),
        "competencies",
    )
    assert (req.status, req.summary) == (
        "not_met",
        "Not accepted by review: Reflection is described only in general terms",
    )


def test_competencies_coverage_lists_the_entries_per_domain():
    """8: report coverage: for each domain, the entries linked to it."""
    doc = _covering(["reflection"])
    doc["work"][0]["competencies"] = ["reflection", "thinking"]
    coverage = {
        c["domain"]: c["entries"] for c in requirement(doc, "competencies").details["coverage"]
    }
    assert coverage["reflection"] == ["t1", "w1"]
    assert coverage["thinking"] == ["w1"]
    assert coverage["communicating"] == []


def test_competencies_entry_that_did_not_count_for_its_requirement_still_counts_as_evidence():
    """8: an entry that did not count for its own requirement still counts as evidence."""
    doc = _covering(ALL_DOMAINS[:-1])
    doc["trainings"].append(
        training("t2", 2, relationship_based=False, competencies=["reflection"])
    )
    assert requirement(doc, "competencies").have == 8


def test_competencies_rejected_education_entry_and_later_entries_are_not_evidence():
    """8: except a rejected education entry and anything dated after the evaluation date."""
    doc = _covering(ALL_DOMAINS[:-1])
    doc["degrees"].append(degree("d2", type="other", accepted=False, competencies=["reflection"]))
    doc["certificates"] = [certificate(accepted=False, competencies=["reflection"])]
    doc["trainings"].append(training("t2", 2, start_on="2026-11-25", competencies=["reflection"]))
    assert requirement(doc, "competencies").have == 7


def test_competencies_every_kind_of_entry_may_be_linked():
    """8: every entry (degree, certificate, training, work, RS/C, leadership) may be linked."""
    doc = _covering([])
    doc["degrees"][0]["competencies"] = ["theoretical_foundations"]
    doc["certificates"] = [certificate(competencies=["law_regulation_agency_policy"])]
    doc["trainings"][0]["competencies"] = ["systems_expertise"]
    doc["work"][0]["competencies"] = ["direct_service_skills", "working_with_others"]
    doc["rsc"][0]["competencies"] = ["reflection"]
    doc["leadership"][0]["competencies"] = ["communicating", "thinking"]
    assert requirement(doc, "competencies").have == 8
