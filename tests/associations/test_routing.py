"""Requests reach their association: by host name, by `/a/<slug>/` on a host no association
claims (the embedded default on localhost), else the default association."""

from __future__ import annotations

from django.test import Client
from django_scopes import scope

from endorse.accounts.roles import Role
from endorse.associations.routing import base_url

from ..conftest import make_association, make_staff, sign_in


def test_a_host_name_chooses_its_association(client, coordinator):
    make_association("b")
    mine = sign_in(Client(HTTP_HOST="testserver"), coordinator)
    theirs = sign_in(Client(HTTP_HOST="b.example.org"), coordinator)

    assert (mine.get("/staff/").status_code, theirs.get("/staff/").status_code) == (200, 404)


def test_a_path_prefix_chooses_its_association_and_its_links_keep_it(db, association):
    other = make_association("oh", hosts="")
    with scope(association=other):
        theirs = make_staff("olive@example.org", "Olive", Role.COORDINATOR)
    client = sign_in(Client(HTTP_HOST="localhost"), theirs)

    page = client.get("/a/oh/staff/people/")
    at_root = client.get("/staff/people/")  # the default association's: Olive is nobody there

    assert (page.status_code, at_root.status_code) == (200, 404)
    assert 'href="/a/oh/staff/association/"' in page.text
    assert "/a/oh/" not in client.get("/check/").text  # the prefix ends with its request


def test_links_in_emails_are_on_the_associations_address(db, association):
    by_host = make_association("b")
    by_path = make_association("oh", hosts="")

    assert (base_url(association), base_url(by_host), base_url(by_path)) == (
        "http://testserver",
        "http://b.example.org",
        "http://testserver/a/oh",
    )
