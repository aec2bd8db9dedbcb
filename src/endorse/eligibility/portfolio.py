"""The portfolio: everything an evaluation needs about one application (`imh-portfolio/1`).

The dataclasses are what the evaluator reads. Each one has a field table (`FIELDS`) that says,
for the exchange format, which keys exist, their types, vocabularies and whether they are
required. The parser (`parse.py`) and the published JSON Schema (`schema.py`) are both derived
from those tables, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

FORMAT = "imh-portfolio/1"

# Every date of a portfolio lies in this range (both days included). It is far wider than any
# career, so a date outside it is a typing error (0001 for 2001); the parser refuses it, naming
# its path, the JSON Schema states it, and the web forms share it (`endorse.dates`).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE_TEXT = f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"


def date_in_range(day: date) -> bool:
    """Whether `day` is a date a portfolio may hold."""
    return EARLIEST_DATE <= day <= LATEST_DATE


DEGREE_TYPES = (
    "AA",
    "AS",
    "AAS",
    "BA",
    "BS",
    "BSW",
    "BSN",
    "MA",
    "MS",
    "MAS",
    "MEd",
    "EdD",
    "MSW",
    "MSN",
    "PsyD",
    "PhD",
    "DO",
    "MD",
    "other",
)
TRANSCRIPT_STATES = ("missing", "received", "verified")
CERTIFICATE_KINDS = ("post_graduate_specialization", "university_certificate", "cda")
LICENSE_KINDS = ("mental_health",)
AGE_BANDS = ("infant", "early_childhood")
LICENSE_STATES = ("licensed", "license_eligible")
TRAINING_TOPICS = ("imh", "rsc_provision", "dei")
WORK_KINDS = (
    "imh_direct_service",
    "rsc_provision",
    "policy_leadership",
    "program_administration",
    "university_teaching",
    "research",
    "family_service",
    "prevention_service",
    "parent_infant_psychotherapy",
)
DESIGNATIONS = ("clinical", "policy", "research_faculty")
LEADERSHIP_LEVELS = ("local", "regional", "state", "national", "international")
RSC_FORMATS = ("individual", "group")
PROVIDER_ENDORSEMENTS = (
    "IFS",
    "IFRS",
    "IMHS",
    "IMHM-C",
    "IMHM-P",
    "IMHM-RF",
    "ECFS",
    "ECFRS",
    "ECMHS",
    "ECMHM-C",
    "ECMHM-P",
    "ECMHM-RF",
)
RSC_FOCUS = ("own_practice", "rsc_provided")
REFERENCE_ROLES = (
    "program_supervisor",
    "teacher",
    "trainer",
    "consultant",
    "colleague",
    "rsc_provider",
    "supervisee",
    "department_chair",
    "student",
    "cda_mentor",
    "service_recipient",
    "board_member",
)
ENDORSEMENT_LEVELS = ("I", "II", "III", "IV")
REFERENCE_STATES = ("requested", "completed", "declined", "expired")
EXAM_RESULTS = ("not_taken", "passed", "failed")
MEMBERSHIP_KINDS = ("individual", "organizational")
REVIEW_DECISIONS = ("accepted", "not_accepted")
COMPETENCY_DOMAINS = (
    "theoretical_foundations",
    "law_regulation_agency_policy",
    "systems_expertise",
    "direct_service_skills",
    "working_with_others",
    "communicating",
    "thinking",
    "reflection",
)

Kind = Literal[
    "string", "date", "number", "integer", "boolean", "enum", "enum_list", "object", "list"
]


@dataclass(frozen=True, slots=True)
class Field:
    """One key of the exchange format.

    `kind` says how the value is read; `values` is the vocabulary of an enum; `item` names the
    dataclass of an object or of a list's items. A key that is not `required` may be absent, in
    which case the dataclass default applies.
    """

    name: str
    kind: Kind
    required: bool = False
    nullable: bool = False
    values: tuple[str, ...] = ()
    minimum: int | None = None
    non_empty: bool = False
    item: str | None = None
    const: str | None = None
    description: str | None = None


def _id() -> Field:
    return Field("id", "string", description="Lets results point at this entry.")


def _age_bands() -> Field:
    return Field(
        "age_bands",
        "enum_list",
        values=AGE_BANDS,
        non_empty=True,
        description="The age bands this entry served or addressed; absent means infant only.",
    )


def bands_of(age_bands: tuple[str, ...] | None) -> tuple[str, ...]:
    """An entry's age bands: absent means infant (RULES-categories.md 2, choice K4)."""
    return age_bands or ("infant",)


def _competencies() -> Field:
    return Field(
        "competencies",
        "enum_list",
        values=COMPETENCY_DOMAINS,
        description="Competency domains this entry documents.",
    )


@dataclass(frozen=True, slots=True)
class Applicant:
    name: str | None = None
    email: str | None = None

    FIELDS = (Field("name", "string", nullable=True), Field("email", "string", nullable=True))


@dataclass(frozen=True, slots=True)
class Degree:
    type: str
    conferred_on: date
    transcript: str = "missing"
    accepted: bool | None = None
    field: str | None = None
    institution: str | None = None
    id: str | None = None
    competencies: tuple[str, ...] = ()

    FIELDS = (
        _id(),
        Field("type", "enum", required=True, values=DEGREE_TYPES),
        Field("field", "string", nullable=True),
        Field("institution", "string", nullable=True),
        Field("conferred_on", "date", required=True),
        Field("transcript", "enum", values=TRANSCRIPT_STATES),
        Field(
            "accepted",
            "boolean",
            nullable=True,
            description="Reviewer's judgement that an `other` degree is specific to infant "
            "mental health; null when not yet judged.",
        ),
        _competencies(),
    )


@dataclass(frozen=True, slots=True)
class Certificate:
    kind: str
    completed_on: date
    accepted: bool | None = None
    title: str | None = None
    institution: str | None = None
    id: str | None = None
    competencies: tuple[str, ...] = ()

    FIELDS = (
        _id(),
        Field("kind", "enum", required=True, values=CERTIFICATE_KINDS),
        Field("title", "string", nullable=True),
        Field("institution", "string", nullable=True),
        Field("completed_on", "date", required=True),
        Field("accepted", "boolean", nullable=True),
        _competencies(),
    )


@dataclass(frozen=True, slots=True)
class License:
    """A licence to practise (mental health), counted as education for IMHS under `2025`."""

    kind: str
    issued_on: date
    expires_on: date | None = None
    verified: bool | None = None
    jurisdiction: str | None = None
    number: str | None = None
    id: str | None = None
    competencies: tuple[str, ...] = ()

    FIELDS = (
        _id(),
        Field("kind", "enum", required=True, values=LICENSE_KINDS),
        Field("jurisdiction", "string", nullable=True),
        Field("number", "string", nullable=True),
        Field("issued_on", "date", required=True),
        Field("expires_on", "date", nullable=True, description="null: no expiry."),
        Field(
            "verified",
            "boolean",
            nullable=True,
            description="Staff's verification of the licence; null when not yet checked.",
        ),
        _competencies(),
    )


@dataclass(frozen=True, slots=True)
class Training:
    start_on: date
    hours: Decimal
    relationship_based: bool
    end_on: date | None = None
    topics: tuple[str, ...] = ()
    title: str | None = None
    provider: str | None = None
    age_bands: tuple[str, ...] | None = None
    id: str | None = None
    competencies: tuple[str, ...] = ()

    FIELDS = (
        _id(),
        Field("title", "string", nullable=True),
        Field("provider", "string", nullable=True),
        Field("start_on", "date", required=True),
        Field("end_on", "date", nullable=True),
        Field("hours", "number", required=True, minimum=0),
        Field("relationship_based", "boolean", required=True),
        Field("topics", "enum_list", values=TRAINING_TOPICS),
        _age_bands(),
        _competencies(),
    )

    @property
    def dated_on(self) -> date:
        """The day the training counts from: when it ended, or began if it has no end."""
        return self.end_on or self.start_on


@dataclass(frozen=True, slots=True)
class Work:
    start_on: date
    kinds: tuple[str, ...]
    end_on: date | None = None
    supervised: bool = False
    infant_and_parent: bool = False
    fte: Decimal | None = None
    employer: str | None = None
    position: str | None = None
    age_bands: tuple[str, ...] | None = None
    paid: bool = True
    specialized_training: bool = False
    families_served: int | None = None
    social_emotional_focus: bool = False
    relationship_focus: bool = False
    license_status: str | None = None
    internship: bool = False
    internship_supervisor: Provider | None = None
    id: str | None = None
    competencies: tuple[str, ...] = ()

    FIELDS = (
        _id(),
        Field("employer", "string", nullable=True),
        Field("position", "string", nullable=True),
        Field("start_on", "date", required=True),
        Field("end_on", "date", nullable=True, description="null while the work continues."),
        Field("fte", "number", nullable=True, minimum=0),
        Field("kinds", "enum_list", required=True, values=WORK_KINDS),
        Field("supervised", "boolean"),
        Field("infant_and_parent", "boolean"),
        _age_bands(),
        Field("paid", "boolean", description="false for volunteer work; absent means paid."),
        Field(
            "specialized_training",
            "boolean",
            description="A volunteer role with its own specialised training (CASA, doula, "
            "child life).",
        ),
        Field("families_served", "integer", nullable=True, minimum=0),
        Field("social_emotional_focus", "boolean"),
        Field("relationship_focus", "boolean"),
        Field("license_status", "enum", nullable=True, values=LICENSE_STATES),
        Field("internship", "boolean"),
        Field("internship_supervisor", "object", nullable=True, item="Provider"),
        _competencies(),
    )


@dataclass(frozen=True, slots=True)
class Leadership:
    designation: str
    activity: str
    level: str
    start_on: date
    end_on: date | None = None
    id: str | None = None
    competencies: tuple[str, ...] = ()

    FIELDS = (
        _id(),
        Field("designation", "enum", required=True, values=DESIGNATIONS),
        Field("activity", "string", required=True),
        Field("level", "enum", required=True, values=LEADERSHIP_LEVELS),
        Field("start_on", "date", required=True),
        Field("end_on", "date", nullable=True),
        _competencies(),
    )


@dataclass(frozen=True, slots=True)
class Provider:
    """Who provided RS/C, or supervised an internship."""

    name: str
    approved: bool = False
    endorsement: str | None = None
    ers: bool = False

    FIELDS = (
        Field("name", "string", required=True),
        Field("endorsement", "enum", nullable=True, values=PROVIDER_ENDORSEMENTS),
        Field("ers", "boolean", description="Holds the Endorsed Reflective Supervisor add-on."),
        Field("approved", "boolean", description="Staff approved this supervisor/consultant."),
    )


@dataclass(frozen=True, slots=True)
class Supervision:
    """One entry of reflective supervision/consultation (RS/C) received."""

    provider: Provider
    format: str
    start_on: date
    hours: Decimal
    end_on: date | None = None
    focus: str = "own_practice"
    peer: bool = False
    age_bands: tuple[str, ...] | None = None
    id: str | None = None
    competencies: tuple[str, ...] = ()

    FIELDS = (
        _id(),
        Field("provider", "object", required=True, item="Provider"),
        Field("format", "enum", required=True, values=RSC_FORMATS),
        Field("start_on", "date", required=True),
        Field("end_on", "date", nullable=True),
        Field("hours", "number", required=True, minimum=0),
        Field("focus", "enum", values=RSC_FOCUS),
        Field("peer", "boolean"),
        _age_bands(),
        _competencies(),
    )


@dataclass(frozen=True, slots=True)
class RaterEndorsement:
    level: str | None = None
    verified: bool = False
    number: str | None = None

    FIELDS = (
        Field("level", "enum", nullable=True, values=ENDORSEMENT_LEVELS),
        Field("verified", "boolean"),
        Field("number", "string", nullable=True),
    )


@dataclass(frozen=True, slots=True)
class Reference:
    name: str
    role: str
    status: str
    email: str | None = None
    endorsement: RaterEndorsement | None = None
    completed_on: date | None = None
    known_years: Decimal | None = None
    not_enough_information: int = 0
    vetted: bool | None = None
    id: str | None = None

    FIELDS = (
        _id(),
        Field("name", "string", required=True),
        Field("email", "string", nullable=True),
        Field("role", "enum", required=True, values=REFERENCE_ROLES),
        Field("endorsement", "object", nullable=True, item="RaterEndorsement"),
        Field("status", "enum", required=True, values=REFERENCE_STATES),
        Field(
            "completed_on",
            "date",
            nullable=True,
            description="Required when status is completed.",
        ),
        Field("known_years", "number", nullable=True, minimum=0),
        Field(
            "not_enough_information",
            "integer",
            minimum=0,
            description="How many items the rater answered 'not enough information to rate'.",
        ),
        Field(
            "vetted",
            "boolean",
            nullable=True,
            description="The coordinator's vetting call on an unendorsed rater; null when none.",
        ),
    )


@dataclass(frozen=True, slots=True)
class Ethics:
    signed_on: date
    version: str | None = None

    FIELDS = (
        Field("signed_on", "date", required=True),
        Field("version", "string", nullable=True),
    )


@dataclass(frozen=True, slots=True)
class Exam:
    result: str = "not_taken"
    taken_on: date | None = None
    age_band: str | None = None

    FIELDS = (
        Field("result", "enum", required=True, values=EXAM_RESULTS),
        Field("taken_on", "date", nullable=True),
        Field(
            "age_band",
            "enum",
            values=AGE_BANDS,
            description="The exam's age band; absent means infant.",
        ),
    )


@dataclass(frozen=True, slots=True)
class Membership:
    expires_on: date | None
    association: str | None = None
    member_id: str | None = None
    kind: str | None = None

    FIELDS = (
        Field("association", "string", nullable=True),
        Field("member_id", "string", nullable=True),
        Field("kind", "enum", nullable=True, values=MEMBERSHIP_KINDS),
        Field("expires_on", "date", required=True, nullable=True, description="null: no expiry."),
    )


@dataclass(frozen=True, slots=True)
class Review:
    competencies: str | None = None
    reason: str | None = None

    FIELDS = (
        Field("competencies", "enum", nullable=True, values=REVIEW_DECISIONS),
        Field("reason", "string", nullable=True),
    )


@dataclass(frozen=True, slots=True)
class Portfolio:
    category: str
    format: str = FORMAT
    as_of: date | None = None
    policy: str | None = None
    applicant: Applicant | None = None
    degrees: tuple[Degree, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    licenses: tuple[License, ...] = ()
    trainings: tuple[Training, ...] = ()
    work: tuple[Work, ...] = ()
    leadership: tuple[Leadership, ...] = ()
    rsc: tuple[Supervision, ...] = ()
    references: tuple[Reference, ...] = ()
    ethics: Ethics | None = None
    exam: Exam | None = None
    membership: Membership | None = None
    review: Review | None = None

    FIELDS = (
        Field("format", "string", required=True, const=FORMAT),
        Field("as_of", "date", nullable=True, description="Evaluation date; today when absent."),
        Field(
            "policy",
            "string",
            nullable=True,
            description="Policy version; when absent, `seed` for the three infant Mentor "
            "categories and `2025` for every other.",
        ),
        Field("category", "string", required=True),
        Field("applicant", "object", nullable=True, item="Applicant"),
        Field("degrees", "list", item="Degree"),
        Field("certificates", "list", item="Certificate"),
        Field("licenses", "list", item="License"),
        Field("trainings", "list", item="Training"),
        Field("work", "list", item="Work"),
        Field("leadership", "list", item="Leadership"),
        Field("rsc", "list", item="Supervision"),
        Field("references", "list", item="Reference"),
        Field("ethics", "object", nullable=True, item="Ethics"),
        Field("exam", "object", nullable=True, item="Exam"),
        Field("membership", "object", nullable=True, item="Membership"),
        Field("review", "object", nullable=True, item="Review"),
    )


# The classes an `item` name refers to, for the parser and the schema generator.
ENTRY_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Applicant,
        Degree,
        Certificate,
        License,
        Training,
        Work,
        Leadership,
        Provider,
        Supervision,
        RaterEndorsement,
        Reference,
        Ethics,
        Exam,
        Membership,
        Review,
        Portfolio,
    )
}
