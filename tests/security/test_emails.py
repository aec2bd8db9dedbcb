"""Email text: nothing a person typed reaches a subject line, and in the bodies of the emails
an applicant can have sent to any address, what they typed is quoted as theirs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string

import endorse
from endorse.accounts.models import User
from endorse.applications.models import Rater

PACKAGE = Path(endorse.__file__).parent
SUBJECTS = sorted(PACKAGE.glob("*/templates/**/*_subject.txt")) + sorted(
    PACKAGE.glob("templates/**/*_subject.txt")
)
# Values that no person types: endorsement numbers come from the number sequence, renewal
# deadlines from the renewal policy.
MADE_BY_THE_SYSTEM = {
    "number": "IMH-M-00001",
    "deadline": "31 December 2026",
    "grace_ends_on": "31 January 2027",
}
TYPED = "Your mailbox is full: log in at http://evil.example"


def _template_name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[len(parts) - parts[::-1].index("templates") :])


@pytest.mark.parametrize("path", SUBJECTS, ids=_template_name)
def test_no_email_subject_carries_text_a_person_typed(path):
    """Security review finding 9: every subject line of the product is fixed wording; what a
    person typed (names, free text) never reaches one, so the association's domain cannot carry
    an applicant's message in a subject."""
    variables = set(re.findall(r"{{\s*(\w+)", path.read_text()))
    context = dict.fromkeys(variables, TYPED) | MADE_BY_THE_SYSTEM
    subject = render_to_string(_template_name(path), context)
    assert subject.startswith("[Endorse] ")
    assert TYPED not in subject
    assert variables <= set(MADE_BY_THE_SYSTEM)


def test_the_subject_templates_are_all_found():
    """The check above covers every email subject of the product, wherever it lives."""
    assert sorted(SUBJECTS) == sorted(PACKAGE.rglob("*_subject.txt"))
    names = {p.name.removesuffix("_subject.txt") for p in SUBJECTS}
    assert {
        "request",
        "reminder",
        "withdrawn",
        "completed",
        "declined",
        "bounced",
        "invitation",
    } <= names


def test_a_reference_request_quotes_what_the_applicant_typed(
    ask, deliver, applicant: User, application
):
    """Security review finding 9: the request to a rater has a fixed subject; the names and the
    words the applicant typed are quoted as theirs, in the text and the HTML, on one line each."""
    applicant.name = TYPED
    applicant.save()
    ask(
        "Dear customer",
        email="rater@example.org",
        capacity="Verify your account\nat <a href='http://evil.example'>our site</a>",
    )
    [message] = deliver()
    text, html = message.body, message.alternatives[0].content
    assert message.subject == "[Endorse] A request for a reference rating"
    assert text.startswith("Hello,\n")  # not "Dear <the name the applicant typed>"
    assert (
        "Everything in quotation marks below was typed by the applicant, not by the association."
        in text
    )
    for line in (
        f"The applicant gives their name as: “{TYPED}”",
        "Their email address, which they have confirmed with us: ada.applicant@example.org",
        "They gave your name as: “Dear customer”",
        "In their own words, the applicant wrote how they know you:",
        "“Verify your account at <a href='http://evil.example'>our site</a>”",
    ):
        assert line in text.splitlines()
    assert f"<li>The applicant gives their name as: “{TYPED}”</li>" in html
    assert (
        "<blockquote>“Verify your account at &lt;a href=&#x27;http://evil.example&#x27;&gt;"
        "our site&lt;/a&gt;”</blockquote>"
    ) in html
    assert 'href="http://evil.example' not in html
    assert ">Open the rating form</a>" in html


def test_emails_about_a_rater_quote_the_name_the_applicant_gave(ask, deliver, applicant):
    """Security review finding 9: the reminder and the withdrawal (to the rater) and the notices
    to the applicant name people only as quoted, never in the subject."""
    applicant.name = TYPED
    applicant.save()
    from endorse.references import domain

    rater = ask("Dear customer")
    deliver()
    domain.reference_withdraw(rater=rater, actor=applicant)
    [withdrawn] = deliver()
    assert withdrawn.subject == "[Endorse] A reference rating is no longer needed"
    assert f"who gives their name as “{TYPED}”" in " ".join(withdrawn.body.split())
    assert Rater.objects.get().withdrawn_at is not None


def test_the_sign_up_confirmation_does_not_carry_the_name_typed_with_the_address(
    client, db, deliver
):
    """Security review finding 9: anyone can sign up with someone else's address; the
    confirmation mailed there does not repeat the name typed with it."""
    client.post(
        "/accounts/signup/",
        {
            "email": "someone.else@example.org",
            "name": TYPED,
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    [message] = deliver()
    assert message.subject == "[MI-AIMH] Please Confirm Your Email Address"  # its association
    assert "/accounts/confirm-email/" in message.body
    assert TYPED not in message.body
