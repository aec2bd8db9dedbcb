"""`{% load conversations %}`: a conversation's threads by section, for the section loops of the
workspace and the staff file."""

from __future__ import annotations

from django import template

from endorse.conversations.queries import Conversation, ThreadView

register = template.Library()


@register.filter
def threads_in(conversation: Conversation | None, key: str) -> list[ThreadView]:
    return conversation.for_section(key) if conversation is not None else []


@register.filter
def open_requests_in(conversation: Conversation | None, key: str) -> list[ThreadView]:
    return conversation.open_requests_in(key) if conversation is not None else []
