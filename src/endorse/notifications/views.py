"""The bounce report endpoint for the mail provider. Off unless ENDORSE_BOUNCE_TOKEN is set."""

from __future__ import annotations

import hmac
import json
import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from .domain import message_bounce
from .models import OutboxMessage

MESSAGE_ID = re.compile(r"<?outbox-(\d+)\.([0-9a-f]{16})@[^>]+>?")


@csrf_exempt
@require_POST
def bounce_report(request: HttpRequest) -> HttpResponse:
    """POST {"message_id": "<outbox-…@…>", "reason": "…"} with `Authorization: Bearer <token>`.

    The Message-ID names the outbox row and carries a digest of its key, so a report cannot be
    made up for a row from its number alone.
    """
    token = settings.ENDORSE_BOUNCE_TOKEN
    if not token:
        raise Http404("bounce reports are not enabled")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return JsonResponse({"error": "wrong or missing token"}, status=401)
    try:
        data = json.loads(request.body or b"{}")
        match = MESSAGE_ID.fullmatch(str(data["message_id"]).strip())
    except (ValueError, KeyError, TypeError):
        match = None
    if match is None:
        return JsonResponse({"error": "message_id: expected <outbox-N.digest@host>"}, status=400)
    # The mail provider reports for the whole installation: any association's email.
    with scopes_disabled():
        message = OutboxMessage.objects.filter(pk=int(match[1])).first()
    if message is None or message.key_digest != match[2]:
        return JsonResponse({"error": "message_id: no such message"}, status=404)
    reason = str(data.get("reason") or "reported as bounced by the mail provider")
    message_bounce(message=message, reason=reason)
    return JsonResponse({"status": "bounced"})
