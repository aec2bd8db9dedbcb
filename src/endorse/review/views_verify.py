"""Staff verification: a transcript, an entry's acceptance, an RS/C provider, a rater's claimed
endorsement, a membership. Each is a page that says what is being verified and asks the
coordinator to confirm it, with an optional note for the record (GET shows, POST acts); a
refusal shows on that page with everything typed kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from endorse.accounts.access import signed_in_person
from endorse.accounts.models import Membership
from endorse.applications.domain import TransitionError
from endorse.applications.models import (
    Application,
    Certificate,
    Degree,
    License,
    Rater,
    SupervisionEntry,
)
from endorse.references.domain import rater_endorsement_verify
from endorse.references.domain import rater_vet as rater_vet_record

from . import domain
from .forms import JudgeForm, MembershipVerifyForm, TranscriptForm, VerifyForm, VetForm
from .views import _back, coordinator_only


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _verify_page(
    request: HttpRequest,
    *,
    application: Application,
    form: forms.Form,
    act: Callable[[dict[str, Any]], object],
    done: str,
    anchor: str,
    heading: str,
    facts: list[str],
    button: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, f"Not done: {error}.")
        else:
            messages.success(request, done)
            return _back(application.pk, anchor)
    context = {
        "application": application,
        "form": form,
        "heading": heading,
        "facts": facts,
        "button": button,
        "anchor": anchor,
    }
    return render(request, "review/verify.html", context, status=400 if form.errors else 200)


@coordinator_only
def transcript_mark(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    degree = get_object_or_404(
        Degree.objects.select_related("application__applicant"), pk=entry_pk, application_id=pk
    )
    state = request.GET.get("state") or request.POST.get("state") or "verified"
    if state not in ("received", "verified"):
        raise Http404("no such state")
    documents = list(degree.documents.filter(removed_at__isnull=True))
    verifying = state == "verified"
    label = (
        "I have checked that this is the official transcript of this degree"
        if verifying
        else "The official transcript has arrived"
    )
    form: VerifyForm = (
        TranscriptForm(_data(request), uploaded=bool(documents), confirm_label=label)
        if verifying
        else VerifyForm(_data(request), confirm_label=label)
    )
    facts = [f"{degree.get_type_display()}{', ' + degree.field if degree.field else ''}"]
    if degree.institution:
        facts.append(f"Institution: {degree.institution}")
    facts.append(f"Transcript now: {degree.get_transcript_display().lower()}")
    facts += [f"Uploaded: {d.original_name}" for d in documents] or ["No transcript uploaded."]
    return _verify_page(
        request,
        application=degree.application,
        form=form,
        act=lambda data: domain.transcript_mark(
            degree=degree,
            state=state,
            actor=signed_in_person(request),
            note=data["note"],
            basis=data.get("basis", ""),
        ),
        done=f"Transcript marked {state}.",
        anchor=f"degree-{degree.pk}",
        heading="Verify the transcript" if verifying else "Mark the transcript received",
        facts=facts,
        button="Mark transcript verified" if verifying else "Mark received",
    )


@coordinator_only
def entry_judge(request: HttpRequest, pk: int, section: str, entry_pk: int) -> HttpResponse:
    entry: Degree | Certificate | License
    if section == "degrees":
        entry = get_object_or_404(Degree, pk=entry_pk, application_id=pk)
        what = f"{entry.get_type_display()}{', ' + entry.field if entry.field else ''}"
    elif section == "certificates":
        entry = get_object_or_404(Certificate, pk=entry_pk, application_id=pk)
        what = entry.title or entry.get_kind_display()
    elif section == "licenses":
        entry = get_object_or_404(License, pk=entry_pk, application_id=pk)
        what = f"licence {entry.number} ({entry.jurisdiction})".replace(" ()", "")
    else:
        raise Http404("no such section")
    institution = getattr(entry, "institution", "")
    form = JudgeForm(_data(request), confirm_label="I have read the evidence for this entry")
    return _verify_page(
        request,
        application=entry.application,
        form=form,
        act=lambda data: domain.entry_judge(
            entry=entry,
            accepted=data["accepted"],
            reason=data["reason"],
            actor=signed_in_person(request),
        ),
        done="Recorded.",
        anchor=f"{section}-{entry.pk}",
        heading="Accept this entry?",
        facts=[what, *([f"Institution: {institution}"] if institution else [])],
        button="Record my judgement",
    )


@coordinator_only
def provider_approve(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = get_object_or_404(SupervisionEntry, pk=entry_pk, application_id=pk)
    approved = (request.GET.get("approved") or request.POST.get("approved")) != "no"
    name = entry.provider_name
    form = VerifyForm(
        _data(request),
        confirm_label=f"I have vetted {name} as an RS/C provider"
        if approved
        else f"Withdraw the approval of {name}: their hours no longer count",
    )
    facts = [
        f"Provider: {name}",
        f"Endorsement: {entry.provider_endorsement or 'none claimed'}",
        "Every RS/C entry of this application with this provider follows.",
    ]
    return _verify_page(
        request,
        application=entry.application,
        form=form,
        act=lambda data: domain.provider_approve(
            entry=entry, approved=approved, actor=signed_in_person(request), note=data["note"]
        ),
        done=f"{name} is {'approved' if approved else 'no longer approved'}.",
        anchor="section-rsc",
        heading=f"Approve {name}" if approved else f"Withdraw the approval of {name}",
        facts=facts,
        button=f"Approve {name}" if approved else f"Withdraw the approval of {name}",
    )


@coordinator_only
def rater_vet(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    """The coordinator's vetting call on a rater without an endorsement (where the policy lets
    a vetted rater count as the endorsed one, RULES-categories.md 4.6)."""
    rater = get_object_or_404(Rater, pk=rater_pk, application_id=pk)
    assert rater.application is not None  # an application's rater, by the filter
    form = VetForm(_data(request), confirm_label=f"I have checked who {rater.name} is")
    return _verify_page(
        request,
        application=rater.application,
        form=form,
        act=lambda data: rater_vet_record(
            rater=rater, vetted=data["vetted"], actor=signed_in_person(request), note=data["note"]
        ),
        done=f"Your call on {rater.name} is recorded.",
        anchor="section-references",
        heading=f"Vet {rater.name}",
        facts=[f"Rater: {rater.name} ({rater.get_role_display()}), no endorsement claimed"],
        button=f"Record the call on {rater.name}",
    )


@coordinator_only
def rater_verify(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    rater = get_object_or_404(Rater, pk=rater_pk, application_id=pk)
    assert rater.application is not None  # an application's rater, by the filter
    form = VerifyForm(
        _data(request),
        confirm_label=f"I have checked {rater.name}'s endorsement with the association that issued it",
    )
    facts = [
        f"Rater: {rater.name} ({rater.get_role_display()})",
        f"Claims: Level {rater.endorsement_level} {rater.endorsement_number or '(no number)'}",
    ]
    if rater.application.status == "draft":
        facts.append("The application is still a draft: the rater rated before it was submitted.")
    return _verify_page(
        request,
        application=rater.application,
        form=form,
        act=lambda data: rater_endorsement_verify(
            rater=rater, actor=signed_in_person(request), note=data["note"]
        ),
        done=f"{rater.name}'s endorsement is verified.",
        anchor="section-references",
        heading=f"Verify {rater.name}'s endorsement",
        facts=facts,
        button=f"Verify {rater.name}'s endorsement",
    )


@coordinator_only
def membership_verify(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("applicant"), pk=pk)
    membership = get_object_or_404(Membership, pk=membership_pk, person=application.applicant)
    form = MembershipVerifyForm(
        _data(request),
        confirm_label="I have checked this membership in the association's records",
    )
    return _verify_page(
        request,
        application=application,
        form=form,
        act=lambda data: domain.membership_verify(
            membership=membership,
            expires_on=data["expires_on"],
            actor=signed_in_person(request),
            application=application,
            note=data["note"],
        ),
        done="The membership is verified.",
        anchor="section-membership",
        heading="Verify the membership",
        facts=[
            f"{membership.association} {membership.member_id}",
            f"Expires {membership.expires_on:%-d %B %Y} (as the applicant reported it)",
        ],
        button="Verify membership",
    )
