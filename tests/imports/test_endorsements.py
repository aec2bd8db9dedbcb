"""Importing endorsements on record: every problem named by row and column, all or nothing,
re-running changes nothing, numbers continue above the highest imported."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django_scopes import scope

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.imports.columns import Kind
from endorse.imports.domain import RowProblem, import_apply, import_check, report_csv
from endorse.notifications.models import OutboxMessage
from endorse.registry.domain import endorsement_issue, next_number
from endorse.registry.models import Endorsement

from ..conftest import make_association, make_person
from .helpers import TODAY, table

pytestmark = pytest.mark.django_db

HEADER = "holder,email,category,number,issued_on,renewed_through,revoked_on,standing,listed"
GOOD = (
    HEADER,
    "Ada Lovelace,ada@example.org,IFS,MI-IFS-00120,2019-05-01,2025-12-31,,Active,yes",
    "Grace Hopper,grace@example.org,Infant Mental Health Specialist,MI-IMHS-00007,2018-02-03,,,,no",
    "Ada Lovelace,ada@example.org,mentor-clinical,OLD-17,2021-09-09,2025-12-31,,,",
    "Joan Clarke,,IFA,MI-IFA-00009,2015-01-01,2020-12-31,2021-03-04,Revoked,no",
)


def test_import_check_names_every_problem_by_row_column_and_value(association):
    make_association("oh")
    with scope(association=make_association("in")):
        Endorsement.objects.create(
            number="IN-IFS-00001", name="X", level="II", category="IFS", issued_on=TODAY
        )
    rows = table(
        Kind.ENDORSEMENTS,
        HEADER,
        ",ada@example,IFX,,2019-13-01,,,,maybe",
        "Ada,ada@example.org,IFS,A-1,2027-01-01,,,,",
        "Ada,ada@example.org,IFS,A-2,2019-01-01,2018-12-31,,,",
        "Bea,ada@example.org,IFS,A-1,2019-01-01,2020-06-30,2018-01-01,,",
        "Cy,,IFS,IN-IFS-00001,2019-01-01,,,Lapsed,",
        "Di,,IFS,A-3,2019-01-01,2025-12-31,,Revoked,",
    )

    report = import_check(kind=Kind.ENDORSEMENTS, table=rows, association=association, today=TODAY)

    assert report.problems == [
        RowProblem(2, "holder", "", "required"),
        RowProblem(2, "email", "ada@example", "not an email address"),
        RowProblem(
            2,
            "category",
            "IFX",
            "unknown category; use its abbreviation (IFS), identifier or title",
        ),
        RowProblem(2, "number", "", "required"),
        RowProblem(2, "issued_on", "2019-13-01", "expected a date as YYYY-MM-DD"),
        RowProblem(2, "listed", "maybe", "expected yes or no"),
        RowProblem(3, "issued_on", "2027-01-01", "after today"),
        RowProblem(4, "renewed_through", "2018-12-31", "before issued_on (2019-01-01)"),
        RowProblem(5, "email", "ada@example.org", "row 3 gives this email to Ada, not Bea"),
        RowProblem(5, "number", "A-1", "the same number as row 3"),
        RowProblem(
            5, "renewed_through", "2020-06-30", "a renewal runs through 31 December of a year"
        ),
        RowProblem(5, "revoked_on", "2018-01-01", "before issued_on (2019-01-01)"),
        RowProblem(
            6, "number", "IN-IFS-00001", "another association's endorsement has this number"
        ),
        RowProblem(7, "standing", "Revoked", "the dates give Active today"),
    ]
    assert report.summary() == "endorsements: 6 rows, 14 problems; nothing written"


def test_import_apply_writes_nothing_when_one_row_has_a_problem(association):
    rows = table(Kind.ENDORSEMENTS, *GOOD, "Bad,,IFS,MI-IFS-00121,2019-02-30,,,,")

    report = import_apply(
        kind=Kind.ENDORSEMENTS, table=rows, association=association, actor=None, today=TODAY
    )

    assert report.problems == [
        RowProblem(6, "issued_on", "2019-02-30", "expected a date as YYYY-MM-DD")
    ]
    assert (report.applied, Endorsement.objects.count(), User.objects.count()) == (False, 0, 0)


def test_import_check_writes_nothing(association):
    report = import_check(
        kind=Kind.ENDORSEMENTS,
        table=table(Kind.ENDORSEMENTS, *GOOD),
        association=association,
        today=TODAY,
    )

    assert report.summary() == (
        "endorsements: 4 rows: 4 would be created, 0 would be updated, 0 unchanged; "
        "2 unclaimed accounts would be made (dry run: nothing written)"
    )
    assert (Endorsement.objects.count(), User.objects.count()) == (0, 0)


def test_import_apply_records_endorsements_with_their_numbers_and_unclaimed_holders(
    association, caplog, django_capture_on_commit_callbacks
):
    held = make_person("GRACE@example.org", "Grace B. Hopper")

    with (
        caplog.at_level(logging.INFO, logger="endorse.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = import_apply(
            kind=Kind.ENDORSEMENTS,
            table=table(Kind.ENDORSEMENTS, *GOOD),
            association=association,
            actor=None,
            today=TODAY,
        )

    assert report.summary() == (
        "endorsements: 4 rows: 4 created, 0 updated, 0 unchanged; 1 unclaimed accounts made"
    )
    got = [
        (
            e.number,
            e.name,
            e.level,
            e.category,
            e.person and e.person.email,
            e.issued_on.isoformat(),
            e.renewed_through and e.renewed_through.isoformat(),
            e.revoked_at is not None,
            e.listed,
        )
        for e in Endorsement.objects.order_by("number")
    ]
    assert got == [
        (
            "MI-IFA-00009",
            "Joan Clarke",
            "I",
            "Infant Family Associate",
            None,
            "2015-01-01",
            "2020-12-31",
            True,
            False,
        ),
        (
            "MI-IFS-00120",
            "Ada Lovelace",
            "II",
            "Infant Family Specialist",
            "ada@example.org",
            "2019-05-01",
            "2025-12-31",
            False,
            True,
        ),
        (
            "MI-IMHS-00007",
            "Grace Hopper",
            "III",
            "Infant Mental Health Specialist",
            "GRACE@example.org",
            "2018-02-03",
            None,
            False,
            False,
        ),
        (
            "OLD-17",
            "Ada Lovelace",
            "IV",
            "Infant Mental Health Mentor – Clinical",
            "ada@example.org",
            "2021-09-09",
            "2025-12-31",
            False,
            False,
        ),
    ]
    assert Endorsement.objects.get(number="MI-IMHS-00007").person == held
    ada = User.objects.get(email="ada@example.org")
    assert (ada.name, ada.has_usable_password(), ada.emailaddress_set.count()) == (
        "Ada Lovelace",
        False,
        0,
    )
    recorded = [r.getMessage() for r in caplog.records if "recorded in" in r.getMessage()]
    assert len(recorded) == 4


def test_import_apply_again_changes_nothing(association):
    rows = table(Kind.ENDORSEMENTS, *GOOD)
    import_apply(
        kind=Kind.ENDORSEMENTS, table=rows, association=association, actor=None, today=TODAY
    )
    before = list(Endorsement.objects.order_by("pk").values())

    again = import_apply(
        kind=Kind.ENDORSEMENTS, table=rows, association=association, actor=None, today=TODAY
    )

    assert again.summary() == "endorsements: 4 rows: 0 created, 0 updated, 4 unchanged"
    assert list(Endorsement.objects.order_by("pk").values()) == before
    assert User.objects.count() == 2


def test_import_apply_updates_a_matched_number_whose_row_changed(association):
    import_apply(
        kind=Kind.ENDORSEMENTS,
        table=table(Kind.ENDORSEMENTS, *GOOD),
        association=association,
        actor=None,
        today=TODAY,
    )
    changed = (*GOOD[:1], GOOD[1].replace("2025-12-31,,Active,yes", "2026-12-31,,Active,no"))

    report = import_apply(
        kind=Kind.ENDORSEMENTS,
        table=table(Kind.ENDORSEMENTS, *changed),
        association=association,
        actor=None,
        today=TODAY,
    )

    assert report.summary() == "endorsements: 1 rows: 0 created, 1 updated, 0 unchanged"
    ada = Endorsement.objects.get(number="MI-IFS-00120")
    assert (ada.renewed_through.isoformat(), ada.listed) == ("2026-12-31", False)


def test_numbers_issued_after_an_import_continue_above_the_highest_imported(association):
    association.number_prefix = "MI-"
    association.save()
    rows = table(
        Kind.ENDORSEMENTS,
        HEADER,
        "Ada,,IFS,MI-IFS-00120,2019-05-01,,,,",
        "Bea,,IFS,MI-IFS-00031,2019-05-01,,,,",
        "Cy,,IFA,MI-IFA-00009,2019-05-01,,,,",
        "Di,,IFS,LEGACY-900,2019-05-01,,,,",
    )

    import_apply(
        kind=Kind.ENDORSEMENTS, table=rows, association=association, actor=None, today=TODAY
    )

    assert [next_number("MI-IFS-"), next_number("MI-IFA-"), next_number("MI-IMHS-")] == [
        "MI-IFS-00121",
        "MI-IFA-00010",
        "MI-IMHS-00001",
    ]


def test_import_apply_emails_nobody(association):
    import_apply(
        kind=Kind.ENDORSEMENTS,
        table=table(Kind.ENDORSEMENTS, *GOOD),
        association=association,
        actor=None,
        today=TODAY,
    )

    assert (OutboxMessage.objects.count(), len(mail.outbox), Application.objects.count()) == (
        0,
        0,
        0,
    )


def test_report_csv_lists_the_problems_and_keeps_formulas_inert(association):
    rows = table(Kind.ENDORSEMENTS, HEADER, "=cmd(),,IFS,X-1,someday,,,,")

    report = import_check(kind=Kind.ENDORSEMENTS, table=rows, association=association, today=TODAY)

    assert report_csv(report).splitlines() == [
        "row,column,value,problem",
        "2,issued_on,someday,expected a date as YYYY-MM-DD",
    ]
    assert str(report.problems[0]) == "row 2, issued_on ('someday'): expected a date as YYYY-MM-DD"


def test_import_check_leaves_an_endorsement_issued_here_as_it_is(
    association, endorsable, coordinator
):
    issued = endorsement_issue(application=endorsable, actor=coordinator, notify=False)
    rows = table(
        Kind.ENDORSEMENTS,
        HEADER,
        f"Someone Else,,{issued.category},{issued.number},{issued.issued_on.isoformat()},,,,",
    )

    report = import_check(kind=Kind.ENDORSEMENTS, table=rows, association=association)

    assert report.problems == [
        RowProblem(
            2,
            "number",
            issued.number,
            "issued here from an application, and the row differs from it (name); change it on "
            "its page, not by import",
        )
    ]
