"""Bulk verification from Needs action: the coordinator ticks transcripts and RS/C providers,
sees a preview of exactly what will change, then confirms. Each change goes through the same
domain function as one change on the file (`transcript_mark`, `provider_approve`), each with its
own event, all in one transaction: either every ticked item changes or none does."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person
from endorse.applications.enums import Status
from endorse.applications.models import Degree, SupervisionEntry

from . import domain
from .views import coordinator_only

# Bulk actions apply to submitted evidence only, as on the file.
OPEN = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.CHANGES_REQUESTED)


@dataclass(frozen=True)
class Change:
    """One line of the preview: what changes, for whom, or why it is left for the file."""

    what: str
    who: str
    skipped: str = ""


def _selected(request: HttpRequest) -> tuple[list[Degree], list[SupervisionEntry]]:
    def ids(name: str) -> list[int]:
        return [int(v) for v in request.POST.getlist(name) if v.isdigit()]

    degrees = list(
        Degree.objects.filter(pk__in=ids("degree"), application__status__in=OPEN)
        .select_related("application__applicant")
        .prefetch_related("documents")
        .order_by("pk")
    )
    providers = list(
        SupervisionEntry.objects.filter(pk__in=ids("provider"), application__status__in=OPEN)
        .select_related("application__applicant")
        .order_by("pk")
    )
    return degrees, providers


def _uploaded(degree: Degree) -> bool:
    return any(d.removed_at is None for d in degree.documents.all())


def _preview(degrees: list[Degree], providers: list[SupervisionEntry]) -> list[Change]:
    lines = []
    for degree in degrees:
        who = degree.application.applicant.name or degree.application.applicant.email
        what = f"Verify the transcript of the {degree.get_type_display()} {degree.field}".strip()
        skipped = (
            ""
            if _uploaded(degree)
            else "no transcript was uploaded: verify it on the file, saying what it rests on"
        )
        lines.append(Change(what, who, skipped))
    for entry in providers:
        who = entry.application.applicant.name or entry.application.applicant.email
        lines.append(Change(f"Approve the RS/C provider {entry.provider_name}", who))
    return lines


@coordinator_only
@require_POST
def bulk_verify(request: HttpRequest) -> HttpResponse:
    """POST the ticked items: without `confirm`, the preview; with it, the changes."""
    degrees, providers = _selected(request)
    if not degrees and not providers:
        messages.error(request, "Nothing was ticked: tick the items to verify first.")
        return redirect("staff:needs_action")
    note = request.POST.get("note", "").strip()[:500]
    if request.POST.get("confirm") != "yes":
        context = {
            "lines": _preview(degrees, providers),
            "degrees": degrees,
            "providers": providers,
            "note": note,
            "confirm_error": "step" in request.POST and request.POST["step"] == "apply",
        }
        return render(request, "review/bulk_preview.html", context)
    actor = signed_in_person(request)
    done = 0
    with transaction.atomic():
        for degree in degrees:
            if _uploaded(degree):
                domain.transcript_mark(degree=degree, state="verified", actor=actor, note=note)
                done += 1
        seen: set[tuple[int, str]] = set()
        for entry in providers:
            key = (entry.application_id, entry.provider_name.casefold())
            if key not in seen:
                seen.add(key)
                domain.provider_approve(entry=entry, approved=True, actor=actor, note=note)
                done += 1
    messages.success(request, f"Done: {done} verified or approved, each recorded on its file.")
    return redirect("staff:needs_action")
