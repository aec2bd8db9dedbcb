"""Each association's settings are read where they apply: the categories and policy version it
offers, how many reviewers an application needs, the Mentor rating form, its time zone, its
registry disclaimer, and its site and name in the links of emails."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from endorse.applications import domain as applications
from endorse.applications.domain import TransitionError
from endorse.applications.enums import Status
from endorse.associations import routing
from endorse.associations.models import Association, current_association
from endorse.eligibility import PortfolioError
from endorse.references.questions import questions_for
from endorse.registry.models import Endorsement
from endorse.review import domain as review
from endorse.review.domain import ReviewError
from endorse.worker import each_association

from ..conftest import PASSWORD, imported, make_association, sign_in


def _set(association: Association, **settings: object) -> Association:
    for name, value in settings.items():
        setattr(association, name, value)
    association.clean()
    association.save()
    return association


# Categories offered.


def test_the_start_page_offers_only_the_associations_categories(client, applicant, association):
    _set(association, categories=["family-associate", "mentor-policy"])
    sign_in(client, applicant)

    page = client.get("/applications/").text

    assert re.findall(r'name="category" value="([-a-z]+)"', page) == [
        "family-associate",
        "mentor-policy",
    ]


def test_a_category_the_association_does_not_offer_cannot_be_started(applicant, association):
    _set(association, categories=["family-associate"])

    with pytest.raises(TransitionError) as refused:
        applications.application_start(applicant=applicant, category="mh-specialist")

    assert str(refused.value) == (
        f"{association.name} does not offer Infant Mental Health Specialist endorsement"
    )


def test_no_category_chosen_offers_every_category(applicant, association):
    _set(association, categories=[])

    started = applications.application_start(applicant=applicant, category="mh-specialist")

    assert started.category == "mh-specialist"


def test_the_category_guide_marks_what_the_association_does_not_offer(client, db, association):
    _set(association, categories=["family-associate"])
    answers = {
        "degree": "bachelor",
        "work_kinds": ["family_service"],
        "work_years": "2",
        "families": "5",
        "band": "infant",
        "training_hours": "30",
        "rsc_hours": "0",
    }

    response = client.get("/guide/", answers)

    assert response.context["offered"] == ["family-associate"]
    assert response.text.count(f"Not offered by {association.short_name}") == 5


def test_a_portfolio_file_of_a_category_not_offered_is_refused(applicant, association):
    _set(association, categories=["family-associate"])

    with pytest.raises(PortfolioError) as refused:
        imported(applicant, "clinical-complete")

    assert [(p.path, p.message) for p in refused.value.problems] == [
        (
            "category",
            f"{association.name} does not offer Infant Mental Health Mentor – Clinical endorsement",
        )
    ]


# Policy version of new applications.


def test_the_default_association_follows_each_categorys_current_version(applicant, association):
    started = applications.application_start(applicant=applicant, category="family-associate")

    assert (association.default_policy, started.policy) == ("", "2025")


def test_new_applications_follow_the_associations_policy_version(applicant, association):
    _set(association, default_policy="2024")

    started = applications.application_start(applicant=applicant, category="family-associate")

    assert started.policy == "2024"


def test_a_policy_version_must_offer_every_category_the_association_offers(db, association):
    association.default_policy = "seed"

    with pytest.raises(ValidationError) as refused:
        association.clean()

    assert refused.value.message_dict["default_policy"][0].startswith(
        "Version seed does not offer ec-family-associate, "
    )


def test_a_version_offering_the_associations_categories_is_accepted(applicant, association):
    _set(association, categories=["mentor-clinical"], default_policy="seed")

    started = applications.application_start(applicant=applicant, category="mentor-clinical")

    assert started.policy == "seed"


def test_an_unknown_policy_version_is_refused(db, association):
    association.default_policy = "1999"

    with pytest.raises(ValidationError) as refused:
        association.clean()

    assert refused.value.message_dict["default_policy"] == ["One of seed, 2024, 2025, or empty."]


# Reviewers required.


def _review(assignment, outcome="approve"):
    return review.review_submit(
        assignment=assignment,
        competencies=[],
        comments="",
        outcome=outcome,
        sections=[],
        reason="",
        actor=assignment.reviewer,
    )


def test_one_review_decides_where_the_association_needs_one_reviewer(
    submitted, coordinator, reviewers, association
):
    _set(association, reviewers_required=1)

    [only] = review.review_start(application=submitted, reviewers=reviewers[:1], actor=coordinator)
    _review(only)
    review.decision_record(
        application=submitted, outcome="approve", reason="", sections=[], actor=coordinator
    )

    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED_FOR_EXAM


def test_two_reviewers_are_refused_where_one_is_needed(
    submitted, coordinator, reviewers, association
):
    _set(association, reviewers_required=1)

    with pytest.raises(ReviewError, match="choose a reviewer"):
        review.review_start(application=submitted, reviewers=reviewers, actor=coordinator)


def test_two_reviewers_need_both_reviews_before_the_decision(submitted, coordinator, reviewers):
    first, _second = review.review_start(
        application=submitted, reviewers=reviewers, actor=coordinator
    )
    _review(first)

    with pytest.raises(ReviewError, match="both reviewers must have proposed"):
        review.decision_record(
            application=submitted, outcome="approve", reason="", sections=[], actor=coordinator
        )


def test_the_file_counts_the_reviews_the_association_needs(
    client, submitted, coordinator, reviewers, association
):
    _set(association, reviewers_required=1)
    sign_in(client, coordinator)
    assign_form = client.get(f"/staff/applications/{submitted.pk}/").text
    [only] = review.review_start(application=submitted, reviewers=reviewers[:1], actor=coordinator)
    before = client.get(f"/staff/applications/{submitted.pk}/").text
    _review(only)

    after = client.get(f"/staff/applications/{submitted.pk}/").text

    assert ('name="first"' in assign_form, 'name="second"' in assign_form) == (True, False)
    assert "0 of 1 review in." in before
    assert "1 of 1 review in." in after
    assert "The reviewer proposes" in after


def test_the_file_counts_two_reviews_by_default(client, submitted, coordinator, reviewers):
    sign_in(client, coordinator)
    review.review_start(application=submitted, reviewers=reviewers, actor=coordinator)

    page = client.get(f"/staff/applications/{submitted.pk}/").text

    assert "0 of 2 reviews in." in page


def test_assigning_on_the_file_takes_one_reviewer_where_one_is_needed(
    client, submitted, coordinator, reviewers, association
):
    _set(association, reviewers_required=1)
    sign_in(client, coordinator)

    client.post(f"/staff/applications/{submitted.pk}/assign/", {"first": reviewers[0].pk})

    submitted.refresh_from_db()
    assert (submitted.status, [a.reviewer for a in submitted.assignments.all()]) == (
        Status.UNDER_REVIEW,
        [reviewers[0]],
    )


# The Mentor categories' rating form.


def test_a_mentor_request_uses_the_associations_rating_form(db, association):
    _set(association, reference_questions="family-2025")

    chosen = questions_for("mentor-clinical")
    others = questions_for("family-specialist", association=association)

    assert (chosen.version, others.version) == ("family-2025", "family-2025")


def test_the_installations_rating_form_is_the_default(db, association):
    assert questions_for("mentor-policy", association=association).version == "mentor-2024"


# Time zone.

# 04:30 UTC on 2 March 2026: still 1 March in Detroit (the installation's zone), already
# 2 March in Tokyo.
BOUNDARY = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)


def test_pages_show_dates_in_the_associations_time_zone(client, applicant, association):
    with time_machine.travel(BOUNDARY, tick=False):
        applications.application_start(applicant=applicant, category="family-associate")
        sign_in(client, applicant)
        in_detroit = client.get("/applications/").text
        _set(association, time_zone="Asia/Tokyo")
        in_tokyo = client.get("/applications/").text

    assert ("started 1 March 2026" in in_detroit, "started 2 March 2026" in in_tokyo) == (
        True,
        True,
    )


def test_the_time_zone_applies_when_the_associations_are_not_in_memory_yet(
    client, applicant, association
):
    _set(association, time_zone="Asia/Tokyo")
    with time_machine.travel(BOUNDARY, tick=False):
        applications.application_start(applicant=applicant, category="family-associate")
        sign_in(client, applicant)
        routing.forget()  # a fresh process: the association is found at its first scoped read

        page = client.get("/applications/").text

    assert "started 2 March 2026" in page


def test_the_worker_runs_each_associations_jobs_in_its_time_zone(db, association):
    make_association("tk", time_zone="Asia/Tokyo")
    days: dict[str, date] = {}

    with time_machine.travel(BOUNDARY, tick=False):
        each_association(
            lambda: days.setdefault(str(current_association()), timezone.localdate())
        )()

    assert days == {"MI-AIMH": date(2026, 3, 1), "TK": date(2026, 3, 2)}


def test_an_unknown_time_zone_is_refused(db, association):
    association.time_zone = "Mars/Olympus_Mons"

    with pytest.raises(ValidationError) as refused:
        association.clean()

    assert refused.value.message_dict["time_zone"] == [
        "A time zone's name, such as America/Detroit."
    ]


def test_the_membership_year_must_end_on_a_day_of_its_month(db, association):
    association.membership_year_end_month, association.membership_year_end_day = 2, 30

    with pytest.raises(ValidationError) as refused:
        association.clean()

    assert refused.value.message_dict["membership_year_end_day"] == ["A day of that month."]


# Registry.


def _endorsement(number: str, name: str, **extra: object) -> Endorsement:
    today = timezone.localdate()
    return Endorsement.objects.create(
        number=number,
        name=name,
        level="IV",
        category="Infant Mental Health Mentor – Policy",
        issued_on=today - timedelta(days=100),
        renewed_through=today + timedelta(days=300),
        **({"listed": True} | extra),
    )


def test_the_registry_names_each_endorsements_association_and_filters_by_it(
    client, db, association
):
    other = make_association("oh", name="Ohio Association")
    _endorsement("MI-1", "Ana Mich")
    with scope(association=other):
        _endorsement("OH-1", "Olga Ohio")
        _endorsement("OH-2", "Otto Hidden", listed=False)

    every = client.get("/registry/")
    ohio = client.get("/registry/", {"association": "oh"})

    assert [
        (e.number, e.association.name) for e in (row.endorsement for row in every.context["rows"])
    ] == [
        ("MI-1", association.name),
        ("OH-1", "Ohio Association"),
    ]
    assert [row.endorsement.number for row in ohio.context["rows"]] == ["OH-1"]
    assert '<td data-label="Association">Ohio Association</td>' in ohio.text
    assert "1 listed endorsement issued by Ohio Association." in ohio.text


def test_an_unknown_association_filter_is_ignored(client, db, association):
    _endorsement("MI-1", "Ana Mich")

    response = client.get("/registry/", {"association": "<nowhere>"})

    assert [row.endorsement.number for row in response.context["rows"]] == ["MI-1"]


def test_the_registry_page_shows_the_sites_disclaimer_escaped(client, db, association):
    _set(association, registry_disclaimer="Listing is voluntary.\n<b>Check</b> the number.")

    page = client.get("/registry/").text

    assert (
        '<div class="registry-disclaimer margin-top-3" id="registry-disclaimer">'
        "<p>Listing is voluntary.<br>&lt;b&gt;Check&lt;/b&gt; the number.</p></div>"
    ) in page


def test_verification_shows_the_issuing_associations_disclaimer(client, db, association):
    _set(association, registry_disclaimer="Michigan words.")
    other = make_association("oh", name="Ohio Association", registry_disclaimer="Ohio words.")
    with scope(association=other):
        _endorsement("OH-1", "Olga Ohio")

    page = client.get("/verify/OH-1/").text

    assert ("<p>Ohio words.</p>" in page, "Michigan words." in page) == (True, False)
    assert "This page is Ohio Association's current record." in page


# Links in emails.


def test_account_emails_name_the_association_and_link_to_its_site(db, deliver):
    make_association("oh", name="Ohio Association")
    deliver()

    response = Client(HTTP_HOST="oh.example.org").post(
        "/accounts/signup/",
        {
            "email": "olga@example.org",
            "name": "Olga",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    [email] = deliver()

    assert response.status_code == 302
    assert email.subject == "[OH] Please Confirm Your Email Address"
    assert "Hello from Ohio Association!" in email.body
    assert [link.split("/accounts/")[0] for link in re.findall(r"https?://\S+", email.body)] == [
        "http://oh.example.org"
    ]
    # Its own name before the installation's address (it set no From of its own).
    assert email.from_email == "Ohio Association <endorsement@localhost>"


@pytest.mark.parametrize("count", [1, 3])
def test_the_registry_reads_each_association_without_a_query_per_row(
    client, db, association, django_assert_num_queries, count
):
    other = make_association("oh", name="Ohio Association")
    for n in range(count):
        with scope(association=other if n % 2 else association):
            _endorsement(f"N-{n}", f"Person {n}")
    client.get("/registry/")  # the associations' table is in memory from here

    # The listed endorsements' dates, the inactive periods open, the associations' renewal
    # policies, the page of endorsements with their association.
    with django_assert_num_queries(4):
        response = client.get("/registry/")

    assert len(response.context["page"]) == count
