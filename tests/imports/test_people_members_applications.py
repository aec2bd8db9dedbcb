"""Importing people, memberships and applications in progress: problems by row and column,
unclaimed accounts, matching so that re-running changes nothing, nobody emailed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core import mail

from endorse.accounts.models import Membership, User
from endorse.applications.models import Application
from endorse.imports.columns import Kind
from endorse.imports.domain import RowProblem, import_apply, import_check
from endorse.notifications.models import OutboxMessage

from ..conftest import make_person
from .helpers import TODAY, table

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_people_check_names_every_bad_row(association):
    rows = table(
        Kind.PEOPLE,
        "name,email,phone,residence",
        ",ada@,,Michigan",
        "Ada,ada@example.org,,mi",
        "Ada again,ADA@example.org,,",
    )

    report = import_check(kind=Kind.PEOPLE, table=rows, association=association, today=TODAY)

    assert report.problems == [
        RowProblem(2, "name", "", "required"),
        RowProblem(2, "email", "ada@", "not an email address"),
        RowProblem(
            2,
            "residence",
            "Michigan",
            "not a region code; a state's two letters (MI) or a country's three (CAN)",
        ),
        RowProblem(4, "email", "ADA@example.org", "the same email as row 3"),
    ]


def test_people_apply_makes_unclaimed_accounts_and_fills_only_what_a_held_one_lacks(
    association,
):
    held = make_person("grace@example.org", "Grace Hopper", phone="")
    rows = table(
        Kind.PEOPLE,
        "name,email,phone,residence",
        "Ada Lovelace,Ada@Example.org,517-555-0101,mi",
        "G. Hopper,grace@example.org,313-555-0100,OH",
    )

    report = import_apply(
        kind=Kind.PEOPLE, table=rows, association=association, actor=None, today=TODAY
    )

    assert report.summary() == (
        "people: 2 rows: 1 created, 1 updated, 0 unchanged; 1 unclaimed accounts made"
    )
    ada = User.objects.get(email="ada@example.org")
    assert (ada.name, ada.phone, ada.residence, ada.has_usable_password()) == (
        "Ada Lovelace",
        "517-555-0101",
        "MI",
        False,
    )
    held.refresh_from_db()
    assert (held.name, held.phone, held.residence, held.has_usable_password()) == (
        "Grace Hopper",
        "313-555-0100",
        "OH",
        True,
    )
    again = import_apply(
        kind=Kind.PEOPLE, table=rows, association=association, actor=None, today=TODAY
    )
    assert again.summary() == "people: 2 rows: 0 created, 0 updated, 2 unchanged"
    assert (OutboxMessage.objects.count(), len(mail.outbox)) == (0, 0)


def test_members_check_names_every_bad_row(association):
    make_person("ada@example.org")
    rows = table(
        Kind.MEMBERS,
        "email,association,member_id,kind,expires_on",
        "nobody@example.org,MI-AIMH,1,,",
        "ada@example.org,,1,family,2026-02-30",
        "ada@example.org,MI-AIMH,1,,",
        "ADA@example.org,mi-aimh,1,,2027-01-01",
    )

    report = import_check(kind=Kind.MEMBERS, table=rows, association=association, today=TODAY)

    assert report.problems == [
        RowProblem(
            2,
            "email",
            "nobody@example.org",
            "no account has this email; import the people file first",
        ),
        RowProblem(3, "association", "", "required"),
        RowProblem(3, "kind", "family", "expected individual or organizational"),
        RowProblem(3, "expires_on", "2026-02-30", "expected a date as YYYY-MM-DD"),
        RowProblem(5, "member_id", "1", "the same person, association and member number as row 4"),
    ]


def test_members_apply_records_memberships_and_matches_them_again(association):
    ada = make_person("ada@example.org")
    rows = table(
        Kind.MEMBERS,
        "email,association,member_id,kind,expires_on",
        "ada@example.org,MI-AIMH,M-1,,2026-12-31",
        "ada@example.org,OAIMH,O-7,organizational,",
    )
    import_apply(kind=Kind.MEMBERS, table=rows, association=association, actor=None, today=TODAY)
    changed = table(
        Kind.MEMBERS,
        "email,association,member_id,kind,expires_on",
        "ada@example.org,MI-AIMH,M-1,,2027-12-31",
        "ada@example.org,OAIMH,O-7,organizational,",
    )

    report = import_apply(
        kind=Kind.MEMBERS, table=changed, association=association, actor=None, today=TODAY
    )

    assert report.summary() == "members: 2 rows: 0 created, 1 updated, 1 unchanged"
    assert sorted(
        (m.association, m.member_id, m.kind, m.expires_on) for m in Membership.objects.all()
    ) == [
        ("MI-AIMH", "M-1", "individual", date(2027, 12, 31)),
        ("OAIMH", "O-7", "organizational", None),
    ]
    assert {m.person for m in Membership.objects.all()} == {ada}


def portfolios(name: str) -> bytes | None:
    found = EXAMPLES / name
    return found.read_bytes() if found.is_file() else None


def test_applications_check_names_a_missing_or_bad_portfolio_and_a_second_of_a_category(
    association,
):
    rows = table(
        Kind.APPLICATIONS,
        "email,name,portfolio",
        "kay@example.org,Kay,nothing-here.json",
        "kay@example.org,Kay,invalid/bad-input.json",
        "kay@example.org,Kay,family-specialist-in-progress.json",
        "KAY@example.org,Kay,family-specialist-complete.json",
    )

    report = import_check(
        kind=Kind.APPLICATIONS,
        table=rows,
        association=association,
        today=TODAY,
        portfolios=portfolios,
    )

    assert sorted({(p.row, p.column) for p in report.problems}) == [
        (2, "portfolio"),
        (3, "portfolio"),
        (5, "portfolio"),
    ]
    assert report.problems[0] == RowProblem(
        2, "portfolio", "nothing-here.json", "no such file beside the import file"
    )
    assert report.problems[-1] == RowProblem(
        5,
        "portfolio",
        "family-specialist-complete.json",
        "row 4 imports this applicant's family-specialist application",
    )


def test_applications_apply_imports_each_once_and_emails_nobody(association):
    rows = table(
        Kind.APPLICATIONS,
        "email,name,portfolio",
        "kay@example.org,Kay Johnson,family-specialist-in-progress.json",
    )

    report = import_apply(
        kind=Kind.APPLICATIONS,
        table=rows,
        association=association,
        actor=None,
        today=TODAY,
        portfolios=portfolios,
    )
    again = import_apply(
        kind=Kind.APPLICATIONS,
        table=rows,
        association=association,
        actor=None,
        today=TODAY,
        portfolios=portfolios,
    )

    assert report.summary() == (
        "applications: 1 rows: 1 created, 0 updated, 0 unchanged; 1 unclaimed accounts made"
    )
    assert again.summary() == "applications: 1 rows: 0 created, 0 updated, 1 unchanged"
    application = Application.objects.get()
    assert (application.applicant.email, application.applicant.name, application.category) == (
        "kay@example.org",
        "Kay Johnson",
        "family-specialist",
    )
    assert (OutboxMessage.objects.count(), len(mail.outbox)) == (0, 0)


def test_applications_check_refuses_an_applicant_who_is_their_own_rater(association):
    rows = table(
        Kind.APPLICATIONS,
        "email,name,portfolio",
        "elena.marsh@example.org,Elena Marsh,family-specialist-in-progress.json",
    )

    report = import_check(
        kind=Kind.APPLICATIONS,
        table=rows,
        association=association,
        today=TODAY,
        portfolios=portfolios,
    )

    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (2, "email", "elena.marsh@example.org")
    ]
    assert report.problems[0].problem.endswith("has this email; a rater must be someone else")


def test_applications_apply_writes_nothing_when_the_import_refuses_a_row(association):
    # Two raters with one email: a rule the application import itself checks, after the first
    # row's application and the accounts are written; all of it is rolled back.
    shared = json.loads((EXAMPLES / "family-specialist-in-progress.json").read_text())
    shared["references"][1]["email"] = shared["references"][0]["email"]
    files = {
        "good.json": (EXAMPLES / "mentor-clinical-in-progress.json").read_bytes(),
        "shared.json": json.dumps(shared).encode(),
    }
    rows = table(
        Kind.APPLICATIONS,
        "email,name,portfolio",
        "kay@example.org,Kay Johnson,good.json",
        "lee@example.org,Lee Ames,shared.json",
    )

    report = import_apply(
        kind=Kind.APPLICATIONS,
        table=rows,
        association=association,
        actor=None,
        today=TODAY,
        portfolios=files.get,
    )

    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (3, "portfolio", "shared.json")
    ]
    assert (report.applied, Application.objects.count(), User.objects.count()) == (False, 0, 0)
