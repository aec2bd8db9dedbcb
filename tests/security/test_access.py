"""Access control as a matrix: every URL pattern the resolver knows, requested as every persona,
compared with the table below. A URL added without a row fails `test_every_url_has_a_row`.

Denials never reveal whether an object exists: other people's objects and pages of a role one
does not hold are 404s; pages that need a sign-in send anonymous visitors to sign in. A denied
request changes nothing. Figures go to test-artifacts/security/ (`make security`).

The association dimension: everything above is association A's (the default). Every URL naming
one of A's objects, asked on association B's site, by B's staff or by A's own people, is a 404,
but for what the framework shares on purpose (/verify/); and B's staff on A's site hold no role.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_scopes import scope

from endorse.accounts.models import ResidencyException
from endorse.accounts.roles import Role
from endorse.applications.domain import document_upload
from endorse.applications.models import ApplicationEvent, Degree, Rater, SupervisionEntry
from endorse.conversations.domain import thread_start
from endorse.conversations.models import Message, Thread
from endorse.exams import domain as exams_domain
from endorse.exams.models import ExamCandidate, ExamSitting
from endorse.exports.models import ArchiveExport
from endorse.imports.models import ImportJob
from endorse.notifications.domain import message_queue
from endorse.notifications.models import OutboxMessage
from endorse.references.domain import reference_request_send
from endorse.references.queries import rater_token
from endorse.registry.models import Endorsement
from endorse.renewals.models import InactivePeriod, InactiveRequest, LoggedHours, Renewal
from endorse.review import domain as review

from ..conftest import PASSWORD, make_association, make_staff, sign_in
from .figures import record

PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"

PERSONAS = (
    "anonymous",
    "rater_of_another_request",  # holds a valid link, but for someone else's request
    "applicant_a",
    "applicant_b",
    "reviewer_assigned",
    "reviewer_not_assigned",
    "exam_reviewer",
    "coordinator",
    "coordinator_deactivated",
    "coordinator_without_two_factor",
    "coordinator_password_only",  # has an authenticator, but this session never used it
)
SIGNED_IN = {p for p in PERSONAS if p not in ("anonymous", "rater_of_another_request")}

# Who a page serves. Every page outside "public" and "link" needs a sign-in.
PUBLIC = "public"  # anyone
LINK = "link"  # anyone holding the link (the signed token is the key)
BEARER = "bearer"  # the mail provider's bounce reports; off unless a token is configured
SIGNED_IN_OWN = "own"  # any signed-in person, for their own things
OWNER = "owner"  # applicant A's application and what hangs off it
HOLDER = "holder"  # the endorsement's holder and the coordinator
ENDORSEE = "endorsee"  # a person holding an endorsement here, for their own renewal
FRAMEWORK = "framework"  # django-allauth's own account pages (sign-in, 2FA set-up)
ICON = "icon"  # /favicon.ico: anyone, sent on to the static icon
STAFF_HOME = "staff_home"  # /staff/: the coordinator's queue; other staff go to their own work
OWN_WORK = {
    "reviewer_assigned": "/staff/reviews/",
    "reviewer_not_assigned": "/staff/reviews/",
    "exam_reviewer": "/staff/exams/marking/",
}
STAFF = {
    "coordinator": frozenset({"coordinator"}),
    "file": frozenset({"coordinator", "reviewer_assigned"}),
    "reviewers": frozenset({"reviewer_assigned", "reviewer_not_assigned"}),
    "assigned": frozenset({"reviewer_assigned"}),
    "exam": frozenset({"exam_reviewer"}),
    "reviewing": frozenset({"coordinator", "reviewer_assigned", "reviewer_not_assigned"}),
}

# name → (methods, the objects named in the URL, who it serves)
ROWS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "selfcheck:home": (("get",), "none", PUBLIC),
    "selfcheck:check": (("get",), "none", PUBLIC),
    "selfcheck:guide": (("get",), "none", PUBLIC),
    "registry:search": (("get",), "none", PUBLIC),
    "health": (("get",), "none", PUBLIC),
    "favicon": (("get",), "none", ICON),
    "brand_css": (("get",), "none", PUBLIC),
    "registry:verify": (("get",), "endorsement_number", PUBLIC),
    "registry:certificate": (("get",), "endorsement_number", HOLDER),
    "references:landing": (("get",), "token", LINK),
    "references:start": (("post",), "token", LINK),
    "references:rate": (("get",), "token", LINK),
    "references:decline": (("get",), "token", LINK),
    "notifications:bounce_report": (("post",), "none", BEARER),
    "accounts:profile": (("get", "post"), "none", SIGNED_IN_OWN),
    "accounts:membership_add": (("get", "post"), "none", SIGNED_IN_OWN),
    "exports:my_data": (("get",), "none", SIGNED_IN_OWN),
    "accounts:membership_delete": (("post",), "membership", OWNER),
    "registry:listing": (("post",), "none", SIGNED_IN_OWN),
    "renewals:page": (("get",), "none", ENDORSEE),
    "renewals:hours": (("post",), "none", ENDORSEE),
    "renewals:submit": (("post",), "none", ENDORSEE),
    "renewals:inactive": (("post",), "none", ENDORSEE),
    "renewals:reactivate": (("post",), "none", ENDORSEE),
    "renewals:reinstate": (("post",), "none", ENDORSEE),
    "renewals:reinstatement_rater": (("post",), "reinstatement", ENDORSEE),
    "renewals:reinstatement_nudge": (("post",), "reinstatement_rater", ENDORSEE),
    "renewals:reinstatement_withdraw": (("post",), "reinstatement_rater", ENDORSEE),
    "applications:list": (("get", "post"), "none", SIGNED_IN_OWN),
    "applications:import_new": (("get", "post"), "none", SIGNED_IN_OWN),
    "applications:workspace": (("get",), "application", OWNER),
    "applications:export": (("get",), "application", OWNER),
    "applications:import_into": (("get", "post"), "draft", OWNER),
    "applications:ethics": (("get", "post"), "application", OWNER),
    "applications:submit": (("get", "post"), "application", OWNER),
    "applications:submitted": (("get",), "application", OWNER),
    "applications:letters": (("get",), "application", OWNER),
    "applications:history": (("get",), "application", OWNER),
    "applications:transcript_upload": (("get", "post"), "degree", OWNER),
    "applications:document": (("get",), "document", OWNER),
    "applications:document_remove": (("post",), "document", OWNER),
    "applications:entry_add": (("get", "post"), "section", OWNER),
    "applications:entry_edit": (("get", "post"), "entry", OWNER),
    "applications:entry_delete": (("get", "post"), "entry", OWNER),
    "references:send": (("post",), "rater", OWNER),
    "references:nudge": (("post",), "rater", OWNER),
    "references:replace": (("get", "post"), "rater", OWNER),
    "staff:queue": (("get",), "none", STAFF_HOME),
    "staff:queue_csv": (("get",), "none", "coordinator"),
    "staff:needs_action": (("get",), "none", "coordinator"),
    "staff:application": (("get",), "application", "file"),
    "staff:document": (("get",), "document", "file"),
    "staff:transcript_mark": (("get", "post"), "degree", "coordinator"),
    "staff:transcript_upload": (("get", "post"), "degree", "coordinator"),
    "staff:entry_judge": (("get", "post"), "judge", "coordinator"),
    "staff:provider_approve": (("get", "post"), "rsc", "coordinator"),
    "staff:rater_verify": (("get", "post"), "rater", "coordinator"),
    "staff:membership_verify": (("get", "post"), "membership_of_application", "coordinator"),
    "staff:assign": (("post",), "application", "coordinator"),
    "staff:decide": (("post",), "application", "coordinator"),
    "staff:reviews_reopen": (("post",), "application", "coordinator"),
    "staff:issue": (("get", "post"), "application", "coordinator"),
    "staff:revoke": (("get", "post"), "endorsement", "coordinator"),
    "staff:endorsement": (("get",), "endorsement", "coordinator"),
    "staff:endorsement_move": (("get", "post"), "endorsement", "coordinator"),
    "staff:letter": (("get",), "letter", "coordinator"),
    "staff:letter_release": (("post",), "letter", "coordinator"),
    "staff:people": (("get", "post"), "none", "coordinator"),
    "staff:association": (("get", "post"), "none", "coordinator"),
    "staff:residency": (("get", "post"), "none", "coordinator"),
    "staff:imports": (("get", "post"), "none", "coordinator"),
    "staff_exports:exports": (("get", "post"), "none", "coordinator"),
    "staff_exports:download": (("post",), "export", "coordinator"),
    "staff:import_invitations": (("get", "post"), "none", "coordinator"),
    "staff:import_job": (("get",), "import_job", "coordinator"),
    "staff:import_job_status": (("get",), "import_job", "coordinator"),
    "staff:bulk_verify": (("post",), "none", "coordinator"),
    "staff:rater_vet": (("get", "post"), "rater", "coordinator"),
    "staff:role_take": (("post",), "role", "coordinator"),
    "staff:reviews": (("get",), "none", "reviewers"),
    "staff_renewals:queue": (("get",), "none", "coordinator"),
    "staff_renewals:queue_csv": (("get",), "none", "coordinator"),
    "staff_renewals:bulk_accept": (("post",), "none", "coordinator"),
    "staff_renewals:renewal": (("get",), "renewal", "coordinator"),
    "staff_renewals:payment": (("post",), "renewal", "coordinator"),
    "staff_renewals:accept": (("post",), "renewal", "coordinator"),
    "staff_renewals:send_back": (("post",), "renewal", "coordinator"),
    "staff_renewals:rater_call": (("post",), "reinstatement_rater", "coordinator"),
    "staff_renewals:record_inactive": (("post",), "endorsement", "coordinator"),
    "staff_renewals:refuse_inactive_request": (("post",), "inactive_request", "coordinator"),
    "staff_renewals:reactivation": (("get",), "reactivation", "coordinator"),
    "staff_renewals:reactivation_payment": (("post",), "reactivation", "coordinator"),
    "staff_renewals:reactivation_accept": (("post",), "reactivation", "coordinator"),
    "staff_renewals:reactivation_approve_provider": (
        ("post",),
        "reactivation_rsc",
        "coordinator",
    ),
    "staff_renewals:approve_provider": (("post",), "renewal_rsc", "coordinator"),
    "staff:review": (("get", "post"), "assignment", "assigned"),
    "exams:sittings": (("get", "post"), "none", "coordinator"),
    "exams:sitting": (("get", "post"), "sitting", "coordinator"),
    "exams:part1": (("post",), "candidate", "coordinator"),
    "exams:finalize": (("post",), "candidate", "coordinator"),
    "exams:part2_upload": (("post",), "candidate", "coordinator"),
    "exams:part2_response": (("get",), "candidate", "exam"),
    "exams:marking": (("get",), "none", "exam"),
    "exams:mark": (("get", "post"), "candidate", "exam"),
    "conversations:inbox": (("get",), "none", SIGNED_IN_OWN),
    "conversations:help": (("get", "post"), "none", SIGNED_IN_OWN),
    "conversations:thread": (("get", "post"), "thread", OWNER),
    "conversations:message_correct": (("get", "post"), "message", OWNER),
    "conversations:question_new": (("get", "post"), "application", OWNER),
    "conversations:staff_inbox": (("get",), "none", "reviewing"),
    "conversations:staff_thread": (("get", "post"), "thread", "file"),
    "conversations:staff_new": (("get", "post"), "application", "file"),
    "conversations:resolve": (("post",), "thread", "file"),
    "conversations:request_forward": (("post",), "draft_request", "coordinator"),
}
# django-allauth's pages: sign-in and sign-up for everyone; these need a signed-in person.
ALLAUTH_SIGNED_IN_ONLY = {
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
}
ALLAUTH_KWARGS = {
    "account_confirm_email": {"key": "not-a-key"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "not-a-key"},
}


def _patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


# Our own URLs outside an app namespace (allauth's are the other names without one).
TOP_LEVEL = {"health", "favicon", "brand_css"}


def _ours():
    return {n for n in _patterns() if (":" in n or n in TOP_LEVEL) and not n.startswith("admin:")}


def _allauth():
    return {n for n in _patterns() if ":" not in n and n not in TOP_LEVEL}


def test_every_url_has_a_row():
    assert _ours() == set(ROWS)
    assert _allauth() >= ALLAUTH_SIGNED_IN_ONLY
    assert {n for n in _patterns() if n.startswith("admin:")}  # the admin: staff flag only


@pytest.fixture
def world(submitted, applicant, other_applicant, coordinator, reviewers, deliver):
    """Applicant A's application under review with everything a URL can name, and the people."""
    assigned, _ = reviewers
    third = make_staff("third.reviewer@example.org", "Third Reviewer", Role.REVIEWER)
    assignment, _ = review.review_start(
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
    rsc = SupervisionEntry.objects.create(
        application=submitted,
        provider_name="Pat Provider",
        format="individual",
        start_on=timezone.localdate(),
        hours=1,
    )
    mine = reference_request_send(
        rater=Rater.objects.create(
            application=submitted, name="Mia", email="mia@example.org", role="colleague"
        ),
        actor=applicant,
    )
    elsewhere = applicant.applications.create(category="mentor-clinical")
    other_rater = reference_request_send(
        rater=Rater.objects.create(
            application=elsewhere, name="Otto", email="otto@example.org", role="colleague"
        ),
        actor=applicant,
    )
    endorsement = Endorsement.objects.create(
        number="IMH-M-00099",
        name="Ada Applicant",
        level="IV",
        category="x",
        person=applicant,
        issued_on=timezone.localdate(),
        listed=True,  # public to every persona; an unlisted one is tested in tests/registry
    )
    letter = message_queue(
        recipient=applicant.email,
        template="review/email/approved",
        context={"applicant_name": "A", "category": "c", "valid_until": "soon"},
        idempotency_key="letter",
        application=submitted,
        hold=True,
    )
    renewal = Renewal.objects.create(
        person=applicant,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        attested_at=timezone.now(),
        attested_name="Ada Applicant",
        no_sanction=True,
        membership_kind="individual",
        submitted_at=timezone.now(),
    )
    renewal.endorsements.set([endorsement])
    reinstatement = Renewal.objects.create(
        kind="reinstatement",
        person=applicant,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        attested_at=timezone.now(),
        attested_name="Ada Applicant",
        no_sanction=True,
        membership_kind="individual",
        submitted_at=timezone.now(),
    )
    reinstatement.endorsements.set([endorsement])
    reinstatement_rater = Rater.objects.create(
        reinstatement=reinstatement, name="Rae", email="rae@example.org", role="colleague"
    )
    # A reactivation submitted and accepted the same day: the period covers no day, so the
    # endorsement stays listed for the other rows.
    reactivation = InactivePeriod.objects.create(
        endorsement=endorsement,
        start_on=timezone.localdate(),
        reason="leave",
        reactivation_submitted_on=timezone.localdate(),
        reactivated_on=timezone.localdate(),
    )
    inactive_request = InactiveRequest.objects.create(
        endorsement=endorsement,
        person=applicant,
        reason="leave",
        requested_on=timezone.localdate(),
    )
    rsc_hours = LoggedHours.objects.create(
        person=applicant,
        kind="rsc",
        on=timezone.localdate(),
        hours=2,
        topic="RS/C",
        provider_name="Pat Provider",
        provider_endorsement="IMHM-C",
    )
    sitting = ExamSitting.objects.create(held_on=timezone.localdate(), place="Here")
    candidate = ExamCandidate.objects.create(sitting=sitting, application=submitted, code="C-AB12")
    exams_domain.part2_response_upload(
        candidate=candidate, upload=SimpleUploadedFile("p2.pdf", PDF), actor=coordinator
    )
    question = thread_start(
        application=submitted,
        kind="question",
        section="degrees",
        subject="Does my second degree count?",
        body="It is in education.",
        actor=applicant,
    )
    draft_request = thread_start(
        application=submitted,
        kind="request",
        section="trainings",
        subject="The certificate of the March training",
        body="Please upload it.",
        actor=assigned,
    )
    export = ArchiveExport.objects.create(requested_by=coordinator, requested_at=timezone.now())
    import_job = ImportJob.objects.create(
        kind="endorsements", filename="endorsements.csv", data=b"", rows_total=1
    )
    gone = make_staff("gone.coordinator@example.org", "Gone", Role.COORDINATOR)
    gone.is_active = False
    gone.save()
    people = {
        "applicant_a": applicant,
        "applicant_b": other_applicant,
        "reviewer_assigned": assigned,
        "reviewer_not_assigned": reviewers[1],
        "exam_reviewer": make_staff("exam@example.org", "Exam Reviewer", Role.EXAM_REVIEWER),
        "coordinator": coordinator,
        "coordinator_deactivated": gone,
        "coordinator_without_two_factor": make_staff(
            "new.coordinator@example.org", "New", Role.COORDINATOR, two_factor=False
        ),
        "coordinator_password_only": make_staff(
            "password.only@example.org", "Pass Word", Role.COORDINATOR
        ),
    }
    pk = submitted.pk
    kwargs = {
        "none": {},
        "application": {"pk": pk},
        "draft": {"pk": elsewhere.pk},
        "document": {"pk": pk, "document_pk": document.pk},
        "degree": {"pk": pk, "entry_pk": degree.pk},
        "section": {"pk": pk, "section": "trainings"},
        "entry": {"pk": pk, "section": "degrees", "entry_pk": degree.pk},
        "judge": {"pk": pk, "section": "degrees", "entry_pk": degree.pk},
        "rsc": {"pk": pk, "entry_pk": rsc.pk},
        "rater": {"pk": pk, "rater_pk": mine.pk},
        "membership": {"pk": applicant.memberships.first().pk},
        "membership_of_application": {"pk": pk, "membership_pk": applicant.memberships.first().pk},
        "endorsement": {"pk": endorsement.pk},
        "renewal": {"pk": renewal.pk},
        "reactivation": {"pk": reactivation.pk},
        "inactive_request": {"pk": inactive_request.pk},
        "reinstatement": {"pk": reinstatement.pk},
        "reinstatement_rater": {"pk": reinstatement.pk, "rater_pk": reinstatement_rater.pk},
        "renewal_rsc": {"pk": renewal.pk, "hours_pk": rsc_hours.pk},
        "reactivation_rsc": {"pk": reactivation.pk, "hours_pk": rsc_hours.pk},
        "endorsement_number": {"number": endorsement.number},
        "letter": {"pk": letter.pk},
        "assignment": {"pk": assignment.pk},
        "sitting": {"pk": sitting.pk},
        "candidate": {"pk": candidate.pk},
        "role": {"pk": assigned.pk, "role": "reviewer"},
        "token": {"token": rater_token(mine)},
        "thread": {"pk": question.pk},
        "message": {"pk": question.messages.get().pk},
        "draft_request": {"pk": draft_request.pk},
        "export": {"pk": export.pk},
        "import_job": {"pk": import_job.pk},
    }
    deliver()
    return {"people": people, "kwargs": kwargs, "other_token": rater_token(other_rater)}


def _client(world, persona) -> Client:
    client = Client()
    if persona == "coordinator_password_only":
        # Django's own authenticate-and-login: the password alone, no second factor recorded.
        assert client.login(email=world["people"][persona].email, password=PASSWORD)
    elif persona in world["people"]:
        sign_in(client, world["people"][persona])
    elif persona == "rater_of_another_request":
        assert client.get(f"/r/{world['other_token']}/").status_code == 200
    return client


def _expected(persona: str, audience: str, method: str) -> tuple[int, str]:
    """(status, where a redirect goes) for `persona` at a page serving `audience`."""
    signed_in = persona in SIGNED_IN and persona != "coordinator_deactivated"
    if audience in (PUBLIC, LINK):
        return (302, "*") if method == "post" else (200, "")
    if audience == BEARER:
        return (404, "")
    if audience == ICON:
        return (302, "/static/endorse/favicon.svg")
    if not signed_in:
        return (302, "/accounts/login/")
    if audience == SIGNED_IN_OWN:
        return (200, "")
    if audience == OWNER:
        return (200, "") if persona == "applicant_a" else (404, "")
    if audience == HOLDER:
        return (200, "") if persona in ("applicant_a", "coordinator") else (404, "")
    if audience == ENDORSEE:
        return (200, "") if persona == "applicant_a" else (404, "")
    if audience == STAFF_HOME:
        if persona in OWN_WORK:
            return (302, OWN_WORK[persona])
        audience = "coordinator"
    allowed = STAFF[audience]
    if persona == "coordinator_without_two_factor":
        return (302, "/accounts/2fa/totp/activate/") if "coordinator" in allowed else (404, "")
    if persona == "coordinator_password_only":
        return (302, "/accounts/2fa/reauthenticate/") if "coordinator" in allowed else (404, "")
    return (200, "") if persona in allowed else (404, "")


def _state():
    return (
        ApplicationEvent.objects.count(),
        OutboxMessage.objects.count(),
        Rater.objects.filter(withdrawn_at__isnull=True).count(),
        list(Rater.objects.order_by("pk").values_list("status", "opened_at", "nudged_at")),
        Endorsement.objects.filter(revoked_at__isnull=True).count(),
        ExamSitting.objects.count(),
        Message.objects.count(),
        list(Thread.objects.order_by("pk").values_list("shared_at", "resolved_at")),
        ResidencyException.objects.count(),
        list(Renewal.objects.values_list("state", "fee_paid_on")),
        list(ArchiveExport.objects.order_by("pk").values_list("pk", "downloaded_at")),
        list(InactivePeriod.objects.values_list("start_on", "reactivated_on")),
        list(LoggedHours.objects.values_list("provider_approved", flat=True)),
    )


def _answer(response) -> tuple[int, str]:
    where = response.get("Location", "").split("?")[0] if response.status_code == 302 else ""
    return response.status_code, where


def test_every_url_as_every_persona(world):
    answers, expected, pairs = {}, {}, 0
    for persona in PERSONAS:
        client = _client(world, persona)
        before = _state()
        for name, (methods, needs, audience) in sorted(ROWS.items()):
            url = reverse(name, kwargs=world["kwargs"][needs])
            for method in methods:
                want = _expected(persona, audience, method)
                if want[0] == 200 and method == "post":
                    continue  # allowed writes: each is tested where it is built
                if audience in (PUBLIC, LINK) and method == "post":
                    continue
                pairs += 1
                got = _answer(getattr(client, method)(url))
                answers[(persona, name, method)] = got
                expected[(persona, name, method)] = want
        if persona not in ("applicant_a", "coordinator", "reviewer_assigned", "exam_reviewer"):
            assert _state() == before, persona  # nothing a denied request did stayed
    assert {k: v for k, v in answers.items() if v != expected[k]} == {}
    record("access", urls=len(ROWS), personas=len(PERSONAS), pairs_checked=pairs)


@pytest.mark.parametrize("persona", ["anonymous", "applicant_b"])
def test_allauth_pages_answer_without_errors_and_guard_the_signed_in_ones(world, persona):
    client = _client(world, persona)
    answers = {}
    for name in sorted(_allauth()):
        response = client.get(reverse(name, kwargs=ALLAUTH_KWARGS.get(name, {})))
        answers[name] = response.status_code
        if persona == "anonymous" and name in ALLAUTH_SIGNED_IN_ONLY:
            assert response.get("Location", "").startswith("/accounts/login/"), name
    assert [n for n, status in answers.items() if status >= 500] == []


@pytest.mark.parametrize("persona", ["anonymous", "applicant_a", "coordinator"])
def test_the_admin_is_for_superusers_only(world, persona):
    client = _client(world, persona)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")


def test_the_rater_of_another_request_reaches_only_their_own(world):
    client = _client(world, "rater_of_another_request")
    page = client.get(reverse("references:landing", kwargs=world["kwargs"]["token"]))
    own = client.get(f"/r/{world['other_token']}/")
    assert (page.status_code, own.status_code) == (200, 200)
    assert "Otto" not in page.content.decode()
    assert "Otto" in own.content.decode()


# Association B's staff, and the host name each side answers on (conftest.make_association).
OTHER_STAFF = {
    "coordinator_b": Role.COORDINATOR,
    "reviewer_b": Role.REVIEWER,
    "exam_reviewer_b": Role.EXAM_REVIEWER,
}
HOST_A, HOST_B = "testserver", "b.example.org"
# Shared on purpose across associations: one /verify/ for every association's endorsements.
SHARED = {"registry:verify"}


@pytest.fixture
def other(world):
    """Association B, with a coordinator, a reviewer and an exam reviewer of its own."""
    association = make_association("b")
    with scope(association=association):
        people = {
            persona: make_staff(f"{persona}@b.example.org", persona.title(), role)
            for persona, role in OTHER_STAFF.items()
        }
    return people


def _other_client(people, persona, host) -> Client:
    return sign_in(Client(HTTP_HOST=host), people[persona])


def test_every_url_of_one_association_is_a_404_on_another(world, other):
    """B's staff, and A's own applicant and coordinator, on B's site: every URL naming one of
    A's objects answers 404 (a POST too), and nothing changes."""
    people = {**other, "applicant_a": world["people"]["applicant_a"]}
    people["coordinator"] = world["people"]["coordinator"]
    answers, expected = {}, {}
    before = _state()
    for persona in people:
        client = _other_client(people, persona, HOST_B)
        for name, (methods, needs, audience) in sorted(ROWS.items()):
            if needs == "none" or audience == ICON:
                continue
            url = reverse(name, kwargs=world["kwargs"][needs])
            for method in methods:
                if audience in (PUBLIC, LINK) and method == "post":
                    continue
                want = (200, "") if name in SHARED else (404, "")
                answers[(persona, name, method)] = _answer(getattr(client, method)(url))
                expected[(persona, name, method)] = want
    assert len(answers) > 100
    assert {k: v for k, v in answers.items() if v != expected[k]} == {}
    assert _state() == before


def test_staff_of_another_association_hold_no_role_here(world, other):
    """B's staff on A's site: every staff page is a 404, as for a person with no role."""
    answers = {}
    before = _state()
    for persona in other:
        client = _other_client(other, persona, HOST_A)
        for name, (methods, needs, audience) in sorted(ROWS.items()):
            if audience not in STAFF and audience != STAFF_HOME:
                continue
            url = reverse(name, kwargs=world["kwargs"][needs])
            for method in methods:
                answers[(persona, name, method)] = _answer(getattr(client, method)(url))
    assert len(answers) > 100
    assert {k: v for k, v in answers.items() if v != (404, "")} == {}
    assert _state() == before


def test_staff_of_another_association_work_in_their_own(other):
    """The same pages answer B's coordinator on B's site: the 404s above are the association's
    doing, not the persona's."""
    client = _other_client(other, "coordinator_b", HOST_B)
    assert (client.get("/staff/").status_code, client.get("/staff/people/").status_code) == (
        200,
        200,
    )
