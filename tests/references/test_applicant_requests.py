"""The applicant's side: send, follow, nudge, replace and withdraw requests; never read a rating."""

from __future__ import annotations

import html
import json
import re
import smtplib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.db.models import ProtectedError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from endorse.applications import domain as applications
from endorse.applications.models import ApplicationEvent, Rater
from endorse.notifications.domain import message_bounce
from endorse.notifications.models import OutboxMessage
from endorse.references import domain as references
from endorse.references.models import Rating
from endorse.references.queries import RequestState, request_state

from ..conftest import sign_in
from ..notifications.backends import ScriptedBackend
from .conftest import full_answers, link_in

SECRET = "Zebra-crossing remark 7731"


def _workspace(client, application):
    return client.get(f"/applications/{application.pk}/").content.decode()


def _states(client, application):
    """The state tags of the references section, in order."""
    return re.findall(r'request__state--(\w+)">', _workspace(client, application))


def test_the_applicant_follows_each_request_through_its_states(
    client, ask, deliver, applicant, application
):
    raters = [
        ask(f"{name} Rater", email=f"{name.lower()}@example.org")
        for name in ("Sent", "Opened", "Drafted", "Done", "Declined", "Bounced")
    ]
    links = {m.to[0]: link_in(m) for m in deliver()}
    client.post(f"{links['opened@example.org']}start/")
    client.post(
        f"{links['drafted@example.org']}rating/", {"item_thinking-1": "2", "action": "save"}
    )
    client.post(f"{links['done@example.org']}rating/", full_answers() | {"action": "submit"})
    client.post(f"{links['declined@example.org']}decline/", {"reason": "Retired"})
    message_bounce(message=OutboxMessage.objects.get(rater=raters[5]), reason="550 no such user")
    sign_in(client, applicant)
    assert _states(client, application) == [
        "sent",
        "opened",
        "in_progress",
        "completed",
        "declined",
        "bounced",
    ]
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        sign_in(client, applicant)
        assert _states(client, application)[:3] == ["expired", "expired", "expired"]


def test_the_applicant_never_sees_rating_content_through_any_url(
    client, ask, deliver, applicant, application
):
    rater = ask()
    link = link_in(deliver()[0])
    client.post(f"{link}rating/", full_answers() | {"comments": SECRET, "action": "submit"})
    sign_in(client, applicant)
    kwargs = {
        "pk": application.pk,
        "section": "references",
        "entry_pk": rater.pk,
        "rater_pk": rater.pk,
    }
    pages = {}
    for name, pattern in _named_patterns():
        wanted = {k: kwargs[k] for k in pattern.pattern.regex.groupindex if k in kwargs}
        if len(wanted) != len(pattern.pattern.regex.groupindex):
            continue  # the rater's own link and other people's objects: not the applicant's
        url = reverse(name, kwargs=wanted)
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = body.decode(errors="replace")
    assert len(pages) >= 12
    assert [url for url, text in pages.items() if SECRET in text] == []
    exported = json.loads(client.get(f"/applications/{application.pk}/export.json").content)
    assert set(exported["references"][0]) <= {
        "id",
        "name",
        "email",
        "role",
        "status",
        "endorsement",
        "completed_on",
        "known_years",
        "not_enough_information",
        "vetted",
    }


def _named_patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def test_a_reminder_can_be_sent_once_the_wait_is_over(client, ask, deliver, applicant):
    rater = ask()
    deliver()
    sign_in(client, applicant)
    url = f"/applications/{rater.application_id}/references/{rater.pk}/nudge/"
    refused = client.post(url, follow=True).content.decode()
    assert "You reminded this rater recently" in refused
    assert deliver() == []
    with time_machine.travel(timezone.now() + timedelta(hours=73)):
        sign_in(client, applicant)  # a session lasts 12 hours
        client.post(url)
        [reminder] = deliver()
        client.post(url)
        assert deliver() == []
    assert reminder.subject == "[Endorse] Reminder: a request for a reference rating"
    assert link_in(reminder).startswith("/r/")


def test_replacing_a_rater_withdraws_the_old_request_and_asks_the_new_one(
    client, ask, deliver, applicant, application
):
    old = ask("Olga Old", role="supervisee")
    old_link = link_in(deliver()[0])
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/references/{old.pk}/replace/"
    form = client.get(url).content.decode()
    assert 'value="supervisee" selected' in form
    response = client.post(
        url,
        {
            "name": "Nina New",
            "email": "nina@example.org",
            "role": "supervisee",
            "known_years": "2",
            "waived": "yes",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = Rater.objects.get(name="Nina New")
    sent = {m.to[0]: m.subject for m in deliver()}
    assert sent == {
        "olga@example.org": "[Endorse] A reference rating is no longer needed",
        "nina@example.org": "[Endorse] A request for a reference rating",
    }
    assert (request_state(old, now=timezone.now()), new.waived) == (RequestState.WITHDRAWN, True)
    assert client.get(old_link).status_code == 410
    assert _states(client, application) == ["sent"]


def test_a_declined_raters_reason_stays_with_staff_after_the_rater_is_replaced(
    client, ask, deliver, applicant, coordinator, application
):
    """Bug 1: a declining rater's reason vanished once the applicant replaced them. It stays on
    the staff file and in the timeline, and never reaches the applicant's pages."""
    reason = "I supervised <b>Quillon Marsh</b> & never this applicant"
    old = ask("Olga Old", role="supervisee")
    client.post(f"{link_in(deliver()[0])}decline/", {"reason": reason})
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{application.pk}/references/{old.pk}/replace/",
        {"name": "Nina New", "email": "nina@example.org", "role": "supervisee", "waived": "yes"},
    )
    assert response.status_code == 302
    applicant_pages = [
        client.get(url, follow=True).content.decode()
        for url in (
            f"/applications/{application.pk}/",
            f"/applications/{application.pk}/export.json",
        )
    ]
    assert [page for page in applicant_pages if "Quillon" in page] == []
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{application.pk}/").content.decode()
    escaped = html.escape(reason)
    assert re.search(rf'id="withdrawn-raters".*?Olga Old.*?{re.escape(escaped)}', page, re.S)
    timeline = page[page.index('id="timeline"') :]
    assert re.search(rf"Rater declined.*?why: {re.escape(escaped)}", timeline, re.S)
    assert "<b>Quillon Marsh</b>" not in page


def test_a_rater_not_yet_asked_is_deleted_and_a_sent_one_withdrawn(
    client, ask, applicant, application
):
    sent = ask("Sent Rater")
    unsent = Rater.objects.create(
        application=application, name="Draft Rater", email="d@example.org", role="colleague"
    )
    sign_in(client, applicant)
    for rater in (sent, unsent):
        client.post(f"/applications/{application.pk}/references/{rater.pk}/delete/")
    assert [(r.name, r.withdrawn_at is not None) for r in Rater.objects.all()] == [
        ("Sent Rater", True)
    ]


def test_a_sent_request_cannot_be_edited(client, ask, applicant, application):
    rater = ask()
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{application.pk}/references/{rater.pk}/",
        {"name": "Someone Else", "email": "x@example.org", "role": "colleague", "waived": "no"},
        follow=True,
    )
    rater.refresh_from_db()
    assert rater.name == "Rita Rater"
    assert "a sent request cannot be changed" in response.content.decode()


def test_adding_a_rater_in_the_workspace_sends_the_request(client, deliver, applicant, application):
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{application.pk}/references/add/",
        {
            "name": "Fatima Field",
            "email": "fatima@example.org",
            "role": "rsc_provider",
            "capacity": "My reflective supervisor since 2021",
            "known_years": "5",
            "endorsement_level": "IV",
            "endorsement_number": "MI-1001",
            "waived": "no",
        },
        follow=True,
    )
    assert "The request is on its way to the rater by email" in response.content.decode()
    [message] = deliver()
    assert message.to == ["fatima@example.org"]
    assert _states(client, application) == ["sent"]


def test_a_bounced_request_is_reported_and_can_be_sent_again(
    client, ask, deliver, applicant, application
):
    rater = ask(email="nobody@invalid.example")
    deliver()
    message_bounce(message=OutboxMessage.objects.get(rater=rater), reason="550 5.1.1 no such user")
    [notice] = deliver()
    assert (notice.to, notice.subject) == (
        ["ada.applicant@example.org"],
        "[Endorse] A reference request could not be delivered",
    )
    sign_in(client, applicant)
    assert "The email could not be delivered" in _workspace(client, application)
    client.post(f"/applications/{application.pk}/references/{rater.pk}/send/")
    assert [m.to for m in deliver()] == [[rater.email]]
    assert _states(client, application) == ["sent"]


def test_requests_and_replies_are_recorded_without_their_content(ask, deliver, client):
    rater = ask()
    link = link_in(deliver()[0])
    client.post(f"{link}start/")
    client.post(f"{link}rating/", full_answers() | {"comments": SECRET, "action": "submit"})
    events = list(rater.application.events.values_list("kind", "data"))
    assert [kind for kind, _ in events] == [
        "started",
        "evidence_added",
        "reference_requested",
        "reference_opened",
        "reference_completed",
    ]
    assert SECRET not in json.dumps([data for _, data in events])


def test_a_request_email_that_finally_fails_is_shown_like_a_bounce(
    client, ask, deliver, applicant, application, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.ScriptedBackend"}}
    ScriptedBackend.script[:] = [smtplib.SMTPDataError(554, b"rejected by policy")]
    try:
        ask()
        deliver()
    finally:
        ScriptedBackend.script[:] = []
    [notice] = deliver()
    assert notice.subject == "[Endorse] A reference request could not be delivered"
    sign_in(client, applicant)
    assert _states(client, application) == ["bounced"]


def test_an_email_to_the_applicant_that_failed_is_shown_in_their_workspace(
    client, applicant, application
):
    OutboxMessage.objects.create(
        idempotency_key="x",
        recipient=applicant.email,
        template="applications/email/submitted",
        application=application,
        status="bounced",
        last_error="550 5.1.1 mailbox unavailable",
    )
    sign_in(client, applicant)
    page = _workspace(client, application)
    assert "We could not deliver 1 email to ada.applicant@example.org" in page
    assert "550 5.1.1 mailbox unavailable" in page


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _rate(rater):
    """The rater answers every item and submits, through the domain as the rater's page does."""
    references.reference_open(rater=rater)
    answers = {key.removeprefix("item_"): value for key, value in full_answers().items()}
    return references.rating_save(
        rater=rater,
        answers={k: v for k, v in answers.items() if k not in FORM_ONLY},
        known_years=Decimal(4),
        recommendation="recommend",
        comments=SECRET,
        submit=True,
    )


FORM_ONLY = ("known_years", "recommendation", "comments")


def test_importing_into_a_draft_keeps_sent_raters_and_their_ratings(ask, applicant, application):
    """Security review finding 5: importing a portfolio never deletes a rater whose request was
    sent, nor any rating; a rater of the file with a kept rater's email is not added twice."""
    rated = ask("Priya Raman", email="Priya.Raman@example.org")
    rating = _rate(rated)
    waiting = ask("Sam Sent", email="sam@example.org")
    Rater.objects.create(
        application=application, name="Draft Rater", email="d@example.org", role="colleague"
    )
    applications.application_import(
        applicant=applicant,
        application=application,
        text=(EXAMPLES / "clinical-in-progress.json").read_bytes(),
    )
    kept = Rater.objects.filter(application=application).order_by("pk")
    assert [(r.name, r.email, r.sent_at is not None) for r in kept] == [
        ("Priya Raman", "Priya.Raman@example.org", True),
        ("Sam Sent", "sam@example.org", True),
        ("Dr. Elena Ruiz", "eruiz@example.org", False),
        ("Alex Moreno", "alex.moreno@example.org", False),
    ]
    assert Rating.objects.get(rater=rated) == rating
    assert (kept[0].pk, kept[1].pk, kept[0].status) == (rated.pk, waiting.pk, "completed")
    event = application.events.get(kind="imported")
    assert (event.data["kept_raters"], event.data["not_added"]) == (
        [rated.pk, waiting.pk],
        ["references.0"],
    )


def test_a_rating_cannot_be_deleted_with_its_rater(ask):
    """Security review finding 5: the database itself refuses to delete a rater's rating."""
    rater = ask()
    _rate(rater)
    with pytest.raises(ProtectedError):
        Rater.objects.filter(pk=rater.pk).delete()
    assert Rating.objects.filter(rater=rater).count() == 1


def test_no_applicant_action_deletes_a_rater_who_was_asked(ask, applicant, application):
    """Security review finding 5: deleting evidence refuses a sent rater; removing one withdraws
    it, and its rating stays."""
    rater = ask()
    _rate(rater)
    with pytest.raises(applications.TransitionError, match="withdrawn, not deleted"):
        applications.evidence_delete(application=application, entry=rater, actor=applicant)
    with pytest.raises(references.RequestError, match="completed request cannot be withdrawn"):
        references.rater_remove(application=application, entry=rater, actor=applicant)
    asked = ask("Wanda Waiting")
    references.rater_remove(application=application, entry=asked, actor=applicant)
    assert [(r.name, r.withdrawn_at is not None) for r in Rater.objects.order_by("pk")] == [
        ("Rita Rater", False),
        ("Wanda Waiting", True),
    ]
    assert Rating.objects.count() == 1


def _rater_form(**fields):
    return {"name": "Nina New", "role": "colleague", "known_years": "2", "waived": "no"} | fields


OWN_EMAIL = "This is your own email address. A rater must be someone else, writing from their own."
TAKEN_EMAIL = (
    "Another rater of this application has this email address. Each rater needs their own."
)


def test_a_rater_email_that_is_the_applicants_or_another_raters_is_refused(
    client, ask, applicant, application
):
    """Security review finding 4: a rater's email may not be the applicant's, nor another
    rater's of the same application (case does not matter): a field error, nothing saved."""
    rita = ask("Rita Rater")
    sign_in(client, applicant)
    errors = []
    for url, email in (
        (f"/applications/{application.pk}/references/add/", "ADA.Applicant@example.org"),
        (f"/applications/{application.pk}/references/add/", "RITA@example.org"),
        (f"/applications/{application.pk}/references/{rita.pk}/replace/", "Rita@Example.org"),
    ):
        response = client.post(url, _rater_form(email=email))
        errors.append((response.status_code, response.context["form"].errors))
    assert errors == [
        (400, {"email": [OWN_EMAIL]}),
        (400, {"email": [TAKEN_EMAIL]}),
        (400, {"email": [TAKEN_EMAIL]}),
    ]
    with pytest.raises(references.RequestError, match="your own email address"):
        references.rater_save_and_send(
            application=application,
            entry=Rater(name="Me Again", email=" ada.applicant@EXAMPLE.org", role="colleague"),
            actor=applicant,
        )
    assert list(Rater.objects.values_list("name", flat=True)) == ["Rita Rater"]


def test_importing_a_rater_with_the_applicants_email_is_refused(applicant, application):
    """Security review finding 4: a portfolio file cannot name the applicant, or one address
    twice, as raters."""
    data = json.loads((EXAMPLES / "clinical-in-progress.json").read_text())
    data["references"][1]["email"] = "Ada.Applicant@example.org"
    data["references"][2]["email"] = "PRIYA.raman@example.org"
    with pytest.raises(applications.PortfolioError) as caught:
        applications.application_import(
            applicant=applicant, application=application, text=json.dumps(data)
        )
    assert [str(p) for p in caught.value.problems] == [
        "references.1.email: the applicant's own email address; a rater must be someone else",
        "references.2.email: the same email address as references.0; each rater needs their own",
    ]
    assert Rater.objects.count() == 0


def _add_rater(client, application, name, email):
    return client.post(
        f"/applications/{application.pk}/references/add/",
        _rater_form(name=name, email=email),
        follow=True,
    )


def test_requests_are_capped_per_day_and_a_refused_one_stays_saved_to_send_later(
    client, ask, deliver, applicant, application, settings
):
    """Security review finding 9: saving a rater mails at most
    ENDORSE_REFERENCE_REQUESTS_PER_DAY requests in 24 hours (all the applicant's applications
    together); a refused one is saved, not sent, says why, and can be sent once the day is over."""
    settings.ENDORSE_REFERENCE_REQUESTS_PER_DAY = 2
    ask("Ann One")
    ask("Ben Two")
    assert len(deliver()) == 2
    sign_in(client, applicant)
    page = html.unescape(
        _add_rater(client, application, "Cal Three", "cal@example.org").content.decode()
    )
    cal = Rater.objects.get(name="Cal Three")
    assert cal.sent_at is None
    assert deliver() == []
    first_sent = ApplicationEvent.objects.filter(kind="reference_requested").earliest("pk")
    later = timezone.localtime(first_sent.created_at + timedelta(hours=24))
    assert (
        "Saved, but not sent: 2 reference requests have been sent in the last 24 hours, the "
        f"most allowed. You can send this one from {later:%-d %B %Y, %H:%M}." in page
    )
    assert _states(client, application)[-1] == "not_sent"
    other = applications.application_start(applicant=applicant, category="mentor-policy")
    with pytest.raises(applications.PartlyDone, match="in the last 24 hours"):
        references.rater_save_and_send(
            application=other,
            entry=Rater(name="Dee Four", email="dee@example.org", role="colleague"),
            actor=applicant,
        )
    refused = client.post(
        f"/applications/{application.pk}/references/{cal.pk}/send/", follow=True
    ).content.decode()
    assert "Not sent: 2 reference requests have been sent in the last 24 hours" in html.unescape(
        refused
    )
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        sign_in(client, applicant)
        client.post(f"/applications/{application.pk}/references/{cal.pk}/send/")
        assert [m.to for m in deliver()] == [["cal@example.org"]]


def test_an_application_sends_at_most_so_many_requests_in_all(
    client, ask, deliver, applicant, application, settings
):
    """Security review finding 9: an application sends at most
    ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION requests in all, new links included; replacing a
    rater past that is refused before the old request is withdrawn."""
    settings.ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION = 2
    first = ask("Ann One")
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        references.reference_request_send(rater=first, actor=applicant)  # a new link counts
        deliver()
        sign_in(client, applicant)
        page = html.unescape(
            _add_rater(client, application, "Ben Two", "ben@example.org").content.decode()
        )
        assert (
            "Saved, but not sent: this application has sent 2 reference requests, the most "
            "allowed. Ask the endorsement coordinator if you need to ask someone else." in page
        )
        response = client.post(
            f"/applications/{application.pk}/references/{first.pk}/replace/",
            _rater_form(name="Cal Three", email="cal@example.org"),
        )
        assert response.status_code == 400
        assert "this application has sent 2 reference requests" in html.unescape(
            response.content.decode()
        )
        first.refresh_from_db()
        assert (first.withdrawn_at, deliver()) == (None, [])
        assert [(r.name, r.sent_at is None) for r in Rater.objects.order_by("pk")] == [
            ("Ann One", False),
            ("Ben Two", True),
        ]
