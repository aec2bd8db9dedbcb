"""Signing up by email, verifying the address, signing in and out, and resetting a password —
through the test client and the mail outbox."""

import re

from django.core import mail

from endorse.accounts.models import Membership, User

from ..conftest import PASSWORD, make_person, sign_in


def _link(message, pattern):
    return re.search(pattern, message.body).group(0)


def test_sign_up_verify_email_and_land_on_my_applications(client, deliver):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.org",
            "name": "New Person",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert [m.to for m in deliver()] == [["new.person@example.org"]]
    confirm_url = _link(mail.outbox[0], r"http://testserver/accounts/confirm-email/[^\s]+")
    assert User.objects.get(email="new.person@example.org").name == "New Person"

    # GET shows the confirmation page and changes nothing; only POST confirms.
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert client.get("/applications/").status_code == 302
    confirmed = client.post(confirm_url)
    assert confirmed.status_code == 302
    assert client.get("/applications/").status_code == 200


def test_unverified_account_cannot_sign_in(client, db):
    client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "name": "X", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    response = client.post("/accounts/login/", {"login": "x@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


def test_sign_up_refuses_a_short_password_with_a_field_error(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "y@example.org", "name": "Y", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert (
        "Password must be a minimum of 12 characters." in response.text
        or "at least 12 characters" in response.text
    )
    assert not User.objects.filter(email="y@example.org").exists()


def test_sign_in_with_email_and_sign_out(client, db):
    person = make_person("zoe@example.org")
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    response = client.post("/accounts/login/", {"login": "zoe@example.org", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/applications/")
    assert client.post("/accounts/logout/").status_code == 302
    signed_out = client.get("/applications/")
    assert (signed_out.status_code, signed_out["Location"].split("?")[0]) == (
        302,
        "/accounts/login/",
    )


def test_password_reset_by_email(client, deliver):
    person = make_person("reset@example.org")
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    client.post("/accounts/password/reset/", {"email": "reset@example.org"})
    reset_url = _link(deliver()[-1], r"http://testserver/accounts/password/reset/key/[^\s]+")
    form_page = client.get(reset_url, follow=True)
    new = "a brand new long password"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url,
        {"password1": new, "password2": new},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)


def test_profile_and_memberships(client, applicant):
    sign_in(client, applicant)
    assert (
        client.post(
            "/profile/", {"name": "Ada A. Applicant", "phone": "+1 313 555 0100"}
        ).status_code
        == 302
    )
    applicant.refresh_from_db()
    assert (applicant.name, applicant.phone) == ("Ada A. Applicant", "+1 313 555 0100")
    response = client.post(
        "/profile/memberships/add/",
        {
            "association": "MI-AIMH",
            "member_id": "M-77",
            "kind": "individual",
            "expires_on": "2027-06-30",
        },
    )
    assert response.status_code == 302
    assert [str(m) for m in applicant.memberships.all()] == ["MI-AIMH until 2027-06-30"]


def test_membership_form_errors_name_the_field(client, applicant):
    sign_in(client, applicant)
    response = client.post(
        "/profile/memberships/add/",
        {"association": "MI-AIMH", "kind": "individual", "expires_on": "2027-02-30"},
    )
    assert response.status_code == 400
    assert "Enter a real date, for example 2019-06-30." in response.text
    assert Membership.objects.count() == 0


def test_someone_elses_membership_is_not_found(client, applicant, other_applicant):
    membership = Membership.objects.create(
        person=applicant, association="MI-AIMH", expires_on="2027-01-01"
    )
    sign_in(client, other_applicant)
    assert client.post(f"/profile/memberships/{membership.pk}/delete/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_profile_queries_do_not_grow_with_memberships(client, applicant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, applicant)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/profile/").status_code == 200
        return len(captured)

    Membership.objects.create(person=applicant, association="MI-AIMH", expires_on="2026-01-01")
    one = count()
    Membership.objects.create(person=applicant, association="AAIMH", expires_on="2027-01-01")
    Membership.objects.create(person=applicant, association="WA-AIMH", expires_on="2028-01-01")
    assert count() == one
