"""What makes a stale workspace impossible to forget: every row the stored part of the workspace
shows raises its application's `evidence_version` through a trigger the database holds
(`applications` migration 0018), and a new relation fails here until someone decides.

A model related to an application (or to one of its raters) is either on a table with the
triggers installed, or named below as not shown in the stored part, with the reason. The tables
the part actually reads when it is rendered are checked the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications import domain as applications
from endorse.applications.models import Application, Rater, Training
from endorse.applications.queries import applications_with_evidence
from endorse.conversations import domain as conversations
from endorse.workspace import cache

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

NOT_SHOWN = {
    "applications.Submission": "frozen copies of what was submitted (history, staff file)",
    "notifications.OutboxMessage": "the undelivered-email warning is read for every request, "
    "outside the stored part",
    "review.ReviewAssignment": "staff only",
    "review.Decision": "the applicant reads a decision as the application's status, reason and "
    "reopened sections (its own row, in the key) and as letters (another page)",
    "exams.ExamCandidate": "the next-step box is read for every request, outside the stored part",
}
# Tables the part reads that need no trigger of their own.
READ_UNTRIGGERED = {
    "applications_application": "its own row: every column is in the key",
}


def triggered_tables() -> set[str]:
    """The tables that hold a trigger raising `evidence_version`, as the database says."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers"
                " WHERE trigger_name LIKE 'evidence_version_%%'"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master"
                " WHERE type = 'trigger' AND name LIKE 'evidence_version_%'"
            )
        return {table for (table,) in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize("owner", [Application, Rater], ids=lambda m: m.__name__)
def test_every_model_related_to_an_application_raises_its_version_or_is_not_shown(owner):
    installed = triggered_tables()
    undecided = [
        relation.related_model._meta.label
        for relation in owner._meta.related_objects
        if relation.related_model._meta.db_table not in installed
        and relation.related_model._meta.label not in NOT_SHOWN
    ]
    assert undecided == []


@pytest.mark.django_db
def test_the_applicants_memberships_name_and_email_raise_the_version():
    """Of the applicant, the part shows their memberships (the membership section, the
    engine's) and their name and email (the engine's applicant)."""
    installed = triggered_tables()
    memberships = User._meta.get_field("memberships").related_model._meta.db_table
    assert {memberships, User._meta.db_table} <= installed


@pytest.mark.django_db
def test_every_table_the_stored_part_reads_raises_the_version(
    applicant, coordinator, ask, application
):
    """The part rendered for an application with a rater, a signature, a membership and a
    conversation: each table its queries name holds the triggers."""
    ask()
    applications.ethics_sign(
        application=application, signed_name="Ada Applicant", version="2024", actor=applicant
    )
    conversations.thread_start(
        application=application,
        kind="request",
        section="references",
        subject="Your rater",
        body="Who is she?",
        actor=coordinator,
    )
    request = RequestFactory().get(f"/applications/{application.pk}/")
    request.user = applicant
    with CaptureQueriesContext(connection) as captured:
        loaded = applications_with_evidence().get(pk=application.pk)
        cache.render_part(request, loaded, now=timezone.now())
    read = {
        table
        for query in captured.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    assert read - triggered_tables() - set(READ_UNTRIGGERED) == set()
    assert {"applications_rater", "conversations_message", "accounts_membership"} <= read


@pytest.mark.django_db
def test_every_write_path_raises_the_version(applicant, application):
    """Ways a row changes that no domain function sees: a bulk create, raw SQL, a delete."""
    versions = [Application.objects.get(pk=application.pk).evidence_version]
    Training.objects.bulk_create(
        [Training(application=application, title="Bulk", start_on=timezone.localdate(), hours=1)]
    )
    versions.append(Application.objects.get(pk=application.pk).evidence_version)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_training SET title = 'Raw' WHERE application_id = %s",
            [application.pk],
        )
    versions.append(Application.objects.get(pk=application.pk).evidence_version)
    Training.objects.filter(application=application).delete()
    versions.append(Application.objects.get(pk=application.pk).evidence_version)
    assert versions == sorted(set(versions))
    assert len(versions) == 4
