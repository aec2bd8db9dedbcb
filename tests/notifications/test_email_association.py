"""Every email names the association that sends it: its signature, for every template, and the
account emails; never the installation's default association for another's email."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.safestring import SafeData
from django_scopes import scope, scopes_disabled

from endorse.accounts.roles import Role
from endorse.conversations import domain as conversations
from endorse.notifications.delivery import build_email
from endorse.notifications.models import OutboxMessage

from ..conftest import PASSWORD, imported, make_association, make_staff

SOURCE = Path(__file__).resolve().parents[2] / "src" / "endorse"
TEMPLATES = sorted(
    str(path.relative_to(path.parents[2]))[: -len(".txt")]
    for path in SOURCE.glob("*/templates/*/email/*.txt")
    if not path.name.endswith("_subject.txt")
)
OHIO = "Ohio Association for Infant Mental Health"
MICHIGAN = "Michigan Association for Infant Mental Health"


@pytest.fixture
def oaimh(db):
    return make_association("oaimh", OHIO, hosts="")


def _built(template: str, association) -> tuple[str, str, str]:
    with scope(association=association):
        message = OutboxMessage.objects.create(
            recipient="someone@example.org",
            template=template,
            context={},
            idempotency_key=f"test:{template}",
        )
    email = build_email(message)
    html = email.alternatives[0].content if email.alternatives else ""
    return email.subject, email.body, str(html)


def test_every_email_template_is_found():
    assert len(TEMPLATES) == 28


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_email_is_signed_by_its_association_and_no_other(template, oaimh):
    subject, text, html = _built(template, oaimh)

    assert text.rstrip().endswith(f"The Endorsement® team\n{OHIO}")
    assert f"<p>The Endorsement® team<br>{OHIO}</p>" in html
    assert MICHIGAN not in subject + text + html


def test_the_default_associations_emails_are_signed_by_it(db, association):
    subject, text, html = _built("review/email/assigned", association)

    assert text.rstrip().endswith(f"The Endorsement® team\n{MICHIGAN}")
    assert OHIO not in subject + text + html


def test_the_account_confirmation_of_the_second_association_names_it(oaimh):
    client = Client()

    client.post(
        "/a/oaimh/accounts/signup/",
        {"email": "pat@example.org", "name": "Pat", "password1": PASSWORD, "password2": PASSWORD},
    )

    with scopes_disabled():
        message = OutboxMessage.objects.get(recipient="pat@example.org")
    text = message.context["text"]
    assert message.association_id == oaimh.pk
    assert text.startswith(f"Hello from {OHIO}!")
    assert text.rstrip().endswith(f"Thank you for using {OHIO}!\ntestserver/a/oaimh")
    assert re.search(r"http://testserver/a/oaimh/accounts/confirm-email/\S+", text) is not None
    assert MICHIGAN not in message.context["subject"] + text


def test_a_digest_of_one_associations_conversations_is_its_email_with_its_links(
    applicant, oaimh, deliver
):
    with scope(association=oaimh):
        olive = make_staff("olive@example.org", "Olive", Role.COORDINATOR)
        draft = imported(applicant, "policy-ready-for-exam")
        thread = conversations.thread_start(
            application=draft,
            kind="request",
            section="degrees",
            subject="The transcript is missing",
            body="Please upload it.",
            actor=olive,
        )
    with scopes_disabled():  # as the worker runs it, for every association at once
        conversations.conversations_notify(now=timezone.now())

    emails = deliver()

    assert [m.to for m in emails] == [[applicant.email]]
    assert f"http://testserver/a/oaimh/conversations/{thread.pk}/" in emails[0].body
    assert emails[0].body.rstrip().endswith(f"The Endorsement® team\n{OHIO}")


def _message(association) -> OutboxMessage:
    with scope(association=association):
        return OutboxMessage.objects.create(
            recipient="someone@example.org",
            template="review/email/assigned",
            context={},
            idempotency_key="test:sender",
        )


def test_an_email_comes_from_its_association_by_name(oaimh, settings):
    message = _message(oaimh)

    email = build_email(message)

    assert settings.DEFAULT_FROM_EMAIL == "Endorse <endorsement@localhost>"
    assert email.from_email == f"{OHIO} <endorsement@localhost>"


def test_an_association_that_set_its_own_sender_keeps_it(oaimh):
    oaimh.from_email = "OAIMH Endorsement <endorse@oaimh.example.org>"
    oaimh.save()
    message = _message(oaimh)

    email = build_email(message)

    assert email.from_email == "OAIMH Endorsement <endorse@oaimh.example.org>"


MARKUP = '<b onmouseover="x">Ada</b>'


@pytest.mark.parametrize("template", TEMPLATES)
def test_what_a_person_typed_is_escaped_in_every_emails_html_and_never_marked_safe(template, oaimh):
    """The plain-text parts render with autoescape off; whatever a person typed (every value
    the template reads, here markup) reaches the HTML part escaped, and the text part comes out
    as a plain string, not marked safe, so a page that shows it (the letter preview) escapes it."""
    source = (SOURCE / template.split("/")[0] / "templates" / f"{template}.txt").read_text()
    source += (SOURCE / template.split("/")[0] / "templates" / f"{template}.html").read_text()
    variables = set(re.findall(r"{{\s*(\w+)", source)) - {"association_name"}
    with scope(association=oaimh):
        message = OutboxMessage.objects.create(
            recipient="someone@example.org",
            template=template,
            context=dict.fromkeys(variables, MARKUP),
            idempotency_key=f"test-markup:{template}",
        )
    email = build_email(message)
    html = str(email.alternatives[0].content)

    assert (MARKUP in html, "&lt;b onmouseover=&quot;x&quot;&gt;Ada&lt;/b&gt;" in html) == (
        False,
        True,
    )
    assert not isinstance(email.body, SafeData)
