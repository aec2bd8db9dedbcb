"""Reactions to django-allauth's signals."""

from __future__ import annotations

from typing import Any

# allauth's own record of how this session authenticated (read by `access.second_factor_used`).
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    record_authentication,
)
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


def authenticator_added(
    *, request: HttpRequest, user: Any, authenticator: Authenticator, **_: Any
) -> None:
    """Setting up an authenticator app takes a code from it: that is this session's second
    factor, so a new staff member goes on to the page they asked for without a second code."""
    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def authenticator_removed(*, request: HttpRequest, **_: Any) -> None:
    """Removing the authenticator app ends what it proved: the session no longer counts as having
    used a second factor (staff pages ask again, or ask to set one up)."""
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if isinstance(records, list):
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            record for record in records if record.get("method") != "mfa"
        ]
