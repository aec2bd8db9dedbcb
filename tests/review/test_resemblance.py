"""How a rater's address resembles another: nearly the same within one edit (two for addresses of
16 characters or more), the edit distance computed only when the lengths allow it."""

from __future__ import annotations

from endorse.review.queries import _distance, resemblance

NEARLY = "nearly the same address as {whose}"


def test_a_short_address_one_character_longer_is_nearly_the_same():
    assert resemblance("ab@x.org", "abc@x.org") == NEARLY


def test_a_short_address_two_characters_longer_is_not_compared():
    assert resemblance("ab@x.org", "abcd@x.org") == ""


def test_a_long_address_two_characters_longer_is_nearly_the_same():
    assert resemblance("samanthajones@example.org", "samanthajonesxy@example.org") == NEARLY


def test_a_long_address_three_characters_longer_is_not_compared():
    assert resemblance("samanthajones@example.org", "samanthajonesxyz@example.org") == ""


def test_the_distance_is_counted_up_to_the_limit_and_none_beyond():
    assert _distance("sam@example.org", "sma@example.org", limit=1) == 1  # two neighbours swapped
    assert _distance("sam@example.org", "sma@exmaple.org", limit=2) == 2
    assert _distance("sam@example.org", "sma@exmaple.org", limit=1) is None
    assert _distance("sam@example.org", "sam@example.org.uk", limit=2) is None  # lengths apart


def test_the_limit_gives_the_same_answers_as_the_whole_distance():
    """Each pair's distance with a limit is the full distance when within it, else None."""
    addresses = ["a@x.org", "ab@x.org", "ba@x.org", "abc@x.org", "abcd@x.org", "xyz@y.org"]
    for first in addresses:
        for second in addresses:
            whole = _distance(first, second, limit=len(first) + len(second))
            for limit in (0, 1, 2):
                assert _distance(first, second, limit=limit) == (
                    whole if whole is not None and whole <= limit else None
                )
