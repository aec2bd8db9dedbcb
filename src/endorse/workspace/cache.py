"""The workspace's evidence part, rendered once per application version (decision 0008).

The part of `/applications/<pk>/` that depends on the application's rows (the requests for
information, the changes requested, the endorsement, the "Before you can submit" box, the
evidence with its reference requests and threads, the checklist) is kept, rendered, in a bounded
LRU of this process's memory. Its key holds everything the part is made of:

- the application's key and `evidence_version`, which the database raises on every write to a
  row the part shows (triggers, `applications` migration 0018: nothing in Python can forget);
- a digest of the application row's own columns (status, reopened sections, policy …);
- the applicant's name and email, the association's settings as this process holds them, the
  URL prefix the links are reversed under, the local date, the active time zone and language,
  the settings the part reads, and the code and policy files this process runs.

Each entry also keeps the instant it stops being true, the earliest of the next local midnight
and of every future instant the part compares the time with (a reference link's expiry, when the
applicant may next send a reminder): a later request renders it again.

The part's forms carry a stand-in for the CSRF token, unguessable and this process's own; each
response gets the requesting session's own token in its place (`with_session_token`).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation

import endorse
from endorse.applications.models import Application
from endorse.applications.queries import applications_with_evidence, verdict_and_hopeful
from endorse.associations.routing import association_of
from endorse.conversations.queries import conversation_for
from endorse.presenters import present_result
from endorse.references.queries import nudge_allowed_at
from endorse.registry.models import Endorsement

from .presenters import ETHICS_TITLE, blockers, is_open, section_views

# Stands for the CSRF token in the stored part: random per process, so no text typed on a page
# can know it; `with_session_token` puts the request's own token in its place.
CSRF_STAND_IN = f"csrf{secrets.token_hex(16)}"


@dataclass(frozen=True)
class Part:
    """The rendered part, in the two places of the page it goes, and until when it is true."""

    alerts: str  # as the template engine rendered it: escaped, and so marked
    evidence: str
    until: datetime


class Lru:
    """At most `size()` parts, the least recently used dropped first; safe across threads."""

    def __init__(self) -> None:
        self._parts: OrderedDict[tuple[int, str], Part] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def size() -> int:
        return int(settings.ENDORSE_WORKSPACE_CACHE_SIZE)

    def get(self, key: tuple[int, str], now: datetime) -> Part | None:
        with self._lock:
            part = self._parts.get(key)
            if part is None:
                return None
            if now >= part.until:
                del self._parts[key]
                return None
            self._parts.move_to_end(key)
            return part

    def put(self, key: tuple[int, str], part: Part) -> None:
        size = self.size()
        with self._lock:
            self._parts[key] = part
            self._parts.move_to_end(key)
            while len(self._parts) > size:
                self._parts.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._parts.clear()

    def __len__(self) -> int:
        return len(self._parts)


PARTS = Lru()


@cache
def code_version() -> str:
    """The package's version and a digest of the policy files, read once per process."""
    digest = hashlib.blake2b(endorse.__version__.encode(), digest_size=16)
    policies = resources.files("endorse.eligibility").joinpath("policies")
    for entry in sorted(policies.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def _row(instance: Any) -> list[tuple[str, Any]]:
    return [(f.attname, getattr(instance, f.attname)) for f in instance._meta.concrete_fields]


def part_key(request: HttpRequest, application: Application) -> tuple[int, str]:
    """What the part of `application` is made of, as the request sees it (see the module)."""
    association = association_of(application.association_id)
    made_of = (
        _row(application),
        (application.applicant.name, application.applicant.email),
        _row(association) if association is not None else None,
        get_script_prefix(),
        getattr(request, "urlconf", None),
        timezone.localdate().isoformat(),
        timezone.get_current_timezone_name(),
        translation.get_language(),
        settings.ENDORSE_REFERENCE_NUDGE_HOURS,
        code_version(),
    )
    digest = hashlib.blake2b(repr(made_of).encode(), digest_size=20).hexdigest()
    return application.pk, digest


def _next_midnight(now: datetime) -> datetime:
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=timezone.get_current_timezone())


def _until(application: Application, now: datetime) -> datetime:
    """When the part stops being true: the next local midnight (the local date is in the key:
    the engine's dates, a thread's due date), or sooner when a reference link expires or the
    applicant may send a reminder (`references.queries.request_view` compares them with now)."""
    instants = [_next_midnight(now)]
    for rater in application.references.all():
        if rater.expires_at is not None:
            instants.append(rater.expires_at)
        if rater.sent_at is not None or rater.nudged_at is not None:
            instants.append(nudge_allowed_at(rater))
    return min(i for i in instants if i > now)


def render_part(request: HttpRequest, application: Application, *, now: datetime) -> Part:
    """The part of `application` (read with `applications_with_evidence`), rendered."""
    today = timezone.localdate(now)
    result, hopeful = verdict_and_hopeful(application, today=today)
    sections = section_views(application, result, now=now, hopeful=hopeful, links=True)
    ethics_open = is_open(application, "ethics")
    context = {
        "application": application,
        "sections": sections,
        "open_titles": [s.section.title for s in sections if s.open]
        + ([ETHICS_TITLE] if ethics_open else []),
        "result": present_result(result),
        "signature": next(iter(application.signatures.all()), None),
        "membership": next(iter(application.applicant.memberships.all()), None),
        "missing": blockers(hopeful) if application.is_editable else [],
        "ethics_open": ethics_open,
        "endorsement": Endorsement.objects.filter(application=application).first(),
        "conversation": conversation_for(application, staff=False, today=today),
        "csrf_token": CSRF_STAND_IN,
    }
    return Part(
        alerts=render_to_string("workspace/_alerts.html", context, request),
        evidence=render_to_string("workspace/_evidence.html", context, request),
        until=_until(application, now),
    )


def workspace_part(request: HttpRequest, application: Application) -> Part:
    """The part of `application` (a row read without its evidence): the stored one while its
    key holds and its instant has not come, else rendered from the rows and stored. The key
    stored is that of the row read with the evidence, so a change between the two readings
    is never stored under the older key."""
    now = timezone.now()
    if PARTS.size() > 0:
        found = PARTS.get(part_key(request, application), now)
        if found is not None:
            return found
    loaded = applications_with_evidence().get(pk=application.pk)
    part = render_part(request, loaded, now=now)
    if PARTS.size() > 0:
        PARTS.put(part_key(request, loaded), part)
    return part


def with_session_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """`response` with the request's own CSRF token where the part has the stand-in."""
    stand_in = CSRF_STAND_IN.encode()
    if stand_in in response.content:
        response.content = response.content.replace(stand_in, get_token(request).encode())
    return response
