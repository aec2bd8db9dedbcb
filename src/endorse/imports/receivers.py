"""Reactions to django-allauth's signals: an imported account's person who sets a password
from the invitation's link (allauth's password-reset key) has claimed the account."""

from __future__ import annotations

from typing import Any

from .invitations import invitation_claimed


def account_claimed(*, user: Any, **_: Any) -> None:
    invitation_claimed(person=user)
