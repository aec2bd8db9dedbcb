"""The association's settings page (/staff/association/): its coordinator changes its own
settings, never another association's."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django_scopes import scope

from endorse.accounts.roles import Role
from endorse.associations.domain import EDITABLE
from endorse.associations.models import Association

from ..conftest import make_association, make_staff, sign_in


def _form_data(association: Association, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {}
    for name in EDITABLE:
        value = getattr(association, name)
        data[name] = "" if value is None else value
    data["categories"] = list(association.categories)
    data["reference_reminder_days"] = str(association.reference_reminder_days)
    return data | changes


def test_the_coordinator_sees_and_changes_the_associations_settings(
    client, coordinator, association
):
    sign_in(client, coordinator)
    page = client.get("/staff/association/")

    saved = client.post(
        "/staff/association/",
        _form_data(association, number_prefix="MI-E-", reference_reminder_days="[5, 10, 20]"),
    )

    fresh = Association.objects.get(pk=association.pk)
    assert (page.status_code, association.name in page.text) == (200, True)
    assert saved.status_code == 302
    assert (fresh.number_prefix, fresh.reference_reminder_days) == ("MI-E-", [5, 10, 20])


def test_a_bad_setting_is_named_and_nothing_is_saved(client, coordinator, association):
    sign_in(client, coordinator)

    refused = client.post(
        "/staff/association/", _form_data(association, reference_reminder_days='"soon"')
    )

    assert refused.status_code == 400
    assert "A list of whole days" in refused.text
    assert Association.objects.get(pk=association.pk).reference_reminder_days == [7, 14]


def test_a_coordinator_changes_only_their_own_association(coordinator, association):
    other = make_association("b")
    with scope(association=other):
        theirs = make_staff("coord@b.example.org", "B Coordinator", Role.COORDINATOR)
    client = sign_in(Client(HTTP_HOST="b.example.org"), theirs)

    page = client.get("/staff/association/")
    client.post("/staff/association/", _form_data(other, name="Renamed B"))

    assert (other.name in page.text, association.name in page.text) == (True, False)
    assert Association.objects.get(pk=other.pk).name == "Renamed B"
    assert Association.objects.get(pk=association.pk).name == association.name


def test_the_page_answers_404_to_staff_who_are_not_its_coordinator(client, reviewers):
    sign_in(client, reviewers[0])
    assert client.get("/staff/association/").status_code == 404


def test_the_renewal_policy_is_a_choice_of_the_engines_policies(client, coordinator, association):
    sign_in(client, coordinator)

    saved = client.post(
        "/staff/association/",
        _form_data(association, number_prefix="MI-", renewal_policy="triennial"),
    )
    refused = client.post(
        "/staff/association/", _form_data(association, number_prefix="MI-", renewal_policy="x")
    )

    assert (saved.status_code, refused.status_code) == (302, 400)
    assert Association.objects.get(pk=association.pk).renewal.name == "triennial"


def test_blank_fees_are_the_policys_and_a_number_takes_their_place(db, association):
    association.renewal_fee, association.late_fee = None, None
    policy = association.renewal

    association.renewal_fee, association.late_fee = Decimal("45"), Decimal("0")
    own = association.renewal

    assert (policy.name, policy.fee.amount, policy.fee.late_fee) == ("annual", 30, 25)
    assert (own.name, own.fee.amount, own.fee.late_fee) == ("annual", 45, 0)
    assert own is association.renewal  # one cached object per setting, not one per endorsement


def test_the_categories_offered_are_ticked_and_saved(client, coordinator, association):
    sign_in(client, coordinator)

    saved = client.post(
        "/staff/association/",
        _form_data(
            association,
            number_prefix="MI-",
            categories=["mentor-clinical", "mentor-policy"],
            default_policy="seed",
            reviewers_required="1",
        ),
    )

    fresh = Association.objects.get(pk=association.pk)
    assert saved.status_code == 302
    assert (fresh.categories, fresh.default_policy, fresh.reviewers_required) == (
        ["mentor-clinical", "mentor-policy"],
        "seed",
        1,
    )


def test_a_policy_version_not_offering_the_categories_is_named(client, coordinator, association):
    sign_in(client, coordinator)

    refused = client.post(
        "/staff/association/", _form_data(association, number_prefix="MI-", default_policy="seed")
    )

    assert refused.status_code == 400
    assert "Version seed does not offer ec-family-associate" in refused.text
    assert Association.objects.get(pk=association.pk).default_policy == ""


def test_an_unknown_rating_form_is_named(client, coordinator, association):
    sign_in(client, coordinator)

    refused = client.post(
        "/staff/association/",
        _form_data(association, number_prefix="MI-", reference_questions="mentor-1999"),
    )

    assert refused.status_code == 400
    assert "No rating form &#x27;mentor-1999&#x27;" in refused.text


def test_the_page_says_what_the_membership_year_is_kept_for(client, coordinator):
    sign_in(client, coordinator)

    page = client.get("/staff/association/").text

    assert "For renewals (not used yet)" in page
