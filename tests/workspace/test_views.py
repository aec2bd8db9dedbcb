"""The applicant's workspace through the test client."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.applications import domain
from endorse.applications.enums import Status
from endorse.applications.models import Application, Training

from ..conftest import sign_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def statuses(html):
    return dict(re.findall(r'data-requirement="([a-z_]+)" data-status="([a-z_]+)"', html))


@pytest.fixture
def application(applicant):
    return domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )


def test_start_an_application(client, applicant):
    sign_in(client, applicant)
    response = client.post("/applications/", {"category": "mentor-policy"})
    application = Application.objects.get(applicant=applicant)
    assert (response.status_code, response["Location"]) == (302, f"/applications/{application.pk}/")
    assert (application.category, application.status) == ("mentor-policy", Status.DRAFT)


def test_start_page_offers_every_category_with_what_it_is_for(client, applicant):
    sign_in(client, applicant)
    page = client.get("/applications/").text
    assert page.count('name="category"') == 12
    assert (
        "Early Childhood Family Associate (ECFA): promotion: supporting families&#x27; "
        "well-being in everyday services; young children, 3 to 6 years"
    ) in page


def test_start_of_a_second_open_application_of_one_category_says_why(client, applicant):
    domain.application_start(applicant=applicant, category="mentor-policy")
    sign_in(client, applicant)
    response = client.post("/applications/", {"category": "mentor-policy"})
    assert response.status_code == 400
    assert (
        "You already have an open application for Infant Mental Health Mentor – Policy; "
        "continue that one, or withdraw it first."
    ) in response.text
    assert Application.objects.filter(applicant=applicant).count() == 1


def test_workspace_shows_sections_and_the_live_checklist(client, applicant, application):
    sign_in(client, applicant)
    response = client.get(f"/applications/{application.pk}/")
    assert response.status_code == 200
    assert statuses(response.text)["training"] == "not_met"
    assert "23.5 of 30 hours of relationship-based training" in response.text
    # An entry the engine did not count says why, next to the entry.
    assert "Not counted: not relationship-based" in response.text


def test_adding_training_changes_the_checklist_at_once(client, applicant, application):
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{application.pk}/trainings/add/",
        {
            "title": "Parent-infant psychotherapy seminar",
            "provider": "MI-AIMH",
            "start_on": "2026-10-02",
            "end_on": "",
            "hours": "6.5",
            "relationship_based": "on",
            "topics": ["imh"],
            "competencies": ["reflection"],
        },
    )
    assert response.status_code == 302
    page = client.get(f"/applications/{application.pk}/")
    assert statuses(page.text)["training"] == "met"
    assert "30 of 30 hours of relationship-based training" in page.text


def test_entry_form_errors_are_in_plain_words_and_nothing_is_saved(client, applicant, application):
    sign_in(client, applicant)
    before = Training.objects.count()
    response = client.post(
        f"/applications/{application.pk}/trainings/add/",
        {"title": "", "start_on": "2026-10-02", "end_on": "2026-10-01", "hours": "-2"},
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "The end date is before the start date." in response.text
    assert "Enter the clock hours, more than 0." in response.text
    assert Training.objects.count() == before


def test_an_impossible_typed_date_is_kept_and_named_not_called_missing(
    client, applicant, application
):
    """Bug 5: an impossible date typed into a native date input reached the server as "" and
    came back as "This field is required", the typed text lost. Dates are text inputs (digits
    on a phone's keypad, an example as hint), so the server gets what was typed, keeps it and
    says what is wrong."""
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/trainings/add/"
    form = client.get(url).text
    [start] = re.findall(r'<input[^>]*name="start_on"[^>]*>', form)
    assert 'type="text"' in start
    assert 'inputmode="numeric"' in start
    assert 'aria-describedby="id_start_on_helptext"' in start
    assert re.search(r'id="id_start_on_helptext">For example, 2019-06-30', form)
    before = Training.objects.count()
    response = client.post(
        url, {"title": "Seminar", "start_on": "2025-02-30", "hours": "3", "topics": ["imh"]}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "start_on": ["Enter a real date, for example 2019-06-30."]
    }
    assert re.search(r'<input[^>]*name="start_on"[^>]*value="2025-02-30"', response.text)
    assert "This field is required." not in response.text
    assert Training.objects.count() == before


@pytest.mark.parametrize("url", ["/check/", "/profile/memberships/add/"])
def test_no_form_uses_the_native_date_input(client, applicant, url):
    """Bug 5: the other forms with dates (the self-check, the membership) type dates too."""
    sign_in(client, applicant)
    page = client.get(url).text
    assert 'type="date"' not in page
    assert 'inputmode="numeric"' in page


def test_an_error_after_a_question_label_has_no_doubled_punctuation(client, applicant, application):
    """Bug 12: the error summary read "…this rating?: This field is required."; a label that
    ends in its own punctuation is followed by the error without a colon."""
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{application.pk}/references/add/",
        {"name": "Rita Rater", "email": "rita@example.org", "role": "colleague"},
    )
    assert response.status_code == 400
    summary = response.text[response.text.index('id="error-summary"') :]
    assert "see this rating? This field is required." in summary
    assert "?:" not in summary


def test_edit_and_delete_an_entry(client, applicant, application):
    sign_in(client, applicant)
    entry = Training.objects.filter(application=application).first()
    page = client.get(f"/applications/{application.pk}/trainings/{entry.pk}/")
    assert page.status_code == 200
    assert f'value="{entry.title}"' in page.text
    assert (
        client.post(f"/applications/{application.pk}/trainings/{entry.pk}/delete/").status_code
        == 302
    )
    assert not Training.objects.filter(pk=entry.pk).exists()


def test_sign_the_code_of_ethics(client, applicant, application):
    sign_in(client, applicant)
    assert (
        client.post(
            f"/applications/{application.pk}/ethics/", {"signed_name": "Ada Applicant"}
        ).status_code
        == 400
    )
    response = client.post(
        f"/applications/{application.pk}/ethics/", {"signed_name": "Ada Applicant", "agree": "on"}
    )
    assert response.status_code == 302
    signature = application.signatures.get()
    assert (signature.signed_name, signature.version) == ("Ada Applicant", "2024")
    assert statuses(client.get(f"/applications/{application.pk}/").text)["ethics"] == "met"


def test_export_downloads_a_portfolio_file_that_checks_the_same(client, applicant, application):
    sign_in(client, applicant)
    response = client.get(f"/applications/{application.pk}/export.json")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="application-{application.pk}.json"'
    )
    from endorse.eligibility import check_text

    page = client.get(f"/applications/{application.pk}/")
    result = check_text(response.content)
    assert {r.id: r.status for r in result.requirements} == statuses(page.text)


def test_import_a_bad_file_shows_problems_by_path(client, applicant):
    sign_in(client, applicant)
    upload = SimpleUploadedFile("bad.json", (EXAMPLES / "invalid" / "bad-input.json").read_bytes())
    response = client.post("/applications/import/", {"portfolio_file": upload})
    assert response.status_code == 400
    assert "<code>degrees.0.conferred_on</code>: 2025-02-30 is not a real date" in response.text
    assert Application.objects.count() == 0


def test_submitted_application_cannot_be_edited(client, applicant, application):
    domain.application_transition(application=application, to=Status.SUBMITTED, actor=applicant)
    sign_in(client, applicant)
    entry = Training.objects.filter(application=application).first()
    valid = {"title": "changed", "start_on": "2024-01-01", "hours": "3", "relationship_based": "on"}
    response = client.post(f"/applications/{application.pk}/trainings/{entry.pk}/", valid)
    assert response.status_code == 409
    assert "Your application is submitted, so it is kept exactly as you sent it" in response.text
    assert Training.objects.get(pk=entry.pk).title == entry.title
    assert client.get(f"/applications/{application.pk}/import/").status_code == 404


# Permissions ----------------------------------------------------------------------------------


def _urls(application):
    entry = Training.objects.filter(application=application).first()
    pk = application.pk
    return [
        ("get", f"/applications/{pk}/"),
        ("get", f"/applications/{pk}/export.json"),
        ("get", f"/applications/{pk}/import/"),
        ("post", f"/applications/{pk}/import/"),
        ("get", f"/applications/{pk}/ethics/"),
        ("post", f"/applications/{pk}/ethics/"),
        ("get", f"/applications/{pk}/trainings/add/"),
        ("post", f"/applications/{pk}/trainings/add/"),
        ("get", f"/applications/{pk}/trainings/{entry.pk}/"),
        ("post", f"/applications/{pk}/trainings/{entry.pk}/"),
        ("post", f"/applications/{pk}/trainings/{entry.pk}/delete/"),
        ("get", f"/applications/{pk}/submit/"),
        ("post", f"/applications/{pk}/submit/"),
    ]


def test_applicant_b_can_neither_see_nor_change_anything_of_applicant_a(
    client, application, other_applicant
):
    """Every URL of A's application answers 404 to B (never 403: it does not reveal it exists)."""
    sign_in(client, other_applicant)
    trainings = Training.objects.count()
    answers = {
        (method, url): getattr(client, method)(url).status_code
        for method, url in _urls(application)
    }
    assert answers == dict.fromkeys(answers, 404)
    assert (Training.objects.count(), application.signatures.count()) == (trainings, 0)


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    answers = {(method, url): getattr(client, method)(url) for method, url in _urls(application)}
    assert {
        key: (r.status_code, r["Location"].split("?")[0]) for key, r in answers.items()
    } == dict.fromkeys(answers, (302, "/accounts/login/"))


def test_an_entry_of_another_application_is_not_found_through_mine(
    client, applicant, application, other_applicant
):
    mine = domain.application_start(applicant=other_applicant, category="mentor-clinical")
    theirs = Training.objects.filter(application=application).first()
    sign_in(client, other_applicant)
    assert client.get(f"/applications/{mine.pk}/trainings/{theirs.pk}/").status_code == 404
    assert client.post(f"/applications/{mine.pk}/trainings/{theirs.pk}/delete/").status_code == 404


def test_unknown_section_is_not_found(client, applicant, application):
    sign_in(client, applicant)
    assert client.get(f"/applications/{application.pk}/passwords/add/").status_code == 404


# Query counts ---------------------------------------------------------------------------------


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_workspace_queries_do_not_grow_with_entries(client, applicant):
    small = domain.application_import(
        applicant=applicant, text=(EXAMPLES / "policy-ready-for-exam.json").read_bytes()
    )
    large = domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-complete.json").read_bytes()
    )
    sign_in(client, applicant)
    assert _queries(client, f"/applications/{small.pk}/") == _queries(
        client, f"/applications/{large.pk}/"
    )


def test_my_applications_list_queries_do_not_grow(client, applicant):
    sign_in(client, applicant)
    domain.application_start(applicant=applicant, category="mentor-clinical")
    one = _queries(client, "/applications/")
    domain.application_start(applicant=applicant, category="mentor-policy")
    domain.application_start(applicant=applicant, category="mentor-research-faculty")
    assert _queries(client, "/applications/") == one


def test_leadership_is_picked_from_the_designations_catalogue(client, applicant, application):
    sign_in(client, applicant)
    page = client.get(f"/applications/{application.pk}/leadership/add/")
    assert "Organize and facilitate reflective practice groups and/or IMH study groups" in page.text
    assert "Publish Policy Briefs" not in page.text  # a Policy example, not Clinical
    assert 'value="clinical" selected' in page.text
    response = client.post(
        f"/applications/{application.pk}/leadership/add/",
        {
            "designation": "clinical",
            "choice": "Participate in system of care planning initiatives",
            "level": "state",
            "start_on": "2022-01-10",
        },
    )
    assert response.status_code == 302
    assert (
        application.leadership.latest("pk").activity
        == "Participate in system of care planning initiatives"
    )
    assert statuses(client.get(f"/applications/{application.pk}/").text)["leadership"] == "met"


def test_leadership_other_activity_needs_a_description(client, applicant, application):
    sign_in(client, applicant)
    url = f"/applications/{application.pk}/leadership/add/"
    data = {
        "designation": "clinical",
        "choice": "other",
        "other": "",
        "level": "regional",
        "start_on": "2022-01-10",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Describe the activity." in response.text
    data["other"] = "Co-chairs the county perinatal mental health task force"
    assert client.post(url, data).status_code == 302
    entry = application.leadership.latest("pk")
    assert entry.activity == "Co-chairs the county perinatal mental health task force"
    page = client.get(f"/applications/{application.pk}/leadership/{entry.pk}/")
    assert 'value="other" selected' in page.text
    assert "Co-chairs the county perinatal mental health task force</textarea>" in page.text


def test_import_refuses_an_oversize_file_before_reading_it(client, applicant, settings):
    settings.ENDORSE_PORTFOLIO_MAX_BYTES = 1024
    sign_in(client, applicant)
    upload = SimpleUploadedFile("big.json", b" " * 2048 + b"{}")
    response = client.post("/applications/import/", {"portfolio_file": upload})
    assert response.status_code == 400
    assert "The file is larger than 1 KB; a portfolio file is far smaller." in response.text
    assert Application.objects.count() == 0


def test_the_applicants_checklist_speaks_without_staff_jargon(client, applicant, application):
    """No policy version's name, no rule ids, no entry ids on the applicant's checklist."""
    sign_in(client, applicant)

    page = client.get(f"/applications/{application.pk}/").text

    checklist = page[page.index('class="checklist"') :]
    assert "policy <strong>" not in checklist
    assert "Rule: seed" not in checklist
    assert "From the requirements for: Education</p>" in checklist
    assert re.findall(r"<code>", checklist) == []


def test_the_task_list_marks_optional_sections_and_its_tags_do_not_wrap(
    client, applicant, application
):
    sign_in(client, applicant)

    page = client.get(f"/applications/{application.pk}/").text
    css = (Path(__file__).resolve().parents[2] / "src/endorse/static/endorse/site.css").read_text()

    titles = re.findall(
        r'<h3 class="task__title">([^<]*)(?:<span class="text-normal">\(optional\))?', page
    )
    optional = re.findall(
        r'<h3 class="task__title">([^<]*?) <span class="text-normal">\(optional\)', page
    )
    assert optional == ["Certificates and specializations"]
    assert len(titles) == 9
    assert re.search(r"\.status \{[^}]*white-space: nowrap;", css)
