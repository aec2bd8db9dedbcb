"""Issuing, revoking and moving an endorsement: each a page that shows what will happen and asks
the coordinator to confirm (GET shows, POST acts); the endorsement's own staff page, with its
history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from endorse.accounts.access import signed_in_person
from endorse.applications.domain import TransitionError
from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.registry.domain import (
    MoveError,
    endorsement_issue,
    endorsement_move,
    endorsement_revoke,
)
from endorse.registry.models import STANDING_LABELS, Endorsement
from endorse.registry.queries import endorsement_moves, issuing_association
from endorse.renewals.forms_staff import RecordInactiveForm
from endorse.renewals.inactive import inactive_open_request

from .forms import IssueForm, MoveForm, ReasonForm
from .presenters import letter_lines
from .queries import held_letters
from .views import _back, coordinator_only


@coordinator_only
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue page: the letters still held, which the coordinator releases first or confirms
    issuing with; POST issues."""
    application = get_object_or_404(Application.objects.select_related("applicant"), pk=pk)
    held = held_letters(application)
    form = IssueForm(request.POST if request.method == "POST" else None, held=len(held))
    if request.method == "POST" and form.is_valid():
        try:
            endorsement_issue(application=application, actor=signed_in_person(request))
        except TransitionError as error:
            form.add_error(None, f"Not issued: {error}.")
        else:
            messages.success(request, "The endorsement is issued and the applicant notified.")
            return _back(pk)
    context = {"application": application, "held": letter_lines(held), "form": form}
    return render(request, "review/issue.html", context, status=400 if form.errors else 200)


@coordinator_only
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """The revoke page: what revoking does, and the reason the verification page will show;
    POST revokes."""
    endorsement = get_object_or_404(Endorsement.objects.select_related("application"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endorsement_revoke(
                endorsement=endorsement,
                reason=form.cleaned_data["reason"],
                actor=signed_in_person(request),
            )
        except TransitionError as error:
            form.add_error(None, f"Not revoked: {error}.")
        else:
            messages.success(request, f"Endorsement {endorsement.number} is revoked.")
            if _file_here(endorsement):
                return _back(endorsement.application_id)  # type: ignore[arg-type]
            return redirect("staff:endorsement", pk=endorsement.pk)
    context = {"endorsement": endorsement, "form": form, "file_here": _file_here(endorsement)}
    return render(request, "review/revoke.html", context, status=400 if form.errors else 200)


def _file_here(endorsement: Endorsement) -> bool:
    """Whether the application the endorsement was issued from is this association's (it stays
    with the association that issued it when the endorsement moves)."""
    application = endorsement.application
    return application is not None and application.association_id == endorsement.association_id


@coordinator_only
def endorsement_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One endorsement of this association: its record and its history (issued by, moved)."""
    endorsement = get_object_or_404(Endorsement.objects.select_related("application"), pk=pk)
    moves = endorsement_moves(endorsement)
    standing = endorsement.standing_on(timezone.localdate())
    asked = inactive_open_request(endorsement=endorsement)
    context = {
        "endorsement": endorsement,
        "status": STANDING_LABELS[standing.word],
        # Inactive status (RULES-renewal.md 7): recorded here, granting the holder's request.
        "may_record_inactive": standing.may_record_inactive,
        "inactive_asked": asked,
        "inactive_form": RecordInactiveForm(initial={"reason": asked.reason if asked else None}),
        "moves": moves,
        "issued_by": issuing_association(endorsement, moves),
        "file_here": _file_here(endorsement),
    }
    return render(request, "review/endorsement.html", context)


@coordinator_only
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """The move page: where the endorsement goes when its holder moves, and why; POST moves it
    (the number stays; this association no longer sees it)."""
    endorsement = get_object_or_404(Endorsement.objects.select_related("person"), pk=pk)
    current: Association = request.association  # type: ignore[attr-defined]
    form = MoveForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to_association"]
        try:
            endorsement_move(
                endorsement=endorsement,
                to_association=to,
                reason=form.cleaned_data["reason"],
                actor=signed_in_person(request),
            )
        except MoveError as error:
            form.add_error("to_association", f"{str(error)[:1].upper()}{str(error)[1:]}.")
        else:
            messages.success(
                request, f"Endorsement {endorsement.number} is now {to.short_name or to.name}'s."
            )
            return redirect("staff:queue")
    context = {"endorsement": endorsement, "form": form}
    return render(request, "review/move.html", context, status=400 if form.errors else 200)
