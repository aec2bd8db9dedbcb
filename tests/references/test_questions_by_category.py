"""The rating form is per category (versioned data), and the request says what it is for."""

from __future__ import annotations

import pytest

from endorse.applications import domain as applications
from endorse.applications.models import Rater
from endorse.references import domain as references_domain
from endorse.references.questions import load_questions, questions_for


@pytest.mark.parametrize(
    ("category", "version"),
    [
        ("family-associate", "family-2025"),
        ("ec-family-specialist", "family-2025"),
        ("mh-specialist", "specialist-2025"),
        ("ec-mh-specialist", "specialist-2025"),
        ("mentor-clinical", "mentor-2024"),
        ("ec-mentor-policy", "mentor-2024"),
    ],
)
def test_questions_for_a_category_follow_its_kind(category, version):
    assert questions_for(category).version == version


def test_every_shipped_rating_form_loads_with_the_same_scale():
    forms = [load_questions(v) for v in ("mentor-2024", "family-2025", "specialist-2025")]
    assert {form.scale for form in forms} == {forms[0].scale}
    assert [len(form.items) for form in forms] == [16, 16, 16]


@pytest.mark.django_db
def test_a_request_for_a_family_specialist_is_sent_with_its_form_and_names_it(applicant, deliver):
    application = applications.application_start(
        applicant=applicant, category="family-specialist", policy="2025"
    )
    rater = Rater(
        application=application,
        name="Rita Rater",
        role="program_supervisor",
        email="rita@example.org",
        known_years=3,
    )
    rater = references_domain.rater_save_and_send(
        application=application, entry=rater, actor=applicant
    )
    assert rater.questions == "family-2025"
    request = next(m for m in deliver() if m.to == ["rita@example.org"])
    assert "Someone applying for Infant Family Specialist through" in request.body
