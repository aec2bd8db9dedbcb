"""The import templates: one per kind of record, each a list of columns (name, whether it is
required, its format, what it holds). docs/import.md describes the same columns in its tables;
`tests/imports/test_reader.py` keeps the two in step."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    PEOPLE = "people"
    ENDORSEMENTS = "endorsements"
    MEMBERS = "members"
    APPLICATIONS = "applications"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    format: str
    description: str


# Formats, as docs/import.md names them.
TEXT = "text"
EMAIL = "email"
DATE = "date"  # YYYY-MM-DD (a date cell in a spreadsheet is read as its date)
YES_NO = "yes/no"
CATEGORY = "category"
REGION = "region"
STANDING = "standing"
MEMBERSHIP_KIND = "membership kind"
FILE = "file"

TEMPLATES: dict[Kind, tuple[Column, ...]] = {
    Kind.PEOPLE: (
        Column("name", True, TEXT, "The person's full name, as it is to appear on letters."),
        Column(
            "email",
            True,
            EMAIL,
            "Their email address: it identifies the person (an account with it is matched, "
            "otherwise an unclaimed account is made). Once per file.",
        ),
        Column("phone", False, TEXT, "A phone number, as written."),
        Column(
            "residence",
            False,
            REGION,
            "The state (two letters, MI) or country (three letters, CAN) they live in.",
        ),
    ),
    Kind.ENDORSEMENTS: (
        Column("holder", True, TEXT, "The name as endorsed (printed on the certificate)."),
        Column(
            "email",
            False,
            EMAIL,
            "The holder's email: the endorsement is linked to the account with it (an unclaimed "
            "account is made when there is none). Empty: the endorsement has no account.",
        ),
        Column(
            "category",
            True,
            CATEGORY,
            "The category: its abbreviation (IFS), its identifier (family-specialist) or its "
            "title (Infant Family Specialist). The level follows from it.",
        ),
        Column(
            "number",
            True,
            TEXT,
            "The endorsement number, kept as it is. Once per file, and not another "
            "association's. New numbers continue above the highest imported.",
        ),
        Column("issued_on", True, DATE, "The day it was issued; not after today."),
        Column(
            "renewed_through",
            False,
            DATE,
            "The deadline of the last accepted renewal (31 December of a year, not before "
            "issued_on); empty when it was never renewed.",
        ),
        Column(
            "revoked_on",
            False,
            DATE,
            "The day it was revoked (not before issued_on); empty when it was not.",
        ),
        Column(
            "standing",
            False,
            STANDING,
            "Its standing in the old records: Active, Renewal due, Overdue, Inactive, Lapsed or "
            "Revoked. Not stored (the standing is computed from the dates): when given, it must "
            "be the standing the dates give today, or the row is reported.",
        ),
        Column(
            "listed",
            False,
            YES_NO,
            "Listed in the public registry: yes or no (empty: no).",
        ),
    ),
    Kind.MEMBERS: (
        Column(
            "email",
            True,
            EMAIL,
            "The member's email: an account with it must exist (import the people file first).",
        ),
        Column(
            "association",
            True,
            TEXT,
            "The association the membership is held with, as it is written (MI-AIMH).",
        ),
        Column("member_id", False, TEXT, "The member number with that association."),
        Column(
            "kind",
            False,
            MEMBERSHIP_KIND,
            "individual or organizational (empty: individual).",
        ),
        Column(
            "expires_on",
            False,
            DATE,
            "The day the membership expires; empty when it does not expire.",
        ),
    ),
    Kind.APPLICATIONS: (
        Column(
            "email",
            True,
            EMAIL,
            "The applicant's email: the account with it, or a new unclaimed one.",
        ),
        Column("name", False, TEXT, "The applicant's name, for a new account."),
        Column(
            "portfolio",
            True,
            FILE,
            "The file name of the application's portfolio (the imh-portfolio/1 JSON format), "
            "beside the import file. The application is imported as staff import verified "
            "records. Once per applicant and category.",
        ),
    ),
}
