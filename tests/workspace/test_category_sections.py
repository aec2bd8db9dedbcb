"""The workspace shows the sections and fields the application's category asks for, as its
policy version's data says."""

import re

import pytest

from endorse.applications import domain
from endorse.applications.models import Training, WorkEntry

from ..conftest import sign_in


def shown_sections(html: str) -> list[str]:
    return re.findall(r'id="section-([a-z-]+)"', html)


def form_fields(html: str) -> set[str]:
    return set(re.findall(r'name="([a-z_]+)"', html)) - {"csrfmiddlewaretoken"}


NEW_WORK_FIELDS = {
    "age_bands",
    "paid",
    "specialized_training",
    "families_served",
    "social_emotional_focus",
    "relationship_focus",
    "license_status",
    "internship",
    "internship_supervisor_name",
    "internship_supervisor_endorsement",
}


@pytest.mark.parametrize(
    ("category", "sections"),
    [
        (
            "family-associate",
            [
                "degrees",
                "certificates",
                "trainings",
                "work-experience",
                "references",
                "ethics",
                "membership",
            ],
        ),
        (
            "family-specialist",
            [
                "degrees",
                "certificates",
                "trainings",
                "work-experience",
                "rsc",
                "references",
                "ethics",
                "membership",
            ],
        ),
        (
            "ec-mh-specialist",
            [
                "degrees",
                "certificates",
                "licenses",
                "trainings",
                "work-experience",
                "rsc",
                "references",
                "ethics",
                "membership",
            ],
        ),
        (
            "mentor-policy",
            [
                "degrees",
                "certificates",
                "trainings",
                "work-experience",
                "leadership",
                "rsc",
                "references",
                "ethics",
                "membership",
            ],
        ),
    ],
)
def test_workspace_sections_follow_the_category(client, applicant, category, sections):
    application = domain.application_start(applicant=applicant, category=category)
    sign_in(client, applicant)
    page = client.get(f"/applications/{application.pk}/").text
    assert shown_sections(page) == sections


def test_adding_to_a_section_the_category_does_not_ask_for_is_not_found(client, applicant):
    application = domain.application_start(applicant=applicant, category="family-associate")
    sign_in(client, applicant)
    response = client.get(f"/applications/{application.pk}/leadership/add/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("category", "fields"),
    [
        ("mentor-clinical", set()),
        ("family-associate", {"paid", "specialized_training"}),
        (
            "family-specialist",
            {"paid", "families_served", "social_emotional_focus", "relationship_focus"},
        ),
        (
            "ec-mh-specialist",
            {
                "age_bands",
                "paid",
                "license_status",
                "internship",
                "internship_supervisor_name",
                "internship_supervisor_endorsement",
            },
        ),
    ],
)
def test_work_form_asks_what_the_category_reads(client, applicant, category, fields):
    application = domain.application_start(applicant=applicant, category=category)
    sign_in(client, applicant)
    page = client.get(f"/applications/{application.pk}/work-experience/add/").text
    assert form_fields(page) & NEW_WORK_FIELDS == fields


def test_age_bands_start_at_the_early_childhood_band(client, applicant):
    application = domain.application_start(applicant=applicant, category="ec-family-specialist")
    sign_in(client, applicant)
    page = client.get(f"/applications/{application.pk}/trainings/add/").text
    assert re.findall(r'name="age_bands" value="([a-z_]+)"[^>]*checked', page) == [
        "early_childhood"
    ]


def test_an_infant_categorys_training_form_has_no_age_bands(client, applicant):
    application = domain.application_start(applicant=applicant, category="family-specialist")
    sign_in(client, applicant)
    page = client.get(f"/applications/{application.pk}/trainings/add/").text
    assert "age_bands" not in form_fields(page)


def test_saved_training_keeps_its_age_bands(client, applicant):
    application = domain.application_start(applicant=applicant, category="ec-family-associate")
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{application.pk}/trainings/add/",
        {
            "title": "Early childhood mental health",
            "start_on": "2025-10-02",
            "hours": "6",
            "relationship_based": "on",
            "age_bands": ["infant", "early_childhood"],
        },
    )
    assert response.status_code == 302
    assert list(Training.objects.values_list("age_bands", flat=True)) == [
        ["infant", "early_childhood"]
    ]


def test_saved_internship_names_its_supervisor(client, applicant):
    application = domain.application_start(applicant=applicant, category="mh-specialist")
    sign_in(client, applicant)
    data = {
        "employer": "Oak Family Services",
        "position": "Intern",
        "start_on": "2019-01-01",
        "end_on": "2020-06-30",
        "kinds": ["parent_infant_psychotherapy"],
        "supervised": "on",
        "infant_and_parent": "on",
        "internship": "on",
    }
    url = f"/applications/{application.pk}/work-experience/add/"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Name who supervised the internship." in refused.text
    saved = client.post(url, data | {"internship_supervisor_name": "Dr. Ana Reyes"})
    assert saved.status_code == 302
    assert list(
        WorkEntry.objects.values_list("internship", "internship_supervisor_name", "paid")
    ) == [(True, "Dr. Ana Reyes", False)]
