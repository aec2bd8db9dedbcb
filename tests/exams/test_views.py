"""The exam pages through the test client: the coordinator creates a sitting, registers a
candidate, records Part 1 and makes the result final; exam reviewers mark Part 2 knowing only
the candidate's code."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from endorse.applications.models import ApplicationEvent
from endorse.exams import domain
from endorse.exams.models import ExamCandidate, ExamSitting, Part2Mark

from ..conftest import sign_in

HELD_ON = timezone.localdate() + timedelta(days=30)


@pytest.fixture
def sitting(coordinator):
    return domain.sitting_create(held_on=HELD_ON, place="Lansing", actor=coordinator)


@pytest.fixture
def candidate(approved, sitting, coordinator):
    return domain.candidate_register(application=approved, sitting=sitting, actor=coordinator)


def _page(response):
    return html.unescape(response.content.decode())


def test_the_coordinator_lists_sittings_with_their_candidates(client, coordinator, candidate):
    sign_in(client, coordinator)
    response = client.get("/staff/exams/")
    assert response.status_code == 200
    assert f"{HELD_ON:%-d %B %Y}, Lansing</a> — 1 candidate" in _page(response)


def test_the_coordinator_creates_a_sitting_and_lands_on_its_page(client, coordinator):
    sign_in(client, coordinator)
    response = client.post("/staff/exams/", {"held_on": "2031-03-14", "place": "Detroit"})
    created = ExamSitting.objects.get()
    assert (created.held_on, created.place) == (date(2031, 3, 14), "Detroit")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/exams/{created.pk}/"
    assert "Exam sitting: 14 March 2031, Detroit" in _page(client.get(response["Location"]))


def test_the_coordinator_registers_an_approved_applicant_for_a_sitting(
    client, coordinator, approved, sitting
):
    sign_in(client, coordinator)
    before = _page(client.get(f"/staff/exams/{sitting.pk}/"))
    assert "No candidates yet." in before
    assert f"Ada Applicant — {approved.get_category_display()}" in before  # the form's choice
    response = client.post(f"/staff/exams/{sitting.pk}/", {"application": approved.pk}, follow=True)
    registered = ExamCandidate.objects.get()
    assert (registered.application, registered.sitting) == (approved, sitting)
    page = _page(response)
    assert "Registered." in page
    assert f">{registered.code}</th>" in page
    assert "Score of 60" in page


def test_the_coordinator_records_a_part1_score(client, coordinator, candidate):
    sign_in(client, coordinator)
    response = client.post(
        f"/staff/exams/candidates/{candidate.pk}/part1/", {"score": "48"}, follow=True
    )
    candidate.refresh_from_db()
    assert candidate.part1_score == 48
    page = _page(response)
    assert "Part 1 score recorded." in page
    assert "48 / 60 (pass)" in page


@pytest.mark.parametrize("score", ["61", "-1", "many"])
def test_a_part1_score_out_of_range_is_a_field_error_beside_its_input(
    client, coordinator, candidate, score
):
    """Bug 12: Part 1's range was checked only by a browser tooltip (the form had `min` and
    `max` and no `novalidate`), the server's answer a passing message. The sitting page comes
    back with the error beside that candidate's score, the typed value kept."""
    sign_in(client, coordinator)
    sitting = client.get(f"/staff/exams/{candidate.sitting_id}/").text
    [form] = re.findall(
        rf'<form[^>]*action="/staff/exams/candidates/{candidate.pk}/part1/"[^>]*>', sitting
    )
    assert "novalidate" in form
    response = client.post(f"/staff/exams/candidates/{candidate.pk}/part1/", {"score": score})
    candidate.refresh_from_db()
    assert candidate.part1_score is None
    assert response.status_code == 400
    page = _page(response)
    error = f'id="part1-{candidate.pk}-error"'
    assert re.search(
        rf'<span class="usa-error-message" {error} role="alert">Enter a score from 0 to 60\.</span>',
        page,
    )
    assert re.search(
        rf'<input[^>]*id="part1-{candidate.pk}-score"[^>]*value="{score}"[^>]*aria-describedby="part1-{candidate.pk}-error"',
        page,
    )
    assert f'href="#part1-{candidate.pk}-score"' in page  # the summary links to the field


def test_the_coordinator_makes_a_fully_scored_result_final(
    client, coordinator, exam_reviewers, candidate
):
    domain.part1_record(candidate=candidate, score=50, actor=coordinator)
    for marker in exam_reviewers[:2]:
        domain.part2_mark(candidate=candidate, passed=True, feedback="", actor=marker)
    sign_in(client, coordinator)
    response = client.post(f"/staff/exams/candidates/{candidate.pk}/finalize/", follow=True)
    candidate.refresh_from_db()
    candidate.application.refresh_from_db()
    assert candidate.finalized_at is not None
    assert candidate.application.exam_result == "passed"
    page = _page(response)
    assert "The result is final. Its letter waits for release under Needs action." in page
    assert '<td data-label="Result">Final</td>' in page


def test_an_exam_reviewer_sees_candidates_waiting_by_code_only(client, exam_reviewers, candidate):
    sign_in(client, exam_reviewers[0])
    response = client.get("/staff/exams/marking/")
    page = _page(response)
    assert response.status_code == 200
    assert f'<a href="/staff/exams/marking/{candidate.pk}/">{candidate.code}</a>' in page
    assert "Ada" not in page


def test_an_exam_reviewer_marks_part2_and_goes_back_to_the_list(client, exam_reviewers, candidate):
    marker = exam_reviewers[0]
    sign_in(client, marker)
    form = _page(client.get(f"/staff/exams/marking/{candidate.pk}/"))
    assert f"Part 2: candidate {candidate.code}" in form
    assert "Ada" not in form
    response = client.post(
        f"/staff/exams/marking/{candidate.pk}/",
        {"passed": "yes", "feedback": "Clear reasoning."},
        follow=True,
    )
    mark = Part2Mark.objects.get()
    assert (mark.candidate, mark.marker, mark.passed, mark.feedback) == (
        candidate,
        marker,
        True,
        "Clear reasoning.",
    )
    assert ApplicationEvent.objects.filter(kind="exam_part2_marked").count() == 1
    page = _page(response)
    assert f"Your mark for {candidate.code} is recorded." in page
    assert "Nothing waits for your mark." in page
