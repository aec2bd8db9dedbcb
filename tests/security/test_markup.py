"""Text a person typed is shown as text, everywhere: markup in every field an applicant, a rater
or a staff member controls is escaped on every page, letter, email and certificate that shows it.

Security review finding 1 found an applicant's profile name printed raw on the letter preview,
so a `<form>` in it turned the coordinator's "Release" click into a revocation. This test puts
markup in every free-text field of the portfolio file (found from its JSON Schema, so a new field
is covered without editing the test), the profile, memberships, raters' names, ratings, a
decline, reviews, decisions, exam sittings and feedback, and a revocation, walks the whole
process, and scans every page that shows them for the raw markup.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from endorse.accounts.domain import membership_add
from endorse.accounts.roles import Role
from endorse.applications import domain as applications
from endorse.applications.models import Rater
from endorse.conversations import domain as conversations
from endorse.exams import domain as exams
from endorse.notifications.delivery import build_email
from endorse.notifications.models import OutboxMessage
from endorse.references import domain as references
from endorse.registry import domain as registry
from endorse.registry.certificate import certificate_pdf
from endorse.review import domain as review
from endorse.review.enums import LETTER_TEMPLATES
from endorse.review.models import ReviewAssignment

from ..conftest import EXAMPLES, make_superuser, sign_in
from ..references.conftest import full_answers, link_in
from .figures import record

TAG = '<b id="typed">'
MARKUP = f'{TAG}bold</b><form action="/staff/">'
ESCAPED = "&lt;b id=&quot;typed&quot;&gt;"
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "portfolio.schema.json"
NOT_FREE_TEXT = {"id", "email", "number", "version"}  # identifiers, not prose a person writes


def _free_text_fields() -> dict[str, set[str]]:
    """Per schema definition, the string properties with no enum, format or pattern."""
    defs = json.loads(SCHEMA.read_text())["$defs"]
    found: dict[str, set[str]] = {}
    for name, definition in defs.items():
        for key, spec in definition.get("properties", {}).items():
            options = spec.get("anyOf", [spec])
            if key not in NOT_FREE_TEXT and any(
                option.get("type") == "string"
                and not {"enum", "format", "pattern", "const"} & option.keys()
                for option in options
            ):
                found.setdefault(name, set()).add(key)
    return found


def _mark(document: dict) -> dict:
    """The example portfolio with markup added to every free-text value."""
    fields = _free_text_fields()
    sections = {
        "applicant": "Applicant",
        "degrees": "Degree",
        "certificates": "Certificate",
        "trainings": "Training",
        "work": "Work",
        "leadership": "Leadership",
        "rsc": "Supervision",
        "references": "Reference",
        "membership": "Membership",
        "review": "Review",
    }
    marked = 0

    def mark(entry: dict, definition: str) -> None:
        nonlocal marked
        for key in fields.get(definition, ()):
            if isinstance(entry.get(key), str):
                entry[key] = f"{entry[key]} {MARKUP}"
                marked += 1
        if isinstance(entry.get("provider"), dict):  # RS/C: the provider's own fields
            mark(entry["provider"], "Provider")

    for section, definition in sections.items():
        value = document.get(section)
        for entry in value if isinstance(value, list) else [value] if value else []:
            mark(entry, definition)
    assert marked >= 20, "the example no longer carries the free-text fields this test marks"
    return document


def _pages_show_text_as_text(pages: dict[str, str]) -> dict[str, str]:
    """Problems: a page that carries the raw markup, or that does not show the typed text."""
    problems = {}
    for where, html in pages.items():
        if TAG in html or '<form action="/staff/">' in html:
            problems[where] = "raw markup"
        elif ESCAPED not in html:
            problems[where] = "the typed text is not shown (so nothing was checked)"
    return problems


@pytest.fixture
def walked(applicant, coordinator, reviewers, exam_reviewers, deliver, settings):
    """The whole process, with markup in everything people type."""
    applicant.name = f"Ada {MARKUP}"
    applicant.phone = f"555 {TAG}"  # a phone number holds 40 characters
    applicant.save()
    membership_add(
        person=applicant,
        association=f"MI-AIMH {MARKUP}",
        member_id=f"M-1 {MARKUP}",
        kind="individual",
        expires_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )
    document = _mark(json.loads((EXAMPLES / "policy-ready-for-exam.json").read_text()))
    application = applications.application_import(
        applicant=applicant, text=json.dumps(document), trusted=True
    )
    # Two more raters through their links: one rates with comments, one declines.
    for name in ("Rae", "Dee"):
        references.rater_save_and_send(
            application=application,
            entry=Rater(
                application=application,
                name=f"{name} {MARKUP}",
                email=f"{name.lower()}@example.org",
                role="colleague",
                known_years=3,
            ),
            actor=applicant,
        )
    links = {m.to[0]: link_in(m) for m in deliver() if "/r/" in m.body}
    rater = Client()
    rater.post(f"{links['rae@example.org']}start/")
    rater.post(
        f"{links['rae@example.org']}rating/",
        full_answers() | {"comments": f"Great {MARKUP}", "action": "submit"},
    )
    rater.post(f"{links['dee@example.org']}decline/", {"reason": f"On leave {MARKUP}"})
    applications.application_submit(application=application, actor=applicant)
    first, second = review.review_start(
        application=application, reviewers=reviewers, actor=coordinator
    )
    for assignment in (first, second):
        review.review_submit(
            assignment=assignment,
            competencies=[],
            comments=f"Reviewed {MARKUP}",
            outcome="approve",
            sections=[],
            reason=f"Fine {MARKUP}",
            actor=assignment.reviewer,
        )
    decision = review.decision_record(
        application=application,
        outcome="approve",
        reason=f"Approved {MARKUP}",
        sections=[],
        actor=coordinator,
    )
    sitting = exams.sitting_create(
        held_on=timezone.localdate(), place=f"Detroit {MARKUP}", actor=coordinator
    )
    candidate = exams.candidate_register(
        application=application, sitting=sitting, actor=coordinator
    )
    exams.part1_record(candidate=candidate, score=52, actor=coordinator)
    for marker in exam_reviewers[:2]:
        exams.part2_mark(candidate=candidate, passed=True, feedback=f"Clear {MARKUP}", actor=marker)
    exams.result_finalize(candidate=candidate, actor=coordinator)
    application.refresh_from_db()
    endorsement = registry.endorsement_issue(application=application, actor=coordinator)
    registry.registry_listing_set(person=applicant, listed=True)
    thread = conversations.thread_start(
        application=application,
        kind="request",
        section="degrees",
        subject=f"Transcript {MARKUP}",
        body=f"Please {MARKUP}",
        actor=coordinator,
    )
    conversations.message_post(thread=thread, body=f"Sent {MARKUP}", actor=applicant)
    support = conversations.support_ask(
        person=applicant, topic="process", page="/", subject=f"Help {MARKUP}", body=f"How {MARKUP}"
    )
    conversations.conversations_notify(now=timezone.now())
    return {
        "thread": thread,
        "support": support,
        "application": application,
        "decision": decision,
        "candidate": candidate,
        "sitting": sitting,
        "endorsement": endorsement,
        "assignment": ReviewAssignment.objects.filter(application=application).first(),
        "links": links,
    }


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_markup_typed_anywhere_is_escaped_on_every_page(
    walked, applicant, coordinator, reviewers, exam_reviewers
):
    """Security review finding 1: no page prints what a person typed as HTML: the staff queue,
    needs-action, the application's file, every letter, the reviewer's and the exam reviewer's
    pages, the applicant's own pages, the rater's pages, the registry and verification."""
    application, endorsement = walked["application"], walked["endorsement"]
    office = sign_in(Client(), coordinator)
    pages = {
        "staff queue": _get(office, reverse("staff:queue")),
        "staff queue searched": _get(office, reverse("staff:queue") + "?q=Ada"),
        "application file": _get(
            office, reverse("staff:application", kwargs={"pk": application.pk})
        ),
        "exam sitting": _get(office, reverse("exams:sitting", kwargs={"pk": walked["sitting"].pk})),
    }
    letters = OutboxMessage.objects.filter(template__in=LETTER_TEMPLATES)
    assert letters.count() == 2  # the decision and the exam result
    for letter in letters:
        pages[f"letter {letter.template}"] = _get(
            office, reverse("staff:letter", kwargs={"pk": letter.pk})
        )
    reviewer = sign_in(Client(), walked["assignment"].reviewer)
    for key in ("thread", "support"):
        pk = walked[key].pk
        pages[f"{key} (staff)"] = _get(
            office, reverse("conversations:staff_thread", kwargs={"pk": pk})
        )
    pages["staff conversations"] = _get(office, reverse("conversations:staff_inbox"))
    pages["review form"] = _get(
        reviewer, reverse("staff:review", kwargs={"pk": walked["assignment"].pk})
    )
    own = sign_in(Client(), applicant)
    pages |= {
        "workspace": _get(own, reverse("applications:workspace", kwargs={"pk": application.pk})),
        "profile": _get(own, reverse("accounts:profile")),
        "thread": _get(own, reverse("conversations:thread", kwargs={"pk": walked["thread"].pk})),
        "question to the association": _get(
            own, reverse("conversations:thread", kwargs={"pk": walked["support"].pk})
        ),
        "history": _get(own, reverse("applications:history", kwargs={"pk": application.pk})),
        "conversations": _get(own, reverse("conversations:inbox")),
    }
    rater = Client()
    pages["rater's page"] = _get(rater, walked["links"]["rae@example.org"])
    anyone = Client()
    pages |= {
        "registry": _get(anyone, reverse("registry:search")),
        "registry searched": _get(anyone, reverse("registry:search") + "?q=Ada"),
        "verification": _get(anyone, f"/verify/{endorsement.number}/"),
    }
    registry.endorsement_revoke(
        endorsement=endorsement, reason=f"Ethics {MARKUP}", actor=coordinator
    )
    pages["file after revocation"] = _get(
        office, reverse("staff:application", kwargs={"pk": application.pk})
    )
    assert _pages_show_text_as_text(pages) == {}
    elsewhere = [  # pages that may not show the typed text: none may show it raw
        _get(office, reverse("staff:needs_action")),
        _get(own, reverse("applications:list")),
        _get(sign_in(Client(), exam_reviewers[0]), reverse("exams:marking")),
    ]
    assert [TAG in html for html in elsewhere] == [False, False, False]
    record("markup-pages", pages=len(pages) + len(elsewhere))


def test_markup_typed_anywhere_is_escaped_in_every_emails_html(walked, deliver):
    """Security review finding 1: every email's HTML body escapes the names, reasons and
    feedback people typed; its text is plain text (never treated as HTML anywhere)."""
    deliver()
    problems = {}
    for message in OutboxMessage.objects.exclude(template=""):
        email = build_email(message)
        html = next((c for c, mime in email.alternatives if mime == "text/html"), "")
        if TAG in html:
            problems[message.template] = "raw markup in the HTML"
        if TAG in email.subject:  # finding 9: no free text in subjects at all
            problems[f"{message.template} subject"] = "typed text in the subject"
        assert not hasattr(email.body, "__html__"), message.template  # not marked safe
    assert problems == {}
    record("markup-emails", emails=OutboxMessage.objects.exclude(template="").count())
    shown = [m.template for m in OutboxMessage.objects.exclude(template="")]
    assert {
        "review/email/approved",
        "exams/email/result",
        "registry/email/issued",
        "conversations/email/digest",
    } <= set(shown)


def test_markup_in_the_holders_name_is_text_on_the_certificate(walked):
    """Security review finding 1: the certificate PDF prints the holder's name as typed, tags
    and all, as text (an unescaped name would be laid out as HTML, or fetch what it names)."""
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(certificate_pdf(walked["endorsement"]))).pages
    )
    assert re.sub(r"\s+", "", TAG) in re.sub(r"\s+", "", text)


def test_markup_in_the_csv_export_is_data_in_an_attachment(walked, coordinator):
    """Security review finding 1: the queue's CSV carries the typed text as data, downloaded as
    an attachment of type text/csv (never a page a browser would render)."""
    response = sign_in(Client(), coordinator).get(reverse("staff:queue_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert any(cell == f"Ada {MARKUP}" for row in rows for cell in row)


def test_the_letter_preview_shows_a_form_in_a_name_as_text(request, client, applicant, coordinator):
    """Security review finding 1: a `<form>` an applicant puts in their name, carried into a
    decision letter, is shown escaped on the preview: the coordinator's click on "Release"
    posts only to the release URL."""
    applicant.name = '<form action="/staff/endorsements/1/revoke/" method="post">'
    applicant.save()
    approved = request.getfixturevalue("approved")  # the decision composes its letter held
    page = sign_in(client, coordinator).get(
        reverse("staff:letter", kwargs={"pk": approved.decisions.get().letter_id})
    )
    html = page.content.decode()
    assert html.count("<form") == html.count('<form method="post" action="/staff/letters/')
    assert "&lt;form action=&quot;/staff/endorsements/1/revoke/&quot;" in html


def test_account_emails_and_rater_links_are_not_letters(client, coordinator, ask, deliver):
    """Security review finding 3: the letters view showed any outbox row (a password reset, a
    rater's link). Only decision and result letters open there; anything else is a 404."""
    client.post("/accounts/password/reset/", {"email": coordinator.email})
    reset = OutboxMessage.objects.get(template="")
    rater = ask()
    request = OutboxMessage.objects.get(rater=rater)
    office = sign_in(Client(), coordinator)
    answers = [
        office.get(reverse("staff:letter", kwargs={"pk": message.pk})).status_code
        for message in (reset, request)
    ]
    released = [
        office.post(reverse("staff:letter_release", kwargs={"pk": m.pk})).status_code
        for m in (reset, request)
    ]
    assert (answers, released) == ([404, 404], [404, 404])


def test_the_outbox_admin_withholds_sign_in_links(client, coordinator, ask, deliver):
    """Security review finding 3: the outbox admin no longer shows a password-reset email's text
    or a rater's link, so reading the outbox takes over no account and no rating."""
    superuser = make_superuser("root@example.org", "Root", Role.COORDINATOR)
    client.post("/accounts/password/reset/", {"email": coordinator.email})
    reset = OutboxMessage.objects.get(template="")
    key = re.search(r"/accounts/password/reset/key/([^/\s]+)/", reset.context["text"]).group(1)
    request = OutboxMessage.objects.get(rater=ask())
    token = request.context["link"].rstrip("/").rsplit("/", 1)[-1]
    admin = sign_in(Client(), superuser)
    pages = [
        admin.get(reverse("admin:notifications_outboxmessage_change", args=[m.pk]))
        for m in (reset, request)
    ]
    assert [p.status_code for p in pages] == [200, 200]
    shown = "".join(p.content.decode() for p in pages)
    assert (key in shown, token in shown) == (False, False)
    assert "withheld" in shown


SOURCE = Path(__file__).resolve().parents[2] / "src" / "endorse"


def test_nothing_in_the_product_marks_text_safe():
    """Security review finding 1, kept closed: no template uses `|safe` or turns autoescaping
    off (plain-text email templates excepted, which are never shown as HTML: see
    `notifications.delivery.plain_text`), and no module calls `mark_safe` or builds a
    `SafeString`. A need for one is a decision for docs/security.md, not a quiet exception."""
    found = []
    for path in SOURCE.rglob("*"):
        if path.suffix == ".html":
            text = path.read_text()
            found += [f"{path.name}: {m}" for m in re.findall(r"\|\s*safe\b|autoescape off", text)]
        elif path.suffix == ".txt" and "templates" in path.parts:
            assert "autoescape off" in path.read_text(), f"{path.name}: a text email escapes"
        elif path.suffix == ".py":
            text = path.read_text()
            found += [f"{path.name}: {m}" for m in re.findall(r"mark_safe|SafeString", text)]
    assert found == []
