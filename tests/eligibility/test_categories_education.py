"""RULES-categories.md 2 (degree classes) and 4.1: education and the graduation date, for every
category, one test per statement.

Unless a test says otherwise: `as_of` 2026-06-30, policy `2025`, everything else met.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .builders import certificate, degree, excluded, requirement
from .category_builders import met

ASSOCIATE_S = ["AA", "AS", "AAS"]
BACHELOR_S = ["BA", "BS", "BSW", "BSN"]
MASTER_S = ["MA", "MS", "MAS", "MEd", "MSW", "MSN", "EdD", "PsyD", "PhD", "DO", "MD"]
MENTOR_LIST = ["MA", "MS", "MEd", "EdD", "MSW", "MSN", "PsyD", "PhD", "DO", "MD"]


def licence(
    entry_id: str = "lic1",
    issued_on: str = "2015-06-01",
    expires_on: str | None = None,
    verified: bool | None = True,
    competencies: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "kind": "mental_health",
        "jurisdiction": "MI",
        "number": "6801-000000",
        "issued_on": issued_on,
        "expires_on": expires_on,
        "verified": verified,
        "competencies": competencies or [],
    }


def with_degrees(category: str, *degrees: dict[str, Any], **sections: Any) -> dict[str, Any]:
    doc = met(category)
    doc["degrees"] = list(degrees)
    doc.update(sections)
    return doc


# --- Degree classes and choice K37 ---------------------------------------------------------


@pytest.mark.parametrize("degree_type", BACHELOR_S + MASTER_S)
@pytest.mark.parametrize("category", ["family-associate", "family-specialist"])
def test_education_bachelors_or_higher_counts_for_ifa_and_ifs(category, degree_type):
    """RULES-categories.md 4.1: IFA counts a degree of the bachelor's or master's-or-higher class;
    IFS a degree of the bachelor's or master's-or-higher class (choice K14). MAS is of the
    master's class (section 2)."""
    doc = with_degrees(category, degree(type=degree_type))
    assert requirement(doc, "education").status == "met"


@pytest.mark.parametrize("degree_type", MASTER_S)
def test_education_imhs_2025_counts_a_masters_or_higher_mas_included(degree_type):
    """RULES-categories.md 4.1, IMHS `2025`: a degree of the master's-or-higher class
    (MAS included)."""
    doc = with_degrees("mh-specialist", degree(type=degree_type))
    assert requirement(doc, "education").status == "met"


@pytest.mark.parametrize("degree_type", ASSOCIATE_S + BACHELOR_S)
def test_education_imhs_2025_ignores_associates_and_bachelors(degree_type):
    """RULES-categories.md 4.1, IMHS `2025`: only a master's-or-higher degree, an accepted
    `other` degree or a licence; a lower degree is excluded, naming its type."""
    doc = with_degrees("mh-specialist", degree("d1", type=degree_type))
    req = requirement(doc, "education")
    assert req.status == "not_met"
    article = "a" if degree_type[0] == "B" else "an"
    assert excluded(req) == {"d1": f"{article} {degree_type} degree does not count for IMHS"}


@pytest.mark.parametrize("degree_type", ASSOCIATE_S + BACHELOR_S + ["MAS"])
@pytest.mark.parametrize(
    ("category", "policy"),
    [
        ("mentor-clinical", "seed"),
        ("mentor-clinical", "2024"),
        ("mentor-policy", "2025"),
        ("ec-mentor-research-faculty", "2025"),
        ("mh-specialist", "2024"),
        ("ec-mh-specialist", "2024"),
    ],
)
def test_education_k37_mentor_and_imhs_2024_ignore_the_new_degree_types(
    category, policy, degree_type
):
    """RULES-categories.md 2, choice K37: for the Mentor and IMHS `2024`, AA, AS, AAS, BA, BS, BSW,
    BSN and MAS are ignored, for education and for the graduation date, and are excluded ("a BA
    degree does not count for IMHM-C"); the Mentor list has no MAS in any version."""
    doc = with_degrees(category, degree("d1", type=degree_type, conferred_on="2005-05-15"))
    doc["policy"] = policy
    if policy == "seed":
        doc["category"] = "mentor-clinical"
    result_req = requirement(doc, "education")
    assert result_req.status == "not_met"
    reason = excluded(result_req)["d1"]
    article = "a" if degree_type[0] == "B" else "an"
    assert reason.startswith(f"{article} {degree_type} degree does not count for ")
    assert result_req.details["graduation_on"] is None
    assert requirement(doc, "work_experience").status == "not_met"


def test_education_k37_the_example_of_the_rules_text():
    """RULES-categories.md 2: "a BA degree does not count for IMHM-C"; the article follows the
    abbreviation as it is read (an AA, an MAS)."""
    doc = with_degrees(
        "mentor-clinical",
        degree("d1", type="BA"),
        degree("d2", type="AA"),
        degree("d3", type="MAS"),
    )
    assert excluded(requirement(doc, "education")) == {
        "d1": "a BA degree does not count for IMHM-C",
        "d2": "an AA degree does not count for IMHM-C",
        "d3": "an MAS degree does not count for IMHM-C",
    }


@pytest.mark.parametrize("degree_type", MENTOR_LIST)
@pytest.mark.parametrize("policy", ["2024", "2025"])
def test_education_mentor_list_of_rules_md_is_unchanged(policy, degree_type):
    """RULES-categories.md 4.1, Mentor: `RULES.md` 1 in every version."""
    doc = with_degrees("ec-mentor-clinical", degree(type=degree_type))
    assert requirement(doc, "education", policy=policy).status == "met"


@pytest.mark.parametrize(
    ("category", "policy"),
    [("mentor-policy", "2025"), ("mh-specialist", "2024"), ("family-specialist", "2025")],
)
def test_education_k37_a_masters_of_an_unlisted_type_is_entered_as_other(category, policy):
    """RULES-categories.md 2, choice K37: a master's degree of an unlisted type can be entered as
    `other` for the reviewer's judgement: accepted → met, not judged → pending."""
    doc = with_degrees(category, degree(type="other", accepted=None))
    assert requirement(doc, "education", policy=policy).status == "pending"
    doc["degrees"][0]["accepted"] = True
    assert requirement(doc, "education", policy=policy).status == "met"


# --- Choice K49: the order of a degree's verdicts ------------------------------------------


@pytest.mark.parametrize(
    ("transcript", "accepted", "status", "reason"),
    [
        ("missing", False, "not_met", "not accepted as specific to infant mental health"),
        ("missing", None, "not_met", "official transcript missing"),
        ("missing", True, "not_met", "official transcript missing"),
        ("received", None, "pending", None),
        ("verified", None, "pending", None),
        ("received", True, "pending", None),
        ("verified", True, "met", None),
        ("verified", False, "not_met", "not accepted as specific to infant mental health"),
    ],
)
@pytest.mark.parametrize("category", ["family-specialist", "mh-specialist", "mentor-clinical"])
def test_education_k49_the_first_verdict_that_applies(
    category, transcript, accepted, status, reason
):
    """RULES-categories.md 4.1, choice K49: a type that needs acceptance, `accepted: false` →
    ignored ("not accepted"); transcript `missing` → `not_met`; `accepted: null` → `pending`;
    transcript `received` → `pending`; `verified` → `met`. Missing comes before acceptance."""
    doc = with_degrees(category, degree("d1", type="other", transcript=transcript,
                                        accepted=accepted))  # fmt: skip
    req = requirement(doc, "education")
    assert req.status == status
    assert excluded(req).get("d1") == reason


def test_education_k49_conferred_after_the_evaluation_date_comes_first():
    """RULES-categories.md 4.1, choice K49 step 1: not conferred on or before the evaluation date
    → ignored, with the reason."""
    doc = with_degrees("family-specialist", degree("d1", type="AA", conferred_on="2026-07-01"))
    assert excluded(requirement(doc, "education")) == {"d1": "dated after the evaluation date"}


def test_education_best_status_among_entries_wins():
    """RULES-categories.md 4.1: "The best status among entries wins; no counted entry →
    `not_met`." """
    doc = with_degrees(
        "family-specialist",
        degree("d1", type="BA", transcript="missing"),
        degree("d2", type="MSW", transcript="received"),
    )
    assert requirement(doc, "education").status == "pending"
    doc["degrees"] = []
    assert requirement(doc, "education").status == "not_met"


# --- IFA: choices K9 and K10 ---------------------------------------------------------------


@pytest.mark.parametrize("degree_type", ASSOCIATE_S)
@pytest.mark.parametrize(
    ("accepted", "status"), [(True, "met"), (None, "pending"), (False, "not_met")]
)
@pytest.mark.parametrize("category", ["family-associate", "ec-family-associate"])
def test_education_ifa_associates_degree_needs_the_reviewers_acceptance(
    category, degree_type, accepted, status
):
    """RULES-categories.md 4.1 IFA, choice K9: an associate's degree counts with `accepted: true`
    (the reviewer judged the field related; null → `pending`; false → ignored)."""
    doc = with_degrees(category, degree("d1", type=degree_type, accepted=accepted))
    doc["work"] = []  # so the group does not hide education
    req = requirement(doc, "education")
    assert req.status == status


def test_education_ifa_associates_degree_follows_the_transcript_rule():
    """RULES-categories.md 4.1: the transcript rule of `RULES.md` 1 applies to every counted
    degree: an accepted AA with its transcript missing is `not_met`, received is `pending`."""
    doc = with_degrees("family-associate", degree("d1", type="AA", accepted=True,
                                                  transcript="missing"), work=[])  # fmt: skip
    assert requirement(doc, "education").status == "not_met"
    doc["degrees"][0]["transcript"] = "received"
    assert requirement(doc, "education").status == "pending"


@pytest.mark.parametrize(
    ("accepted", "status"), [(True, "met"), (None, "pending"), (False, "not_met")]
)
def test_education_ifa_cda_counts_when_the_coordinator_accepts_it(accepted, status):
    """RULES-categories.md 4.1 IFA, choice K10: a certificate of kind `cda` with `accepted: true`
    (the coordinator's check of the CDA document) → met; null → pending; false → ignored."""
    doc = with_degrees("family-associate", work=[])
    doc["certificates"] = [certificate("c1", kind="cda", accepted=accepted)]
    req = requirement(doc, "education")
    assert req.status == status
    if status == "pending":
        assert req.missing == ["Staff must check the CDA credential."]


def test_education_ifa_cda_expiry_is_not_checked():
    """RULES-categories.md 4.1 IFA, choice K10: "its expiry is not checked" — a CDA completed
    ten years ago still counts (a certificate has no expiry field)."""
    doc = with_degrees("family-associate", work=[])
    doc["certificates"] = [certificate("c1", kind="cda", completed_on="2012-03-01")]
    assert requirement(doc, "education").status == "met"


@pytest.mark.parametrize("kind", ["university_certificate", "post_graduate_specialization"])
def test_education_ifa_university_certificates_do_not_count(kind):
    """RULES-categories.md 4.1 IFA: "University certificates and post-graduate specializations do
    not count." """
    doc = with_degrees("family-associate", work=[])
    doc["certificates"] = [certificate("c1", kind=kind)]
    req = requirement(doc, "education")
    assert req.status == "not_met"
    assert excluded(req)["c1"].endswith("does not count for IFA")


@pytest.mark.parametrize("policy", ["2024", "2025"])
@pytest.mark.parametrize("kind", ["university_certificate", "post_graduate_specialization", "cda"])
def test_education_ifs_certificates_do_not_count_in_either_version(kind, policy):
    """RULES-categories.md 4.1 IFS: certificates do not count; same in `2024` and `2025`
    (choice K14)."""
    doc = with_degrees("ec-family-specialist")
    doc["certificates"] = [certificate("c1", kind=kind)]
    assert requirement(doc, "education", policy=policy).status == "not_met"


@pytest.mark.parametrize("policy", ["2024", "2025"])
def test_education_ifs_needs_a_bachelors_in_2024_and_2025(policy):
    """RULES-categories.md 4.1 IFS, choice K14: a bachelor's or higher, same in both versions."""
    doc = with_degrees("family-specialist", degree(type="BSW"))
    assert requirement(doc, "education", policy=policy).status == "met"
    doc["degrees"] = [degree(type="AA", accepted=True)]
    assert requirement(doc, "education", policy=policy).status == "not_met"


# --- IMHS ------------------------------------------------------------------------------------


def test_education_imhs_2024_is_exactly_rules_md_1_with_certificates():
    """RULES-categories.md 4.1: IMHS `2024` is exactly `RULES.md` 1: an accepted university
    certificate counts on its own."""
    doc = with_degrees("mh-specialist")
    doc["certificates"] = [certificate("c1", kind="university_certificate", accepted=True)]
    assert requirement(doc, "education", policy="2024").status == "met"
    assert requirement(doc, "education", policy="2025").status == "not_met"


def test_education_imhs_2024_does_not_read_licences():
    """RULES-categories.md 4.1: the licence route is IMHS `2025` only."""
    doc = with_degrees("mh-specialist", licenses=[licence()])
    assert requirement(doc, "education", policy="2024").status == "not_met"
    assert requirement(doc, "education").status == "met"


@pytest.mark.parametrize(
    ("verified", "expires_on", "status", "reason"),
    [
        (True, None, "met", None),
        (True, "2026-06-30", "met", None),
        (None, None, "pending", None),
        (False, None, "not_met", "licence not verified"),
        (False, "2020-01-01", "not_met", "licence not verified"),
        (True, "2026-06-29", "not_met", "licence expired on 2026-06-29"),
        (None, "2026-06-29", "not_met", "licence expired on 2026-06-29"),
    ],
)
@pytest.mark.parametrize("category", ["mh-specialist", "ec-mh-specialist"])
def test_education_k25_imhs_2025_licence_first_verdict_that_applies(
    category, verified, expires_on, status, reason
):
    """RULES-categories.md 4.1 IMHS `2025`, choice K25: a `mental_health` licence issued on or
    before the evaluation date; first that applies: `verified: false` → ignored; expired →
    `not_met` ("licence expired on …"); `verified: true` → `met`; null → `pending` ("licence
    awaiting verification"). `expires_on` null means no expiry."""
    doc = with_degrees(category, licenses=[licence(verified=verified, expires_on=expires_on)])
    req = requirement(doc, "education")
    assert req.status == status
    assert excluded(req).get("lic1") == reason
    if status == "pending":
        assert req.summary == "Licence awaiting verification"


def test_education_k25_licence_issued_after_the_evaluation_date_does_not_count():
    """RULES-categories.md 4.1 IMHS `2025`: a licence issued on or before the evaluation date."""
    doc = with_degrees("mh-specialist", licenses=[licence(issued_on="2026-07-01")])
    req = requirement(doc, "education")
    assert (req.status, excluded(req)) == ("not_met", {"lic1": "dated after the evaluation date"})
    doc["licenses"][0]["issued_on"] = "2026-06-30"
    assert requirement(doc, "education").status == "met"


def test_education_k25_imhs_2025_certificates_do_not_count():
    """RULES-categories.md 4.1 IMHS `2025`, choice K25: "Certificates do not count"."""
    doc = with_degrees("mh-specialist")
    doc["certificates"] = [certificate("c1", kind="post_graduate_specialization")]
    req = requirement(doc, "education")
    assert (req.status, excluded(req)["c1"]) == (
        "not_met",
        "a post graduate specialization does not count for IMHS",
    )


@pytest.mark.parametrize("category", ["family-specialist", "mentor-clinical", "family-associate"])
def test_education_licences_count_only_for_imhs_2025(category):
    """RULES-categories.md 4.1 and 6: `licenses` are read by education for IMHS `2025` only."""
    doc = with_degrees(category, licenses=[licence()], work=[])
    assert requirement(doc, "education").status == "not_met"


# --- Graduation date: choices K38, K39, K12 --------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "graduation_on"),
    [
        (degree("d0", type="MSW", conferred_on="2012-05-15", transcript="missing"), "2012-05-15"),
        (degree("d0", type="other", conferred_on="2012-05-15", accepted=None), "2012-05-15"),
        (degree("d0", type="other", conferred_on="2012-05-15", accepted=False), "2015-05-15"),
        (degree("d0", type="BA", conferred_on="2012-05-15"), "2015-05-15"),
        (degree("d0", type="MSW", conferred_on="2026-07-01"), "2015-05-15"),
    ],
)
def test_graduation_date_k38_counts_what_education_counts_whatever_its_state(entry, graduation_on):
    """RULES-categories.md 4.1, Graduation date, choice K38: the earliest date among the degrees
    that steps 1–2 do not ignore — whatever their transcript or acceptance state; a BA sets none
    for IMHS (nor for the Mentor), a rejected or later degree none."""
    doc = met("mh-specialist")
    doc["degrees"].append(entry)
    assert requirement(doc, "education").details["graduation_on"] == date.fromisoformat(
        graduation_on
    )


def test_graduation_date_k38_certificates_of_a_counted_kind_not_rejected():
    """RULES-categories.md 4.1, choice K38: certificates of a counted kind completed on or before
    the evaluation date and not rejected set the graduation date (Mentor: a university
    certificate awaiting judgement)."""
    doc = met("mentor-clinical")
    doc["certificates"] = [certificate("c1", completed_on="2008-06-01", accepted=None)]
    assert requirement(doc, "education").details["graduation_on"] == date(2008, 6, 1)
    doc["certificates"][0]["accepted"] = False
    assert requirement(doc, "education").details["graduation_on"] == date(2009, 5, 15)


def test_graduation_date_a_certificate_sets_none_for_imhs_2025():
    """RULES-categories.md 4.1: "So a certificate sets no graduation date for IMHS `2025`"."""
    doc = met("mh-specialist")
    doc["certificates"] = [certificate("c1", completed_on="2008-06-01", accepted=True)]
    assert requirement(doc, "education").details["graduation_on"] == date(2015, 5, 15)
    assert requirement(doc, "education", policy="2024").details["graduation_on"] == date(2008, 6, 1)


@pytest.mark.parametrize(
    ("verified", "expires_on", "graduation_on"),
    [
        (True, None, "2011-06-01"),
        (None, None, "2011-06-01"),
        (True, "2013-01-01", "2011-06-01"),
        (False, None, "2015-05-15"),
    ],
)
def test_graduation_date_k23_k39_a_licence_not_rejected_counts_even_expired(
    verified, expires_on, graduation_on
):
    """RULES-categories.md 4.1, choices K23 and K39: for IMHS `2025` the issue date of a
    `mental_health` licence not rejected (`verified` ≠ false) counts, even when it has expired."""
    doc = met("mh-specialist")
    doc["licenses"] = [licence(issued_on="2011-06-01", verified=verified, expires_on=expires_on)]
    assert requirement(doc, "education").details["graduation_on"] == date.fromisoformat(
        graduation_on
    )


def test_graduation_date_a_licence_lets_imhs_2025_work_count_from_its_issue():
    """RULES-categories.md 4.1, choice K23: with no degree, the licence's issue date is the
    graduation date that IMHS `2025` work counts from."""
    doc = met("mh-specialist")
    doc["degrees"] = []
    doc["licenses"] = [licence(issued_on="2023-07-01", verified=None)]
    work = requirement(doc, "work_experience")
    assert (work.status, work.have) == ("met", 1096)
    assert work.details["graduation_on"] == date(2023, 7, 1)


@pytest.mark.parametrize("category", ["family-associate", "family-specialist"])
def test_graduation_date_k12_ifa_and_ifs_work_is_never_clipped(category):
    """RULES-categories.md 4.1 and 4.3, choice K12: IFA and IFS work is never clipped, and needs
    no degree to be counted."""
    doc = met(category)
    doc["degrees"] = [degree(type="BA", conferred_on="2025-05-15")]
    doc["work"][0]["start_on"] = "2020-01-06"
    work = requirement(doc, "work_experience")
    assert work.have == 2368  # 2020-01-06..2026-06-30, from before the BA
    assert not work.excluded
    doc["degrees"] = []
    assert requirement(doc, "work_experience").have == 2368
