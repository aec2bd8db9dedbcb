from __future__ import annotations

import json

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .domain import message_release, message_retry
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The outbox as the coordinator checks it: what failed or bounced, and why."""

    list_display = ("created_at", "recipient", "template", "status", "attempts", "last_error")
    list_filter = ("status", "template")
    search_fields = ("recipient", "idempotency_key")
    # The context is shown redacted: account emails and rater emails carry sign-in links, which
    # would let whoever reads them take over that account or that rating.
    exclude = ("context",)
    readonly_fields = [
        *(f.name for f in OutboxMessage._meta.fields if f.name != "context"),
        "redacted_context",
    ]
    actions = ("retry", "release")

    @admin.display(description="Context")
    def redacted_context(self, message: OutboxMessage) -> str:
        return json.dumps(message.redacted_context(), indent=2, ensure_ascii=False)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Try failed or bounced messages again")
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        for message in queryset:
            message_retry(message=message)
        messages.success(request, "Failed and bounced messages among those chosen are queued.")

    @admin.action(description="Release held messages")
    def release(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        for message in queryset:
            message_release(message=message)
        messages.success(request, "Held messages among those chosen are released.")
