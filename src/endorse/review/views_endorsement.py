"""Issuing and revoking an endorsement: each a page that shows what will happen and asks the
coordinator to confirm (GET shows, POST acts)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from endorse.accounts.access import signed_in_person
from endorse.applications.domain import TransitionError
from endorse.applications.models import Application
from endorse.registry.domain import endorsement_issue, endorsement_revoke
from endorse.registry.models import Endorsement

from .forms import IssueForm, ReasonForm
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
            if endorsement.application_id:
                return _back(endorsement.application_id)
            return redirect("staff:queue")
    context = {"endorsement": endorsement, "form": form}
    return render(request, "review/revoke.html", context, status=400 if form.errors else 200)
