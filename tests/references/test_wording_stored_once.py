"""A rating's wording is stored once for every rating answered under it, and a rating keeps
the wording it was answered under whatever happens to the questions afterwards."""

from __future__ import annotations

import html
import json
from decimal import Decimal

import pytest

from endorse.references import domain
from endorse.references.models import QuestionSet, Rating, wording_digest
from endorse.references.questions import PACKAGE_DIR, current_questions, load_questions

from ..conftest import make_staff, sign_in


def _rate(rater) -> Rating:
    """The rater opens the request and submits a full rating."""
    domain.reference_open(rater=rater)
    rating = Rating.objects.select_related("question_set").get(rater=rater)
    wording = rating.question_set.data
    items = [item["id"] for group in wording["domains"] for item in group["items"]]
    return domain.rating_save(
        rater=rater,
        answers=dict.fromkeys(items, "4"),
        known_years=Decimal(3),
        recommendation="recommend",
        comments="",
        submit=True,
    )


@pytest.fixture
def own_questions(settings, tmp_path, association):
    """The association rates its Mentor categories with its own file, `local-1`: a copy of the
    installation's wording, then `write(text)` changes its first statement in place."""
    settings.ENDORSE_REFERENCE_QUESTIONS_DIR = str(tmp_path)
    association.reference_questions = "local-1"
    association.save()
    data = json.loads((PACKAGE_DIR / "mentor-2024.json").read_text()) | {"version": "local-1"}

    def write(text: str) -> None:
        data["domains"][0]["items"][0]["text"] = text
        (tmp_path / "local-1.json").write_text(json.dumps(data))
        load_questions.cache_clear()

    yield write
    load_questions.cache_clear()


def test_ratings_under_one_wording_share_one_stored_wording(ask):
    first, second = _rate(ask("Rita Rater")), _rate(ask("Sam Rater", role="colleague"))

    assert QuestionSet.objects.count() == 1
    assert first.question_set_id == second.question_set_id
    assert first.question_set.data == current_questions().data
    assert first.question_set.digest == wording_digest(current_questions().data)


def test_a_stored_wording_is_never_changed(ask):
    question_set = _rate(ask()).question_set
    question_set.data = {"version": "edited"}

    with pytest.raises(ValueError, match="never changes"):
        question_set.save()


def test_a_rating_keeps_its_wording_after_the_associations_questions_change(
    client, ask, own_questions
):
    own_questions("The applicant listens to families, the first wording.")
    before = _rate(ask("Rita Rater"))

    own_questions("The applicant listens to families, the second wording.")
    after = _rate(ask("Sam Rater", role="colleague"))

    coordinator = make_staff("cora@example.org", "Cora Coordinator", "coordinator")
    sign_in(client, coordinator)
    page = client.get(f"/staff/applications/{before.rater.application_id}/").text
    assert QuestionSet.objects.count() == 2
    assert (before.questions_version, after.questions_version) == ("local-1", "local-1")
    assert before.question_set_id != after.question_set_id
    # Each rating shown in its own wording: the first under the first, the second the second.
    assert page.count(html.escape("The applicant listens to families, the first wording.")) == 1
    assert page.count(html.escape("The applicant listens to families, the second wording.")) == 1
