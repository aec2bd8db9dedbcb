"""Staff pages name things in words: evidence entries by their names, reference slots by the
rater, competency domains by the policy's labels, statuses by their labels."""

from __future__ import annotations

import re
from datetime import date

from endorse.applications.models import License, Rater, Training
from endorse.review import domain
from endorse.review.presenters import entry_name

from ..conftest import sign_in
from .pages import words

ENTRY_ID = re.compile(r"\b(?:ref|[dctwlr])\d+\b")


def _file(client, coordinator, application) -> str:
    sign_in(client, coordinator)
    return client.get(f"/staff/applications/{application.pk}/").content.decode()


def test_the_staff_file_shows_no_entry_ids(client, coordinator, submitted):
    """Usability finding 6: competency evidence read "d7, t33" and reference slots "ref16"."""
    page = _file(client, coordinator, submitted)

    assert ENTRY_ID.findall(words(page)) == []


def test_the_staff_file_names_competency_evidence_and_reference_slots(
    client, coordinator, submitted
):
    """Usability finding 6: the entry's name stands where its id stood."""
    training = next(
        t
        for t in Training.objects.filter(application=submitted).order_by("pk")
        if "theoretical_foundations" in t.competencies
    )
    rater = Rater.objects.filter(application=submitted).order_by("pk").first()

    page = words(_file(client, coordinator, submitted))

    assert training.title in re.search(r"Theoretical foundations: ([^:]*)", page).group(1)
    assert f": {rater.name}" in page


def test_the_staff_file_names_a_licence_by_its_kind_number_and_issuer(
    client, coordinator, submitted
):
    """A file with a licence opened on an error: a licence has no name of its own."""
    License.objects.create(
        application=submitted, number="MH-12", jurisdiction="Michigan", issued_on=date(2020, 1, 6)
    )

    sign_in(client, coordinator)

    response = client.get(f"/staff/applications/{submitted.pk}/")

    assert response.status_code == 200
    assert entry_name("licenses", License(number="MH-12", jurisdiction="Michigan")) == (
        "Mental health licence, MH-12, Michigan"
    )


def test_the_staff_file_shows_competency_domains_by_the_policys_labels(
    client, coordinator, approved
):
    """Usability finding 6: domains read `theoretical_foundations`."""
    page = _file(client, coordinator, approved)

    domains = re.findall(r"Domains: ([^<]*)<", page)
    assert "theoretical_foundations" not in page
    assert "Theoretical foundations, Law, regulation and agency policy" in domains


def test_the_timeline_shows_statuses_by_their_labels(client, coordinator, approved):
    """Usability finding 6: the timeline read "from approved_for_exam"."""
    page = words(_file(client, coordinator, approved))

    assert "approved_for_exam" not in page
    assert "under_review" not in page
    assert "Status changed (from Under review, to Approved to sit the exam)" in page


def test_a_review_shows_the_domains_and_sections_it_names_by_their_titles(
    client, coordinator, submitted, reviewers
):
    first, _ = domain.review_start(application=submitted, reviewers=reviewers, actor=coordinator)
    domain.review_submit(
        assignment=first,
        competencies=["theoretical_foundations", "reflection"],
        comments="",
        outcome="on_hold",
        sections=["work-experience"],
        reason="Dates unclear",
        actor=first.reviewer,
    )

    page = words(_file(client, coordinator, submitted))

    assert "Domains shown: Theoretical foundations, Reflection" in page
    assert "(reopen: Specialized work experience)" in page
