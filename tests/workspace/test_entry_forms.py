"""Adding, changing and removing entries: what a person meets on the section forms."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from endorse.applications import domain
from endorse.applications.enums import Status
from endorse.applications.models import SupervisionEntry, Training

from ..conftest import imported, sign_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

RSC = {
    "provider_name": "Dr. Sam Provider",
    "provider_endorsement": "IMHM-C",
    "format": "individual",
    "start_on": "2025-03-01",
    "end_on": "2025-03-31",
    "hours": "5",
    "focus": "own_practice",
}


@pytest.fixture
def application(applicant):
    return domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )


def token_of(page: str) -> str:
    found = re.findall(r'name="submission_token" value="([0-9a-f]+)"', page)
    return found[0] if found else ""


def test_saving_the_same_add_form_twice_creates_one_entry(client, applicant, application):
    """Usability finding 2: Back after saving an entry, then Save, silently created a duplicate
    that counted toward the hours (38.5 h instead of 33.5 h reached the coordinator). The add
    form carries a one-time token: its replay creates nothing and leads to the entry saved."""
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/rsc/add/"
    form = {**RSC, "submission_token": token_of(client.get(url).text)}
    before = SupervisionEntry.objects.filter(application=application).count()

    first = client.post(url, form)
    replay = client.post(url, form, follow=True)

    entry = SupervisionEntry.objects.filter(application=application).latest("pk")
    assert SupervisionEntry.objects.filter(application=application).count() == before + 1
    assert first.status_code == 302
    assert replay.redirect_chain == [(f"/applications/{application.pk}/rsc/{entry.pk}/", 302)]
    assert "This was already saved: nothing was added twice." in replay.text


def test_a_likely_duplicate_asks_before_it_is_added(client, applicant, application):
    """Usability finding 2: an entry with the same provider, dates and hours as one already
    there is shown with a warning and added only when the person confirms "Add anyway"."""
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/rsc/add/"
    client.post(url, {**RSC, "submission_token": token_of(client.get(url).text)})
    count = SupervisionEntry.objects.filter(application=application).count()
    again = {**RSC, "submission_token": token_of(client.get(url).text)}

    warned = client.post(url, again)
    assert warned.status_code == 409
    assert "You already have an RS/C entry with the same" in warned.text
    assert re.search(r'<input[^>]*name="provider_name"[^>]*value="Dr. Sam Provider"', warned.text)
    assert SupervisionEntry.objects.filter(application=application).count() == count

    added = client.post(url, {**again, "add_anyway": "yes"})
    assert added.status_code == 302
    assert SupervisionEntry.objects.filter(application=application).count() == count + 1


def test_a_frozen_applications_add_form_explains_instead_of_offering_a_form(
    client, applicant, application
):
    """Usability finding 10: a submitted application's add forms still rendered, and what was
    typed was lost on Save. The page says why nothing can be added, and offers no form."""
    domain.application_transition(application=application, to=Status.SUBMITTED, actor=applicant)
    sign_in(client, applicant)

    page = client.get(f"/applications/{application.pk}/trainings/add/")

    assert page.status_code == 200
    assert '<h1 class="margin-top-4">This cannot be changed now</h1>' in page.text
    assert "<form" not in page.text.split('id="main-content"')[1]


def test_what_was_typed_into_a_stale_form_comes_back_not_lost(client, applicant, application):
    """Usability finding 10: a form opened before submitting and saved after it shows what
    was typed, so the person can keep it; nothing is saved."""
    domain.application_transition(application=application, to=Status.SUBMITTED, actor=applicant)
    sign_in(client, applicant)
    before = Training.objects.count()

    response = client.post(
        f"/applications/{application.pk}/trainings/add/",
        {"title": "Seminar on <b>attachment</b>", "start_on": "2026-01-05", "hours": "4"},
    )

    assert response.status_code == 409
    assert "<dd>Seminar on &lt;b&gt;attachment&lt;/b&gt;</dd>" in response.text
    assert Training.objects.count() == before


def test_a_frozen_workspace_offers_no_add_change_or_delete(client, applicant, application):
    """Usability finding 10: nothing that cannot be done is offered."""
    domain.application_transition(application=application, to=Status.SUBMITTED, actor=applicant)
    sign_in(client, applicant)

    page = client.get(f"/applications/{application.pk}/").text

    assert re.findall(r'href="[^"]*/(?:add|delete)/"', page) == []
    assert re.findall(rf'href="/applications/{application.pk}/[a-z-]+/\d+/"', page) == []


def test_an_entry_waiting_for_the_coordinator_says_so_not_that_it_needs_attention(
    client, applicant
):
    """Usability finding 3: an RS/C entry waiting for the coordinator to approve its provider
    showed "Needs attention / Not counted: provider not approved", even after submitting. It is
    staff's wait, and the section and each entry say so."""
    application = imported(applicant, "clinical-complete")
    SupervisionEntry.objects.filter(application=application).update(provider_approved=False)
    domain.application_transition(application=application, to=Status.SUBMITTED, actor=applicant)
    sign_in(client, applicant)

    page = client.get(f"/applications/{application.pk}/").text

    rsc = page[page.index('id="section-rsc"') : page.index('id="section-references"')]
    assert re.findall(r'task__title">.*?status--[a-z-]+">([^<]+)<', rsc) == ["Waiting for staff"]
    assert "Not counted" not in rsc
    assert (
        rsc.count("Waiting for the coordinator to approve this provider: nothing for you to do.")
        == SupervisionEntry.objects.filter(application=application).count()
    )


def test_an_entry_the_applicant_must_fix_still_says_why(client, applicant, application):
    """Usability finding 3: beside the staff's waits, what only the applicant can fix keeps its
    reason (a peer's supervision counts whatever staff decide)."""
    SupervisionEntry.objects.filter(application=application).update(provider_approved=False)
    sign_in(client, applicant)

    page = client.get(f"/applications/{application.pk}/").text

    rsc = page[page.index('id="section-rsc"') : page.index('id="section-references"')]
    assert re.findall(r"Not counted: [^<]*", rsc) == ["Not counted: peer supervision"]


def test_delete_asks_first_and_only_a_post_deletes(client, applicant, application):
    """Deleting is never one tap beside the entry's link: a page asks, its button deletes."""
    sign_in(client, applicant)
    entry = Training.objects.filter(application=application).first()
    url = f"/applications/{application.pk}/trainings/{entry.pk}/delete/"

    workspace = client.get(f"/applications/{application.pk}/").text
    confirm = client.get(url)
    assert Training.objects.filter(pk=entry.pk).exists()
    deleted = client.post(url)

    assert (
        f'<form class="display-inline margin-left-1" method="post" action="{url}">' not in workspace
    )
    assert f'href="{url}"' in workspace
    assert confirm.status_code == 200
    assert "Delete this training?" in confirm.text
    assert deleted.status_code == 302
    assert not Training.objects.filter(pk=entry.pk).exists()


def test_save_and_add_another_comes_back_to_an_empty_form(client, applicant, application):
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/rsc/add/"
    form = {**RSC, "submission_token": token_of(client.get(url).text), "next": "another"}

    response = client.post(url, form)

    assert (response.status_code, response["Location"]) == (302, url)


def test_a_run_of_monthly_sessions_adds_one_entry_a_month(client, applicant, application):
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/rsc/add/"
    before = set(SupervisionEntry.objects.values_list("pk", flat=True))
    form = {
        **RSC,
        "start_on": "2025-01-15",
        "end_on": "",
        "hours": "1.5",
        "repeat_monthly": "on",
        "repeat_until": "2025-04-10",
        "submission_token": token_of(client.get(url).text),
    }

    response = client.post(url, form)

    added = SupervisionEntry.objects.exclude(pk__in=before).order_by("start_on")
    assert response.status_code == 302
    assert [(e.start_on.isoformat(), e.end_on.isoformat(), e.hours) for e in added] == [
        ("2025-01-15", "2025-01-31", Decimal("1.5")),
        ("2025-02-01", "2025-02-28", Decimal("1.5")),
        ("2025-03-01", "2025-03-31", Decimal("1.5")),
        ("2025-04-01", "2025-04-10", Decimal("1.5")),
    ]
    assert {(e.provider_name, e.format) for e in added} == {("Dr. Sam Provider", "individual")}
    assert client.post(url, form).status_code == 302  # the same form again adds nothing
    assert SupervisionEntry.objects.exclude(pk__in=before).count() == 4


def test_a_run_needs_its_last_session_after_its_start(client, applicant, application):
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/rsc/add/"
    form = {**RSC, "repeat_monthly": "on", "repeat_until": "2024-12-01"}

    response = client.post(url, form)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "repeat_until": ["The last session is before the start date."]
    }


def test_provider_endorsements_are_named_in_full(client, applicant, application):
    sign_in(client, applicant)
    page = client.get(f"/applications/{application.pk}/rsc/add/").text
    assert re.findall(r'<option value="IMHM-C"\s*>([^<]*)', page) == [
        "IMHM-C: Infant Mental Health Mentor – Clinical"
    ]


@pytest.mark.parametrize("page", ["ethics/", "degrees/{degree}/transcript/"])
def test_a_frozen_applications_other_forms_explain_too(client, applicant, application, page):
    """Usability finding 10: the agreement and the transcript upload of a submitted
    application are not offered either."""
    domain.application_transition(application=application, to=Status.SUBMITTED, actor=applicant)
    degree = application.degrees.first()
    sign_in(client, applicant)

    response = client.get(f"/applications/{application.pk}/" + page.format(degree=degree.pk))

    assert response.status_code == 200
    assert "This cannot be changed now" in response.text
    assert "<form" not in response.text.split('id="main-content"')[1]
