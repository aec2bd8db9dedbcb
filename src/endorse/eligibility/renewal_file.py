"""The renewal file (`imh-renewal/1`): one endorsement and one request (RULES-renewal.md 2).

As in `portfolio.py`, each dataclass carries a field table (`FIELDS`) from which the parser
(`renewal_parse.py`) and the JSON Schema (`renewal_schema.py`) are derived. Trainings, RS/C
entries, references and the membership are the portfolio's own classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .portfolio import Applicant, Field, Membership, Reference, Supervision, Training

RENEWAL_FORMAT = "imh-renewal/1"
KINDS = ("renewal", "reinstatement", "reactivation")


@dataclass(frozen=True, slots=True)
class InactivePeriod:
    """Days from `start_on` to the day before `reactivated_on` (open while that is null)."""

    start_on: date
    reactivated_on: date | None = None

    FIELDS = (
        Field("start_on", "date", required=True),
        Field(
            "reactivated_on",
            "date",
            nullable=True,
            description="The day the endorsement became active again; null while inactive.",
        ),
    )


@dataclass(frozen=True, slots=True)
class Endorsement:
    number: str
    category: str
    issued_on: date
    reinstated_on: date | None = None
    renewed_through: date | None = None
    revoked_on: date | None = None
    inactive: tuple[InactivePeriod, ...] = ()
    provides_rsc: bool = False

    FIELDS = (
        Field("number", "string", required=True),
        Field("category", "string", required=True, description="A category id."),
        Field("issued_on", "date", required=True),
        Field("reinstated_on", "date", nullable=True),
        Field(
            "renewed_through",
            "date",
            nullable=True,
            description="The deadline of the last accepted renewal: 31 December of a cycle year.",
        ),
        Field("revoked_on", "date", nullable=True),
        Field(
            "inactive",
            "list",
            item="InactivePeriod",
            description="Inactive periods; they must not share a day.",
        ),
        Field(
            "provides_rsc",
            "boolean",
            description="The holder provides RS/C to others; absent means false.",
        ),
    )


@dataclass(frozen=True, slots=True)
class Period:
    start_on: date
    end_on: date

    FIELDS = (Field("start_on", "date", required=True), Field("end_on", "date", required=True))


@dataclass(frozen=True, slots=True)
class RenewalEthics:
    signed_on: date
    version: str | None = None
    no_sanction: bool | None = None
    audit_consent: bool | None = None
    rsc_plan: bool | None = None

    FIELDS = (
        Field("signed_on", "date", required=True),
        Field("version", "string", nullable=True),
        Field(
            "no_sanction",
            "boolean",
            nullable=True,
            description="true: no licensing-board sanction; false: one is declared; null: no "
            "attestation.",
        ),
        Field("audit_consent", "boolean", nullable=True),
        Field(
            "rsc_plan",
            "boolean",
            nullable=True,
            description="Attestation reinstatement: a plan for RS/C is in place.",
        ),
    )


@dataclass(frozen=True, slots=True)
class Fee:
    amount: Decimal
    paid_on: date | None = None
    payment_id: str | None = None

    FIELDS = (
        Field("paid_on", "date", nullable=True, description="null: not paid."),
        Field("amount", "number", required=True, minimum=0),
        Field(
            "payment_id",
            "string",
            nullable=True,
            description="One payment may appear in several files.",
        ),
    )


@dataclass(frozen=True, slots=True)
class RenewalFile:
    endorsement: Endorsement
    format: str = RENEWAL_FORMAT
    kind: str = "renewal"
    as_of: date | None = None
    policy: str | None = None
    holder: Applicant | None = None
    period: Period | None = None
    trainings: tuple[Training, ...] = ()
    rsc: tuple[Supervision, ...] = ()
    references: tuple[Reference, ...] = ()
    ethics: RenewalEthics | None = None
    membership: Membership | None = None
    fee: Fee | None = None

    FIELDS = (
        Field("format", "string", required=True, const=RENEWAL_FORMAT),
        Field("kind", "enum", values=KINDS, description="Absent means renewal."),
        Field("as_of", "date", nullable=True, description="Submission date; today when absent."),
        Field(
            "policy",
            "string",
            nullable=True,
            description="Renewal policy; absent means annual.",
        ),
        Field("endorsement", "object", required=True, item="Endorsement"),
        Field("holder", "object", nullable=True, item="Applicant"),
        Field(
            "period",
            "object",
            nullable=True,
            item="Period",
            description="Renewal: the period owed; ignored in other kinds.",
        ),
        Field("trainings", "list", item="Training"),
        Field("rsc", "list", item="Supervision"),
        Field("references", "list", item="Reference", description="Read by reinstatement only."),
        Field("ethics", "object", nullable=True, item="RenewalEthics"),
        Field("membership", "object", nullable=True, item="Membership"),
        Field("fee", "object", nullable=True, item="Fee"),
    )


# The classes of this file that the portfolio does not have, for the parser and the schema.
RENEWAL_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (InactivePeriod, Endorsement, Period, RenewalEthics, Fee, RenewalFile)
}
