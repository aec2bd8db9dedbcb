"""The category guide: from a few answers, which categories a person could aim for now.

Choosing the category is the step applicants most often get wrong, and the fee is not refunded
for a wrong choice. The guide turns the answers (degree, licence, the kind and years of work,
the age band served, training and RS/C hours) into a portfolio for every category the current
policy version offers and asks the engine, so its answer is the requirements' own. It judges
only what the answers can speak to (education, work, training, RS/C, leadership); every
category also needs reference ratings, the Code of Ethics, a membership and competency
evidence, which the applicant gathers after starting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from endorse.eligibility import evaluate, load_policy
from endorse.eligibility import portfolio as p
from endorse.eligibility.calendar import add_years, shift_days
from endorse.eligibility.result import MET, NOT_REQUIRED, PENDING

GUIDE_POLICY = "2025"
# What the answers speak to; the rest every applicant gathers after starting.
JUDGED = ("education", "training", "work_experience", "leadership", "rsc")

DEGREES = (
    ("none", "No degree yet"),
    ("associate", "Associate's degree (AA, AS, AAS)"),
    ("bachelor", "Bachelor's degree (BA, BS, BSW, BSN)"),
    ("master", "Master's degree or higher (MA, MSW, MEd, PhD, PsyD, MD …)"),
)
DEGREE_TYPE = {"associate": "AA", "bachelor": "BA", "master": "MSW"}

WORK = (
    ("family_service", "Supporting families: home visiting, child care, family support"),
    (
        "prevention_service",
        "Prevention or early intervention focused on relationships and social-emotional growth",
    ),
    ("imh_direct_service", "Infant mental health services with both the young child and parent"),
    ("parent_infant_psychotherapy", "Infant-parent psychotherapy as a licensed clinician"),
    ("rsc_provision", "Providing reflective supervision/consultation to others"),
    ("policy_leadership", "Leading policy or program administration"),
    ("university_teaching", "University teaching or published research"),
)
BANDS = (
    ("infant", "Infants and toddlers (pregnancy to 3 years)"),
    ("early_childhood", "Young children from 3 up to 6 years"),
    ("both", "Both"),
)

# What each kind of category is for, in the words of the Competency Guidelines' framework.
PURPOSE = {
    "associate": "Promotion: supporting the well-being and development of infants, young "
    "children and families, often as a home visitor, child care provider or family support.",
    "family_specialist": "Prevention and early intervention: working directly with families "
    "to strengthen relationships and social-emotional development.",
    "mh_specialist": "Treatment: relationship-based, infant-parent psychotherapy and "
    "intervention by licensed or licence-eligible clinicians.",
    "clinical": "Leadership in clinical practice: experienced clinicians who provide "
    "reflective supervision/consultation to others.",
    "policy": "Leadership in policy and program administration.",
    "research_faculty": "Leadership in research and university teaching.",
}


@dataclass(frozen=True)
class Answers:
    degree: str
    licensed: bool
    work_kinds: tuple[str, ...]
    work_years: Decimal
    families: int
    band: str
    training_hours: Decimal
    dei_hours: bool
    rsc_provision_hours: bool
    rsc_hours: Decimal
    leads: bool


@dataclass(frozen=True)
class Fit:
    """One category's answer: whether it is within reach now, and what it would still need."""

    category: str
    title: str
    abbr: str
    purpose: str
    within_reach: bool
    still_needed: tuple[str, ...]


def portfolio_for(answers: Answers, category: str, today: date) -> p.Portfolio:
    """The portfolio the answers describe, for `category`."""
    bands = ("infant", "early_childhood") if answers.band == "both" else (answers.band,)
    work_start = shift_days(today, -int(answers.work_years * 365) + 1)
    degrees: tuple[p.Degree, ...] = ()
    if answers.degree in DEGREE_TYPE:
        degrees = (
            p.Degree(
                type=DEGREE_TYPE[answers.degree],
                conferred_on=add_years(work_start, -1),
                transcript="verified",
                id="degree",
            ),
        )
    licenses: tuple[p.License, ...] = ()
    if answers.licensed:
        licenses = (
            p.License(
                kind="mental_health",
                issued_on=add_years(work_start, -1),
                verified=True,
                id="licence",
            ),
        )
    work: tuple[p.Work, ...] = ()
    if answers.work_kinds and answers.work_years > 0:
        work = (
            p.Work(
                start_on=work_start,
                kinds=answers.work_kinds,
                supervised=True,
                infant_and_parent=True,
                age_bands=bands,
                social_emotional_focus=True,
                relationship_focus=True,
                families_served=answers.families,
                license_status="licensed" if answers.licensed else None,
                id="work",
            ),
        )
    topics = ["imh"]
    if answers.dei_hours:
        topics.append("dei")
    if answers.rsc_provision_hours:
        topics.append("rsc_provision")
    trainings: tuple[p.Training, ...] = ()
    if answers.training_hours > 0:
        trainings = (
            p.Training(
                start_on=today,
                hours=answers.training_hours,
                relationship_based=True,
                topics=tuple(topics),
                age_bands=bands,
                id="training",
            ),
        )
    rsc: tuple[p.Supervision, ...] = ()
    if answers.rsc_hours > 0:
        half = answers.rsc_hours / 2
        provider = p.Provider(name="Your RS/C provider", approved=True, endorsement="IMHM-C")
        start = shift_days(add_years(today, -1), 1)
        rsc = (
            p.Supervision(provider, "individual", start, half, end_on=today, age_bands=bands),
            p.Supervision(
                provider,
                "individual",
                start,
                half,
                end_on=today,
                focus="rsc_provided" if "rsc_provision" in answers.work_kinds else "own_practice",
                age_bands=bands,
            ),
        )
    leadership: tuple[p.Leadership, ...] = ()
    if answers.leads:
        leadership = tuple(
            p.Leadership(
                designation=designation,
                activity="Leadership at the regional or state level",
                level="state",
                start_on=add_years(today, -1),
            )
            for designation in p.DESIGNATIONS
        )
    return p.Portfolio(
        category=category,
        policy=GUIDE_POLICY,
        as_of=today,
        degrees=degrees,
        licenses=licenses,
        trainings=trainings,
        work=work,
        leadership=leadership,
        rsc=rsc,
    )


def guide(answers: Answers, today: date) -> list[Fit]:
    """Every category of the guide's policy version, those within reach first (in the policy's
    order), each with what it would still need among what the answers speak to."""
    policy = load_policy(GUIDE_POLICY)
    fits: list[Fit] = []
    for category in policy.categories.values():
        if answers.band != "both" and category.band != answers.band:
            continue
        result = evaluate(portfolio_for(answers, category.id, today), policy=policy)
        grouped = {
            g for group in result.groups if group.status in (MET, PENDING) for g in group.members
        }
        needed: list[str] = []
        for requirement in result.requirements:
            if requirement.id not in JUDGED or requirement.id in grouped:
                continue
            if requirement.status not in (MET, PENDING, NOT_REQUIRED):
                needed.extend(_plain(line) for line in requirement.missing)
        fits.append(
            Fit(
                category=category.id,
                title=category.title,
                abbr=category.abbr,
                purpose=PURPOSE[category.kind],
                within_reach=not needed,
                still_needed=tuple(needed),
            )
        )
    return sorted(fits, key=lambda fit: not fit.within_reach)


def _plain(line: str) -> str:
    """The engine's missing lines speak to an applicant already; a few are reworded for someone
    who has not started (their work counts only from a degree they do not have yet)."""
    if line == "Add the degree your post-graduate experience counts from.":
        return "Only work after a qualifying degree counts, so the degree comes first."
    return line.replace("post-graduate experience", "experience after your degree")
