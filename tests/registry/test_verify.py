"""The public verification page and registry search: what a passer-by learns, what an employer who
holds the number and the holder's name can confirm, and the throttle on both pages."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.utils import timezone

from endorse.registry.models import Endorsement


def _endorsement(number, name, *, listed, issued_on=None, renewed_through=None, revoked=False):
    today = timezone.localdate()
    return Endorsement.objects.create(
        number=number,
        name=name,
        level="IV",
        category="Infant Mental Health Mentor – Clinical",
        issued_on=issued_on or today - timedelta(days=100),
        renewed_through=renewed_through,
        listed=listed,
        revoked_at=timezone.now() if revoked else None,
    )


def _verify(client, number, surname=None):
    data = {} if surname is None else {"surname": surname}
    response = client.get(f"/verify/{number}/", data)
    return response.status_code, response.content.decode()


def _without(page, *words):
    """The page with the words the visitor typed taken out, to compare two answers."""
    for word in words:
        page = page.replace(word, "…")
    return page


def test_a_listed_endorsement_shows_its_holder_and_status(client, db):
    _endorsement("IMH-M-00001", "Ana Listed", listed=True)
    code, page = _verify(client, "IMH-M-00001")
    assert code == 200
    assert "IMH-M-00001: Active" in page
    assert "Ana Listed holds a current Infant Mental Health Mentor – Clinical" in page


def test_an_opted_out_endorsement_shows_nothing_without_the_surname(client, db):
    """Security review finding 8: a passer-by holding only the number learns nothing about an
    endorsee who chose not to be listed: not the name, category, status or dates, not even that
    the number exists (the answer is the unknown number's, word for word)."""
    _endorsement("IMH-M-00002", "Una Unlisted", listed=False)
    code, page = _verify(client, "IMH-M-00002")
    assert code == 404
    for secret in ("Una", "Unlisted", "Clinical", "Active", "Level IV", "valid until"):
        assert secret not in page
    unknown_code, unknown_page = _verify(client, "IMH-M-00099")
    assert (code, _without(page, "IMH-M-00002")) == (
        unknown_code,
        _without(unknown_page, "IMH-M-00099"),
    )
    assert 'name="surname"' in page  # the employer is told how to confirm it


@pytest.mark.parametrize("surname", ["Núñez-García", "nunez-garcia", "NUNEZ GARCIA", " García "])
def test_an_opted_out_endorsement_is_confirmed_with_the_holders_surname(client, db, surname):
    """Security review finding 8: an employer who holds the number and the holder's surname
    (whatever its case or accents) confirms an unlisted endorsement."""
    _endorsement("IMH-M-00003", "José Núñez-García", listed=False)
    code, page = _verify(client, "IMH-M-00003", surname)
    assert code == 200
    assert "IMH-M-00003: Active" in page
    assert "José Núñez-García holds a current Infant Mental Health Mentor – Clinical" in page


@pytest.mark.parametrize("surname", ["Jose", "Nunez-Garci", "Smith", "", "   "])
def test_an_opted_out_endorsement_stays_hidden_with_a_wrong_surname(client, db, surname):
    """Security review finding 8: a wrong surname (a first name, part of a word, another name,
    nothing) confirms nothing, and answers as an unknown number does with the same surname."""
    _endorsement("IMH-M-00004", "José Núñez-García", listed=False)
    code, page = _verify(client, "IMH-M-00004", surname)
    assert code == 404
    for secret in ("José", "Active", "Clinical", "valid until"):
        assert secret not in page
    unknown_code, unknown_page = _verify(client, "IMH-M-00098", surname)
    assert (code, _without(page, "IMH-M-00004")) == (
        unknown_code,
        _without(unknown_page, "IMH-M-00098"),
    )


def test_a_revoked_opted_out_endorsement_shows_revoked_only_with_the_surname(client, db):
    """Security review finding 8: an employer holding a revoked certificate learns it is revoked
    (with the name); a passer-by does not learn it was ever issued."""
    _endorsement("IMH-M-00005", "Rob Revoked", listed=False, revoked=True)
    code, page = _verify(client, "IMH-M-00005")
    assert (code, "Rob" in page, "Revoked" in page) == (404, False, False)
    code, page = _verify(client, "IMH-M-00005", "revoked")
    assert code == 200
    assert "IMH-M-00005: Revoked" in page
    assert "Rob Revoked's Infant Mental Health Mentor – Clinical endorsement was revoked" in page


def test_a_listed_revoked_or_lapsed_endorsement_shows_its_standing(client, db):
    _endorsement("R-1", "Rita Revoked", listed=True, revoked=True)
    # Issued in 2023: due by 31 December 2024, grace to 31 January 2025, lapsed the day after.
    _endorsement("L-1", "Lee Lapsed", listed=True, issued_on=date(2023, 5, 1))
    assert [_verify(client, n)[0] for n in ("R-1", "L-1")] == [200, 200]
    assert "R-1: Revoked" in _verify(client, "R-1")[1]
    assert "L-1: Lapsed" in _verify(client, "L-1")[1]
    assert "endorsement lapsed on 1 February 2025" in _verify(client, "L-1")[1]


@pytest.mark.parametrize(
    ("today", "heading", "words"),
    [
        (
            "2026-09-30",
            "Active",
            "renewed through 31 December 2025. Its next renewal is due by 31 December 2026.",
        ),
        ("2026-10-01", "Renewal due", "Its next renewal is due by 31 December 2026."),
        ("2027-01-31", "Overdue", "it stays current through 31 January 2027 and lapses after"),
        (
            "2027-02-01",
            "Lapsed",
            "endorsement lapsed on 1 February 2027 (renewed through 31 December 2025)",
        ),
    ],
)
def test_verification_follows_the_standing_through_window_grace_and_lapse(
    client, db, today, heading, words
):
    _endorsement(
        "IMH-M-00010",
        "Ana Renewed",
        listed=True,
        issued_on=date(2024, 3, 1),
        renewed_through=date(2025, 12, 31),
    )
    with time_machine.travel(f"{today} 12:00", tick=False):
        code, page = _verify(client, "IMH-M-00010")
    assert (code, f"IMH-M-00010: {heading}" in page, words in " ".join(page.split())) == (
        200,
        True,
        True,
    )


def test_a_listed_endorsement_with_a_wrong_surname_says_the_name_differs(client, db):
    _endorsement("IMH-M-00006", "Ana Listed", listed=True)
    code, page = _verify(client, "IMH-M-00006", "Smith")
    assert code == 200
    assert "The surname you entered, Smith, is not the name on this endorsement." in page


@pytest.mark.parametrize(
    ("name", "surname", "matches"),
    [
        ("Mary Ann O'Brien", "o'brien", True),
        ("Mary Ann O'Brien", "OBrien", True),
        ("Mary Ann O'Brien", "O’Brien", True),
        ("Mary Ann O'Brien", "Brien", False),
        ("Mary Ann O'Brien", "Ann O'Brien", True),
        ("Mary Ann O'Brien", "Mary Ann O'Brien", True),
        ("Mary Ann O'Brien", "Mary", False),
        ("Anna van der Berg", "van der Berg", True),
        ("Anna van der Berg", "Berg", True),
        ("Anna van der Berg", "der", False),
        ("Jürgen Straße", "STRASSE", True),
        ("Jürgen Straße", "strase", False),
        ("Pat Smith Jr.", "smith jr", True),
        ("Pat Smith", "", False),
    ],
)
def test_surnames_match_as_people_write_them(name, surname, matches):
    """Security review finding 8: the surname is the last word or words of the name, compared
    without case, accents, hyphens, apostrophes or full stops; a first name or part of a word
    never matches."""
    from endorse.registry.queries import surname_matches

    assert surname_matches(name, surname) is matches


def test_lookups_are_throttled_per_address_with_a_clear_429(client, db, settings):
    """Security review finding 8: a client enumerating numbers is stopped after the limit, with a
    429 page that says when to come back and a Retry-After header; another address is not."""
    settings.ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE = 5
    _endorsement("IMH-M-00001", "Ana Listed", listed=True)
    codes = [client.get(f"/verify/IMH-M-{n:05d}/").status_code for n in range(1, 6)]
    assert codes == [200, 404, 404, 404, 404]
    refused = client.get("/verify/IMH-M-00001/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert "Too many look-ups" in page
    assert "Ana Listed" not in page
    other = client.get("/verify/IMH-M-00001/", REMOTE_ADDR="203.0.113.7")
    assert other.status_code == 200


def test_the_registry_search_shares_the_throttle(client, db, settings):
    """Security review finding 8: the public registry search counts against the same limit, so
    alternating the two pages does not double it."""
    settings.ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE = 4
    codes = [client.get("/registry/", {"q": f"a{n}"}).status_code for n in range(3)]
    codes.append(client.get("/verify/IMH-M-00001/").status_code)
    codes.append(client.get("/registry/").status_code)
    codes.append(client.get("/verify/IMH-M-00001/").status_code)
    assert codes == [200, 200, 200, 404, 429, 429]


def test_an_ipv6_client_is_counted_by_its_network(client, db, settings):
    """Security review finding 8: one IPv6 network (/64) cannot rotate addresses to escape it."""
    settings.ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE = 2
    addresses = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9"]
    codes = [client.get("/registry/", REMOTE_ADDR=address).status_code for address in addresses]
    assert codes == [200, 200, 429]
    assert client.get("/registry/", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_the_registry_search_button_shows_its_icon_on_phones(client, db):
    """Bug 8: the small search's button was a blank box on phones: USWDS hides its text below
    30em and shows the submit icon instead, which the page did not have. The icon is there,
    with a text alternative, and the image is a vendored static file."""
    page = client.get("/registry/").text
    [button] = re.findall(r'<button[^>]*type="submit"[^>]*>.*?</button>', page, re.S)
    [src] = re.findall(
        r'<img[^>]*class="usa-search__submit-icon"[^>]*src="/static/([^"]+)"', button
    )
    assert 'alt="Search"' in button
    assert finders.find(src) is not None
    assert src.endswith("search--white.svg")


def _listed_in(client, query):
    page = client.get(f"/registry/{query}").content.decode()
    return re.findall(r'<th scope="row" data-label="Name">([^<]+)</th>', page)


def test_the_registry_filters_by_category(client, db):
    _endorsement("IMHM-C-00001", "Ana Mentor", listed=True)
    specialist = _endorsement("ECFS-00001", "Bea Specialist", listed=True)
    specialist.category = "Early Childhood Family Specialist"
    specialist.save()
    assert _listed_in(client, "") == ["Ana Mentor", "Bea Specialist"]
    assert _listed_in(client, "?category=ec-family-specialist") == ["Bea Specialist"]
    assert _listed_in(client, "?category=mentor-clinical") == ["Ana Mentor"]
    # An unknown category is no filter.
    assert _listed_in(client, "?category=astronaut") == ["Ana Mentor", "Bea Specialist"]


def test_the_registry_names_the_category_filtered_on(client, db):
    page = client.get("/registry/?category=ec-mh-specialist").content.decode()
    assert "0 listed endorsements in Early Childhood Mental Health Specialist." in page


@pytest.mark.parametrize(
    ("today", "shown"),
    [("2027-01-31", True), ("2027-02-01", False)],
)
def test_the_registry_keeps_an_overdue_endorsement_through_grace_only(client, db, today, shown):
    _endorsement(
        "IMH-M-00011",
        "Olga Overdue",
        listed=True,
        issued_on=date(2024, 3, 1),
        renewed_through=date(2025, 12, 31),
    )
    with time_machine.travel(f"{today} 12:00", tick=False):
        page = client.get("/registry/").text
    assert ("Olga Overdue" in page, "Overdue, renewed through 31 December 2025" in page) == (
        shown,
        shown,
    )
