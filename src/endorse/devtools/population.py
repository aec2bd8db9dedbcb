"""`endorse demo --applicants N`: a national-scale population for demonstrations and benchmarks.

Applicants at every stage of the process, in the proportions of an association that has run the
program for a dozen years: drafts, submissions waiting, files under review and on hold, approvals
to sit the exam, deferrals, withdrawals, and endorsements (most current, some lapsed, a few
revoked). Each application has the numbers of entries a real one has (degrees and transcripts,
20–40 trainings for a clinical mentor, work, leadership, RS/C by month, three raters with their
ratings), its events, its frozen submission, reviews, the decision and its letter, exam marks and
the endorsement number. Dates follow each other the way the process makes them. Each endorsement
then gets a renewal history (`HISTORIES`: kept up, some renewals late; lapsed; reinstated;
inactive), with the renewals, logged hours, events and lapse emails the renewal app would have
written, and `Population.intended` records the standing each was written to have today.

Rows are written a thousand applicants per transaction, straight into the tables (COPY on
PostgreSQL, `executemany` on SQLite) with keys allocated here, so 100,000 applicants (about ten
million rows) take minutes rather than hours. The staff who act in it are the demo people
(`demo.demo_create`) plus generated reviewers and exam reviewers; every generated person signs in
with the demo password.

The generator writes what the domain functions would have written over the years, without
sending email, signing links or locking rows one application at a time;
`tests/devtools/test_population.py` checks the result against the engine, the staff screens and
the applicant's workspace.

The installation serves many associations (`ASSOCIATIONS`: 35 state and country associations of
uneven sizes, a few large and many small). `--associations K` takes the first K of them (the
default association, Michigan, the largest, first); each gets its coordinators, reviewers, exam
reviewers and exam sittings, and its share of the N applicants, whose applications, memberships,
endorsements and emails are written inside its scope (so each row carries it) and numbered with
its prefix. `--associations 1` puts everyone in the default association.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scope

from endorse.accounts.models import Membership, User
from endorse.accounts.roles import Role
from endorse.applications.enums import CATEGORIES as ENGINE_CATEGORIES
from endorse.applications.enums import KIND_LEVELS, Category, Status
from endorse.applications.models import (
    Application,
    ApplicationEvent,
    Certificate,
    Degree,
    Document,
    EthicsSignature,
    LeadershipActivity,
    Rater,
    Submission,
    SupervisionEntry,
    Training,
    WorkEntry,
)
from endorse.applications.queries import portfolio_from_rows
from endorse.associations.models import Association, StaffRole
from endorse.associations.routing import default_association
from endorse.eligibility import evaluate, portfolio_to_data
from endorse.eligibility.portfolio import COMPETENCY_DOMAINS
from endorse.eligibility.renewal_policy import RenewalPolicy
from endorse.exams.models import ExamCandidate, ExamSitting, Part2Mark
from endorse.links import absolute_url
from endorse.notifications.models import MessageStatus, OutboxMessage
from endorse.references.domain import question_set_of
from endorse.references.models import Rating
from endorse.references.questions import NOT_ENOUGH_INFORMATION, Questions, current_questions
from endorse.registry.domain import number_prefix
from endorse.registry.models import Endorsement, NumberSequence
from endorse.renewals.enums import EventKind as RenewalEventKind
from endorse.renewals.enums import FeeStatus, InactiveReason, RenewalState
from endorse.renewals.models import InactivePeriod, LoggedHours, Renewal, RenewalEvent
from endorse.review.enums import LETTERS, Outcome
from endorse.review.models import Decision, Review, ReviewAssignment

from . import demo

BATCH = 1000  # applicants per transaction


@dataclass(frozen=True)
class Member:
    """An association of the national population: its slug, name, short name, number prefix
    and its share of the applicants (a weight; the shares of those generated add up to all)."""

    slug: str
    name: str
    short_name: str
    prefix: str
    weight: int


def _state(code: str, state: str, weight: int) -> Member:
    return Member(
        f"{code.lower()}-aimh",
        f"{state} Association for Infant Mental Health",
        f"{code}-AIMH",
        f"{code}-",
        weight,
    )


# The associations that run Endorsement, largest first: a few large programs (Michigan's, the
# oldest, is the installation's default association), many small ones, two countries. Weights
# in applicants per thousand. Ohio's is the second demo association (`demo.SECOND_SLUG`).
ASSOCIATIONS: tuple[Member, ...] = (
    Member(
        settings.ENDORSE_DEFAULT_ASSOCIATION,
        settings.ENDORSE_ASSOCIATION_NAME,
        settings.ENDORSE_ASSOCIATION_SHORT_NAME,
        settings.ENDORSE_NUMBER_PREFIX,
        300,
    ),
    _state("CA", "California", 130),
    _state("TX", "Texas", 80),
    Member(demo.SECOND_SLUG, "Ohio Association for Infant Mental Health", "OAIMH", "OH-IMH-", 45),
    _state("NY", "New York", 40),
    _state("IL", "Illinois", 35),
    _state("PA", "Pennsylvania", 30),
    _state("FL", "Florida", 28),
    _state("WA", "Washington", 25),
    _state("MN", "Minnesota", 22),
    _state("CO", "Colorado", 20),
    _state("WI", "Wisconsin", 18),
    _state("OK", "Oklahoma", 16),
    _state("VA", "Virginia", 15),
    _state("MA", "Massachusetts", 14),
    _state("NJ", "New Jersey", 13),
    _state("AZ", "Arizona", 12),
    Member("i-aimh", "Irish Association for Infant Mental Health", "I-AIMH", "IE-", 12),
    _state("OR", "Oregon", 11),
    _state("KS", "Kansas", 10),
    _state("IN", "Indiana", 10),
    Member("aaimhi", "Australian Association for Infant Mental Health", "AAIMHI", "AU-", 10),
    _state("CT", "Connecticut", 9),
    _state("MO", "Missouri", 9),
    _state("KY", "Kentucky", 8),
    _state("LA", "Louisiana", 8),
    _state("IA", "Iowa", 7),
    _state("NE", "Nebraska", 7),
    _state("NM", "New Mexico", 6),
    _state("UT", "Utah", 6),
    _state("AR", "Arkansas", 5),
    _state("ID", "Idaho", 5),
    _state("ME", "Maine", 4),
    _state("VT", "Vermont", 3),
    _state("WY", "Wyoming", 2),
)
LARGE = 80  # a weight from which an association has two coordinators


def shares(applicants: int, associations: int) -> list[int]:
    """How many of `applicants` each of the first `associations` gets: in proportion to the
    weights, the remainders to the largest fractions (ties to the larger association)."""
    members = ASSOCIATIONS[:associations]
    total = sum(m.weight for m in members)
    exact = [applicants * m.weight / total for m in members]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(members)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: applicants - sum(counts)]:
        counts[i] += 1
    return counts


# An association after a dozen years: most files are endorsements, a fifth are drafts.
STAGES: tuple[tuple[Status, float], ...] = (
    (Status.DRAFT, 0.22),
    (Status.SUBMITTED, 0.05),
    (Status.UNDER_REVIEW, 0.06),
    (Status.CHANGES_REQUESTED, 0.04),
    (Status.APPROVED_FOR_EXAM, 0.07),
    (Status.DEFERRED, 0.02),
    (Status.ENDORSED, 0.47),
    (Status.WITHDRAWN, 0.07),
)
# Most applicants are Associates and Specialists; about one in six works with young children
# (an Early Childhood category); Mentors are the smallest group.
CATEGORIES: tuple[tuple[Category, float], ...] = (
    (Category.FAMILY_ASSOCIATE, 0.20),
    (Category.EC_FAMILY_ASSOCIATE, 0.06),
    (Category.FAMILY_SPECIALIST, 0.23),
    (Category.EC_FAMILY_SPECIALIST, 0.06),
    (Category.MH_SPECIALIST, 0.14),
    (Category.EC_MH_SPECIALIST, 0.03),
    (Category.MENTOR_CLINICAL, 0.13),
    (Category.EC_MENTOR_CLINICAL, 0.02),
    (Category.MENTOR_POLICY, 0.04),
    (Category.EC_MENTOR_POLICY, 0.02),
    (Category.MENTOR_RESEARCH_FACULTY, 0.04),
    (Category.EC_MENTOR_RESEARCH_FACULTY, 0.03),
)
MENTOR_KINDS = frozenset({"clinical", "policy", "research_faculty"})
# The categories a `seed` file can hold (RULES.md): the infant Mentor ones.
MENTOR_SEED = frozenset(
    {Category.MENTOR_CLINICAL, Category.MENTOR_POLICY, Category.MENTOR_RESEARCH_FACULTY}
)


@dataclass(frozen=True)
class _Kind:
    """What an application of one kind of category holds: its degrees, its work, its RS/C
    months and its raters' roles (RULES-categories.md 3)."""

    degrees: tuple[str, ...]
    work: tuple[str, ...]
    rsc_months: tuple[int, int]
    raters: tuple[str, str, str]


KINDS: Mapping[str, _Kind] = {
    "associate": _Kind(
        ("BA", "BS", "BSW"),
        ("family_service",),
        (0, 0),
        ("program_supervisor", "trainer", "colleague"),
    ),
    "family_specialist": _Kind(
        ("BA", "BSW", "BS", "MA"),
        ("prevention_service",),
        (14, 16),
        ("program_supervisor", "rsc_provider", "colleague"),
    ),
    "mh_specialist": _Kind(
        ("MSW", "MA", "PsyD", "MS"),
        ("parent_infant_psychotherapy",),
        (18, 24),
        ("program_supervisor", "rsc_provider", "supervisee"),
    ),
    "clinical": _Kind(
        ("MSW", "MA", "PhD", "MSN", "PsyD", "MEd", "MS"),
        ("imh_direct_service", "rsc_provision"),
        (18, 24),
        ("rsc_provider", "program_supervisor", "supervisee"),
    ),
    "policy": _Kind(
        ("MSW", "MA", "PhD", "MEd"),
        ("policy_leadership",),
        (0, 4),
        ("program_supervisor", "colleague", "colleague"),
    ),
    "research_faculty": _Kind(
        ("PhD", "EdD", "MA"),
        ("university_teaching",),
        (0, 4),
        ("department_chair", "colleague", "student"),
    ),
}


def _kind_and_band(category: str) -> tuple[str, str]:
    facts = ENGINE_CATEGORIES[category]
    return facts.kind, facts.band


APPROVED = {Status.APPROVED_FOR_EXAM, Status.ENDORSED}
REVIEWED = {Status.UNDER_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED_FOR_EXAM}
REVIEWED |= {Status.DEFERRED, Status.ENDORSED}
DECIDED = REVIEWED - {Status.UNDER_REVIEW}

FIRST = [
    "Maria",
    "Ana",
    "James",
    "Aisha",
    "Wei",
    "Olivia",
    "Noah",
    "Fatima",
    "Liam",
    "Sofia",
    "Mateo",
    "Amara",
    "Ethan",
    "Priya",
    "Lucas",
    "Zoe",
    "Daniel",
    "Leila",
    "Samuel",
    "Grace",
    "Omar",
    "Hannah",
    "Diego",
    "Yuki",
    "Isaac",
    "Chloe",
    "Malik",
    "Nora",
    "Ravi",
    "Elena",
    "Tomás",
    "Ines",
    "Kofi",
    "Ruth",
    "Jonah",
    "Mei",
    "Andre",
    "Clara",
    "Hamza",
    "Lena",
]
LAST = [
    "Garcia",
    "Smith",
    "Johnson",
    "Nguyen",
    "Okafor",
    "Kowalski",
    "Haddad",
    "Rossi",
    "Tanaka",
    "Patel",
    "Müller",
    "Silva",
    "Cohen",
    "O'Brien",
    "Andersen",
    "Dubois",
    "Kim",
    "Mensah",
    "Novak",
    "Ramirez",
    "Fischer",
    "Ivanova",
    "Ahmed",
    "Lindqvist",
    "Moreau",
    "Yilmaz",
    "Costa",
    "Schultz",
    "Murphy",
    "Nakamura",
    "Bianchi",
    "Osei",
    "Jansen",
    "Herrera",
    "Weber",
    "Popescu",
    "Larsen",
    "Reyes",
]
EMPLOYERS = (
    "Oak Family Services",
    "Riverside Community Mental Health",
    "Children's Hospital Infant Program",
    "Early Head Start of the Lakes",
    "County Health Department",
    "University Infant Mental Health Clinic",
    "Harbor Home Visiting Partnership",
    "State Department of Health and Human Services",
)
POSITIONS = (
    "Infant mental health specialist",
    "Clinical supervisor",
    "Program director",
    "Home visitor",
    "Early childhood consultant",
    "Associate professor",
    "Policy analyst",
)
TRAININGS = (
    "Foundations of infant mental health",
    "Reflective supervision in practice",
    "Attachment across the first three years",
    "Working with parents in crisis",
    "Trauma-informed care for very young children",
    "Diversity-informed tenets for work with infants",
    "Observation and assessment of infants",
    "The neurobiology of early relationships",
    "Perinatal mood disorders",
    "Co-regulation and early emotional development",
)
TRAINERS = ("MI-AIMH", "Zero to Three", "Erikson Institute", "University Extension", "State AIMH")
PROVIDERS = (
    ("Dr Joan Whitfield", "IMHM-C"),
    ("Pat Okoro", "IMHM-C"),
    ("Ruth Ann Silverstein", "IMHM-RF"),
    ("Luis Marino", "IMHS"),
    ("Deborah Weatherston", "IMHM-C"),
    ("Kim Tran", ""),
)
PROVIDERS_MENTOR_CLINICAL = tuple(p for p in PROVIDERS if p[1] == "IMHM-C")
LEADERSHIP = (
    "Chaired the state infant mental health association's policy committee",
    "Designed and led a regional reflective supervision training series",
    "Served on the statewide early childhood advisory council",
    "Led the county's infant mental health workforce initiative",
    "Edited a special issue on early relationships",
)
SITTING_PLACES = ("Lansing", "Detroit", "Grand Rapids", "Online")

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

DEGREE_FIELDS = ("Social work", "Clinical psychology", "Nursing", "Early childhood education")
INSTITUTIONS = (
    "University of Michigan",
    "Wayne State University",
    "Michigan State University",
    "Eastern Michigan University",
)
WIDER = ("regional", "state", "national")
WORK_KINDS = ["imh_direct_service", "rsc_provision", "program_administration"]
PDF_SHA256 = hashlib.sha256(PDF).hexdigest()
DEGREE_DOMAINS = ("theoretical_foundations", "law_regulation_agency_policy", "systems_expertise")
WORK_DOMAINS = tuple(d for d in COMPETENCY_DOMAINS if d not in DEGREE_DOMAINS)


# Renewal histories of the endorsed (docs/renewal.md), by share: kept up (each year renewed,
# one renewal in ten late, with the late fee; this year's hours partly logged, or submitted and
# waiting, or already accepted), lapsed (stopped renewing), lapsed then reinstated, inactive.
HISTORIES: tuple[tuple[str, float], ...] = (
    ("kept_up", 0.78),
    ("lapsed", 0.12),
    ("reinstated", 0.05),
    ("inactive", 0.05),
)
FULL_YEARS = 3  # past renewals written in full (renewal, hours, events); older ones carried over
RENEWAL_TRAININGS = (
    ("Attachment and early relationships", False),
    ("Culturally responsive practice with families", True),
    ("Reflective practice in home visiting", False),
    ("Observing infants and toddlers", False),
    ("Trauma-informed care for young children", False),
)


@dataclass
class Population:
    """What was written, table by table, and how long it took."""

    applicants: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # The standing each generated endorsement was written to have on the day (its number →
    # `active`, `renewal_due`, `overdue`, `lapsed`, `inactive` or `revoked`): what the generator
    # meant, for the tests to compare with the engine's.
    intended: dict[str, str] = field(default_factory=dict)


class Row(SimpleNamespace):
    """A row about to be written: its columns by attribute name (`application_id`), read the
    way a model instance is (`row.pk`), so `portfolio_from_rows` can read generated evidence."""

    @property
    def pk(self) -> int:
        return int(self.id)


MODELS: tuple[type[models.Model], ...] = (
    User,
    EmailAddress,
    Membership,
    Application,
    Degree,
    Certificate,
    Training,
    WorkEntry,
    LeadershipActivity,
    SupervisionEntry,
    Rater,
    Rating,
    EthicsSignature,
    Document,
    ApplicationEvent,
    Submission,
    ReviewAssignment,
    Review,
    Decision,
    ExamCandidate,
    Part2Mark,
    Endorsement,
    LoggedHours,
    Renewal,
    Renewal.endorsements.through,
    RenewalEvent,
    InactivePeriod,
    OutboxMessage,
)


class _Table:
    """One table's rows in this batch, with keys allocated from the table's highest."""

    def __init__(self, model: type[models.Model]) -> None:
        fields = model._meta.concrete_fields
        self.name = model._meta.db_table
        self.attnames = [f.attname for f in fields]
        self.columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        self.defaults = {f.attname: f._get_default for f in fields}  # type: ignore[attr-defined]
        self.adapters = [_adapter(f) for f in fields]
        # Every association's rows: keys are the table's, whatever association holds them.
        self.next_id = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.rows: list[Row] = []

    def row(self, **values: Any) -> Row:
        """A new row with the next key; columns not given take the model's defaults."""
        values["id"] = self.next_id
        self.next_id += 1
        for name in self.attnames:
            if name not in values:
                values[name] = self.defaults[name]()
        row = Row(**values)
        self.rows.append(row)
        return row

    def write(self, population: Population) -> None:
        if not self.rows:
            return
        columns = list(zip(self.attnames, self.adapters, strict=True))
        # Table and column names come from the models, never from input.
        table = connection.ops.quote_name(self.name)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY's text format, built here: much faster than adapting value by value.
                lines = []
                for row in self.rows:
                    given = row.__dict__
                    lines.append(
                        "\t".join([_copy_text(given[name], adapt) for name, adapt in columns])
                    )
                lines.append("")
                with cursor.cursor.copy(f"COPY {table} ({self.columns}) FROM STDIN") as copy:
                    copy.write("\n".join(lines))
            else:
                records = []
                for row in self.rows:
                    given = row.__dict__
                    records.append(
                        [
                            given[name]
                            if adapt is None or given[name] is None
                            else adapt(given[name])
                            for name, adapt in columns
                        ]
                    )
                marks = ", ".join(["%s"] * len(self.attnames))
                insert = f"INSERT INTO {table} ({self.columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(insert, records)
        population.rows[self.name] = population.rows.get(self.name, 0) + len(self.rows)
        self.rows = []


def _copy_text(value: Any, adapt: Callable[[Any], Any] | None) -> Any:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if adapt is not None:
        value = adapt(value)
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            return value.replace("\r", "\\r")
        return value
    return str(value)


def _adapter(f: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a Python value is written to this column, where the driver does not do it."""
    if isinstance(f, models.JSONField):
        return _json
    if isinstance(f, models.DateTimeField) and connection.vendor == "sqlite":
        # Django stores SQLite times as naive UTC text; generated times are UTC.
        return lambda value: str(value.replace(tzinfo=None))
    return None


@dataclass
class _Staff:
    coordinators: list[int]
    reviewers: list[int]
    examiners: list[int]
    sittings: list[tuple[int, date]]


@dataclass
class _File:
    """One generated application and the dates its process followed."""

    application: Row
    person: Row
    started: date
    submitted: date | None
    decided: date | None
    entries: dict[str, list[Row]] = field(default_factory=dict)
    signature: Row | None = None
    membership: Row | None = None


class _Random(random.Random):
    """The standard generator with cheaper integer and choice draws (one `random()` each):
    the population draws millions of them, and their statistical fine points do not matter."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]


def _json(value: Any) -> str:
    return json.dumps(value)


class _Generator:
    staff: _Staff  # the association's whose rows are being written
    association: Association
    population: Population
    policy: RenewalPolicy  # the association's renewal policy
    yearly: bool

    def __init__(self, seed: int, password: str, questions: Questions) -> None:
        self.rnd = _Random(seed)
        # The rating form's wording, stored once (every generated rating answers under it).
        self.question_set = question_set_of(questions).pk
        self.rr = _Random(seed + 1)  # the renewal histories'
        # Competency domains an entry claims: none to three, drawn from a pool.
        self.claims = [
            self.rnd.sample(COMPETENCY_DOMAINS, self.rnd.choice((0, 1, 1, 2, 3)))
            for _ in range(256)
        ]
        self.password = password
        self.questions = questions
        self.items = [item.id for item in questions.items]
        self.today = timezone.localdate()
        self.tables = {model: _Table(model) for model in MODELS}
        # The last number of each category's sequence (by its prefix).
        self.last_numbers = dict(NumberSequence.objects.values_list("prefix", "last"))
        self.transcript = default_storage.save("applications/demo/transcript.pdf", ContentFile(PDF))

    def __getitem__(self, model: type[models.Model]) -> _Table:
        return self.tables[model]

    def moment(self, day: date) -> datetime:
        """A time of that day between 07:00 and 23:00."""
        seconds = 25200 + int(self.rnd.random() * 57600)
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)

    def day(self, low: date, high: date) -> date:
        return low + timedelta(days=int(self.rnd.random() * (max((high - low).days, 0) + 1)))

    def domains(self, documented: tuple[str, ...] = ()) -> list[str]:
        """Domains an entry claims; `documented` ones always (a submitted file's degree and
        first job between them cover every domain, as files that pass review do)."""
        drawn = self.claims[int(self.rnd.random() * 256)]
        return [*documented, *(d for d in drawn if d not in documented)] if documented else drawn

    def pick(self, weighted: tuple[tuple[Any, float], ...]) -> Any:
        values, weights = zip(*weighted, strict=True)
        return self.rnd.choices(values, weights)[0]

    def batch(self, first: int, count: int, population: Population) -> None:
        self.population = population
        # Histories are written under a yearly renewal policy (each association's default).
        self.policy = self.association.renewal
        self.yearly = self.policy.cycle_years == 1
        for i in range(first, first + count):
            self.file(i)
        for table in self.tables.values():
            table.write(population)

    def file(self, i: int) -> None:
        rnd, today = self.rnd, self.today
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        email = f"{name.lower().replace(' ', '.').replace("'", '')}.{i}@example.org"
        category = self.pick(CATEGORIES)
        status = self.pick(STAGES)
        if _kind_and_band(category)[0] not in MENTOR_KINDS and status == Status.APPROVED_FOR_EXAM:
            status = Status.UNDER_REVIEW  # no exam: review leads straight to the endorsement
        # When the process reached each step: endorsed files go back a dozen years.
        if status in (Status.ENDORSED, Status.DEFERRED, Status.WITHDRAWN):
            submitted: date | None = today - timedelta(days=rnd.randint(200, 4500))
        elif status == Status.DRAFT:
            submitted = None
        else:
            submitted = today - timedelta(days=rnd.randint(10, 150))
        started = (submitted or today) - timedelta(days=rnd.randint(20, 400))
        decided = None
        if submitted and status in DECIDED:
            decided = min(submitted + timedelta(days=rnd.randint(20, 90)), today)
        joined = self.moment(started)
        person = self[User].row(
            email=email,
            name=name,
            password=self.password,
            date_joined=joined,
            is_active=True,
            listed_in_registry=status == Status.ENDORSED and rnd.random() < 0.6,
        )
        self[EmailAddress].row(user_id=person.id, email=email, verified=True, primary=True)
        membership = self[Membership].row(
            person_id=person.id,
            member_id=f"M{person.id:07d}",
            association=self.association.short_name,
            # Those in the process keep their membership current; others may have let it lapse.
            expires_on=today
            + timedelta(
                days=rnd.randint(30, 700) if status in REVIEWED else rnd.randint(-400, 700)
            ),
        )
        application = self[Application].row(
            applicant_id=person.id,
            category=category,
            # The infant Mentor files keep the version they were written for; every other
            # category is under the current one.
            policy="seed" if category in MENTOR_SEED else "2025",
            status=status,
            created_at=joined,
            updated_at=self.moment(decided or submitted or today),
            submitted_at=self.moment(submitted) if submitted else None,
            reopened_sections=[],
            approved_on=None,
            review_competencies="accepted" if status in APPROVED else "",
            exam_result="not_taken",
            exam_taken_on=None,
        )
        file = _File(application, person, started, submitted, decided, membership=membership)
        self.evidence(file)
        self.process(file)

    def evidence(self, file: _File) -> None:
        """Degrees, certificates, trainings, work, leadership, RS/C and raters, dated before the
        submission (or today for a draft), a draft's sections partly filled."""
        rnd, day = self.rnd, self.day
        application = file.application
        app = application.id
        end = file.submitted or self.today
        kind_name, band = _kind_and_band(application.category)
        kind = KINDS[kind_name]
        clinical = kind_name == "clinical"
        mentor = kind_name in MENTOR_KINDS
        bands = [band]
        filled = 1.0 if file.submitted else rnd.choice((0.2, 0.5, 0.8, 1.0))
        checked = application.status in REVIEWED

        def stamp(on: date) -> dict[str, Any]:
            moment = self.moment(min(max(on, file.started), end))
            return {"created_at": moment, "updated_at": moment}

        graduated = end - timedelta(days=rnd.randint(7 * 365, 25 * 365))
        submitted_state = "verified" if checked else "received"
        degrees = [
            self[Degree].row(
                application_id=app,
                type=rnd.choice(kind.degrees),
                field=rnd.choice(DEGREE_FIELDS),
                institution=rnd.choice(INSTITUTIONS),
                conferred_on=graduated,
                transcript=submitted_state
                if file.submitted
                else rnd.choice(("missing", "received")),
                accepted=None,
                competencies=self.domains(DEGREE_DOMAINS if file.submitted else ()),
                **stamp(file.started),
            )
        ]
        if mentor and rnd.random() < 0.25:
            degrees.append(
                self[Degree].row(
                    application_id=app,
                    type="other",
                    field="Infant mental health",
                    institution=rnd.choice(INSTITUTIONS),
                    conferred_on=graduated - timedelta(days=rnd.randint(700, 2000)),
                    transcript=submitted_state,
                    accepted=True if checked else None,
                    competencies=[],
                    **stamp(file.started),
                )
            )
        certificates = [
            self[Certificate].row(
                application_id=app,
                kind="post_graduate_specialization",
                title="Post-graduate certificate in infant mental health",
                institution=rnd.choice(INSTITUTIONS),
                completed_on=day(graduated, end),
                accepted=True if checked else None,
                competencies=self.domains(),
                **stamp(file.started),
            )
            for _ in range(1 if mentor and rnd.random() < 0.2 else 0)
        ]
        trainings: list[Any] = []
        for _ in range(int(rnd.randint(20, 40) if clinical else rnd.randint(12, 30) * filled)):
            start = day(end - timedelta(days=10 * 365), end)
            trainings.append(
                self[Training].row(
                    application_id=app,
                    title=rnd.choice(TRAININGS),
                    provider=rnd.choice(TRAINERS),
                    start_on=start,
                    end_on=start + timedelta(days=rnd.randint(1, 2))
                    if rnd.random() < 0.3
                    else None,
                    hours=Decimal(rnd.choice(("1.5", "2", "3", "3.5", "6", "7.5", "12"))),
                    relationship_based=rnd.random() < 0.9,
                    topics=rnd.sample(["imh", "rsc_provision", "dei"], rnd.choice((0, 1, 1, 2)))
                    if application.policy == "seed"
                    else self.topics(kind_name, len(trainings)),
                    age_bands=bands,
                    competencies=self.domains(),
                    **stamp(start),
                )
            )
        work = []
        cursor = graduated + timedelta(days=rnd.randint(30, 400))
        for n in range(max(1, int(rnd.randint(2, 6) * filled))):
            stop = cursor + timedelta(days=rnd.randint(500, 2500))
            current = stop >= end or n == 5
            work.append(
                self[WorkEntry].row(
                    application_id=app,
                    employer=rnd.choice(EMPLOYERS),
                    position=rnd.choice(POSITIONS),
                    start_on=cursor,
                    end_on=None if current else stop,
                    fte=Decimal(rnd.choice(("1.00", "1.00", "0.80", "0.50"))),
                    kinds=(WORK_KINDS[:2] if file.submitted else rnd.sample(WORK_KINDS, 2))
                    if clinical
                    else list(kind.work),
                    supervised=bool(file.submitted) or rnd.random() < 0.7,
                    infant_and_parent=kind_name in ("clinical", "mh_specialist")
                    and (bool(file.submitted) or rnd.random() < 0.8),
                    age_bands=bands,
                    paid=True,
                    families_served=rnd.randint(8, 60)
                    if kind_name == "family_specialist"
                    else None,
                    social_emotional_focus=kind_name == "family_specialist",
                    relationship_focus=kind_name == "family_specialist",
                    license_status="licensed" if kind_name == "mh_specialist" else "",
                    competencies=self.domains(WORK_DOMAINS if file.submitted and n == 0 else ()),
                    **stamp(file.started),
                )
            )
            if current:
                break
            cursor = stop + timedelta(days=rnd.randint(1, 60))
        leadership = []
        activities = (rnd.randint(1, 3) if clinical else rnd.randint(2, 5)) if mentor else 0
        for _ in range(int(activities * filled)):
            begun = day(end - timedelta(days=6 * 365), end)
            leadership.append(
                self[LeadershipActivity].row(
                    application_id=app,
                    designation=kind_name,
                    activity=rnd.choice(LEADERSHIP),
                    level=rnd.choice(WIDER if file.submitted else ("local", *WIDER)),
                    start_on=begun,
                    end_on=begun + timedelta(days=rnd.randint(90, 900))
                    if rnd.random() < 0.6
                    else None,
                    competencies=self.domains(),
                    **stamp(begun),
                )
            )
        rsc = []
        # Monthly RS/C: a submitted clinical file has 18–24 months of it (50 hours or more).
        low, high = kind.rsc_months
        months = rnd.randint(low, high) if file.submitted else int(rnd.randint(0, high) * filled)
        # Where a version lists the providers that count (every required RS/C under 2025), the
        # applicant's provider is one of them.
        provider, endorsement = rnd.choice(
            PROVIDERS if application.policy == "seed" else PROVIDERS_MENTOR_CLINICAL
        )
        for n in range(months):
            start = end - timedelta(days=30 * (months - n) + rnd.randint(0, 10))
            rsc.append(
                self[SupervisionEntry].row(
                    application_id=app,
                    provider_name=provider,
                    provider_endorsement=endorsement,
                    provider_approved=bool(endorsement) or checked,
                    format="individual" if n % 3 else "group",
                    start_on=start,
                    end_on=start + timedelta(days=27),
                    hours=Decimal(
                        rnd.choice(("3", "4", "4.5") if file.submitted else ("2", "3", "4"))
                    ),
                    # Under 2025 half of a clinical Mentor's RS/C is about the RS/C they provide.
                    focus="rsc_provided"
                    if clinical and application.policy != "seed" and n % 2
                    else "own_practice",
                    peer=False,
                    age_bands=bands,
                    competencies=self.domains(),
                    **stamp(start),
                )
            )
        raters = []
        roles = kind.raters
        for n in range(3 if file.submitted else rnd.randint(0, 3)):
            rater_name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
            # Ratings are asked for within the year before submission (a rating counts for a
            # year under 2024 and 2025).
            sent = day(max(file.started, end - timedelta(days=300)), end)
            state = (
                "completed"
                if file.submitted
                else rnd.choice(("requested", "requested", "completed", "declined"))
            )
            claimed = (n == 0 and bool(file.submitted)) or rnd.random() < 0.3
            completed = min(sent + timedelta(days=rnd.randint(2, 20)), end)
            moment = self.moment(sent)
            raters.append(
                self[Rater].row(
                    application_id=app,
                    name=rater_name,
                    email=f"{rater_name.lower().replace(' ', '.').replace("'", '')}.{app}@example.com",
                    role=roles[n],
                    known_years=Decimal(rnd.randint(2, 15)),
                    endorsement_level=rnd.choice(("III", "IV")) if claimed else "",
                    endorsement_number=f"{number_prefix('mentor-clinical')}{rnd.randint(1, 900):05d}"
                    if claimed
                    else "",
                    endorsement_verified=claimed and checked,
                    capacity=f"My supervisor at {rnd.choice(EMPLOYERS)}",
                    waived=rnd.random() < 0.8,
                    status=state,
                    completed_on=completed if state == "completed" else None,
                    not_enough_information=rnd.choice((0, 0, 0, 1, 2))
                    if state == "completed"
                    else 0,
                    questions=self.questions.version,
                    token_nonce=f"{rnd.getrandbits(96):024x}",
                    sent_at=moment,
                    expires_at=moment + timedelta(days=settings.ENDORSE_REFERENCE_LINK_DAYS),
                    opened_at=moment + timedelta(days=1) if state != "requested" else None,
                    declined_at=moment + timedelta(days=3) if state == "declined" else None,
                    decline_reason="I have not worked with them closely enough."
                    if state == "declined"
                    else "",
                    reminders_sent=rnd.randint(0, 2),
                    created_at=moment,
                    updated_at=moment,
                )
            )
        file.entries = {
            "degrees": degrees,
            "certificates": certificates,
            "licenses": [],
            "trainings": trainings,
            "work": work,
            "leadership": leadership,
            "rsc": rsc,
            "references": raters,
        }
        if file.submitted or rnd.random() < 0.3:
            file.signature = self[EthicsSignature].row(
                application_id=app,
                signed_name=file.person.name,
                signed_at=self.moment(file.submitted or end),
                version="2024",
            )

    def event(
        self, file: _File, kind: str, on: date | datetime, actor: int | None = None, **data: Any
    ) -> None:
        self[ApplicationEvent].row(
            application_id=file.application.id,
            actor_id=actor,
            kind=kind,
            data=data,
            created_at=on if isinstance(on, datetime) else self.moment(on),
        )

    def email(
        self,
        file: _File,
        template: str,
        key: str,
        on: date | datetime,
        recipient: str,
        *,
        key_id: int | None = None,
        **context: Any,
    ) -> Row:
        """An email sent; its idempotency key is `key` and the id the product's own sending
        uses (the application's unless `key_id` names another row's)."""
        moment = on if isinstance(on, datetime) else self.moment(on)
        return self[OutboxMessage].row(
            idempotency_key=f"{key}:{file.application.id if key_id is None else key_id}",
            recipient=recipient,
            template=template,
            context={"applicant_name": file.person.name, **context},
            status=MessageStatus.SENT,
            attempts=1,
            last_error="",
            created_at=moment,
            next_attempt_at=moment,
            sent_at=moment,
            application_id=file.application.id,
            rater_id=context.get("rater"),
        )

    def process(self, file: _File) -> None:
        """What follows the evidence: ratings, transcripts, events, the submission, reviews, the
        decision and its letter, the exam, the endorsement, and the emails each step sent."""
        rnd, staff = self.rnd, self.staff
        application, person = file.application, file.person
        status = application.status
        coordinator = (
            staff.coordinators[0]
            if len(staff.coordinators) == 1
            else rnd.choice(staff.coordinators)
        )
        self.event(file, "started", file.started, person.id)
        if rnd.random() < 0.4:
            self.event(file, "imported", file.started, person.id)
        else:
            for section, rows in file.entries.items():
                if section != "references":
                    for row in rows:
                        self.event(
                            file,
                            "evidence_added",
                            row.created_at,
                            person.id,
                            section=section,
                            id=row.id,
                        )
        for rater in file.entries["references"]:
            self.event(file, "reference_requested", rater.sent_at, person.id, rater=rater.id)
            self.email(
                file,
                "references/email/request",
                f"reference-request:{rater.id}",
                rater.sent_at,
                rater.email,
                rater=rater.id,
            )
            if rater.status == "completed":
                answers = {item: rnd.choice(("3", "4", "4", "5", "5")) for item in self.items}
                for item in rnd.sample(self.items, rater.not_enough_information):
                    answers[item] = NOT_ENOUGH_INFORMATION
                self[Rating].row(
                    rater_id=rater.id,
                    questions_version=self.questions.version,
                    question_set_id=self.question_set,
                    answers=answers,
                    known_years=rater.known_years,
                    recommendation=rnd.choice(
                        ("recommend", "recommend", "recommend_with_reservations")
                    ),
                    comments="A thoughtful, reflective practitioner whom families trust.",
                    started_at=rater.opened_at,
                    saved_at=rater.opened_at,
                    submitted_at=self.moment(rater.completed_on),
                )
                self.event(file, "reference_completed", rater.completed_on, rater=rater.id)
            elif rater.status == "declined":
                self.event(file, "reference_declined", rater.declined_at, rater=rater.id)
        for degree in file.entries["degrees"]:
            if degree.transcript != "missing" and rnd.random() < 0.6:
                self[Document].row(
                    application_id=application.id,
                    degree_id=degree.id,
                    kind="transcript",
                    file=self.transcript,
                    original_name=f"transcript-{degree.type.lower()}.pdf",
                    size=len(PDF),
                    sha256=PDF_SHA256,
                    uploaded_by_id=person.id,
                    uploaded_at=degree.created_at,
                    removed_at=None,
                )
        if file.signature is not None:
            self.event(file, "ethics_signed", file.signature.signed_at, person.id)
        if not file.submitted:
            return
        self.submission(file, 1, file.submitted)
        self.event(
            file, "status", file.submitted, person.id, frm="draft", to="submitted", reason=""
        )
        self.email(file, "applications/email/submitted", "submitted", file.submitted, person.email)
        if status == Status.WITHDRAWN:
            gone = file.submitted + timedelta(days=rnd.randint(1, 60))
            self.event(file, "status", gone, person.id, frm="submitted", to="withdrawn", reason="")
            return
        if status == Status.SUBMITTED:
            return
        self.review(file, coordinator)
        if file.decided is None or status in (Status.CHANGES_REQUESTED, Status.DEFERRED):
            return
        application.approved_on = file.decided
        if status == Status.ENDORSED:
            self.endorse(file, coordinator)

    def review(self, file: _File, coordinator: int) -> None:
        """Two reviewers; both reviews in once the file is decided; the decision and its letter."""
        rnd, application = self.rnd, file.application
        status = application.status
        first, second = rnd.sample(self.staff.reviewers, 2)
        assigned = (file.submitted or self.today) + timedelta(days=rnd.randint(3, 15))
        self.event(
            file, "status", assigned, coordinator, frm="submitted", to="under_review", reason=""
        )
        self.event(
            file, "reviewers_assigned", assigned, coordinator, round=1, reviewers=[first, second]
        )
        outcome = {Status.CHANGES_REQUESTED: Outcome.ON_HOLD, Status.DEFERRED: Outcome.DEFER}.get(
            status, Outcome.APPROVE
        )
        reason = "" if outcome == Outcome.APPROVE else "More relationship-based training is needed."
        sections = ["trainings"] if outcome == Outcome.ON_HOLD else []
        for order, reviewer in ((1, first), (2, second)):
            assignment = self[ReviewAssignment].row(
                application_id=application.id,
                round=1,
                order=order,
                reviewer_id=reviewer,
                assigned_by_id=coordinator,
                assigned_at=self.moment(assigned),
            )
            if file.decided is None and rnd.random() < 0.5:
                continue
            reviewed = min(assigned + timedelta(days=rnd.randint(5, 25)), self.today)
            self[Review].row(
                assignment_id=assignment.id,
                competencies=rnd.sample(COMPETENCY_DOMAINS, 4),
                comments="The portfolio shows the competencies clearly.",
                outcome=outcome,
                sections=sections,
                reason=reason,
                submitted_at=self.moment(reviewed),
            )
            self.event(
                file,
                "review_submitted",
                reviewed,
                reviewer,
                round=1,
                order=order,
                outcome=outcome.value,
            )
        if file.decided is None:
            return
        letter = self.email(file, LETTERS[outcome], "decision:1", file.decided, file.person.email)
        self[Decision].row(
            application_id=application.id,
            round=1,
            outcome=outcome,
            reason=reason,
            sections=sections,
            decided_by_id=coordinator,
            decided_at=self.moment(file.decided),
            letter_id=letter.id,
        )
        approved = "approved_for_exam" if self.sits_exam(application) else "endorsed"
        target = {Outcome.APPROVE: approved, Outcome.ON_HOLD: "changes_requested"}.get(
            outcome, "deferred"
        )
        self.event(
            file, "decision_recorded", file.decided, coordinator, round=1, outcome=outcome.value
        )
        self.event(file, "letter_released", file.decided, coordinator, round=1)
        self.event(
            file, "status", file.decided, coordinator, frm="under_review", to=target, reason=""
        )
        application.reopened_sections = sections

    def topics(self, kind: str, index: int) -> list[str]:
        """The topics of a file's `index`-th training under `2025`: mostly infant mental health,
        some diversity, equity and inclusion, and (for a clinical Mentor) some on providing
        RS/C, so the topic minimums of RULES-categories.md 4.2 are usually met."""
        cycle: tuple[list[str], ...] = (["imh"], ["imh"], ["imh", "dei"])
        if kind == "clinical":
            cycle = (["imh"], ["rsc_provision"], ["imh"], ["dei"])
        return cycle[index % len(cycle)]

    def sits_exam(self, application: Any) -> bool:
        """Whether the application's category sits the exam: Mentors do; under `2025`, no other
        category does."""
        return _kind_and_band(application.category)[0] in MENTOR_KINDS

    def endorse(self, file: _File, coordinator: int) -> None:
        """The first sitting after the approval, both parts passed (where the category sits the
        exam), the number issued; most renew every year, some lapse, a few are revoked."""
        decided = file.decided or self.today
        if self.sits_exam(file.application):
            issued = self.exam(file, coordinator, decided)
        else:
            issued = decided  # the decision to endorse is the issue
        self.issue(file, coordinator, issued)

    def exam(self, file: _File, coordinator: int, decided: date) -> date:
        """The first sitting after the approval, both parts passed; the day of issue."""
        rnd, application = self.rnd, file.application
        sitting, held_on = next(
            ((pk, held) for pk, held in self.staff.sittings if held > decided),
            self.staff.sittings[-1],
        )
        candidate = self[ExamCandidate].row(
            sitting_id=sitting,
            application_id=application.id,
            code=f"C{application.id:07d}",
            part1=True,
            part2=True,
            part1_score=rnd.randint(48, 60),
            finalized_at=self.moment(held_on + timedelta(days=30)),
        )
        for marker in rnd.sample(self.staff.examiners, 2):
            self[Part2Mark].row(
                candidate_id=candidate.id,
                marker_id=marker,
                passed=True,
                feedback="Clear, reflective answers.",
                marked_at=self.moment(held_on + timedelta(days=20)),
            )
        self.event(file, "exam_registered", held_on - timedelta(days=30), coordinator)
        self.event(file, "exam_result", held_on + timedelta(days=30), coordinator, result="passed")
        application.exam_result = "passed"
        application.exam_taken_on = held_on
        application.exam_age_band = _kind_and_band(application.category)[1]
        return min(held_on + timedelta(days=rnd.randint(35, 60)), self.today)

    def issue(self, file: _File, coordinator: int, issued: date) -> None:
        """The number, the endorsement (most renew every year, some lapse, a few are revoked),
        its event and its notice, then its renewal history."""
        rnd, application, person = self.rnd, file.application, file.person
        prefix = number_prefix(application.category, self.association.number_prefix)
        self.last_numbers[prefix] = self.last_numbers.get(prefix, 0) + 1
        number = f"{prefix}{self.last_numbers[prefix]:05d}"
        rnd.random()  # a draw kept so the rest of the population stays as it was
        revoked = rnd.random() < 0.005
        endorsement = self[Endorsement].row(
            number=number,
            name=person.name,
            level=KIND_LEVELS[_kind_and_band(application.category)[0]],
            category=Category(application.category).label,
            person_id=person.id,
            application_id=application.id,
            issued_on=issued,
            renewed_through=None,
            reinstated_on=None,
            revoked_at=self.moment(self.today - timedelta(days=rnd.randint(1, 300)))
            if revoked
            else None,
            revoked_reason="The endorsement agreement was breached." if revoked else "",
            listed=person.listed_in_registry,
            issued_by_id=coordinator,
        )
        self.event(file, "endorsement_issued", issued, coordinator, number=number)
        if self.sits_exam(application):
            frm = "approved_for_exam"
            self.event(file, "status", issued, coordinator, frm=frm, to="endorsed", reason="")
        # Keyed by the endorsement, as `registry.domain.endorsement_issue` keys it: keyed by the
        # application, a generated key could equal that of an endorsement the product issued.
        self.email(
            file,
            "registry/email/issued",
            "endorsement-issued",
            issued,
            person.email,
            key_id=endorsement.id,
            number=number,
        )
        if self.yearly:
            intended = self.history(file, endorsement, coordinator)
            self.population.intended[number] = "revoked" if revoked else intended

    # Renewal histories, under a yearly renewal policy (the associations' default, `annual`):
    # each year owed is the calendar year, due on 31 December, its window opening and its grace
    # ending on the policy's days.

    def window(self, year: int) -> date:
        opens = self.policy.window_opens
        return date(year, opens.month, opens.day)

    def grace_end(self, year: int) -> date:
        return date(year, 12, 31) + timedelta(days=self.policy.grace_days)

    def owed_standing(self, year: int) -> str:
        """The standing on today of an endorsement that owes `year` (not inactive)."""
        today = self.today
        if today < self.window(year):
            return "active"
        if today <= date(year, 12, 31):
            return "renewal_due"
        return "overdue" if today <= self.grace_end(year) else "lapsed"

    def history(self, file: _File, endorsement: Row, coordinator: int) -> str:
        """Write the endorsement's renewal history; returns the standing it leaves today.

        The first year owed is the one after the year of issue. Kept up: every past year
        renewed (the last `FULL_YEARS` with their renewal, logged hours and events); in January
        a few have not renewed last year yet (overdue; some submitted late, waiting); this year's
        hours partly logged, or, in the window, submitted and waiting or already accepted.
        Lapsed: renewed up to a year, then nothing past its grace (the lapse job's event and
        email). Reinstated: lapsed, then reinstated since the start of last year. Inactive: kept
        up, then inactive status since a day this year."""
        rr, today = self.rr, self.today
        y = today.year
        first = endorsement.issued_on.year + 1
        kind = self.pick_history()
        # The years whose grace has ended: where a lapse can be.
        closed = [year for year in range(first, y) if self.grace_end(year) < today]
        if kind in ("lapsed", "reinstated") and closed:
            owed = rr.choice(closed)
            self.renew_years(file, endorsement, coordinator, range(first, owed))
            lapsed_on = self.grace_end(owed) + timedelta(days=1)
            self.lapse(file, endorsement, lapsed_on)
            if kind == "lapsed" or lapsed_on + timedelta(days=30) > today:
                return "lapsed"
            reinstated = self.rday(max(lapsed_on + timedelta(days=30), date(y - 1, 1, 1)), today)
            endorsement.reinstated_on = reinstated
            owed = reinstated.year + 1  # the first deadline after the reinstatement
            self.log_year(file, owed, partly=True)
            return self.owed_standing(owed)
        if first > y:  # issued this year: nothing owed before next year
            return self.step_back(file, endorsement) if kind == "inactive" else "active"
        # Kept up to last year; in the January grace, a few have not renewed last year yet.
        behind = today <= self.grace_end(y - 1) and first <= y - 1 and rr.random() < 0.3
        owed = y - 1 if behind else y
        self.renew_years(file, endorsement, coordinator, range(first, owed))
        if kind == "inactive":
            return self.step_back(file, endorsement)
        # Logged RS/C names no provider endorsement: RS/C categories renew with staff's help.
        submittable = today >= self.window(owed) and not self.owes_rsc(file)
        draw = rr.random()
        if submittable and draw < 0.25:
            # Submitted, waiting in the coordinator's queue, the fee to be paid online.
            self.log_year(file, owed)
            on = self.rday(max(self.window(owed), today - timedelta(days=40)), today)
            self.renewal(file, endorsement, owed, on, accepted=None)
            return self.owed_standing(owed)
        if submittable and draw < 0.45 and not behind:
            # Already accepted: renewed through this year, the next deadline a year away.
            self.renew_years(file, endorsement, coordinator, range(owed, owed + 1))
            return self.owed_standing(owed + 1)
        self.log_year(file, owed, partly=True)
        return self.owed_standing(owed)

    def owes_rsc(self, file: _File) -> bool:
        abbr = ENGINE_CATEGORIES[file.application.category].abbr
        return abbr in self.policy.rsc.categories

    def rday(self, low: date, high: date) -> date:
        """As `day`, drawn from the renewal histories' own generator (so adding them leaves
        the rest of the population as it was)."""
        return low + timedelta(days=int(self.rr.random() * (max((high - low).days, 0) + 1)))

    def rmoment(self, day: date) -> datetime:
        seconds = 25200 + int(self.rr.random() * 57600)
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)

    def pick_history(self) -> str:
        draw, total = self.rr.random(), 0.0
        for kind, share in HISTORIES:
            total += share
            if draw < total:
                return kind
        return HISTORIES[0][0]

    def renew_years(self, file: _File, endorsement: Row, coordinator: int, years: range) -> None:
        """Each year renewed: the last `FULL_YEARS` before this one in full, as the renewal app
        writes them; older renewals carried over as the date only."""
        rr, today = self.rr, self.today
        for year in years:
            endorsement.renewed_through = date(year, 12, 31)
            if year < today.year - FULL_YEARS:
                continue
            self.log_year(file, year)
            on_time = self.rday(max(self.window(year), endorsement.issued_on), date(year, 12, 31))
            on = on_time
            if rr.random() < 0.1:  # late, in the grace, with the late fee
                late = self.rday(date(year + 1, 1, 1), self.grace_end(year))
                on = late if late < today else on_time
            on = min(on, today)
            self.renewal(file, endorsement, year, on, accepted=coordinator)

    def log_year(self, file: _File, year: int, *, partly: bool = False) -> None:
        """Hours of `year` logged as they happened: training enough for a year (a DEI part
        among it) and, for an RS/C category, RS/C received; partly, those up to today only
        (and fewer of them)."""
        rr, today, person = self.rr, self.today, file.person
        end = min(date(year, 12, 31), today)
        start = date(year, 1, 1)
        if end < start:
            return
        count = rr.randint(1, 3) if partly else len(RENEWAL_TRAININGS) - rr.randint(0, 1)
        hours = 4 if partly else 16 // count + 1
        entries = [(title, dei, "training") for title, dei in RENEWAL_TRAININGS[:count]]
        if self.owes_rsc(file):
            entries += [("Reflective supervision", False, "rsc")] * (2 if partly else 3)
        for title, dei, kind in entries:
            on = self.rday(start, end)
            entry = self[LoggedHours].row(
                person_id=person.id,
                kind=kind,
                on=on,
                hours=Decimal(4 if kind == "rsc" else hours),
                topic=title,
                dei=dei,
                provider_name="Pat Provider" if kind == "rsc" else "",
                provider_approved=kind == "rsc",
                created_at=self.rmoment(on),
            )
            self.renewal_event(
                RenewalEventKind.HOURS_LOGGED,
                person.id,
                on,
                actor=person.id,
                entry=entry.id,
                kind=kind,
                hours=str(entry.hours),
            )

    def renewal(
        self, file: _File, endorsement: Row, year: int, on: date, *, accepted: int | None
    ) -> None:
        """The renewal of `year` submitted on `on`: accepted a week later (at most today) by
        `accepted` with the fee paid online, or waiting (the fee to be paid online later)."""
        person, policy = file.person, self.policy
        late = on > date(year, 12, 31)
        amount = (policy.fee.amount or Decimal(0)) + (policy.fee.late_fee if late else 0)
        decided = min(on + timedelta(days=self.rr.randint(1, 10)), self.today)
        submitted_at = self.rmoment(on)
        renewal = self[Renewal].row(
            person_id=person.id,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            state=RenewalState.ACCEPTED if accepted else RenewalState.SUBMITTED,
            attested_at=submitted_at,
            attested_name=person.name,
            no_sanction=True,
            membership_kind="individual",
            membership_id=file.membership.member_id if file.membership else "",
            membership_expires_on=date(year + 1, 12, 31),
            fee_status=FeeStatus.PAID_ONLINE if accepted else FeeStatus.ONLINE_LATER,
            fee_marked_by_id=accepted,
            fee_note="",
            fee_paid_on=decided if accepted else None,
            fee_paid_amount=amount if accepted else None,
            submitted_at=submitted_at,
            decided_at=self.rmoment(decided) if accepted else None,
            decided_by_id=accepted,
        )
        self[Renewal.endorsements.through].row(renewal_id=renewal.id, endorsement_id=endorsement.id)
        numbers = [endorsement.number]
        self.renewal_event(
            RenewalEventKind.SUBMITTED,
            person.id,
            on,
            actor=person.id,
            renewal=renewal.id,
            endorsements=numbers,
            overall=["renewable"],
            late=late,
            fee_status=FeeStatus.ONLINE_LATER,
        )
        if not accepted:
            return
        self.renewal_event(
            RenewalEventKind.PAYMENT_RECORDED,
            person.id,
            decided,
            actor=accepted,
            renewal=renewal.id,
            amount=str(amount),
            late_fee=str(policy.fee.late_fee if late else Decimal(0)),
            method=FeeStatus.PAID_ONLINE,
            note="",
        )
        self.renewal_event(
            RenewalEventKind.ACCEPTED,
            person.id,
            decided,
            actor=accepted,
            renewal=renewal.id,
            endorsements=numbers,
            renewed_through=date(year, 12, 31).isoformat(),
            pending_decided=[],
        )

    def lapse(self, file: _File, endorsement: Row, lapsed_on: date) -> None:
        """What the worker's lapse job writes on the lapse day: the event and the email."""
        self[RenewalEvent].row(
            kind=RenewalEventKind.LAPSED,
            person_id=file.person.id,
            actor_id=None,
            renewal_id=None,
            endorsement_id=endorsement.id,
            on=lapsed_on,
            data={},
            at=self.rmoment(lapsed_on),
        )
        moment = self.rmoment(lapsed_on)
        deadline = lapsed_on - timedelta(days=1 + self.policy.grace_days)
        self[OutboxMessage].row(
            idempotency_key=f"endorsement-lapsed:{endorsement.id}:{lapsed_on}",
            recipient=file.person.email,
            template="renewals/email/lapsed",
            context={
                "name": endorsement.name,
                "association": self.association.name,
                "number": endorsement.number,
                "category": endorsement.category,
                "deadline": f"{deadline:%-d %B %Y}",
                "lapsed_on": f"{lapsed_on:%-d %B %Y}",
                "inactive_since": "",
                "verify": absolute_url("registry:verify", number=endorsement.number),
            },
            status=MessageStatus.SENT,
            attempts=1,
            last_error="",
            created_at=moment,
            next_attempt_at=moment,
            sent_at=moment,
            application_id=None,
        )

    def step_back(self, file: _File, endorsement: Row) -> str:
        """Inactive status from a day this year (after the issue), asked by the holder."""
        today = self.today
        start = self.rday(max(endorsement.issued_on, date(today.year, 1, 1)), today)
        reason = self.rr.choice(InactiveReason.values)
        self[InactivePeriod].row(
            endorsement_id=endorsement.id,
            start_on=start,
            reason=reason,
            reactivated_on=None,
            created_at=self.rmoment(start),
        )
        self.renewal_event(
            RenewalEventKind.INACTIVE,
            file.person.id,
            start,
            actor=file.person.id,
            endorsements=[endorsement.number],
            reason=reason,
        )
        return "inactive"

    def renewal_event(
        self,
        event: str,
        person: int,
        on: date,
        *,
        actor: int | None,
        renewal: int | None = None,
        **data: Any,
    ) -> None:
        self[RenewalEvent].row(
            kind=event,
            person_id=person,
            actor_id=actor,
            renewal_id=renewal,
            endorsement_id=None,
            on=on,
            data=data,
            at=self.rmoment(on),
        )

    def submission(self, file: _File, number: int, on: date) -> None:
        """The frozen portfolio and verdict, as `application_submit` stores them."""
        portfolio = portfolio_from_rows(
            file.application,
            file.person,
            membership=file.membership,
            signature=file.signature,
            rows=file.entries,
        )
        self[Submission].row(
            application_id=file.application.id,
            number=number,
            submitted_at=self.moment(on),
            portfolio=portfolio_to_data(portfolio),
            verdict=evaluate(portfolio, today=on).to_data(),
            documents=[],
        )


def populate(
    *,
    applicants: int,
    seed: int = 1,
    associations: int = len(ASSOCIATIONS),
    progress: Callable[[str], None] | None = None,
) -> Population:
    """Add `applicants` generated applicants (and their applications), shared among the first
    `associations` of `ASSOCIATIONS` by their weights, each in its association's scope."""
    if not 1 <= associations <= len(ASSOCIATIONS):
        raise ValueError(f"associations: from 1 to {len(ASSOCIATIONS)}, got {associations}")
    started = time.perf_counter()
    population = Population()
    demo.demo_create()
    password = make_password(demo.DEMO_PASSWORD)
    rnd = random.Random(seed)
    members = []
    for member, count in zip(ASSOCIATIONS, shares(applicants, associations), strict=False):
        with transaction.atomic():
            association = _association(member)
            with scope(association=association):
                members.append((association, count, _staff(password, rnd, member)))
    generator = _Generator(seed, password, current_questions())
    done = 0
    for association, count, staff in members:
        generator.staff, generator.association = staff, association
        with scope(association=association):
            for start in range(0, count, BATCH):
                size = min(BATCH, count - start)
                with transaction.atomic():
                    generator.batch(generator[User].next_id, size, population)
                population.applicants += size
                done += size
        if progress and count:
            progress(
                f"{done} applicants, {association.short_name} {count} "
                f"({time.perf_counter() - started:.0f} s)"
            )
    with transaction.atomic():
        for prefix, last in generator.last_numbers.items():
            NumberSequence.objects.update_or_create(prefix=prefix, defaults={"last": last})
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
                cursor.execute(statement)
    population.seconds = time.perf_counter() - started
    return population


def _association(member: Member) -> Association:
    """The association of `member`, made on first use (the default one exists already)."""
    if member.slug == settings.ENDORSE_DEFAULT_ASSOCIATION:
        return default_association()
    association, _ = Association.objects.get_or_create(
        slug=member.slug,
        defaults={
            "name": member.name,
            "short_name": member.short_name,
            "number_prefix": member.prefix,
        },
    )
    return association


def _staff(password: str, rnd: random.Random, member: Member) -> _Staff:
    """The association's coordinators (two in a large one), reviewers (twenty in the largest,
    fewer by size, at least two) and exam reviewers (six in the largest, at least two, so two
    can mark), all with the demo second factor, and four exam sittings a year; in the default
    association the demo staff count among them."""
    largest = ASSOCIATIONS[0].weight
    domain = (
        "staff.example.org"
        if member.slug == settings.ENDORSE_DEFAULT_ASSOCIATION
        else f"{member.slug}.staff.example.org"
    )
    for role, count, label in (
        (Role.COORDINATOR, 2 if member.weight >= LARGE else 1, "coordinator"),
        (Role.REVIEWER, max(2, round(20 * member.weight / largest)), "reviewer"),
        (Role.EXAM_REVIEWER, max(2, round(6 * member.weight / largest)), "examiner"),
    ):
        for i in range(StaffRole.objects.filter(role=role).count(), count):
            email = f"{label}{i + 1}@{domain}"
            person = User.objects.create(
                email=email, name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", password=password
            )
            EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
            StaffRole.objects.create(person=person, role=role)
            TOTP.activate(person, demo.DEMO_TOTP_SECRET)
    today = timezone.localdate()
    places = SITTING_PLACES if domain == "staff.example.org" else ("Online", member.name)
    if not ExamSitting.objects.exists():
        ExamSitting.objects.bulk_create(
            ExamSitting(held_on=date(year, month, 15), place=rnd.choice(places))
            for year in range(today.year - 13, today.year + 1)
            for month in (2, 5, 8, 11)
            if date(year, month, 15) < today
        )

    def people(role: str) -> list[int]:
        return list(StaffRole.objects.filter(role=role).values_list("person", flat=True))

    return _Staff(
        coordinators=people(Role.COORDINATOR),
        reviewers=people(Role.REVIEWER),
        examiners=people(Role.EXAM_REVIEWER),
        sittings=list(ExamSitting.objects.order_by("held_on").values_list("pk", "held_on")),
    )
