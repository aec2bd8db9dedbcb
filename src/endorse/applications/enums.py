"""Vocabularies and the application lifecycle (an enum plus its table of allowed moves)."""

from __future__ import annotations

from django.db import models

from endorse.eligibility import portfolio as vocabulary


def _choices(
    values: tuple[str, ...], labels: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    labels = labels or {}
    return [(value, labels.get(value, _label(value))) for value in values]


def _label(value: str) -> str:
    """`direct_service` → "Direct service"; degrees keep their own capitals (MSW, PhD)."""
    if any(c.isupper() for c in value):
        return value
    return value.replace("_", " ").capitalize()


class Category(models.TextChoices):
    MENTOR_CLINICAL = "mentor-clinical", "Infant Mental Health Mentor – Clinical"
    MENTOR_POLICY = "mentor-policy", "Infant Mental Health Mentor – Policy"
    MENTOR_RESEARCH_FACULTY = (
        "mentor-research-faculty",
        "Infant Mental Health Mentor – Research/Faculty",
    )


class Status(models.TextChoices):
    """Where an application stands, in the applicant's words."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED_FOR_EXAM = "approved_for_exam", "Approved to sit the exam"
    DEFERRED = "deferred", "Deferred"
    ENDORSED = "endorsed", "Endorsed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Every allowed move; anything else is refused by `application_transition`.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.SUBMITTED: frozenset({Status.UNDER_REVIEW, Status.CHANGES_REQUESTED, Status.WITHDRAWN}),
    Status.UNDER_REVIEW: frozenset(
        {Status.CHANGES_REQUESTED, Status.APPROVED_FOR_EXAM, Status.DEFERRED, Status.WITHDRAWN}
    ),
    Status.CHANGES_REQUESTED: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.APPROVED_FOR_EXAM: frozenset({Status.ENDORSED, Status.WITHDRAWN}),
    Status.DEFERRED: frozenset(),
    Status.ENDORSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# States in which the applicant may change evidence.
EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})

DEGREE_TYPES = _choices(
    vocabulary.DEGREE_TYPES, {"other": "Other degree specific to infant mental health"}
)
TRANSCRIPT_STATES = _choices(vocabulary.TRANSCRIPT_STATES)
CERTIFICATE_KINDS = _choices(vocabulary.CERTIFICATE_KINDS)
TRAINING_TOPICS = _choices(
    vocabulary.TRAINING_TOPICS,
    {
        "imh": "Infant mental health",
        "rsc_provision": "Providing reflective supervision/consultation",
        "dei": "Diversity, equity and inclusion",
    },
)
WORK_KINDS = _choices(
    vocabulary.WORK_KINDS,
    {
        "imh_direct_service": "Infant mental health services with infant/toddler and parent",
        "rsc_provision": "Providing reflective supervision/consultation",
    },
)
DESIGNATIONS = _choices(vocabulary.DESIGNATIONS, {"research_faculty": "Research/Faculty"})
LEADERSHIP_LEVELS = _choices(vocabulary.LEADERSHIP_LEVELS)
RSC_FORMATS = _choices(vocabulary.RSC_FORMATS)
PROVIDER_ENDORSEMENTS = _choices(
    vocabulary.PROVIDER_ENDORSEMENTS, {e: e for e in vocabulary.PROVIDER_ENDORSEMENTS}
)
RSC_FOCUS = _choices(
    vocabulary.RSC_FOCUS,
    {"own_practice": "My own practice", "rsc_provided": "The RS/C I provide to others"},
)
REFERENCE_ROLES = _choices(
    vocabulary.REFERENCE_ROLES,
    {
        "rsc_provider": "My RS/C provider",
        "supervisee": "Supervisee/consultee",
        "department_chair": "Department supervisor or chair",
    },
)
ENDORSEMENT_LEVELS = _choices(
    vocabulary.ENDORSEMENT_LEVELS,
    {level: f"Level {level}" for level in vocabulary.ENDORSEMENT_LEVELS},
)
REFERENCE_STATES = _choices(vocabulary.REFERENCE_STATES)
REVIEW_DECISIONS = _choices(vocabulary.REVIEW_DECISIONS)
EXAM_RESULTS = _choices(vocabulary.EXAM_RESULTS)
COMPETENCY_DOMAINS = _choices(
    vocabulary.COMPETENCY_DOMAINS,
    {"law_regulation_agency_policy": "Law, regulation and agency policy"},
)
