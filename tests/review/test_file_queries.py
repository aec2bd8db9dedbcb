"""The staff file of an application costs a fixed number of queries, whatever the file's size
and whether or not it has an exam candidacy (the smallest and the largest endorsed file of a
generated population), and what it reads together shows as it did read apart."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.enums import Status
from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.devtools.bench_pages import _client
from endorse.devtools.population import populate
from endorse.exams import domain as exams

from ..conftest import sign_in


def test_a_small_and_a_large_endorsed_file_cost_the_same_queries(settings, db):
    settings.DEBUG = True  # the demo people are for local instances only
    populate(applicants=40, seed=5, associations=1)
    endorsed = (
        Application.objects.filter(status=Status.ENDORSED)
        .annotate(size=Count("trainings", distinct=True) + Count("events", distinct=True))
        .order_by("size", "pk")
    )
    small, large = endorsed.first(), endorsed.last()
    coordinator = User.objects.filter(
        is_superuser=True, pk__in=StaffRole.objects.filter(role="coordinator").values("person")
    ).first()
    client = _client(coordinator, second_factor=True)
    client.get(f"/staff/applications/{small.pk}/")  # the session and the roles, once

    counted = []
    for application in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/staff/applications/{application.pk}/").status_code == 200
        counted.append(len(queries))

    assert small.size < large.size
    # Session, user, roles; the application with its endorsement and the applicant's residency
    # exception, its 11 sections (the raters with their ratings) and memberships; submissions,
    # review rounds, withdrawn raters and their ratings, decisions, letters, exam candidacies
    # with their marks, the endorsement's inactive periods, events; the conversation; unread
    # messages (the reviewers to choose from only for a submitted file).
    assert counted == [25, 25]


def _exam_line(client, application) -> str:
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    return re.search(r"<h3>Exam</h3>\s*<ul class=\"usa-list\">(.*?)</ul>", page, re.S).group(1)


def test_the_file_shows_part_2_from_its_marks_read_with_the_candidacy(
    client, approved, coordinator, exam_reviewers
):
    """The marks come in the candidacy's query: none or two that disagree leave Part 2 not
    scored, a third decides it."""
    sitting = exams.sitting_create(
        held_on=timezone.localdate() + timedelta(days=30), place="Lansing", actor=coordinator
    )
    candidate = exams.candidate_register(application=approved, sitting=sitting, actor=coordinator)
    first, second, third = exam_reviewers
    sign_in(client, coordinator)

    unmarked = _exam_line(client, approved)
    exams.part2_mark(candidate=candidate, passed=True, feedback="", actor=first)
    exams.part2_mark(candidate=candidate, passed=False, feedback="", actor=second)
    disagreeing = _exam_line(client, approved)
    exams.part2_mark(candidate=candidate, passed=False, feedback="", actor=third)
    decided = _exam_line(client, approved)

    assert "Part 2 not scored yet" in unmarked
    assert "Part 2 not scored yet" in disagreeing
    assert "Part 2 not passed" in decided
