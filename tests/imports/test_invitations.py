"""Invitations to claim the accounts an import made: queued in batches through the outbox, each
person once unless sent again, never by a dry run or an apply; the link lets the person set a
password, which verifies their email and claims the account."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django_scopes import scope

from endorse.accounts.models import User
from endorse.cli import main
from endorse.imports.columns import Kind
from endorse.imports.domain import import_apply, import_check
from endorse.imports.invitations import (
    InvitationCounts,
    InvitationRefused,
    invitation_counts,
    invitation_send,
)
from endorse.imports.models import ImportedAccount, InvitationEvent
from endorse.notifications.models import OutboxMessage

from ..conftest import PASSWORD, make_association, make_person, sign_in
from .helpers import TODAY, table

pytestmark = pytest.mark.django_db

PEOPLE = [f"Person {n},p{n}@example.org" for n in range(1, 6)]


def _import(association, coordinator=None, *lines: str):
    return import_apply(
        kind=Kind.PEOPLE,
        table=table(Kind.PEOPLE, "name,email", *(lines or PEOPLE)),
        association=association,
        actor=coordinator,
        today=TODAY,
    )


def _invitations() -> list[str]:
    return sorted(
        OutboxMessage.objects.filter(template="imports/email/invitation").values_list(
            "recipient", flat=True
        )
    )


def test_import_dry_run_and_apply_queue_no_invitation(association):
    import_check(
        kind=Kind.PEOPLE,
        table=table(Kind.PEOPLE, "name,email", *PEOPLE),
        association=association,
        today=TODAY,
    )
    report = _import(association)

    assert (report.accounts_created, ImportedAccount.objects.count()) == (5, 5)
    assert OutboxMessage.objects.count() == 0
    assert InvitationEvent.objects.count() == 0


def test_invitation_send_respects_the_batch_size_and_mails_nobody_twice(association, coordinator):
    _import(association)

    first = invitation_send(association=association, actor=coordinator, batch=2)
    second = invitation_send(association=association, actor=coordinator, batch=2)
    third = invitation_send(association=association, actor=coordinator, batch=2)
    fourth = invitation_send(association=association, actor=coordinator, batch=2)

    assert [len(first), len(second), len(third), len(fourth)] == [2, 2, 1, 0]
    assert _invitations() == [f"p{n}@example.org" for n in range(1, 6)]
    assert invitation_counts() == InvitationCounts(not_invited=0, invited=5, claimed=0)
    assert (
        list(InvitationEvent.objects.values_list("kind", "actor"))
        == [("invited", coordinator.pk)] * 5
    )


def test_invitation_resend_reaches_only_those_invited_and_unclaimed(association, coordinator):
    _import(association)
    invitation_send(association=association, actor=coordinator, batch=3)

    again = invitation_send(association=association, actor=coordinator, batch=100, resend=True)

    assert sorted(i.person.email for i in again) == [f"p{n}@example.org" for n in (1, 2, 3)]
    assert [i.invitations for i in again] == [2, 2, 2]
    assert len(_invitations()) == 6


def test_invitation_send_refuses_a_batch_out_of_range(association):
    with pytest.raises(InvitationRefused, match="a batch is 1 to 1000 people"):
        invitation_send(association=association, actor=None, batch=0)


def test_invitation_goes_only_to_the_importing_associations_people(association, coordinator):
    _import(association)
    other = make_association("oh")
    with scope(association=other):
        _import(other, None, "Otto,otto@example.org")

    sent = invitation_send(association=association, actor=coordinator, batch=100)

    assert sorted(i.person.email for i in sent) == [f"p{n}@example.org" for n in range(1, 6)]


def _link(body: str) -> str:
    found = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", body)
    assert found is not None
    return found.group(1)


def test_invitation_claim_sets_the_password_verifies_the_email_and_is_not_invited_again(
    client, association, coordinator, deliver
):
    _import(association, coordinator, "Ada Lovelace,ada@example.org")
    invitation_send(association=association, actor=coordinator, batch=10)
    (email,) = deliver()
    assert email.to == ["ada@example.org"]
    assert "Dear Ada Lovelace," in email.body

    form_page = client.get(_link(email.body), follow=True)
    new = "a brand new long password"
    response = client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})

    assert response.status_code == 302
    person = User.objects.get(email="ada@example.org")
    assert person.check_password(new)
    assert list(EmailAddress.objects.filter(user=person).values_list("verified", "primary")) == [
        (True, True)
    ]
    assert ImportedAccount.objects.get(person=person).claimed_at is not None
    assert list(InvitationEvent.objects.values_list("kind", flat=True)) == ["invited", "claimed"]
    assert invitation_counts().claimed == 1
    assert invitation_send(association=association, actor=coordinator, batch=10) == []
    assert invitation_send(association=association, actor=coordinator, batch=10, resend=True) == []
    signed_in = client.post("/accounts/login/", {"login": "ada@example.org", "password": new})
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/applications/")


def test_a_claim_link_works_once(client, association, coordinator, deliver):
    _import(association, coordinator, "Ada Lovelace,ada@example.org")
    invitation_send(association=association, actor=coordinator, batch=10)
    link = _link(deliver()[0].body)
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD})
    client.post("/accounts/logout/")

    again = client.get(link, follow=True)

    assert "password1" not in again.content.decode()
    assert InvitationEvent.objects.filter(kind="claimed").count() == 1


def test_a_person_who_reset_a_password_alone_is_claimed_and_not_invited(association, coordinator):
    _import(association)
    person = User.objects.get(email="p1@example.org")
    person.set_password(PASSWORD)
    person.save()

    sent = invitation_send(association=association, actor=coordinator, batch=100)

    assert sorted(i.person.email for i in sent) == [f"p{n}@example.org" for n in range(2, 6)]
    assert invitation_counts().claimed == 1


def test_a_held_account_is_not_recorded_as_imported(association):
    make_person("p1@example.org", "Held")

    _import(association)

    assert sorted(ImportedAccount.objects.values_list("person__email", flat=True)) == [
        f"p{n}@example.org" for n in range(2, 6)
    ]


def test_invitations_page_lists_counts_and_sends_a_batch(client, association, coordinator):
    _import(association)
    sign_in(client, coordinator)

    page = client.get(reverse("staff:import_invitations"))
    sent = client.post(reverse("staff:import_invitations"), {"batch": "3", "action": "send"})
    after = client.get(reverse("staff:import_invitations"))

    assert page.status_code == 200
    assert "Not invited yet: <strong>5</strong>" in page.content.decode()
    assert sent.status_code == 302
    assert len(_invitations()) == 3
    assert "Invited, not claimed yet: <strong>3</strong>" in after.content.decode()
    assert "3 invitations queued." in after.content.decode()


def test_invitations_page_refuses_a_bad_batch(client, association, coordinator):
    sign_in(client, coordinator)

    response = client.post(reverse("staff:import_invitations"), {"batch": "0", "action": "send"})

    assert response.status_code == 400
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize("people", [1, 3])
def test_invitations_page_reads_in_a_fixed_number_of_queries(
    client, association, coordinator, django_assert_num_queries, people
):
    _import(association, None, *[f"Person {n},p{n}@example.org" for n in range(people * 2)])
    invitation_send(association=association, actor=coordinator, batch=people)
    sign_in(client, coordinator)
    client.get(reverse("staff:import_invitations"))  # the session's first reads

    with django_assert_num_queries(QUERIES):
        client.get(reverse("staff:import_invitations"))


QUERIES = 9


def test_cli_import_invite_lists_then_sends(association, capsys):
    _import(association)

    listed = main(["import", "invite", "--association", association.slug, "--batch", "2"])
    listed_out = capsys.readouterr().out
    sent = main(["import", "invite", "--association", association.slug, "--batch", "2", "--send"])
    sent_out = capsys.readouterr().out

    assert (listed, sent) == (0, 0)
    assert listed_out.splitlines() == [
        "would invite p1@example.org",
        "would invite p2@example.org",
        "mi-aimh: 5 not invited yet, 0 invited and not claimed, 0 claimed (nothing sent: add --send)",
    ]
    assert sent_out.splitlines() == [
        "invited p1@example.org",
        "invited p2@example.org",
        "mi-aimh: 3 not invited yet, 2 invited and not claimed, 0 claimed",
    ]
    assert _invitations() == ["p1@example.org", "p2@example.org"]


def test_cli_import_invite_refuses_a_bad_batch(association, capsys):
    code = main(["import", "invite", "--association", association.slug, "--batch", "0"])

    assert (code, capsys.readouterr().err) == (2, "--batch: expected 1 to 1000, got 0\n")


def test_cli_import_of_a_kind_without_a_file_names_the_argument(association, capsys):
    code = main(["import", "people", "--association", association.slug])

    assert (code, capsys.readouterr().err) == (2, "file: required (the .csv or .xlsx file)\n")
