"""The workspace's evidence part, kept rendered per application version (`workspace.cache`,
decision 0008): after every kind of change the page served is the page rendered afresh.

Each test opens the page (which stores the part), makes one real change through the product's
domain functions or pages, and compares the page then served with the page rendered with the
cache off, CSRF tokens and flash messages set aside: equal, and not the page of before.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from endorse.accounts import domain as accounts
from endorse.applications import domain as applications
from endorse.applications.models import (
    Application,
    Certificate,
    Degree,
    Document,
    LeadershipActivity,
    License,
    Rater,
    SupervisionEntry,
    Training,
    WorkEntry,
)
from endorse.conversations import domain as conversations
from endorse.notifications.domain import message_bounce
from endorse.notifications.models import OutboxMessage
from endorse.references import domain as references
from endorse.registry.domain import endorsement_issue
from endorse.review import domain as review
from endorse.workspace import cache

from ..conftest import sign_in
from ..references.conftest import full_answers, link_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FLASH = re.compile(
    r'<div class="usa-alert usa-alert--\w+ usa-alert--slim margin-top-2" role="status">.*?</div></div>'
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def page(client: Client, application: Application) -> str:
    response = client.get(f"/applications/{application.pk}/")
    assert response.status_code == 200
    text = FLASH.sub("", CSRF.sub('name="csrfmiddlewaretoken" value=""', response.text))
    return "\n".join(line for line in text.splitlines() if line.strip())


def afresh(client: Client, application: Application) -> str:
    with override_settings(ENDORSE_WORKSPACE_CACHE_SIZE=0):
        return page(client, application)


def assert_served_afresh(client: Client, application: Application, before: str) -> str:
    served = page(client, application)
    assert served == afresh(client, application)
    assert served != before
    return served


@pytest.fixture
def draft(applicant):
    return applications.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )


@pytest.fixture
def opened(client, applicant, draft):
    """The applicant's workspace open: its part stored."""
    sign_in(client, applicant)
    before = page(client, draft)
    assert len(cache.PARTS) == 1
    return before


def _rows(application: Application, model: type) -> list:
    return list(model.objects.filter(application=application).order_by("pk"))


NEW_ENTRIES = {
    "degrees": lambda a: Degree(
        application=a, type="ma", field="Social work", conferred_on=date(2015, 5, 1)
    ),
    "certificates": lambda a: Certificate(
        application=a, kind="cda", title="CDA", completed_on=date(2018, 6, 1)
    ),
    "licenses": lambda a: License(
        application=a, jurisdiction="Michigan", number="L-1", issued_on=date(2017, 1, 1)
    ),
    "trainings": lambda a: Training(
        application=a,
        title="Infant observation",
        provider="MI-AIMH",
        start_on=date(2024, 3, 1),
        hours=Decimal(4),
        relationship_based=True,
    ),
}


@pytest.mark.parametrize("section", sorted(NEW_ENTRIES))
def test_an_entry_added_shows_at_once(client, applicant, draft, opened, section):
    applications.evidence_save(
        application=draft, entry=NEW_ENTRIES[section](draft), actor=applicant
    )
    assert_served_afresh(client, draft, opened)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (WorkEntry, "position", "Home visitor, second post"),
        (LeadershipActivity, "activity", "Chaired the reading group"),
        (SupervisionEntry, "provider_name", "Second Provider"),
    ],
)
def test_an_entry_like_another_added_shows_at_once(
    client, applicant, draft, opened, model, field, value
):
    entry = _rows(draft, model)[0]
    entry.pk = entry.id = None
    setattr(entry, field, value)
    applications.evidence_save(application=draft, entry=entry, actor=applicant)
    assert value in assert_served_afresh(client, draft, opened)


@pytest.mark.parametrize("section", ["certificates", "licenses"])
def test_a_certificate_or_licence_changed_then_removed_shows_at_once(
    client, applicant, draft, section
):
    entry = applications.evidence_save(
        application=draft, entry=NEW_ENTRIES[section](draft), actor=applicant
    )
    sign_in(client, applicant)
    before = page(client, draft)
    if section == "certificates":
        entry.title = "CDA, renewed"
    else:
        entry.number = "L-2"
    applications.evidence_save(application=draft, entry=entry, actor=applicant)
    changed = assert_served_afresh(client, draft, before)
    applications.evidence_delete(application=draft, entry=entry, actor=applicant)
    assert_served_afresh(client, draft, changed)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Degree, "field", "Infant mental health"),
        (Training, "title", "Renamed training"),
        (WorkEntry, "position", "Renamed position"),
        (LeadershipActivity, "activity", "Renamed activity"),
        (SupervisionEntry, "provider_name", "Renamed Provider"),
    ],
)
def test_an_entry_changed_shows_at_once(client, applicant, draft, opened, model, field, value):
    entry = _rows(draft, model)[0]
    setattr(entry, field, value)
    applications.evidence_save(application=draft, entry=entry, actor=applicant)
    assert value in assert_served_afresh(client, draft, opened)


@pytest.mark.parametrize(
    "model", [Degree, Training, WorkEntry, LeadershipActivity, SupervisionEntry, Rater]
)
def test_an_entry_removed_goes_at_once(client, applicant, draft, opened, model):
    entry = _rows(draft, model)[0]
    if model is Rater:
        references.rater_remove(application=draft, entry=entry, actor=applicant)
    else:
        applications.evidence_delete(application=draft, entry=entry, actor=applicant)
    assert_served_afresh(client, draft, opened)


def test_an_entry_added_through_the_page_shows_at_once(client, draft, opened):
    response = client.post(
        f"/applications/{draft.pk}/trainings/add/",
        {
            "title": "Parent-infant psychotherapy seminar",
            "provider": "MI-AIMH",
            "start_on": "2026-10-02",
            "end_on": "",
            "hours": "6.5",
            "relationship_based": "on",
            "topics": ["imh"],
        },
    )
    assert response.status_code == 302
    assert "Parent-infant psychotherapy seminar" in assert_served_afresh(client, draft, opened)


def test_a_row_changed_by_queryset_update_shows_at_once(client, draft, opened):
    """No domain function, no signal: the database's trigger raises the version."""
    Training.objects.filter(application=draft).update(title="Changed behind Django's back")
    assert "Changed behind Django&#x27;s back" in assert_served_afresh(client, draft, opened)


def test_a_stale_application_saved_after_a_change_does_not_lower_the_version(
    client, applicant, draft, opened
):
    """Django writes every column: an application read before an entry was added and saved
    after it would put the old version back, and the old page with it; the database keeps it."""
    stale = Application.objects.get(pk=draft.pk)
    Training.objects.filter(application=draft).update(title="Changed after the read")
    stale.save()
    assert Application.objects.get(pk=draft.pk).evidence_version > stale.evidence_version - 1
    assert "Changed after the read" in assert_served_afresh(client, draft, opened)


def test_a_transcript_uploaded_and_removed_shows_at_once(client, applicant, draft, opened):
    degree = _rows(draft, Degree)[0]
    client.post(
        f"/applications/{draft.pk}/degrees/{degree.pk}/transcript/",
        {"file": SimpleUploadedFile("transcript.pdf", PDF, content_type="application/pdf")},
    )
    uploaded = assert_served_afresh(client, draft, opened)
    assert "transcript.pdf" in uploaded
    document = Document.objects.get(application=draft)
    client.post(f"/applications/{draft.pk}/documents/{document.pk}/remove/")
    assert "transcript.pdf" not in assert_served_afresh(client, draft, uploaded)


def test_the_agreement_signed_shows_at_once(client, applicant, draft, opened):
    applications.ethics_sign(
        application=draft, signed_name="Ada Applicant", version="2024", actor=applicant
    )
    assert "Signed by Ada Applicant" in assert_served_afresh(client, draft, opened)


def test_a_membership_added_and_changed_shows_at_once(client, applicant, draft, opened):
    membership = accounts.membership_add(
        person=applicant,
        association="Ohio AIMH",
        member_id="77",
        kind="individual",
        expires_on=date(2031, 1, 31),
    )
    added = assert_served_afresh(client, draft, opened)
    membership.expires_on = date(2032, 2, 29)
    membership.save()
    assert "expires 29 February 2032" in assert_served_afresh(client, draft, added)


def test_the_applicants_name_changed_shows_at_once(client, applicant, draft, opened):
    """The checklist reads the applicant's name (the engine's portfolio)."""
    applications.ethics_sign(
        application=draft, signed_name="Ada Applicant", version="2024", actor=applicant
    )
    signed = page(client, draft)
    accounts.profile_update(person=applicant, name="Ada Renamed", phone="")
    served = page(client, draft)
    assert served == afresh(client, draft)
    assert signed != opened


# References: every state a request goes through, each through the product's own path.


@pytest.fixture
def asked(client, applicant, application, ask, deliver):
    """A new application with one request sent, its page open; the rater's link."""
    rater = ask()
    link = link_in(deliver()[0])
    sign_in(client, applicant)
    return rater, link, page(client, application)


def test_a_request_sent_shows_at_once(client, applicant, application, deliver):
    sign_in(client, applicant)
    before = page(client, application)
    rater = Rater(application=application, name="Rita Rater", role="program_supervisor")
    rater.email, rater.known_years = "rita@example.org", 3
    references.rater_save_and_send(application=application, entry=rater, actor=applicant)
    assert "Link valid until" in assert_served_afresh(client, application, before)


def test_a_request_opened_drafted_and_completed_shows_at_once(client, application, asked):
    _, link, before = asked
    rater = Client()
    rater.post(f"{link}start/")
    opened = assert_served_afresh(client, application, before)
    assert "The rater has started" in opened
    rater.post(f"{link}rating/", full_answers() | {"action": "save"})
    drafted = assert_served_afresh(client, application, opened)
    assert "The rater saved a draft" in drafted
    rater.post(f"{link}rating/", full_answers() | {"action": "submit"})
    assert "The rating is complete" in assert_served_afresh(client, application, drafted)


def test_a_request_declined_shows_at_once(client, application, asked):
    rater, _, before = asked
    references.reference_decline(rater=rater, reason="I do not know her work well enough")
    assert "The rater declined" in assert_served_afresh(client, application, before)


def test_a_request_bounced_shows_at_once(client, application, asked):
    rater, _, before = asked
    message_bounce(message=OutboxMessage.objects.get(rater=rater), reason="550 no such user")
    assert "could not be delivered" in assert_served_afresh(client, application, before)


def test_a_link_that_expires_is_shown_expired_the_moment_it_does(
    client, applicant, application, asked
):
    """The stored part ends at the link's expiry, even within the same day."""
    rater, _, _ = asked
    rater.refresh_from_db()
    with time_machine.travel(rater.expires_at - timedelta(minutes=1), tick=False):
        sign_in(client, applicant)
        before = page(client, application)
        assert "Link valid until" in before
    with time_machine.travel(rater.expires_at + timedelta(minutes=1), tick=False):
        sign_in(client, applicant)
        assert "The link expired" in assert_served_afresh(client, application, before)


def test_a_reminder_is_offered_the_moment_it_may_be_sent(client, applicant, application, asked):
    rater, _, _ = asked
    rater.refresh_from_db()
    allowed = references.nudge_allowed_at(rater)
    with time_machine.travel(allowed - timedelta(minutes=1), tick=False):
        sign_in(client, applicant)
        before = page(client, application)
        assert "Send a reminder" not in before
    with time_machine.travel(allowed + timedelta(minutes=1), tick=False):
        sign_in(client, applicant)
        assert "Send a reminder" in assert_served_afresh(client, application, before)


def test_the_next_day_the_checklist_is_worked_out_again(client, applicant, draft):
    """A membership that ends today counts today and not tomorrow: the local midnight ends
    the stored part."""
    zone = timezone.get_current_timezone()
    evening = datetime.combine(date(2026, 12, 2), time(23, 58), tzinfo=zone)
    with time_machine.travel(evening, tick=False):
        accounts.membership_add(
            person=applicant,
            association="MI-AIMH",
            member_id="1",
            kind="individual",
            expires_on=date(2026, 12, 2),
        )
        sign_in(client, applicant)
        before = page(client, draft)
    with time_machine.travel(evening + timedelta(minutes=4), tick=False):
        assert_served_afresh(client, draft, before)


# The conversation, the review and the endorsement.


def test_a_request_for_information_and_its_answer_show_at_once(
    client, applicant, coordinator, submitted
):
    sign_in(client, applicant)
    before = page(client, submitted)
    thread = conversations.thread_start(
        application=submitted,
        kind="request",
        section="trainings",
        subject="Your seminar's hours",
        body="Please send the certificate of attendance.",
        actor=coordinator,
    )
    asked = assert_served_afresh(client, submitted, before)
    assert "Your seminar&#x27;s hours" in asked
    conversations.message_post(thread=thread, body="Here it is.", actor=applicant)
    assert "Here it is." in assert_served_afresh(client, submitted, asked)


def test_submitting_shows_at_once(client, applicant, draft, opened):
    complete = applications.application_import(
        applicant=applicant,
        text=(EXAMPLES / "policy-ready-for-exam.json").read_bytes(),
        trusted=True,
    )
    before = page(client, complete)
    applications.application_submit(application=complete, actor=applicant)
    assert "Submitted" in assert_served_afresh(client, complete, before)


def test_changes_requested_open_the_sections_named(
    client, applicant, coordinator, reviewers, submitted
):
    sign_in(client, applicant)
    before = page(client, submitted)
    first, second = review.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    for assignment in (first, second):
        review.review_submit(
            assignment=assignment,
            competencies=[],
            comments="",
            outcome="on_hold",
            sections=["trainings"],
            reason="Add the seminar's hours.",
            actor=assignment.reviewer,
        )
    review.decision_record(
        application=submitted,
        outcome="on_hold",
        reason="Add the seminar's hours.",
        sections=["trainings"],
        actor=coordinator,
    )
    served = assert_served_afresh(client, submitted, before)
    assert "Open for changes: In-service training." in served


def test_the_endorsement_shows_at_once(client, applicant, coordinator, endorsable):
    sign_in(client, applicant)
    before = page(client, endorsable)
    endorsement_issue(application=endorsable, actor=coordinator)
    assert "Endorsed: " in assert_served_afresh(client, endorsable, before)


def test_a_change_of_policy_version_shows_at_once(client, draft, opened):
    Application.objects.filter(pk=draft.pk).update(policy="2024")
    assert_served_afresh(client, draft, opened)


def test_open_applications_moved_to_a_new_policy_show_it_at_once(client, draft, opened):
    applications.applications_reevaluate(policy="2024", apply=True)
    assert Application.objects.get(pk=draft.pk).policy == "2024"
    assert_served_afresh(client, draft, opened)


def test_the_page_at_the_associations_address_links_under_it(client, association, draft, opened):
    """The same application at `/a/<slug>/` reverses every link under that prefix: a part of
    its own, not the one stored for the plain address."""
    response = client.get(f"/a/{association.slug}/applications/{draft.pk}/")
    prefixed = "\n".join(
        line
        for line in CSRF.sub('name="csrfmiddlewaretoken" value=""', response.text).splitlines()
        if line.strip()
    )
    assert f'href="/a/{association.slug}/applications/{draft.pk}/trainings/add/"' in prefixed
    assert len(cache.PARTS) == 2
    assert page(client, draft) == opened


def test_an_association_time_zone_changed_shows_times_in_the_new_zone(
    client, applicant, association, draft
):
    applications.ethics_sign(
        application=draft, signed_name="Ada Applicant", version="2024", actor=applicant
    )
    sign_in(client, applicant)
    before = page(client, draft)
    association.time_zone = "Asia/Tokyo"
    association.save(update_fields=["time_zone"])
    assert_served_afresh(client, draft, before)


# What is kept, for whom, and what it saves.


def test_two_sessions_of_one_applicant_each_get_their_own_csrf_token(applicant, application):
    """One stored part, two sessions: each page carries its own session's token, which that
    session's form is accepted with and the other's is refused with."""
    rater = Rater(application=application, name="Rita Rater", role="program_supervisor")
    rater.email, rater.known_years = "rita@example.org", 3
    applications.evidence_save(application=application, entry=rater, actor=applicant)
    sessions = [sign_in(Client(enforce_csrf_checks=True), applicant) for _ in range(2)]
    pages = [c.get(f"/applications/{application.pk}/").text for c in sessions]
    [first], [second] = (set(CSRF_VALUE.findall(p)) for p in pages)
    assert len(cache.PARTS) == 1
    assert cache.CSRF_STAND_IN not in pages[0] + pages[1]
    send = f"/applications/{application.pk}/references/{rater.pk}/send/"
    assert sessions[0].post(send, {"csrfmiddlewaretoken": second}).status_code == 403
    assert sessions[1].post(send, {"csrfmiddlewaretoken": first}).status_code == 403
    assert sessions[0].post(send, {"csrfmiddlewaretoken": first}).status_code == 302


def test_the_cache_keeps_at_most_its_size(client, applicant, settings):
    settings.ENDORSE_WORKSPACE_CACHE_SIZE = 2
    sign_in(client, applicant)
    drafts = [
        applications.application_start(applicant=applicant, category=c)
        for c in ("mentor-policy", "mentor-clinical", "family-specialist")
    ]
    for application in drafts:
        page(client, application)
    assert len(cache.PARTS) == 2


def test_a_page_served_from_the_cache_reads_fewer_rows(
    client, applicant, draft, django_assert_num_queries
):
    """A miss reads the application with its evidence, the endorsement and the conversation;
    a hit the session, the person, the application's own row, its undelivered emails and the
    header's staff roles and unread messages."""
    sign_in(client, applicant)
    client.get("/")  # the association table loaded once
    with django_assert_num_queries(20):
        page(client, draft)
    with django_assert_num_queries(6):
        page(client, draft)
