"""The endorsee's reinstatement after lapse, from the renewal page (RULES-renewal.md 6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person
from endorse.applications.models import Rater
from endorse.references.domain import RequestError, reference_nudge

from . import domain, reinstatement
from .enums import RenewalKind, RenewalState
from .forms import ReinstatementForm, ReinstatementRaterForm
from .models import Renewal
from .views import _page


@login_required
@require_POST
def reinstate(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = ReinstatementForm(request.POST)
    if not form.is_valid():
        return _page(request, person, status=400, reinstatement_form=form)
    try:
        reinstatement.reinstatement_submit(
            person=person,
            signed=domain.Signed(**form.cleaned_data),
            today=timezone.localdate(),
            now=timezone.now(),
        )
    except domain.RenewalRefused as refused:
        return _page(
            request,
            person,
            status=400,
            reinstatement_form=form,
            reinstatement_reasons=refused.reasons,
        )
    messages.success(request, "Your reinstatement is submitted. Name your raters next.")
    return redirect("renewals:page")


@login_required
@require_POST
def rater_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = signed_in_person(request)
    found = get_object_or_404(
        Renewal,
        pk=pk,
        person=person,
        kind=RenewalKind.REINSTATEMENT,
        state=RenewalState.SUBMITTED,
    )
    form = ReinstatementRaterForm(request.POST)
    if form.is_valid():
        try:
            reinstatement.reinstatement_rater_add(
                reinstatement=found,
                person=person,
                named=reinstatement.NamedRater(**form.cleaned_data),
                now=timezone.now(),
            )
        except (reinstatement.ReinstatementRefused, RequestError) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The request is sent to the rater.")
            return redirect("renewals:page")
    return _page(request, person, status=400, rater_form=form)


@login_required
@require_POST
def rater_nudge(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    """The endorsee reminds a rater of their reinstatement (`references.domain.reference_nudge`:
    the same reminder email and the same wait between two as an application's)."""
    person = signed_in_person(request)
    rater = get_object_or_404(
        Rater, pk=rater_pk, reinstatement__pk=pk, reinstatement__person=person
    )
    try:
        reference_nudge(rater=rater, actor=person, now=timezone.now())
    except RequestError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"A reminder is sent to {rater.name}.")
    return redirect("renewals:page")


@login_required
@require_POST
def rater_withdraw(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    """The endorsee withdraws a rater of their reinstatement who has not rated, to name
    another (`reinstatement.reinstatement_rater_withdraw`)."""
    person = signed_in_person(request)
    rater = get_object_or_404(
        Rater, pk=rater_pk, reinstatement__pk=pk, reinstatement__person=person
    )
    assert rater.reinstatement is not None
    try:
        reinstatement.reinstatement_rater_withdraw(
            reinstatement=rater.reinstatement, rater=rater, person=person, now=timezone.now()
        )
    except (reinstatement.ReinstatementRefused, RequestError) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"The request to {rater.name} is withdrawn: name another.")
    return redirect("renewals:page")
