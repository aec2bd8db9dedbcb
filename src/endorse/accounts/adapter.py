"""django-allauth's account emails (verification, password reset) go through the outbox too, name
the association and link to its site (`associations.routing.base_url`: ENDORSE_BASE_URL for the
default association on one installation)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags

from endorse.associations.models import current_association
from endorse.associations.routing import base_url
from endorse.links import on_base_url
from endorse.notifications.domain import message_queue_rendered


@dataclass(frozen=True)
class BaseSite:
    """What allauth's email templates read as `current_site`: the association's site (its
    address, `associations.routing.base_url`, and its name; allauth's default is the request's
    `Host`), or the site at ENDORSE_BASE_URL outside any association."""

    domain: str
    name: str

    @classmethod
    def from_settings(cls) -> BaseSite:
        association = current_association()
        if association is None:
            domain = urlsplit(settings.ENDORSE_BASE_URL).netloc
            return cls(domain=domain, name=domain)
        parts = urlsplit(base_url(association))
        return cls(domain=f"{parts.netloc}{parts.path}", name=association.name)

    @classmethod
    def of_association(cls) -> BaseSite:
        """The current association's site, for its emails: its name and its address."""
        association = current_association()
        if association is None:
            return cls.from_settings()
        return cls(domain=base_url(association).split("://", 1)[-1], name=association.name)


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """allauth builds its links from the request (`request.build_absolute_uri`), so a request
    naming another host or port (any port of an allowed host reaches the site) would mail links
    there. Every link an email carries is rebuilt on the association's address instead."""

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_base_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return on_base_url(super().get_email_confirmation_url(request, emailconfirmation))

    def format_email_subject(self, subject: str) -> str:
        """`[<association's short name>] <subject>` (ACCOUNT_EMAIL_SUBJECT_PREFIX outside one)."""
        association = current_association()
        if association is None:
            return str(super().format_email_subject(subject))
        return f"[{association}] {subject}"

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed sign-ins count per address on this site, whatever `Host` the request named
        (allauth's key is the request's host and the address: each port had its own count)."""
        login = str(credentials.get("email", credentials.get("username", ""))).lower()
        return f"{BaseSite.from_settings().domain}:{login}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render as allauth does, then queue the result in the outbox instead of sending it."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": BaseSite.of_association()}
        # Whatever link allauth put in the context (`activate_url`, `password_reset_url`,
        # `signup_url`, and any a later version adds) goes to the base URL.
        ctx.update(
            {
                name: on_base_url(value)
                if name.endswith("_url") and isinstance(value, str)
                else value
                for name, value in context.items()
            }
        )
        message = self.render_mail(template_prefix, email, ctx)
        alternatives = getattr(message, "alternatives", [])
        html = next(
            (content for content, mimetype in alternatives if mimetype == "text/html"), None
        )
        text = str(message.body)
        if message.content_subtype == "html":
            html, text = text, strip_tags(text)
        message_queue_rendered(
            recipient=email,
            subject=str(message.subject),
            text=text,
            html=str(html) if html is not None else None,
            idempotency_key=f"account:{template_prefix}:{uuid4().hex}",
        )
