"""Vocabularies and the application lifecycle (an enum plus its table of allowed moves)."""

from __future__ import annotations

from django.db import models

from endorse.eligibility import load_policy, policy_names
from endorse.eligibility import portfolio as vocabulary
from endorse.eligibility.policy import Category as CategoryFacts


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


# Every category with its kind, band, abbreviation and title, from the policy data (every
# version that offers a category gives it the same facts).
CATEGORIES: dict[str, CategoryFacts] = {
    category.id: category
    for name in policy_names()
    for category in load_policy(name).categories.values()
}


def _title(category: str) -> str:
    return CATEGORIES[category].title


class Category(models.TextChoices):
    FAMILY_ASSOCIATE = "family-associate", _title("family-associate")
    FAMILY_SPECIALIST = "family-specialist", _title("family-specialist")
    MH_SPECIALIST = "mh-specialist", _title("mh-specialist")
    MENTOR_CLINICAL = "mentor-clinical", _title("mentor-clinical")
    MENTOR_POLICY = "mentor-policy", _title("mentor-policy")
    MENTOR_RESEARCH_FACULTY = "mentor-research-faculty", _title("mentor-research-faculty")
    EC_FAMILY_ASSOCIATE = "ec-family-associate", _title("ec-family-associate")
    EC_FAMILY_SPECIALIST = "ec-family-specialist", _title("ec-family-specialist")
    EC_MH_SPECIALIST = "ec-mh-specialist", _title("ec-mh-specialist")
    EC_MENTOR_CLINICAL = "ec-mentor-clinical", _title("ec-mentor-clinical")
    EC_MENTOR_POLICY = "ec-mentor-policy", _title("ec-mentor-policy")
    EC_MENTOR_RESEARCH_FACULTY = "ec-mentor-research-faculty", _title("ec-mentor-research-faculty")


# What each kind of category is for, in the applicant's words (the start page).
KIND_PURPOSES = {
    "associate": "promotion: supporting families' well-being in everyday services",
    "family_specialist": "prevention and early intervention with families",
    "mh_specialist": "treatment: relationship-based mental health services",
    "clinical": "leadership in clinical practice and reflective supervision",
    "policy": "leadership in policy and programs",
    "research_faculty": "leadership in research and university teaching",
}
# The endorsement level each kind of category confers (the categories' old names, Level I–IV).
KIND_LEVELS = {
    "associate": "I",
    "family_specialist": "II",
    "mh_specialist": "III",
    "clinical": "IV",
    "policy": "IV",
    "research_faculty": "IV",
}
BAND_AGES = {
    "infant": "infants and toddlers, pregnancy to 3 years",
    "early_childhood": "young children, 3 to 6 years",
}


def category_code(category: str) -> str:
    """The category's abbreviation as endorsement values spell it: R/F without the slash
    (`IMHM-RF`), so it can stand in a number and a URL."""
    return CATEGORIES[category].abbr.replace("/", "")


def category_purpose(category: str) -> str:
    """One line on what `category` is for: its kind's purpose and its age band."""
    facts = CATEGORIES[category]
    return f"{KIND_PURPOSES[facts.kind]}; {BAND_AGES[facts.band]}"


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
    # Approved to sit the exam where the category sits it; otherwise endorsed at once
    # (`review.domain.decision_record` picks the one the category allows).
    Status.UNDER_REVIEW: frozenset(
        {
            Status.CHANGES_REQUESTED,
            Status.APPROVED_FOR_EXAM,
            Status.ENDORSED,
            Status.DEFERRED,
            Status.WITHDRAWN,
        }
    ),
    Status.CHANGES_REQUESTED: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.APPROVED_FOR_EXAM: frozenset({Status.ENDORSED, Status.WITHDRAWN}),
    Status.DEFERRED: frozenset(),
    Status.ENDORSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


class EventKind(models.TextChoices):
    """What an `ApplicationEvent` records, with the words of the staff timeline. The stored
    values are the event log's: never rename one."""

    # The application and its evidence.
    STARTED = "started", "Application started"
    IMPORTED = "imported", "Imported from a portfolio file"
    STATUS = "status", "Status changed"
    POLICY_CHANGED = "policy_changed", "Policy changed"
    EVIDENCE_ADDED = "evidence_added", "Evidence added"
    EVIDENCE_CHANGED = "evidence_changed", "Evidence changed"
    EVIDENCE_DELETED = "evidence_deleted", "Evidence deleted"
    JUDGEMENT_RESET = (
        "judgement_reset",
        "Staff judgement reset: the applicant changed what it rested on",
    )
    ETHICS_SIGNED = "ethics_signed", "Code of Ethics signed"
    DOCUMENT_UPLOADED = "document_uploaded", "Document uploaded"
    DOCUMENT_REMOVED = "document_removed", "Document removed"
    # The applicant's own records, which feed every verdict of theirs and the public registry:
    # recorded on each of their applications.
    MEMBERSHIP_ADDED = "membership_added", "Membership added by the applicant"
    MEMBERSHIP_DELETED = "membership_deleted", "Membership removed by the applicant"
    REGISTRY_LISTED = "registry_listed", "Chose to be listed in the public registry"
    REGISTRY_UNLISTED = "registry_unlisted", "Chose not to be listed in the public registry"
    # References.
    REFERENCE_REQUESTED = "reference_requested", "Reference requested"
    REFERENCE_OPENED = "reference_opened", "Rater started"
    REFERENCE_COMPLETED = "reference_completed", "Rating completed"
    REFERENCE_DECLINED = "reference_declined", "Rater declined"
    REFERENCE_EXPIRED = "reference_expired", "Reference request expired"
    REFERENCE_REMINDED = "reference_reminded", "Rater reminded"
    REFERENCE_NUDGED = "reference_nudged", "Rater reminded by the applicant"
    REFERENCE_WITHDRAWN = "reference_withdrawn", "Reference request withdrawn"
    REFERENCE_REPLACED = "reference_replaced", "Rater replaced"
    REFERENCE_EMAIL_UNDELIVERED = "reference_email_undelivered", "Email to a rater not delivered"
    RATER_ENDORSEMENT_VERIFIED = "rater_endorsement_verified", "Rater's endorsement verified"
    RATER_VETTED = "rater_vetted", "Rater vetted"
    # Staff judgements and the review.
    TRANSCRIPT_MARKED = "transcript_marked", "Transcript marked"
    ENTRY_JUDGED = "entry_judged", "Entry judged"
    PROVIDER_APPROVED = "provider_approved", "RS/C provider approved"
    PROVIDER_UNAPPROVED = "provider_unapproved", "RS/C provider approval withdrawn"
    MEMBERSHIP_VERIFIED = "membership_verified", "Membership verified"
    REVIEWERS_ASSIGNED = "reviewers_assigned", "Reviewers assigned"
    REVIEW_SUBMITTED = "review_submitted", "Review submitted"
    REVIEWS_AGREE = "reviews_agree", "Reviewers agree"
    REVIEWS_DISAGREE = "reviews_disagree", "Reviewers disagree"
    REVIEWS_REOPENED = "reviews_reopened", "Reviewers asked to review again"
    DECISION_RECORDED = "decision_recorded", "Decision recorded"
    LETTER_RELEASED = "letter_released", "Letter released"
    # Conversations (`endorse.conversations`): what happened, never what was written.
    THREAD_STARTED = "thread_started", "Conversation started"
    REQUEST_MADE = "request_made", "Information requested"
    REQUEST_FORWARDED = "request_forwarded", "Request forwarded to the applicant"
    MESSAGE_POSTED = "message_posted", "Message posted"
    MESSAGE_CORRECTED = "message_corrected", "Message corrected"
    NOTE_ADDED = "note_added", "Staff note added"
    THREAD_RESOLVED = "thread_resolved", "Conversation resolved"
    # The exam and the endorsement.
    EXAM_REGISTERED = "exam_registered", "Registered for the exam"
    EXAM_PART1_SCORED = "exam_part1_scored", "Exam Part 1 scored"
    EXAM_PART2_MARKED = "exam_part2_marked", "Exam Part 2 marked"
    EXAM_RESULT = "exam_result", "Exam result final"
    ENDORSEMENT_ISSUED = "endorsement_issued", "Endorsement issued"
    ENDORSEMENT_REVOKED = "endorsement_revoked", "Endorsement revoked"


# States after which an application is no longer open: the applicant may start another of
# the same category.
CLOSED = frozenset({Status.DEFERRED, Status.ENDORSED, Status.WITHDRAWN})

# States in which the applicant may change evidence.
EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})

DEGREE_TYPES = _choices(
    vocabulary.DEGREE_TYPES, {"other": "Other degree specific to infant mental health"}
)
TRANSCRIPT_STATES = _choices(vocabulary.TRANSCRIPT_STATES)
CERTIFICATE_KINDS = _choices(
    vocabulary.CERTIFICATE_KINDS, {"cda": "Child Development Associate (CDA) credential"}
)
LICENSE_KINDS = _choices(vocabulary.LICENSE_KINDS, {"mental_health": "Mental health"})
LICENSE_STATES = _choices(
    vocabulary.LICENSE_STATES,
    {"licensed": "Licensed", "license_eligible": "Eligible for a licence"},
)
AGE_BANDS = _choices(
    vocabulary.AGE_BANDS,
    {
        "infant": "Infancy (pregnancy to 36 months)",
        "early_childhood": "Early childhood (3 to 6 years)",
    },
)
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
        "parent_infant_psychotherapy": "Parent-infant/child psychotherapy",
    },
)
DESIGNATIONS = _choices(vocabulary.DESIGNATIONS, {"research_faculty": "Research/Faculty"})
LEADERSHIP_LEVELS = _choices(vocabulary.LEADERSHIP_LEVELS)
RSC_FORMATS = _choices(vocabulary.RSC_FORMATS)
PROVIDER_ENDORSEMENTS = _choices(
    vocabulary.PROVIDER_ENDORSEMENTS, {e: e for e in vocabulary.PROVIDER_ENDORSEMENTS}
)
# The endorsements a provider may hold, in full: the code alone means nothing to most people.
PROVIDER_ENDORSEMENT_NAMES = [
    ("IFS", "IFS: Infant Family Specialist"),
    ("IFRS", "IFRS: Infant Family Reflective Supervisor"),
    ("IMHS", "IMHS: Infant Mental Health Specialist"),
    ("IMHM-C", "IMHM-C: Infant Mental Health Mentor – Clinical"),
    ("IMHM-P", "IMHM-P: Infant Mental Health Mentor – Policy"),
    ("IMHM-RF", "IMHM-RF: Infant Mental Health Mentor – Research/Faculty"),
]
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
        "cda_mentor": "My CDA mentor or professional development specialist",
        "service_recipient": "A parent or other recipient of my services",
        "board_member": "A board member",
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
