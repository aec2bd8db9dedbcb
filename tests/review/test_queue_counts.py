"""The queue's counts come from one grouped count by status and category; the total it shows
for a filter must be the number of applications that filter lists."""

from __future__ import annotations

import itertools

import pytest

from endorse.applications import domain as applications
from endorse.applications.enums import Category, Status
from endorse.applications.models import Application
from endorse.review.queries import QueueFilter, queue, queue_on_page

from ..conftest import make_person

MIX = [
    (Status.DRAFT, Category.MENTOR_CLINICAL),
    (Status.DRAFT, Category.FAMILY_SPECIALIST),
    (Status.SUBMITTED, Category.MENTOR_CLINICAL),
    (Status.SUBMITTED, Category.FAMILY_SPECIALIST),
    (Status.UNDER_REVIEW, Category.FAMILY_SPECIALIST),
    (Status.APPROVED_FOR_EXAM, Category.MENTOR_CLINICAL),
    (Status.ENDORSED, Category.FAMILY_SPECIALIST),
    (Status.WITHDRAWN, Category.MENTOR_CLINICAL),
]


@pytest.fixture
def mixed_queue(db):
    for i, (status, category) in enumerate(MIX):
        person = make_person(f"mix{i}@example.org", f"Mix {i:02d}")
        started = applications.application_start(applicant=person, category=category)
        Application.objects.filter(pk=started.pk).update(status=status)  # arranged, not walked


FILTERS = [
    QueueFilter(status=status, category=category, mine=mine, drafts=drafts)
    for status, category, mine, drafts in itertools.product(
        ["", Status.DRAFT, Status.SUBMITTED, Status.ENDORSED, "no-such-status"],
        ["", Category.MENTOR_CLINICAL, Category.FAMILY_SPECIALIST],
        [False, True],
        [False, True],
    )
]


@pytest.mark.parametrize("chosen", FILTERS, ids=str)
def test_the_queue_total_equals_what_the_filter_lists(mixed_queue, chosen):
    shown = queue_on_page(chosen, "")

    assert shown.page.count == queue(chosen).count()


def test_the_tabs_count_every_status_whatever_the_filter(mixed_queue):
    shown = queue_on_page(
        QueueFilter(status=Status.SUBMITTED, category=Category.MENTOR_CLINICAL), ""
    )

    assert shown.by_status == {
        **dict.fromkeys(Status.values, 0),
        Status.DRAFT: 2,
        Status.SUBMITTED: 2,
        Status.UNDER_REVIEW: 1,
        Status.APPROVED_FOR_EXAM: 1,
        Status.ENDORSED: 1,
        Status.WITHDRAWN: 1,
    }


def test_a_searched_queue_counts_what_the_search_finds(mixed_queue):
    shown = queue_on_page(QueueFilter(q="Mix 03", drafts=True), "")

    assert shown.page.count == 1
