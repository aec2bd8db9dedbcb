"""The coordinator's queue and file pages, and the reviewer's form, through the test client."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.applications import domain as applications
from endorse.applications.enums import Status
from endorse.applications.models import Application, Degree, Rater
from endorse.references.domain import rater_save_and_send
from endorse.references.questions import current_questions
from endorse.registry.models import Endorsement
from endorse.review import domain

from ..conftest import make_person, sign_in
from ..references.conftest import full_answers


def _people(n):
    return [make_person(f"person{i}@example.org", f"Person {i:02d}") for i in range(n)]


def _draft(person, category="mentor-clinical"):
    return applications.application_start(applicant=person, category=category)


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_costs_the_same_queries_for_1_or_3_applications(client, coordinator, count):
    for person in _people(count):
        _draft(person)
    sign_in(client, coordinator)
    client.get("/staff/?drafts=on")  # warm the session and the roles
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/?drafts=on").status_code == 200
    assert len(queries) == 6  # session, user, roles, unread messages, counts, page


def test_the_queue_filters_searches_sorts_and_counts(client, coordinator, submitted, applicant):
    people = _people(3)
    _draft(people[0])
    _draft(people[1], category="mentor-policy")
    endorsed = _draft(people[2])
    Endorsement.objects.create(
        number="IMH-M-00042",
        name="Person 02",
        level="IV",
        category="x",
        application=endorsed,
        issued_on=timezone.localdate(),
    )
    sign_in(client, coordinator)

    def names(query):
        text = client.get(f"/staff/?{query}").content.decode()
        return [p for p in ("Person 00", "Person 01", "Person 02", "Ada Applicant") if p in text]

    assert names("") == ["Ada Applicant"]
    assert names("drafts=on") == ["Person 00", "Person 01", "Person 02", "Ada Applicant"]
    assert names("status=draft") == ["Person 00", "Person 01", "Person 02"]
    assert names("status=submitted") == ["Ada Applicant"]
    assert names("category=mentor-policy&drafts=on") == ["Person 01", "Ada Applicant"]
    assert names("q=person1%40example&drafts=on") == ["Person 01"]
    assert names("q=imh-m-00042&drafts=on") == ["Person 02"]
    assert names("mine=on") == ["Ada Applicant"]
    page = client.get("/staff/").content.decode()
    assert "Draft</a>: 3" in page
    assert "Submitted</a>: 1" in page


def _listed(page):
    """The applicants' names on a queue page, in order."""
    return re.findall(r'<th scope="row" data-label="Applicant"><a [^>]*>([^<]*)</a>', page)


def _link(page, rel):
    """The address of the page's `rel` link ("next", "prev"), or None."""
    found = re.search(rf'rel="{rel}" href="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


@pytest.fixture
def five_drafts(monkeypatch):
    monkeypatch.setattr("endorse.review.queries.PAGE_SIZE", 2)
    return [_draft(person) for person in _people(5)]


def test_the_queue_pages_forward_and_back_by_cursor(client, coordinator, five_drafts):
    sign_in(client, coordinator)
    first = client.get("/staff/?sort=name&drafts=on").content.decode()
    second = client.get(f"/staff/{_link(first, 'next')}").content.decode()
    third = client.get(f"/staff/{_link(second, 'next')}").content.decode()
    back = client.get(f"/staff/{_link(third, 'prev')}").content.decode()

    assert _listed(first) == ["Person 00", "Person 01"]
    assert _listed(second) == ["Person 02", "Person 03"]
    assert _listed(third) == ["Person 04"]
    assert _listed(back) == ["Person 02", "Person 03"]
    assert (_link(first, "prev"), _link(third, "next")) == (None, None)
    assert "5 applications, 2 on this page." in first
    assert '<nav aria-label="Pages of applications" class="usa-pagination">' in first
    assert "sort=name&drafts=on&cursor=a" in _link(first, "next")


@pytest.mark.parametrize("sort", ["submitted", "oldest", "updated", "name"])
def test_every_sort_pages_through_each_row_once(client, coordinator, five_drafts, sort):
    # Two submitted at the same moment, one earlier, two never (nulls sort where the database
    # puts them; the cursor follows).
    moment = timezone.now()
    Application.objects.filter(pk__in=[a.pk for a in five_drafts[:2]]).update(submitted_at=moment)
    Application.objects.filter(pk=five_drafts[2].pk).update(submitted_at=moment - timedelta(1))
    sign_in(client, coordinator)
    seen, address = [], f"/staff/?sort={sort}&drafts=on"
    while address:
        page = client.get(address).content.decode()
        seen += _listed(page)
        address = f"/staff/{_link(page, 'next')}" if _link(page, "next") else None

    assert sorted(seen) == [f"Person {i:02d}" for i in range(5)]
    assert len(seen) == 5


def test_the_last_page_is_the_end_of_the_list(client, coordinator, five_drafts):
    sign_in(client, coordinator)
    last = client.get("/staff/?sort=name&drafts=on&cursor=last").content.decode()
    before_it = client.get(f"/staff/{_link(last, 'prev')}").content.decode()

    assert _listed(last) == ["Person 03", "Person 04"]
    assert _link(last, "next") is None
    assert _listed(before_it) == ["Person 01", "Person 02"]


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "a", "a%%%", "aW10", "bbnVsbA", "aWyJ4Il0", "aWzEsMiwzLDRd", "3", "page=2"],
)
def test_an_unreadable_cursor_gives_the_first_page(client, coordinator, five_drafts, cursor):
    sign_in(client, coordinator)
    response = client.get(f"/staff/?sort=submitted&drafts=on&cursor={cursor}")

    assert response.status_code == 200
    assert len(_listed(response.content.decode())) == 2


def test_a_bookmarked_cursor_still_pages_once_the_list_changed(client, coordinator, five_drafts):
    sign_in(client, coordinator)
    first = client.get("/staff/?sort=name&status=draft").content.decode()
    second = client.get(f"/staff/{_link(first, 'next')}").content.decode()
    bookmark = _link(second, "next")  # the rows after Person 03
    # Persons 02-04 leave the list.
    Application.objects.filter(pk__in=[a.pk for a in five_drafts[2:]]).update(
        status=Status.WITHDRAWN
    )

    shrunk = client.get(f"/staff/{bookmark}").content.decode()
    # A newcomer sorted first is met going back; the page before the start is the first page.
    _draft(make_person("aaron@example.org", "Aaron Early"))
    earlier = client.get(f"/staff/{_link(second, 'prev')}").content.decode()
    start = client.get(f"/staff/{_link(earlier, 'prev')}").content.decode()

    assert _listed(shrunk) == ["Person 00", "Person 01"]  # past the end: the last page
    assert _listed(earlier) == ["Person 00", "Person 01"]
    assert _listed(start) == ["Aaron Early", "Person 00"]
    assert _link(start, "prev") is None


def test_the_last_page_costs_the_queries_of_the_first(client, coordinator, five_drafts):
    sign_in(client, coordinator)
    client.get("/staff/?drafts=on")
    with CaptureQueriesContext(connection) as first:
        client.get("/staff/?drafts=on")
    with CaptureQueriesContext(connection) as last:
        client.get("/staff/?drafts=on&cursor=last")

    assert len(last) == len(first) == 6


def test_the_queue_downloads_as_csv_as_filtered(client, coordinator, submitted):
    for person in _people(2):
        _draft(person)
    sign_in(client, coordinator)
    response = client.get("/staff/export.csv?status=submitted")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "id",
        "name",
        "email",
        "category",
        "status",
        "policy",
        "submitted",
        "updated",
        "endorsement",
    ]
    assert [(r[1], r[4]) for r in rows[1:]] == [("Ada Applicant", "Submitted")]


def test_needs_action_lists_what_waits_for_the_coordinator(client, coordinator, awaiting_staff):
    sign_in(client, coordinator)
    page = client.get("/staff/needs-action/").content.decode()
    assert "Submitted applications to check (1)" in page
    assert "Transcripts to verify (1)" in page
    assert "Raters' endorsements to vet (1)" in page


def test_the_coordinator_verifies_a_transcript_from_the_file(client, coordinator, awaiting_staff):
    degree = Degree.objects.get(application=awaiting_staff)
    sign_in(client, coordinator)
    before = client.get(f"/staff/applications/{awaiting_staff.pk}/").content.decode()
    assert 'data-requirement="education" data-status="pending"' in before
    client.post(
        f"/staff/applications/{awaiting_staff.pk}/degrees/{degree.pk}/transcript/",
        {"state": "verified", "basis": "post", "confirm": "on"},
    )
    after = client.get(f"/staff/applications/{awaiting_staff.pk}/").content.decode()
    assert 'data-requirement="education" data-status="met"' in after
    assert "Transcript marked</strong> (from received, to verified)" in after  # the timeline


def test_staff_read_ratings_the_applicant_never_sees(client, coordinator, applicant, deliver):
    application = _draft(applicant)
    rater = rater_save_and_send(
        application=application,
        entry=Rater(
            application=application, name="Rita", email="rita@example.org", role="colleague"
        ),
        actor=applicant,
    )
    link = deliver()[0].body.split("http://testserver")[1].split()[0]
    answers = full_answers(not_enough_information=1)
    client.post(f"{link}rating/", answers | {"comments": "Remarkable", "action": "submit"})
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert "Remarkable" in page
    assert "I recommend the applicant for Endorsement." in page
    assert rater.name in page
    # Each item in the wording it was answered under, with the answer's label.
    first, second = current_questions().items[:2]
    assert re.search(
        rf"{re.escape(html.escape(first.text))}.*?Not enough information to rate", page, re.S
    )
    assert re.search(rf"{re.escape(html.escape(second.text))}.*?Consistently<", page, re.S)


def test_staff_home_sends_a_reviewer_to_their_reviews(client, reviewers):
    """Bug 12: a reviewer opening /staff/ got a 404; they are sent to their reviews."""
    sign_in(client, reviewers[0])
    response = client.get("/staff/")
    assert (response.status_code, response["Location"]) == (302, "/staff/reviews/")
    assert client.get(response["Location"]).status_code == 200


def test_assigning_reviewers_reports_a_conflict_and_keeps_the_status(
    client, coordinator, reviewers, submitted
):
    rater = Rater.objects.filter(application=submitted).first()
    Rater.objects.filter(pk=rater.pk).update(email=reviewers[0].email)
    sign_in(client, coordinator)
    response = client.post(
        f"/staff/applications/{submitted.pk}/assign/",
        {"first": reviewers[0].pk, "second": reviewers[1].pk},
        follow=True,
    )
    assert "is one of the applicant&#x27;s reference raters" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_review_decide_preview_and_release_through_the_pages(
    client, coordinator, reviewers, submitted, deliver
):
    sign_in(client, coordinator)
    client.post(
        f"/staff/applications/{submitted.pk}/assign/",
        {"first": reviewers[0].pk, "second": reviewers[1].pk},
    )
    deliver()
    for reviewer in reviewers:
        assignment = reviewer.assignments.get()
        sign_in(client, reviewer)
        form = client.get(f"/staff/reviews/{assignment.pk}/")
        assert form.status_code == 200
        assert (
            client.post(
                f"/staff/reviews/{assignment.pk}/",
                {"competencies": ["reflection", "thinking"], "outcome": "approve"},
            ).status_code
            == 302
        )
    sign_in(client, coordinator)
    decided = client.post(f"/staff/applications/{submitted.pk}/decide/", {"outcome": "approve"})
    letter_url = decided["Location"]
    preview = client.get(letter_url).content.decode()
    assert "You are approved to sit the exam" in preview
    assert deliver() == []
    client.post(f"{letter_url}release/")
    assert [m.subject for m in deliver()] == ["[Endorse] You are approved to sit the exam"]
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED_FOR_EXAM


def test_a_reviewer_cannot_submit_an_incomplete_review(client, coordinator, reviewers, submitted):
    [first, _] = domain.review_start(application=submitted, reviewers=reviewers, actor=coordinator)
    sign_in(client, reviewers[0])
    response = client.post(
        f"/staff/reviews/{first.pk}/", {"outcome": "on_hold", "reason": "Needs work"}
    )
    assert response.status_code == 400
    assert "name the sections to reopen" in response.content.decode()
    assert not hasattr(first, "review")


def test_the_applicant_sees_the_reason_and_only_the_reopened_sections_open(
    client, coordinator, reviewers, submitted, applicant
):
    _hold(
        submitted,
        coordinator,
        reviewers,
        sections=["trainings"],
        reason="Add your DEI training, please.",
    )
    sign_in(client, applicant)
    page = client.get(f"/applications/{submitted.pk}/").content.decode()
    assert "Add your DEI training, please." in page
    assert "Open for changes: In-service training." in page
    add_links = sorted(
        key for key in ("trainings", "degrees", "work-experience") if f"/{key}/add/" in page
    )
    assert add_links == ["trainings"]


def test_needs_action_lists_decisions_to_record_and_disagreements(
    client, coordinator, reviewers, submitted
):
    first, second = domain.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    for assignment, outcome in ((first, "approve"), (second, "defer")):
        domain.review_submit(
            assignment=assignment,
            competencies=[],
            comments="",
            outcome=outcome,
            sections=[],
            reason="Why not",
            actor=assignment.reviewer,
        )
    sign_in(client, coordinator)
    page = client.get("/staff/needs-action/").content.decode()
    assert "Decisions to record (1)" in page
    assert "<strong>the reviewers disagree</strong>" in page


def test_after_a_resubmission_the_same_reviewers_are_offered(
    client, coordinator, reviewers, submitted, applicant
):
    _hold(submitted, coordinator, reviewers, sections=["trainings"], reason="More training")
    applications.application_submit(application=submitted, actor=applicant)
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{submitted.pk}/").content.decode()
    selected = re.findall(r'<option value="(\d+)" selected\s*>', page)
    assert selected == [str(reviewers[0].pk), str(reviewers[1].pk)]
    assert "What changed since the previous submission" in page


def _hold(application, coordinator, reviewers, **hold):
    """Both reviewers put the application on hold and the coordinator records it."""
    for assignment in domain.review_start(
        application=application, reviewers=reviewers, actor=coordinator
    ):
        domain.review_submit(
            assignment=assignment,
            competencies=[],
            comments="",
            outcome="on_hold",
            actor=assignment.reviewer,
            **hold,
        )
    domain.decision_record(application=application, outcome="on_hold", actor=coordinator, **hold)


def test_csv_cells_never_start_a_formula(client, coordinator):
    person = make_person("formula@example.org", '=HYPERLINK("http://evil.example","x")')
    _draft(person)
    sign_in(client, coordinator)
    response = client.get("/staff/export.csv?drafts=on")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'


def _rater_notes(page):
    """What the file says beside each rater: look-alike flags and why an endorsement waits."""
    notes: dict[str, list[str]] = {}
    for name, text in re.findall(
        r'<li class="rater-note" data-rater="([^"]+)">(.*?)</li>', html.unescape(page)
    ):
        notes.setdefault(name, []).append(text)
    return notes


def test_the_file_flags_look_alike_raters_and_says_why_an_endorsement_waits(
    client, coordinator, ask, application
):
    """Security review finding 4: the coordinator sees raters whose email or name looks like the
    applicant's or another rater's, and why a claimed endorsement waits for them."""
    today = timezone.localdate()
    Endorsement.objects.create(
        number="IMH-4417",
        name="Rita Rater",
        level="IV",
        category="Infant Mental Health Mentor – Clinical",
        person=make_person("rita.rater@clinic.example", "Rita Rater"),
        issued_on=today,
    )
    ask(
        "Rita Rater",
        email="ada.second@example.net",
        endorsement_level="IV",
        endorsement_number="IMH-4417",
    )
    ask("Ann Other", email="ada.applicant@gmail.example")
    ask("Dee Dots", email="A.D.A.applicant+ref@example.org")
    ask("Ada  applicant", email="someone@example.net")
    ask("Sam Same", email="sam@example.org")
    ask("Sam Two", email="sam+2@example.org")
    ask("Pat Typo", email="sam@exampel.org")
    ask("Nat Plain", email="nat@example.net")
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert _rater_notes(page) == {
        "Rita Rater": [
            "Its endorsement waits for the coordinator: the rater's email is not the endorsee's email on "
            "record."
        ],
        "Ann Other": [
            "Email: the same name before the @ as the applicant's (ada.applicant@example.org), "
            "at another domain.",
            "Email: the same name before the @ as Dee Dots's (A.D.A.applicant+ref@example.org), "
            "at another domain.",
        ],
        "Dee Dots": [
            "Email: the same address as the applicant's (ada.applicant@example.org), written "
            "differently (case, dots or a +tag).",
            "Email: the same name before the @ as Ann Other's (ada.applicant@gmail.example), "
            "at another domain.",
        ],
        "Ada  applicant": ["Name: the applicant's name."],
        "Sam Same": [
            "Email: the same address as Sam Two's (sam+2@example.org), written differently "
            "(case, dots or a +tag).",
            "Email: nearly the same address as Pat Typo's (sam@exampel.org).",
        ],
        "Sam Two": [
            "Email: the same address as Sam Same's (sam@example.org), written differently "
            "(case, dots or a +tag).",
            "Email: nearly the same address as Pat Typo's (sam@exampel.org).",
        ],
        "Pat Typo": [
            "Email: nearly the same address as Sam Same's (sam@example.org).",
            "Email: nearly the same address as Sam Two's (sam+2@example.org).",
        ],
    }


def test_a_reference_is_overdue_from_the_configured_day(ask, settings):
    """ENDORSE_REFERENCE_OVERDUE_DAYS (14 unless set): the association's chasing practice."""
    from datetime import timedelta

    from endorse.review.queries import needs_action

    rater = ask()
    sent = rater.sent_at
    assert needs_action(now=sent + timedelta(days=13, hours=23))["overdue"] == []
    assert needs_action(now=sent + timedelta(days=14))["overdue"] == [rater]
    settings.ENDORSE_REFERENCE_OVERDUE_DAYS = 7
    assert needs_action(now=sent + timedelta(days=7))["overdue"] == [rater]


def test_the_queue_leaves_drafts_out_until_asked(client, coordinator, submitted):
    """Drafts need nothing from the coordinator: the queue shows them on request only."""
    _draft(make_person("dana.draft@example.org", "Dana Draft"))
    sign_in(client, coordinator)

    default = client.get("/staff/").content.decode()
    asked = client.get("/staff/?drafts=on").content.decode()

    assert ("Dana Draft" in default, "Ada Applicant" in default) == (False, True)
    assert ("Dana Draft" in asked, "Ada Applicant" in asked) == (True, True)
