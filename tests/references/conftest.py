"""Helpers of the reference tests: the rater's link as the email carries it, and a full rating.
(The `application` and `ask` fixtures are in tests/conftest.py.)"""

from __future__ import annotations

import re

from django.core import mail

from endorse.references.questions import current_questions


def link_in(message: mail.EmailMessage) -> str:
    """The rater's link as the request email carries it (path only, for the test client)."""
    return re.search(r"http://testserver(/r/[^\s/]+/)", message.body).group(1)


def full_answers(*, not_enough_information: int = 0) -> dict[str, str]:
    """Form data answering every item: the first `not_enough_information` items with that."""
    data = {}
    for index, item in enumerate(current_questions().items):
        data[f"item_{item.id}"] = "nei" if index < not_enough_information else "4"
    return data | {"known_years": "4", "recommendation": "recommend", "comments": ""}
