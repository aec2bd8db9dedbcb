"""The staff file of an application costs a fixed number of queries, whatever the file's size
and whether or not it has an exam candidacy (the smallest and the largest endorsed file of a
generated population)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from endorse.accounts.models import User
from endorse.applications.enums import Status
from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.devtools.bench_pages import _client
from endorse.devtools.population import populate


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
    # Session, user, roles; the application with its endorsement, its 11 sections (the raters
    # with their ratings) and memberships; submissions, review rounds, withdrawn raters and
    # their ratings, decisions, letters, exam candidacies and marks, the endorsement's inactive
    # periods, events; the conversation, the residency exception; unread messages (the
    # reviewers to choose from only for a submitted file).
    assert counted == [27, 27]
