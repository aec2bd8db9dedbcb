"""`people_matching`: any part of a name or email, case ignored, the same on SQLite (an FTS5
table kept in step by triggers) and PostgreSQL (a trigram index)."""

from __future__ import annotations

import pytest

from endorse.accounts.models import User
from endorse.accounts.search import people_matching

from ..conftest import make_person


@pytest.fixture
def people(db):
    make_person("ada.lovelace@example.org", "Ada Lovelace")
    make_person("grace@navy.example", "Grace Hopper")
    make_person("jose@example.net", "José Álvarez")
    make_person("percent%50@example.org", 'Odd "Quoted" Name_')


def found(text):
    return sorted(people_matching(text).values_list("email", flat=True))


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("Lovelace", ["ada.lovelace@example.org"]),  # a surname
        ("lovel", ["ada.lovelace@example.org"]),  # a prefix of it
        ("OVELAC", ["ada.lovelace@example.org"]),  # its middle, any case
        ("navy.exa", ["grace@navy.example"]),  # part of an email
        ("@example.org", ["ada.lovelace@example.org", "percent%50@example.org"]),
        ("  hopper ", ["grace@navy.example"]),  # spaces around are not part of it
        ("álvarez", ["jose@example.net"]),  # letters with accents, any case
        ("ÁLVAREZ", ["jose@example.net"]),
        ("Ho", ["grace@navy.example"]),  # shorter than a trigram
        ("%50", ["percent%50@example.org"]),  # wildcards are plain characters
        ("e_", ["percent%50@example.org"]),
        ('"quoted"', ["percent%50@example.org"]),  # quotes too
        ("nobody", []),
    ],
)
def test_people_are_found_by_any_part_of_name_or_email(people, text, emails):
    assert found(text) == emails


def test_a_blank_text_finds_everyone(people):
    assert len(found("  ")) == User.objects.count()


def test_the_index_follows_a_change_of_name_and_a_removal(people):
    grace = User.objects.get(email="grace@navy.example")
    grace.name = "Grace Brewster Murray"
    grace.save()
    User.objects.get(email="jose@example.net").delete()

    assert (found("Hopper"), found("Brewster"), found("Álvarez")) == (
        [],
        ["grace@navy.example"],
        [],
    )
