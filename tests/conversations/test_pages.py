"""Conversation pages through the test client: where threads show, what the applicant never
sees, what the pages cost."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from endorse.conversations import domain
from endorse.conversations.models import Thread

from ..conftest import imported, make_person, sign_in

NOTE = "Staff only: ask the supervisor about the hours"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _with_messages(applicant, coordinator, count):
    application = imported(applicant, "policy-ready-for-exam")
    thread = domain.thread_start(
        application=application,
        kind="request",
        section="degrees",
        subject="Transcript",
        body="Please upload it.",
        actor=coordinator,
    )
    for n in range(count - 1):
        domain.message_post(thread=thread, body=f"Reminder {n}", actor=coordinator)
    domain.thread_start(
        application=application, kind="note", section="", subject="n", body="n", actor=coordinator
    )
    return application


def test_the_workspace_costs_the_same_for_1_or_3_messages(applicant, coordinator):
    # One open application per category and person: the second file is another person's.
    other = make_person("other.applicant@example.org", "Otto Other")
    one = _with_messages(applicant, coordinator, 1)
    three = _with_messages(other, coordinator, 3)
    first, second = sign_in(Client(), applicant), sign_in(Client(), other)
    first.get(f"/applications/{one.pk}/")  # warm the sessions
    second.get(f"/applications/{three.pk}/")
    assert _queries(first, f"/applications/{one.pk}/") == _queries(
        second, f"/applications/{three.pk}/"
    )


def test_the_staff_file_costs_the_same_for_1_or_3_messages(client, applicant, coordinator):
    one = _with_messages(applicant, coordinator, 1)
    three = _with_messages(make_person("other.applicant@example.org", "Otto"), coordinator, 3)
    sign_in(client, coordinator)
    client.get(f"/staff/applications/{one.pk}/")
    assert _queries(client, f"/staff/applications/{one.pk}/") == _queries(
        client, f"/staff/applications/{three.pk}/"
    )


def test_the_inboxes_cost_the_same_for_1_or_3_threads(client, applicant, coordinator):
    sign_in(client, coordinator)
    _with_messages(applicant, coordinator, 1)
    client.get("/staff/conversations/")
    fewer = (_queries(client, "/staff/conversations/"), _queries(client, "/conversations/"))
    _with_messages(make_person("second@example.org", "Second"), coordinator, 1)
    _with_messages(make_person("third@example.org", "Third"), coordinator, 1)
    assert (_queries(client, "/staff/conversations/"), _queries(client, "/conversations/")) == fewer


def test_a_request_shows_as_needing_attention_on_its_section(
    client, draft, applicant, transcript_request
):
    html = sign_in(client, applicant).get(f"/applications/{draft.pk}/").content.decode()
    section = html.split('id="section-degrees"')[1].split('id="section-')[0]
    assert "Needs your answer" in section
    assert transcript_request.subject in section


def _crawl(client, start):
    """Every page of the site reachable by GET from `start`, with its HTML."""
    seen, queue, pages = set(), [start], {}
    while queue and len(seen) < 80:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            pages[url] = (
                response.content.decode(errors="replace") if response.status_code == 200 else ""
            )
            continue
        html = response.content.decode()
        pages[url] = html
        for link in re.findall(r'href="(/[^"#?]*)', html):
            if not link.startswith(("/static/", "/accounts/", "/staff/", "/admin/", "/r/")):
                queue.append(link)
    return pages


def test_staff_notes_never_reach_the_applicants_pages_or_export(
    client, draft, degree, applicant, coordinator, transcript_request
):
    note = domain.thread_start(
        application=draft,
        kind="note",
        section="degrees",
        entry_pk=degree.pk,
        subject=NOTE,
        body=NOTE,
        actor=coordinator,
    )
    domain.message_post(thread=note, body=NOTE, actor=coordinator)
    domain.message_post(thread=transcript_request, body="Uploaded.", actor=applicant)
    sign_in(client, applicant)
    pages = _crawl(client, f"/applications/{draft.pk}/")
    pages["export"] = client.get(f"/applications/{draft.pk}/export.json").content.decode()
    assert f"/conversations/{transcript_request.pk}/" in pages  # the crawl reached the threads
    assert f"/applications/{draft.pk}/history/" in pages
    assert [url for url, html in pages.items() if NOTE in html] == []
    assert client.get(f"/conversations/{note.pk}/").status_code == 404


def test_the_staff_file_shows_threads_by_section_and_messages_in_the_timeline(
    client, draft, coordinator, transcript_request
):
    html = sign_in(client, coordinator).get(f"/staff/applications/{draft.pk}/").content.decode()
    section = html.split('id="section-degrees"')[1].split('id="section-')[0]
    timeline = html.split('id="timeline"')[1]
    assert transcript_request.subject in section
    assert "Please upload the official transcript." in timeline
    assert "Information requested" in timeline


def test_the_header_counts_unread_messages(client, draft, applicant, transcript_request):
    sign_in(client, applicant)
    before = client.get("/conversations/").content.decode()
    client.get(f"/conversations/{transcript_request.pk}/")
    after = client.get("/conversations/").content.decode()
    assert ('aria-label="1 unread"' in before, "unread-count" in after) == (True, False)


def test_the_applicant_answers_a_request_with_a_message(
    client, draft, applicant, transcript_request
):
    sign_in(client, applicant)
    response = client.post(
        f"/conversations/{transcript_request.pk}/", {"body": "It is on its way by post."}
    )
    html = client.get(f"/conversations/{transcript_request.pk}/").content.decode()
    assert response.status_code == 302
    assert 'data-state="answered"' in html


def test_an_empty_question_is_refused_keeping_the_subject(client, draft, applicant):
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{draft.pk}/questions/new/?section=trainings",
        {"subject": "Does this conference count?", "body": "", "section": "trainings"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Does this conference count?"' in html
    assert Thread.objects.count() == 0


def test_get_help_sends_a_question_with_the_page_it_came_from(client, applicant, coordinator):
    sign_in(client, applicant)
    form = client.get("/help/?from=/registry/").content.decode()
    response = client.post(
        "/help/",
        {
            "topic": "technical",
            "subject": "The upload button does nothing",
            "body": "On my phone.",
            "page": "/registry/",
        },
    )
    thread = Thread.objects.get()
    office = sign_in(client.__class__(), coordinator).get("/staff/conversations/").content.decode()
    assert 'value="/registry/"' in form
    assert (response.status_code, thread.kind, thread.topic, thread.page) == (
        302,
        "support",
        "technical",
        "/registry/",
    )
    assert "The upload button does nothing" in office


def test_get_help_drops_a_page_on_another_site(applicant):
    thread = domain.support_ask(
        person=applicant, topic="process", page="//evil.example/", subject="s", body="b"
    )
    assert thread.page == ""


def test_every_page_links_to_get_help(client, applicant):
    html = sign_in(client, applicant).get("/applications/").content.decode()
    assert 'href="/help/?from=/applications/"' in html


def test_another_applicant_cannot_post_in_a_thread(client, transcript_request):
    other = make_person("someone@example.org")
    response = sign_in(client, other).post(
        f"/conversations/{transcript_request.pk}/", {"body": "hello"}
    )
    assert (response.status_code, transcript_request.messages.count()) == (404, 1)


def test_the_profile_keeps_the_choice_of_a_daily_digest(client, applicant):
    sign_in(client, applicant)
    client.post("/profile/", {"name": "Ada Applicant", "phone": "", "message_emails": "daily"})
    applicant.refresh_from_db()
    assert applicant.message_emails == "daily"
