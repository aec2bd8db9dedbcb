"""Moving an endorsement to another association when its holder moves: the number stays (the
verification page finds it by the number), the association changes, the move is kept with its
reason and shown on the staff page and /verify/; the receiving association and the holder are
emailed; the association it left no longer sees it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django_scopes import scope, scopes_disabled

from endorse.accounts.roles import Role
from endorse.registry.domain import MoveError, endorsement_issue, endorsement_move
from endorse.registry.models import Endorsement, EndorsementMove

from ..conftest import make_association, make_staff, sign_in

MOVED_AT = datetime(2026, 5, 4, 15, 0, tzinfo=UTC)
REASON = "Moved to Columbus in April."


@pytest.fixture
def ohio(db):
    return make_association(
        "oh", "Ohio Association for Infant Mental Health", contact_email="endorse@oh.example.org"
    )


@pytest.fixture
def ohio_coordinator(ohio):
    with scope(association=ohio):
        return make_staff("olive@oh.example.org", "Olive Coordinator", Role.COORDINATOR)


@pytest.fixture
def endorsement(applicant):
    return Endorsement.objects.create(
        number="IMHM-P-00007",
        name="Ada Applicant",
        level="IV",
        category="Infant Mental Health Mentor - Policy",
        person=applicant,
        issued_on=date(2025, 3, 1),
        renewed_through=date(2026, 12, 31),
        listed=True,
    )


@pytest.fixture
def moved(endorsement, ohio, coordinator):
    with time_machine.travel(MOVED_AT, tick=False):
        return endorsement_move(
            endorsement=endorsement, to_association=ohio, reason=REASON, actor=coordinator
        )


def _on(ohio_coordinator) -> Client:
    return sign_in(Client(HTTP_HOST="oh.example.org"), ohio_coordinator)


def test_a_move_keeps_the_number_and_changes_the_association(
    endorsement, ohio, coordinator, association
):
    with time_machine.travel(MOVED_AT, tick=False):
        move = endorsement_move(
            endorsement=endorsement, to_association=ohio, reason=f" {REASON} ", actor=coordinator
        )

    with scopes_disabled():
        fresh = Endorsement.objects.get(pk=endorsement.pk)
    assert (fresh.number, fresh.association) == ("IMHM-P-00007", ohio)
    assert (move.from_association, move.to_association, move.reason) == (
        association,
        ohio,
        REASON,
    )
    assert (move.moved_by, move.moved_at) == (coordinator, MOVED_AT)
    assert Endorsement.objects.count() == 0  # the association it left sees it no more
    with scope(association=ohio):
        assert list(EndorsementMove.objects.values_list("pk", flat=True)) == [move.pk]


def test_a_move_is_audited(endorsement, ohio, coordinator, caplog):
    with caplog.at_level("INFO", logger="endorse.audit"):
        endorsement_move(
            endorsement=endorsement, to_association=ohio, reason=REASON, actor=coordinator
        )

    assert caplog.messages[-1] == (
        f"endorsement IMHM-P-00007 moved from mi-aimh to oh (by {coordinator.email})"
    )


def test_a_move_emails_the_receiving_association_and_the_holder(
    moved, endorsement, applicant, deliver
):
    sent = deliver()

    assert [(m.to, m.subject) for m in sent] == [
        (
            ["endorse@oh.example.org"],
            "[Endorse] An endorsement moved to you: IMHM-P-00007",
        ),
        (
            [applicant.email],
            "[Endorse] Your endorsement IMHM-P-00007 has moved",
        ),
    ]
    assert f"http://oh.example.org/staff/endorsements/{endorsement.pk}/" in sent[0].body
    assert f"Why: {REASON}" in sent[1].body
    assert "http://oh.example.org/verify/IMHM-P-00007/" in sent[1].body


def test_no_contact_email_means_only_the_holder_hears(endorsement, coordinator, deliver):
    quiet = make_association("in")

    endorsement_move(
        endorsement=endorsement, to_association=quiet, reason=REASON, actor=coordinator
    )

    assert [m.to for m in deliver()] == [[endorsement.person.email]]


def test_moving_to_the_association_holding_it_or_without_reason_is_refused(
    endorsement, ohio, coordinator, association
):
    with pytest.raises(MoveError, match="already MI-AIMH's"):
        endorsement_move(
            endorsement=endorsement, to_association=association, reason=REASON, actor=coordinator
        )
    with pytest.raises(MoveError, match="say why"):
        endorsement_move(
            endorsement=endorsement, to_association=ohio, reason=" ", actor=coordinator
        )

    assert Endorsement.objects.get(pk=endorsement.pk).association == association


def test_the_old_coordinator_sees_it_until_the_move_then_404(
    client, endorsement, ohio, coordinator
):
    sign_in(client, coordinator)
    urls = [f"/staff/endorsements/{endorsement.pk}/{tail}" for tail in ("", "move/", "revoke/")]
    before = [client.get(url).status_code for url in urls]

    endorsement_move(endorsement=endorsement, to_association=ohio, reason=REASON, actor=coordinator)

    assert (before, [client.get(url).status_code for url in urls]) == ([200] * 3, [404] * 3)


def test_the_new_coordinator_sees_it_with_its_history(moved, endorsement, ohio_coordinator):
    client = _on(ohio_coordinator)
    page = client.get(f"/staff/endorsements/{endorsement.pk}/")

    assert page.status_code == 200
    assert "Issued by MI-AIMH on 1 March 2025" in page.text
    assert (
        f"Moved from MI-AIMH to OH on 4 May 2026 by Casey Coordinator, because: {REASON}"
        in page.text
    )


def test_the_new_coordinator_does_not_see_it_before_the_move(endorsement, ohio_coordinator):
    client = _on(ohio_coordinator)

    assert client.get(f"/staff/endorsements/{endorsement.pk}/").status_code == 404


def test_verify_shows_the_association_holding_it_and_the_moves(client, moved):
    page = client.get("/verify/IMHM-P-00007/")

    assert page.status_code == 200
    assert '<p id="held-by">Held now by Ohio Association for Infant Mental Health.</p>' in page.text
    assert (
        '<p class="verify-issuer">Issued by Michigan Association for Infant Mental Health '
        "(MI-AIMH).</p>" in page.text
    )
    assert f"Moved from MI-AIMH to OH on 4 May 2026: {REASON}" in page.text


def test_verify_of_an_endorsement_never_moved_names_its_association(client, endorsement):
    page = client.get("/verify/IMHM-P-00007/")

    assert (
        '<p class="verify-issuer">Issued by Michigan Association for Infant Mental Health '
        "(MI-AIMH).</p>" in page.text
    )
    assert 'id="held-by"' not in page.text
    assert 'id="moves"' not in page.text


def test_the_move_page_offers_the_other_associations_and_moves_on_post(
    client, endorsement, ohio, coordinator
):
    sign_in(client, coordinator)

    form = client.get(f"/staff/endorsements/{endorsement.pk}/move/")
    done = client.post(
        f"/staff/endorsements/{endorsement.pk}/move/",
        {"to_association": ohio.pk, "reason": REASON},
    )

    assert list(form.context["form"].fields["to_association"].queryset) == [ohio]
    assert ">Ohio Association for Infant Mental Health (OH)</option>" in form.text
    assert (done.status_code, done["Location"]) == (302, "/staff/")
    with scopes_disabled():
        assert Endorsement.objects.get(pk=endorsement.pk).association == ohio


@pytest.mark.parametrize(
    ("target", "reason", "error"),
    [
        ("unknown", REASON, "Select a valid choice."),
        ("same", REASON, "Select a valid choice."),
        ("ohio", "", "This field is required."),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_moves(
    client, endorsement, ohio, coordinator, association, target, reason, error
):
    pk = {"unknown": 99999, "same": association.pk, "ohio": ohio.pk}[target]
    sign_in(client, coordinator)

    page = client.post(
        f"/staff/endorsements/{endorsement.pk}/move/", {"to_association": pk, "reason": reason}
    )

    assert page.status_code == 400
    assert error in page.text
    assert Endorsement.objects.get(pk=endorsement.pk).association == association
    with scopes_disabled():
        assert EndorsementMove.objects.count() == 0


def test_the_application_file_offers_the_move_next_to_revoking(client, coordinator, endorsable):
    endorsement = endorsement_issue(application=endorsable, actor=coordinator)
    sign_in(client, coordinator)

    page = client.get(f"/staff/applications/{endorsable.pk}/")

    assert f'href="/staff/endorsements/{endorsement.pk}/revoke/"' in page.text
    assert f'href="/staff/endorsements/{endorsement.pk}/move/"' in page.text
