"""Every page carries its association: the header names it (its logo when it has one), the
footer says whose Endorsement program it is and how to reach it, and its brand colour comes in a
style sheet of its own, never as markup or an inline style."""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django_scopes import scope

from endorse.accounts.roles import Role
from endorse.associations import routing
from endorse.associations.domain import association_update
from endorse.associations.models import Association, brand_colour_of

from ..conftest import make_association, make_staff, sign_in
from ..review.test_association_settings import _form_data


def _header(text: str) -> str:
    found = re.search(r'<div class="usa-logo site-logo">(.*?)</div>', text, re.S)
    assert found is not None
    return found[1]


def _program(text: str) -> str:
    found = re.search(r'<p class="margin-0 margin-bottom-1 site-program">(.*?)</p>', text, re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found[1])


@pytest.fixture
def oaimh(db: None) -> Association:
    return make_association(
        "oaimh",
        "Ohio Association for Infant Mental Health",
        hosts="",
        logo="endorse/logos/oaimh.svg",
        brand_colour="#0f6e5c",
        contact_email="endorsement@oaimh.example.org",
    )


def test_the_default_associations_pages_name_it_in_the_header_and_footer(client, db, association):
    page = client.get("/check/")

    assert _header(page.text) == (
        '<em class="usa-logo__text"><a href="/" title="Michigan Association for Infant Mental '
        'Health: Endorsement home"><span class="site-logo__name">MI-AIMH</span> '
        '<span class="site-logo__product">Endorsement®</span></a></em>'
    )
    assert _program(page.text) == (
        "Endorsement® program of Michigan Association for Infant Mental Health."
    )
    assert "brand.css" not in page.text  # no colour of its own: the product's look


def test_the_second_associations_pages_carry_its_name_logo_contact_and_colour(client, oaimh):
    page = client.get("/a/oaimh/check/")

    assert _header(page.text) == (
        '<em class="usa-logo__text"><a href="/a/oaimh/" title="Ohio Association for Infant Mental '
        'Health: Endorsement home"><img class="site-logo__image" '
        'src="/static/endorse/logos/oaimh.svg" alt="" width="40" height="40">'
        '<span class="site-logo__name">OAIMH</span> '
        '<span class="site-logo__product">Endorsement®</span></a></em>'
    )
    assert _program(page.text) == (
        "Endorsement® program of Ohio Association for Infant Mental Health. "
        "Contact: endorsement@oaimh.example.org"
    )
    assert '<link rel="stylesheet" href="/a/oaimh/brand.css?c=0f6e5c">' in page.text


def test_the_brand_style_sheet_holds_the_colour_and_is_cached(client, oaimh):
    sheet = client.get("/a/oaimh/brand.css?c=0f6e5c")
    plain = client.get("/brand.css")

    assert (sheet.status_code, sheet["Content-Type"]) == (200, "text/css; charset=utf-8")
    assert sheet.content == b":root { --brand-colour: #0f6e5c; }\n"
    assert sheet["Cache-Control"] == "public, max-age=86400"
    assert (plain.status_code, plain.content) == (200, b"")


def test_a_logo_the_static_files_do_not_hold_is_left_out(client, db, association):
    association.logo = "endorse/logos/nothing-here.svg"
    association.save()

    page = client.get("/check/")

    assert "<img" not in _header(page.text)


def test_branding_costs_a_page_no_query(client, oaimh, django_assert_num_queries):
    client.get("/a/oaimh/check/")  # the associations are in memory from here on

    with django_assert_num_queries(0):
        page = client.get("/a/oaimh/check/")
        default = client.get("/check/")

    assert ("OAIMH" in _header(page.text), "MI-AIMH" in _header(default.text)) == (True, True)


def test_a_signed_in_page_gains_no_query_from_branding(
    client, coordinator, django_assert_num_queries
):
    sign_in(client, coordinator)
    client.get("/staff/people/")

    with django_assert_num_queries(6):  # as before branding: session, user, roles, people…
        page = client.get("/staff/people/")

    assert "MI-AIMH" in _header(page.text)


def test_a_not_found_page_names_the_association(client, oaimh):
    page = client.get("/a/oaimh/no-such-page/")

    assert page.status_code == 404
    assert "OAIMH" in _header(page.text)
    assert _program(page.text).startswith("Endorsement® program of Ohio Association")


def test_the_database_away_page_still_renders_with_the_association_in_memory(
    applicant, monkeypatch
):
    client = Client(raise_request_exception=False)
    sign_in(client, applicant)
    client.get("/check/")  # the associations are in memory

    def unreachable(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", unreachable)
    response = client.get("/applications/")
    monkeypatch.undo()

    assert response.status_code == 503
    assert "MI-AIMH" in _header(response.text)


def test_the_database_away_page_renders_without_an_association_it_cannot_read(
    applicant, monkeypatch
):
    client = Client(raise_request_exception=False)
    sign_in(client, applicant)
    routing.forget()  # nothing in memory: the association cannot be known

    def unreachable(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", unreachable)
    response = client.get("/applications/")
    monkeypatch.undo()

    assert response.status_code == 503
    assert _header(response.text) == (
        '<em class="usa-logo__text"><a href="/" title="Endorse home">Endorse</a></em>'
    )


def test_the_coordinator_sets_the_brand_colour(client, coordinator, association):
    sign_in(client, coordinator)

    saved = client.post(
        "/staff/association/", _form_data(association, number_prefix="MI-", brand_colour="#A0B1C2")
    )

    assert saved.status_code == 302
    assert Association.objects.get(pk=association.pk).brand_colour == "#a0b1c2"


HEX = "A colour as # and six hexadecimal digits, like #1a4480."
TOO_LONG = "Ensure this value has at most 7 characters (it has {})."


@pytest.mark.parametrize(
    ("colour", "problem"),
    [
        ("red", HEX),
        ("#fff", HEX),
        ("#12345g", HEX),
        ("#123456;}body{display:none", TOO_LONG.format(26)),
        ('#123456"><script>alert(1)</script>', TOO_LONG.format(34)),
        ("url(x)", HEX),
    ],
)
def test_a_colour_that_is_not_rrggbb_is_a_form_error(
    client, coordinator, association, colour, problem
):
    sign_in(client, coordinator)

    refused = client.post(
        "/staff/association/", _form_data(association, number_prefix="MI-", brand_colour=colour)
    )

    assert refused.status_code == 400
    assert refused.context["form"].errors["brand_colour"] == [problem]
    assert Association.objects.get(pk=association.pk).brand_colour == ""


def test_a_colour_stored_around_the_checks_never_reaches_a_page(client, db, association):
    # Written straight to the table, past the form and the domain's validation (seven
    # characters: PostgreSQL holds the column to its length).
    Association.objects.filter(pk=association.pk).update(brand_colour='#"><i>;')
    routing.reload()  # as the next reload reads it

    page = client.get("/check/")
    sheet = client.get("/brand.css")

    assert "MI-AIMH" in _header(page.text)  # branded, but without the colour
    assert ("brand.css" in page.text, '#"><i>;' in page.text) == (False, False)
    assert sheet.content == b""


def test_a_page_that_reads_no_stored_data_needs_no_database_for_its_header(client):
    # No database at all in this test: before any request has loaded the associations, the
    # self-check page shows the product's name rather than reaching the database for it.
    page = client.get("/check/")

    assert page.status_code == 200
    assert _header(page.text) == (
        '<em class="usa-logo__text"><a href="/" title="Endorse home">Endorse</a></em>'
    )


def test_the_domain_refuses_a_bad_colour(db, association):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        association_update(
            association=association,
            changes={"brand_colour": "#12345g"},
            actor_email="casey@example.org",
        )

    assert refused.value.message_dict["brand_colour"] == [HEX]


@pytest.mark.parametrize(
    ("stored", "written"),
    [("#0F6E5C", "#0f6e5c"), (" #0f6e5c ", "#0f6e5c"), ("", ""), ("#0f6e5c;x", "")],
)
def test_only_a_hex_colour_is_ever_written(stored, written):
    assert brand_colour_of(stored) == written


def test_a_coordinator_of_another_association_brands_only_theirs(oaimh):
    with scope(association=oaimh):
        theirs = make_staff("olive@example.org", "Olive", Role.COORDINATOR)
    client = sign_in(Client(), theirs)

    client.post("/a/oaimh/staff/association/", _form_data(oaimh, brand_colour="#112233"))

    assert client.get("/a/oaimh/check/").text.count("brand.css?c=112233") == 1
    assert "brand.css" not in client.get("/check/").text


def test_the_second_associations_verification_page_names_the_first_as_issuer(
    client, association, oaimh
):
    from datetime import timedelta

    from django.utils import timezone

    from endorse.registry.models import Endorsement

    today = timezone.localdate()
    Endorsement.objects.create(  # issued by the default association (the test's scope)
        number="IMHM-C 2001",
        name="Nia Listed",
        level="IV",
        category="Infant Mental Health Mentor – Clinical",
        issued_on=today - timedelta(days=10),
        renewed_through=today + timedelta(days=700),
        listed=True,
    )

    page = client.get("/a/oaimh/verify/IMHM-C 2001/")

    assert page.status_code == 200
    assert "OAIMH" in _header(page.text)
    issuer = re.search(r'<p class="verify-issuer">(.*?)</p>', page.text)
    assert issuer is not None
    assert issuer[1] == "Issued by Michigan Association for Infant Mental Health (MI-AIMH)."
