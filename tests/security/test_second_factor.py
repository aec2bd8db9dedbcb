"""Staff pages and the admin open only to a session that completed the second factor.

Having an authenticator app is not enough: the session must have used it (django-allauth records
how a session authenticated). The admin has no password-only sign-in of its own.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.http import HttpRequest
from django.urls import reverse

from endorse.accounts.roles import Role
from endorse.associations.models import StaffRole

from ..conftest import (
    PASSWORD,
    make_person,
    make_staff,
    make_superuser,
    sign_in,
    totp_code,
    totp_code_for,
)

STAFF_PAGES = ("/staff/", "/staff/needs-action/", "/staff/exams/")


@pytest.fixture
def superuser(db):
    """A superuser who is also a coordinator, with an authenticator app and a verified address."""
    person = make_superuser("root@example.org", "Root Person", Role.COORDINATOR)
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    return person


def _where(response) -> str:
    return response["Location"].split("?")[0] if response.status_code == 302 else ""


def test_the_admin_login_takes_no_password(client, superuser):
    """Security review finding 2: Django admin's own login skipped two-factor. `/admin/login/`
    no longer accepts a password: it sends everyone to the product's sign-in, and a posted
    password signs nobody in."""
    posted = client.post(
        "/admin/login/?next=/admin/", {"username": superuser.email, "password": PASSWORD}
    )
    assert (posted.status_code, _where(posted)) == (302, "/accounts/login/")
    assert posted["Location"].endswith("?next=%2Fadmin%2F")
    assert "_auth_user_id" not in client.session
    assert _where(client.get("/admin/")) == "/admin/login/"


def test_a_password_alone_reaches_no_staff_page_and_no_admin_page(client, superuser):
    """Security review finding 2: a superuser with TOTP who signs in with the password alone
    reaches no staff page and no admin page; each sends them to enter a code first."""
    assert client.login(email=superuser.email, password=PASSWORD)  # no second factor recorded
    answers = {path: _where(client.get(path)) for path in STAFF_PAGES}
    assert answers == dict.fromkeys(STAFF_PAGES, "/accounts/2fa/reauthenticate/")
    assert _where(client.get("/admin/")) == "/admin/login/"
    assert _where(client.get("/admin/login/")) == "/accounts/2fa/reauthenticate/"
    assert client.get("/admin/notifications/outboxmessage/").status_code == 302


def test_the_products_sign_in_asks_for_the_code_then_opens_staff_pages_and_the_admin(
    client, superuser
):
    """Security review finding 2: after the password, the session is not yet signed in; after
    the authenticator's code it reaches the staff pages and the admin."""
    first = client.post("/accounts/login/", {"login": superuser.email, "password": PASSWORD})
    assert _where(first) == "/accounts/2fa/authenticate/"
    assert _where(client.get("/admin/")) == "/admin/login/"
    assert _where(client.get("/staff/")) == "/accounts/login/"
    second = client.post("/accounts/2fa/authenticate/", {"code": totp_code(superuser)})
    assert second.status_code == 302
    assert [client.get(path).status_code for path in STAFF_PAGES] == [200, 200, 200]
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/notifications/outboxmessage/").status_code == 200


def test_entering_a_code_later_opens_the_staff_pages(client, superuser):
    """Security review finding 2: a password-only session becomes a staff session once it
    enters a code from the authenticator app (allauth's reauthentication), and not before."""
    assert client.login(email=superuser.email, password=PASSWORD)
    wrong = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert _where(client.get("/staff/")) == "/accounts/2fa/reauthenticate/"
    right = client.post(
        f"{reverse('mfa_reauthenticate')}?next=/staff/", {"code": totp_code(superuser)}
    )
    assert _where(right) == "/staff/"
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth signals the new authenticator after commit
def test_a_new_staff_member_setting_up_the_app_has_used_it(client):
    """Security review finding 2: setting up an authenticator takes a code from it, which is
    this session's second factor; before that, staff pages send them to set one up."""
    person = make_staff("new.staff@example.org", "New Staff", Role.COORDINATOR, two_factor=False)
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    assert _where(client.post("/accounts/login/", {"login": person.email, "password": PASSWORD}))
    assert _where(client.get("/staff/")) == "/accounts/2fa/totp/activate/"
    assert _where(client.get(reverse("mfa_activate_totp"))) == "/accounts/reauthenticate/"
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks again
    page = client.get(reverse("mfa_activate_totp"))
    code = totp_code_for(page.context["form"].secret)
    activated = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert activated.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_staff_flag_without_the_admin_role_is_not_found_at_the_admin_login(client, db):
    """A signed-in person with both factors who may not use the admin gets a 404 there, not a
    sign-in form that invites another password."""
    person = make_staff("plain.coordinator@example.org", "Plain", Role.COORDINATOR)
    person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(person)})
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/login/").status_code == 404


def test_the_admin_login_is_not_found_for_someone_the_admin_is_not_for(client, applicant):
    """The admin's sign-in does not invite an applicant to set up an authenticator: it is a 404
    for anyone who is not admin staff, before any second-factor step."""
    sign_in(client, applicant)
    assert _where(client.get("/admin/")) == "/admin/login/"
    assert client.get("/admin/login/").status_code == 404


def test_removing_the_authenticator_ends_what_it_proved(client, coordinator):
    """A session that removes its authenticator app no longer counts as having used it."""
    sign_in(client, coordinator)
    assert client.get("/staff/").status_code == 200
    authenticator = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    session = client.session
    request = HttpRequest()
    request.session = session
    authenticator_removed.send(
        sender=Authenticator, request=request, user=coordinator, authenticator=authenticator
    )
    session.save()
    assert _where(client.get("/staff/")) == "/accounts/2fa/reauthenticate/"


def test_a_staff_role_needs_an_authenticator_first_in_the_admin(client, db):
    """Security review finding 2, kept closed: a person holding only a password could set up an
    app of their own; so the admin grants a staff role (or the admin flag) only to a person who
    already has an authenticator app."""
    superuser = make_superuser("root@example.org", "Root", Role.COORDINATOR)
    person = make_person("new.helper@example.org")
    admin = sign_in(client, superuser)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "groups"}
    data |= {"date_joined_0": "2026-01-01", "date_joined_1": "12:00:00"}
    data |= {"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0}
    data |= {"staff_roles-TOTAL_FORMS": 1, "staff_roles-INITIAL_FORMS": 0}
    data |= {"staff_roles-0-role": Role.REVIEWER}
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "has no authenticator app yet" in response.content.decode()
    assert not StaffRole.objects.filter(person=person).exists()
    TOTP.activate(person, generate_totp_secret())
    assert admin.post(url, data).status_code == 302
    assert list(StaffRole.objects.filter(person=person).values_list("role", flat=True)) == [
        Role.REVIEWER
    ]
