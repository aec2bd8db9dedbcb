"""A permission matrix over every URL of accounts, applications, references and the outbox,
built from the resolver: a URL added without a row here fails `test_every_url_has_a_row`."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from endorse.accounts.models import Membership
from endorse.applications import domain
from endorse.applications.models import ApplicationEvent, Degree, Document, Rater, Training
from endorse.references import domain as references

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
NAMESPACES = ("accounts", "applications", "references", "notifications")

# name → (methods, what it needs). "own" URLs are the person's own space: lists, profile, new
# imports; "object" URLs name A's application, entry, document or membership.
ROWS = {
    "accounts:profile": (("get", "post"), "own"),
    "accounts:membership_add": (("get", "post"), "own"),
    "accounts:membership_delete": (("post",), "membership"),
    "accounts:registry_listing": (("post",), "own"),
    "applications:list": (("get", "post"), "own"),
    "applications:import_new": (("get", "post"), "own"),
    "applications:workspace": (("get",), "application"),
    "applications:export": (("get",), "application"),
    "applications:import_into": (("get", "post"), "application"),
    "applications:ethics": (("get", "post"), "application"),
    "applications:submit": (("get", "post"), "application"),
    "applications:transcript_upload": (("get", "post"), "degree"),
    "applications:document": (("get",), "document"),
    "applications:document_remove": (("post",), "document"),
    "applications:entry_add": (("get", "post"), "section"),
    "applications:entry_edit": (("get", "post"), "entry"),
    "applications:entry_delete": (("post",), "entry"),
    "references:send": (("post",), "rater"),
    "references:nudge": (("post",), "rater"),
    "references:replace": (("get", "post"), "rater"),
}

# Reached without an account: the rater's link (the signed token is the key; its own tests are
# in tests/references) and the mail provider's bounce reports (a bearer token; off by default).
PUBLIC = {
    "references:landing": "token",
    "references:start": "token",
    "references:rate": "token",
    "references:decline": "token",
    "notifications:bounce_report": "bearer",
}


def _names():
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in NAMESPACES:
            names |= {f"{pattern.namespace}:{p.name}" for p in pattern.url_patterns}
    return names


def test_every_url_has_a_row():
    assert _names() == set(ROWS) | set(PUBLIC)


@pytest.fixture
def world(applicant):
    """Applicant A's things: an application with entries, a document, a membership."""
    application = domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )
    degree = Degree.objects.get(application=application)
    document = domain.document_upload(
        application=application,
        degree=degree,
        upload=SimpleUploadedFile("t.pdf", PDF),
        actor=applicant,
    )
    membership = Membership.objects.get(person=applicant)
    training = Training.objects.filter(application=application).first()
    rater = references.reference_request_send(
        rater=Rater.objects.filter(application=application).first(), actor=applicant
    )
    return {
        "own": {},
        "application": {"pk": application.pk},
        "degree": {"pk": application.pk, "entry_pk": degree.pk},
        "document": {"pk": application.pk, "document_pk": document.pk},
        "section": {"pk": application.pk, "section": "trainings"},
        "entry": {"pk": application.pk, "section": "trainings", "entry_pk": training.pk},
        "membership": {"pk": membership.pk},
        "rater": {"pk": application.pk, "rater_pk": rater.pk},
    }


def _state():
    return (
        Training.objects.count(),
        list(Rater.objects.values_list("withdrawn_at", "sent_at", "nudged_at")),
        Document.objects.filter(removed_at__isnull=True).count(),
        Membership.objects.count(),
        ApplicationEvent.objects.count(),
    )


def _requests(world):
    for name, (methods, needs) in sorted(ROWS.items()):
        url = reverse(name, kwargs=world[needs])
        for method in methods:
            yield name, method, needs, url


def test_applicant_b_gets_not_found_for_everything_of_a(client, world, other_applicant):
    client.force_login(other_applicant)
    before = _state()
    answers = {
        (name, method): getattr(client, method)(url).status_code
        for name, method, needs, url in _requests(world)
        if needs != "own"
    }
    assert answers == dict.fromkeys(answers, 404)
    assert _state() == before


def test_anonymous_is_sent_to_sign_in_everywhere(client, world):
    before = _state()
    answers = {}
    for name, method, _, url in _requests(world):
        response = getattr(client, method)(url)
        answers[(name, method)] = (response.status_code, response.get("Location", "").split("?")[0])
    assert answers == dict.fromkeys(answers, (302, "/accounts/login/"))
    assert _state() == before


def test_applicant_a_reaches_everything_of_their_own(client, world, applicant):
    client.force_login(applicant)
    answers = {
        (name, method): getattr(client, method)(url).status_code
        for name, method, _, url in _requests(world)
        if method == "get"
    }
    assert answers == dict.fromkeys(answers, 200)
