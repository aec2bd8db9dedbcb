"""Who reaches which staff page: every URL of the staff and exam namespaces, found through the
resolver, requested as every persona and compared with the table below. A staff URL added
without a row fails `test_every_staff_url_has_a_row`. Denials are 404s (nothing reveals that an
application exists), and a denied request changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from endorse.accounts.roles import Role
from endorse.applications.domain import document_upload
from endorse.applications.models import ApplicationEvent, Degree, Rater
from endorse.exams.models import ExamCandidate, ExamSitting
from endorse.notifications.domain import message_queue
from endorse.notifications.models import OutboxMessage
from endorse.registry.models import Endorsement
from endorse.review import domain

from ..conftest import make_person, make_staff

PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
COORDINATOR = frozenset({"coordinator"})
FILE_READERS = frozenset({"coordinator", "assigned_reviewer"})
REVIEWERS = frozenset({"assigned_reviewer", "other_reviewer"})

# name → (methods, the objects it names, the personas it serves)
ROWS = {
    "staff:queue": (("get",), "none", COORDINATOR),
    "staff:queue_csv": (("get",), "none", COORDINATOR),
    "staff:needs_action": (("get",), "none", COORDINATOR),
    "staff:application": (("get",), "application", FILE_READERS),
    "staff:document": (("get",), "document", FILE_READERS),
    "staff:transcript_mark": (("post",), "degree", COORDINATOR),
    "staff:transcript_upload": (("get", "post"), "degree", COORDINATOR),
    "staff:entry_judge": (("post",), "judge", COORDINATOR),
    "staff:provider_approve": (("post",), "rsc", COORDINATOR),
    "staff:rater_verify": (("post",), "rater", COORDINATOR),
    "staff:membership_verify": (("post",), "membership", COORDINATOR),
    "staff:assign": (("post",), "application", COORDINATOR),
    "staff:decide": (("post",), "application", COORDINATOR),
    "staff:reviews_reopen": (("post",), "application", COORDINATOR),
    "staff:issue": (("post",), "application", COORDINATOR),
    "staff:revoke": (("post",), "endorsement", COORDINATOR),
    "staff:letter": (("get",), "letter", COORDINATOR),
    "staff:letter_release": (("post",), "letter", COORDINATOR),
    "staff:reviews": (("get",), "none", REVIEWERS),
    "staff:review": (("get", "post"), "assignment", frozenset({"assigned_reviewer"})),
    "exams:sittings": (("get", "post"), "none", COORDINATOR),
    "exams:sitting": (("get", "post"), "sitting", COORDINATOR),
    "exams:part1": (("post",), "candidate", COORDINATOR),
    "exams:finalize": (("post",), "candidate", COORDINATOR),
    "exams:marking": (("get",), "none", frozenset({"exam_reviewer"})),
    "exams:mark": (("get", "post"), "candidate", frozenset({"exam_reviewer"})),
}
SIGNED_IN = (
    "applicant",
    "other_applicant",
    "assigned_reviewer",
    "other_reviewer",
    "exam_reviewer",
    "coordinator",
)


def _names():
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in ("staff", "exams"):
            names |= {f"{pattern.namespace}:{p.name}" for p in pattern.url_patterns}
    return names


def test_every_staff_url_has_a_row():
    assert _names() == set(ROWS)


@pytest.fixture
def world(submitted, applicant, other_applicant, coordinator, reviewers):
    assigned, other = reviewers
    third = make_staff("third.reviewer@example.org", "Third Reviewer", Role.REVIEWER)
    first, _ = domain.review_start(
        application=submitted, reviewers=[assigned, third], actor=coordinator
    )
    degree = Degree.objects.filter(application=submitted).first()
    document = document_upload(
        application=submitted,
        degree=degree,
        upload=SimpleUploadedFile("t.pdf", PDF),
        actor=coordinator,
        by_staff=True,
    )
    from endorse.applications.models import SupervisionEntry

    rsc = SupervisionEntry.objects.create(
        application=submitted,
        provider_name="Pat Provider",
        format="individual",
        start_on=timezone.localdate(),
        hours=1,
    )
    rater = Rater.objects.filter(application=submitted).first()
    membership = applicant.memberships.first()
    endorsement = Endorsement.objects.create(
        number="W-1",
        name="Someone",
        level="IV",
        category="x",
        issued_on=timezone.localdate(),
        renew_by=timezone.localdate(),
    )
    letter = message_queue(
        recipient=applicant.email,
        template="review/email/approved",
        context={"applicant_name": "A", "category": "c", "valid_until": "soon"},
        idempotency_key="letter",
        application=submitted,
        hold=True,
    )
    sitting = ExamSitting.objects.create(held_on=timezone.localdate(), place="Here")
    candidate = ExamCandidate.objects.create(sitting=sitting, application=submitted, code="C-AB12")
    exam_reviewer = make_staff("exam.reviewer@example.org", "Exam Reviewer", Role.EXAM_REVIEWER)
    pk = submitted.pk
    return {
        "people": {
            "applicant": applicant,
            "other_applicant": other_applicant,
            "assigned_reviewer": assigned,
            "other_reviewer": other,
            "exam_reviewer": exam_reviewer,
            "coordinator": coordinator,
        },
        "kwargs": {
            "none": {},
            "application": {"pk": pk},
            "document": {"pk": pk, "document_pk": document.pk},
            "degree": {"pk": pk, "entry_pk": degree.pk},
            "judge": {"pk": pk, "section": "degrees", "entry_pk": degree.pk},
            "rsc": {"pk": pk, "entry_pk": rsc.pk},
            "rater": {"pk": pk, "rater_pk": rater.pk},
            "membership": {"pk": pk, "membership_pk": membership.pk},
            "endorsement": {"pk": endorsement.pk},
            "letter": {"pk": letter.pk},
            "assignment": {"pk": first.pk},
            "sitting": {"pk": sitting.pk},
            "candidate": {"pk": candidate.pk},
        },
    }


def _requests(world):
    for name, (methods, needs, allowed) in sorted(ROWS.items()):
        url = reverse(name, kwargs=world["kwargs"][needs])
        for method in methods:
            yield name, method, url, allowed


def _state():
    return (
        ApplicationEvent.objects.count(),
        OutboxMessage.objects.filter(status="held").count(),
        Endorsement.objects.filter(revoked_at__isnull=True).count(),
        ExamSitting.objects.count(),
    )


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_each_persona_reaches_exactly_its_staff_pages(client, world, persona):
    client.force_login(world["people"][persona])
    before = _state()
    answers = {}
    for name, method, url, allowed in _requests(world):
        if persona in allowed and method == "post":
            continue  # what allowed POSTs do is tested with each action
        answers[(name, method)] = getattr(client, method)(url).status_code
    expected = {
        (name, method): 200 if persona in allowed else 404
        for name, method, _, allowed in _requests(world)
        if not (persona in allowed and method == "post")
    }
    assert answers == expected
    assert _state() == before


def test_anonymous_and_deactivated_staff_are_sent_to_sign_in(client, world):
    gone = world["people"]["coordinator"]
    gone.is_active = False
    gone.save()
    for who in (None, gone):
        if who is not None:
            client.force_login(who)
        answers = {
            (name, method): getattr(client, method)(url).get("Location", "").split("?")[0]
            for name, method, url, _ in _requests(world)
        }
        assert set(answers.values()) == {"/accounts/login/"}


def test_staff_without_two_factor_are_sent_to_set_it_up(client, world):
    newcomer = make_staff("new.coordinator@example.org", "New", Role.COORDINATOR, two_factor=False)
    client.force_login(newcomer)
    before = _state()
    answers, expected = {}, {}
    for name, method, url, allowed in _requests(world):
        response = getattr(client, method)(url)
        answers[(name, method)] = (response.status_code, response.get("Location", "").split("?")[0])
        expected[(name, method)] = (
            (302, "/accounts/2fa/totp/activate/") if "coordinator" in allowed else (404, "")
        )
    assert answers == expected
    assert _state() == before


def test_an_applicant_who_is_also_staff_is_not_a_reviewer_of_their_own(world, reviewers):
    applicant_reviewer = world["people"]["applicant"]
    applicant_reviewer.groups.add(*reviewers[0].groups.all())
    conflicts = domain.conflicts_of(
        world["people"]["applicant"].applications.first(), applicant_reviewer
    )
    assert conflicts[0] == "is the applicant"
    assert make_person("x@example.org").is_active
