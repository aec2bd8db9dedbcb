"""The rater's link: signed, expiring, for one request only; GET shows, only POST acts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from endorse.applications.models import ApplicationEvent, Rater
from endorse.notifications.domain import message_bounce
from endorse.notifications.models import OutboxMessage
from endorse.references import domain
from endorse.references.models import Rating
from endorse.references.queries import LINK_SALT
from endorse.references.questions import current_questions
from endorse.registry.models import Endorsement

from ..conftest import make_person, make_superuser, sign_in
from .conftest import full_answers, link_in


def _everything():
    """What a request could change: the rater rows, ratings, events and emails."""
    return (
        list(Rater.objects.order_by("pk").values()),
        list(Rating.objects.order_by("pk").values()),
        ApplicationEvent.objects.count(),
        OutboxMessage.objects.count(),
    )


def _pages(link):
    return [link, f"{link}rating/", f"{link}decline/"]


def test_the_request_email_carries_a_link_to_a_page_about_the_request(client, ask, deliver):
    rater = ask("Rita Rater")
    [message] = deliver()
    assert (message.to, message.subject) == (
        ["rita@example.org"],
        "[Endorse] A request for a reference rating",
    )
    page = client.get(link_in(message))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Reference rating for Ada Applicant" in text
    assert "Infant Mental Health Mentor – Clinical" in text
    assert "Start the rating" in text
    assert rater.token_nonce not in message.subject


def test_get_never_changes_anything_in_any_state(client, ask, deliver):
    sent, opened, drafted, *_ = (
        ask(f"{name} Rater", email=f"{name}@example.org")
        for name in ("Sent", "Opened", "Drafted", "Completed", "Declined")
    )
    links = {m.to[0]: link_in(m) for m in deliver()}
    domain.reference_open(rater=opened)
    domain.rating_save(
        rater=drafted,
        answers={"reflection-1": "3"},
        known_years=None,
        recommendation="",
        comments="",
        submit=False,
    )
    client.post(f"{links['Completed@example.org']}rating/", full_answers() | {"action": "submit"})
    client.post(f"{links['Declined@example.org']}decline/", {"reason": "On leave"})
    before = _everything()
    statuses = {
        (email, url): client.get(url).status_code
        for email, link in links.items()
        for url in _pages(link)
    }
    with time_machine.travel(timezone.now() + timedelta(days=31)):  # and once expired
        expired = {url: client.get(url).status_code for url in _pages(links["Sent@example.org"])}
    assert _everything() == before
    assert set(statuses.values()) == {200}
    assert set(expired.values()) == {410}
    assert sent.pk != opened.pk


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: signing.dumps([1, "guess"], salt=LINK_SALT, key="not-the-secret-key"),
        lambda token: "not-a-token",
    ],
    ids=["signature-changed", "payload-changed", "signed-elsewhere", "garbage"],
)
def test_a_tampered_link_is_not_found_and_changes_nothing(client, ask, deliver, mangle):
    ask()
    link = link_in(deliver()[0])
    token = link.split("/")[2]
    bad = f"/r/{mangle(token)}/"
    before = _everything()
    answers = [
        client.get(bad).status_code,
        client.post(f"{bad}start/").status_code,
        client.post(f"{bad}rating/", full_answers() | {"action": "submit"}).status_code,
        client.post(f"{bad}decline/", {"reason": "x"}).status_code,
    ]
    assert answers == [404, 404, 404, 404]
    assert _everything() == before


def test_a_link_opens_its_own_request_and_no_other(client, ask, deliver, other_applicant):
    mine = ask("Rita Rater")
    other = Rater.objects.create(
        application=mine.application.__class__.objects.create(
            applicant=other_applicant, category="mentor-policy"
        ),
        name="Olga Other",
        email="olga@example.org",
        role="colleague",
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
        token_nonce="olga-nonce",
    )
    link = link_in(deliver()[0])
    page = client.get(link).content.decode()
    assert ("Ada Applicant" in page, "Bo Other" in page, "Olga" in page) == (True, False, False)
    # Pointing the link at the other request means re-signing it, which needs the secret key.
    pk, nonce = signing.loads(link.split("/")[2], salt=LINK_SALT)
    forged = signing.dumps([other.pk, nonce], salt=LINK_SALT, key="guessed-key")
    assert client.get(f"/r/{forged}/").status_code == 404
    # Even the other request's own nonce in this request's token does not open it.
    crossed = signing.dumps([pk, other.token_nonce], salt=LINK_SALT)
    assert client.get(f"/r/{crossed}/").status_code == 410


def test_a_link_expires_after_thirty_days_and_then_acts_on_nothing(client, ask, deliver):
    rater = ask()
    link = link_in(deliver()[0])
    with time_machine.travel(timezone.now() + timedelta(days=29, hours=23)):
        assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        before = _everything()
        page = client.get(link)
        posted = client.post(f"{link}rating/", full_answers() | {"action": "submit"})
        assert (page.status_code, posted.status_code) == (410, 410)
        assert "expired" in page.content.decode()
        assert _everything() == before
    rater.refresh_from_db()
    assert rater.status == "requested"


def test_a_new_link_ends_the_old_one(client, ask, deliver, applicant):
    rater = ask()
    old = link_in(deliver()[0])
    message_bounce(message=OutboxMessage.objects.get(rater=rater), reason="550 mailbox full")
    domain.reference_request_send(rater=rater, actor=applicant)
    new = link_in([m for m in deliver() if m.to == [rater.email]][-1])
    replaced = client.get(old)
    assert (replaced.status_code, client.get(new).status_code) == (410, 200)
    assert "replaced by a newer one" in replaced.content.decode()


def test_start_then_save_a_draft_and_come_back_through_the_same_link(client, ask, deliver):
    rater = ask()
    link = link_in(deliver()[0])
    assert client.post(f"{link}start/").status_code == 302
    rater.refresh_from_db()
    assert rater.opened_at is not None
    saved = client.post(
        f"{link}rating/",
        {"item_reflection-1": "5", "comments": "Draft thoughts", "action": "save"},
    )
    assert saved.status_code == 302
    again = client.get(f"{link}rating/").content.decode()
    assert (
        'value="5" name="item_reflection-1"' in again
        or 'name="item_reflection-1" value="5"' in again
    )
    assert "Draft thoughts" in again
    assert Rating.objects.get(rater=rater).submitted_at is None


def test_submitting_with_answers_missing_names_them_and_keeps_the_rest(client, ask, deliver):
    rater = ask()
    link = link_in(deliver()[0])
    data = full_answers()
    del data["item_thinking-2"], data["recommendation"]
    response = client.post(f"{link}rating/", data | {"action": "submit"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose a rating, or “Not enough information to rate”." in text
    assert "Choose your recommendation." in text
    rating = Rating.objects.get(rater=rater)
    assert (rating.submitted_at, rating.answers["reflection-1"]) == (None, "4")
    rater.refresh_from_db()
    assert rater.status == "requested"


def test_submitting_an_incomplete_rating_keeps_the_answers_as_a_draft_in_one_call(ask, deliver):
    """The domain keeps the draft itself: one `rating_save` that cannot submit saves what was
    answered, marks the draft, then names what is missing."""
    rater = ask()
    domain.reference_open(rater=rater)
    answers = {
        k.removeprefix("item_"): v for k, v in full_answers().items() if k.startswith("item_")
    }
    del answers["thinking-2"]
    with pytest.raises(domain.RatingIncomplete) as refused:
        domain.rating_save(
            rater=rater,
            answers=answers,
            known_years=None,
            recommendation="recommend",
            comments="Kind",
            submit=True,
        )
    assert refused.value.missing == ["thinking-2", "known_years"]
    rating = Rating.objects.get(rater=rater)
    rater.refresh_from_db()
    assert (rating.submitted_at, rating.comments, rating.answers["reflection-1"]) == (
        None,
        "Kind",
        "4",
    )
    assert (rater.status, rater.draft_saved_at is not None) == ("requested", True)


def test_a_submitted_rating_stores_its_wording_and_counts(client, ask, deliver):
    rater = ask()
    link = link_in(deliver()[0])
    response = client.post(
        f"{link}rating/", full_answers(not_enough_information=2) | {"action": "submit"}
    )
    assert response.status_code == 302
    rater.refresh_from_db()
    rating = Rating.objects.get(rater=rater)
    assert (rater.status, rater.not_enough_information, str(rater.known_years)) == (
        "completed",
        2,
        "4.0",
    )
    assert rater.completed_on == timezone.localdate()
    assert (rating.questions_version, rating.question_set.data) == (
        current_questions().version,
        current_questions().data,
    )
    [notice] = [m for m in deliver() if m.to == ["ada.applicant@example.org"]]
    assert notice.subject == "[Endorse] A reference rating is complete"
    assert (
        f"http://testserver/applications/{rater.application_id}/#section-references" in notice.body
    )


def test_after_submission_the_link_thanks_the_rater_and_changes_nothing(client, ask, deliver):
    ask()
    link = link_in(deliver()[0])
    client.post(f"{link}rating/", full_answers() | {"action": "submit"})
    before = _everything()
    again = client.post(
        f"{link}rating/", full_answers(not_enough_information=9) | {"action": "submit"}
    )
    declined = client.post(f"{link}decline/", {"reason": "changed my mind"})
    started = client.post(f"{link}start/")
    assert [r.status_code for r in (again, declined, started)] == [200, 200, 200]
    assert "Thank you, Rita Rater" in again.content.decode()
    assert _everything() == before


def test_declining_needs_a_reason_that_the_applicant_is_not_shown(client, ask, deliver):
    rater = ask()
    link = link_in(deliver()[0])
    assert client.post(f"{link}decline/", {"reason": ""}).status_code == 400
    assert client.post(f"{link}decline/", {"reason": "I left the agency"}).status_code == 302
    rater.refresh_from_db()
    assert (rater.status, rater.decline_reason) == ("declined", "I left the agency")
    [notice] = deliver()
    assert notice.subject == "[Endorse] A rater declined your reference request"
    assert "I left the agency" not in notice.body
    assert "You declined this request" in client.get(link).content.decode()


def test_a_claimed_endorsement_in_the_registry_is_verified_at_once(ask, db):
    Endorsement.objects.create(
        number="IMH-4417",
        name="Rita  Rater",
        level="IV",
        category="Infant Mental Health Mentor – Clinical",
        person=make_person("Rita@Example.org", "Rita Rater"),
        issued_on=timezone.localdate() - timedelta(days=400),
        renewed_through=date(timezone.localdate().year - 1, 12, 31),
    )
    matching = ask("rita rater", endorsement_level="IV", endorsement_number="imh-4417")
    wrong_name = ask(
        "Rhoda Rater",
        email="rhoda@example.org",
        endorsement_level="IV",
        endorsement_number="IMH-4417",
    )
    unknown = ask("Una Known", endorsement_level="III", endorsement_number="XX-1")
    assert [r.endorsement_verified for r in (matching, wrong_name, unknown)] == [
        True,
        False,
        False,
    ]
    assert ApplicationEvent.objects.filter(kind="rater_endorsement_verified").count() == 1


def test_a_registry_match_verifies_only_from_the_endorsees_own_email(client, ask, deliver):
    """Security review finding 4: a registry match alone verifies nothing (name, number and level
    are public); it verifies only when the rater's email is the endorsee's email on record, and
    otherwise waits for the coordinator, who is told why."""
    today = timezone.localdate()
    for number, name, person in (
        ("IMH-4417", "Rita Rater", make_person("rita.rater@clinic.example", "Rita Rater")),
        ("IMH-0100", "Carl Carried", None),  # carried over from older records: no email
    ):
        Endorsement.objects.create(
            number=number,
            name=name,
            level="IV",
            category="Infant Mental Health Mentor – Clinical",
            person=person,
            issued_on=today - timedelta(days=400),
            renewed_through=date(timezone.localdate().year - 1, 12, 31),
        )
    claims = {"endorsement_level": "IV", "endorsement_number": "IMH-4417"}
    impostor = ask("Rita Rater", email="ada.second@example.net", **claims)
    carried = ask(
        "Carl Carried",
        email="carl@example.org",
        endorsement_level="IV",
        endorsement_number="IMH-0100",
    )
    real = ask("Rita Rater", email="Rita.Rater@Clinic.example", role="colleague", **claims)
    links = {m.to[0]: link_in(m) for m in deliver()}
    client.post(f"{links['ada.second@example.net']}rating/", full_answers() | {"action": "submit"})
    for rater in (impostor, carried, real):
        rater.refresh_from_db()
    assert [r.endorsement_verified for r in (impostor, carried, real)] == [False, False, True]
    assert impostor.status == "completed"  # completing the rating did not verify it either
    verified = ApplicationEvent.objects.get(kind="rater_endorsement_verified")
    assert (verified.data["rater"], verified.data["by"]) == (real.pk, "registry")


def test_an_expired_or_revoked_registry_entry_verifies_nothing(ask, db):
    today = timezone.localdate()
    Endorsement.objects.create(
        number="OLD-1",
        name="Olive Old",
        level="III",
        category="Infant Mental Health Specialist",
        issued_on=today - timedelta(days=900),
    )
    Endorsement.objects.create(
        number="REV-1",
        name="Rex Revoked",
        level="IV",
        category="Infant Mental Health Mentor – Clinical",
        issued_on=today - timedelta(days=100),
        revoked_at=timezone.now(),
    )
    old = ask("Olive Old", endorsement_level="III", endorsement_number="OLD-1")
    revoked = ask("Rex Revoked", endorsement_level="IV", endorsement_number="REV-1")
    assert (old.endorsement_verified, revoked.endorsement_verified) == (False, False)


def test_the_coordinator_vets_an_endorsement_the_registry_does_not_know(ask, db):
    rater = ask("Una Known", endorsement_level="III", endorsement_number="MI-2231")
    coordinator = make_person("coordinator@example.org", is_staff=True)
    domain.rater_endorsement_verify(rater=rater, actor=coordinator)
    rater.refresh_from_db()
    assert rater.endorsement_verified is True
    event = ApplicationEvent.objects.get(kind="rater_endorsement_verified")
    assert (event.actor, event.data["by"]) == (coordinator, "coordinator")


def test_the_coordinator_vets_endorsements_from_the_admin(client, ask):
    rater = ask("Una Known", endorsement_level="III", endorsement_number="MI-2231")
    coordinator = make_superuser("boss@example.org", "Boss")
    sign_in(client, coordinator)
    listing = client.get("/admin/applications/rater/")
    assert listing.status_code == 200
    client.post(
        "/admin/applications/rater/",
        {"action": "verify_endorsement", "_selected_action": [rater.pk]},
    )
    rater.refresh_from_db()
    assert rater.endorsement_verified is True
    assert ApplicationEvent.objects.get(kind="rater_endorsement_verified").actor == coordinator
    assert client.get(f"/admin/applications/rater/{rater.pk}/change/").status_code == 200
