"""django-allauth's account emails (verification, password reset) go through the outbox too."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from endorse.notifications.domain import message_queue_rendered


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render as allauth does, then queue the result in the outbox instead of sending it."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
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
