"""The coordinator's side of inactive status (RULES-renewal.md 7): recording an inactive period
(granting the holder's request, or from the endorsement's staff page) and the submitted
reactivations, each with the engine's evaluation, accepted from the renewal queue.

Coordinators only (`staff_required`; two-factor sign-in); another association's is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from endorse.accounts.access import signed_in_person
from endorse.registry.models import Endorsement

from . import inactive
from .domain_staff import DecisionRefused, Payment, logged_hours_provider_approve
from .enums import EntryKind
from .forms_staff import PaymentForm, RecordInactiveForm
from .models import InactiveRequest, LoggedHours
from .views_staff import coordinator_only


@coordinator_only
@require_POST
def record_inactive(request: HttpRequest, pk: int) -> HttpResponse:
    endorsement = get_object_or_404(Endorsement, pk=pk)
    form = RecordInactiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not recorded: choose why the endorsement becomes inactive.")
        return redirect("staff:endorsement", pk=pk)
    try:
        inactive.inactive_record(
            endorsement=endorsement,
            reason=form.cleaned_data["reason"],
            actor=signed_in_person(request),
            today=timezone.localdate(),
        )
    except inactive.InactiveRefused as refused:
        messages.error(request, f"Not recorded: {refused}")
    else:
        messages.success(request, f"{endorsement.number} is inactive from today.")
    return redirect("staff:endorsement", pk=pk)


def _page(
    request: HttpRequest,
    pk: int,
    *,
    error: str = "",
    payment_form: PaymentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    period = get_object_or_404(inactive.reactivations_submitted(), pk=pk)
    context = {
        "file": inactive.reactivation_file(period),
        "error": error,
        "payment_form": payment_form or PaymentForm(),
    }
    return render(request, "renewals/staff_reactivation.html", context, status=status)


@coordinator_only
@require_GET
def reactivation_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


@coordinator_only
@require_POST
def reactivation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(inactive.reactivations_submitted(), pk=pk)
    try:
        inactive.inactive_reactivation_accept(
            period=period, actor=signed_in_person(request), today=timezone.localdate()
        )
    except inactive.InactiveRefused as refused:
        return _page(request, pk, error=str(refused), status=400)
    messages.success(request, f"{period.endorsement.number} is reactivated from today.")
    return redirect("staff_renewals:reactivation", pk=pk)


@coordinator_only
@require_POST
def reactivation_payment(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(inactive.reactivations_submitted(), pk=pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, payment_form=form, status=400)
    try:
        inactive.inactive_reactivation_record_payment(
            period=period,
            payment=Payment(**form.cleaned_data),
            actor=signed_in_person(request),
            today=timezone.localdate(),
        )
    except inactive.InactiveRefused as refused:
        return _page(request, pk, payment_form=form, error=str(refused), status=400)
    messages.success(request, "Payment recorded.")
    return redirect("staff_renewals:reactivation", pk=pk)


@coordinator_only
@require_POST
def reactivation_approve_provider(request: HttpRequest, pk: int, hours_pk: int) -> HttpResponse:
    """Approve the RS/C provider of one of the reactivating holder's entries (a 404 for an
    entry of someone else, or of another association)."""
    period = get_object_or_404(inactive.reactivations_submitted(), pk=pk)
    hours = get_object_or_404(
        LoggedHours, pk=hours_pk, person_id=period.endorsement.person_id, kind=EntryKind.RSC
    )
    try:
        changed = logged_hours_provider_approve(
            hours=hours,
            actor=signed_in_person(request),
            today=timezone.localdate(),
            endorsement=period.endorsement,
        )
    except DecisionRefused as refused:
        return _page(request, pk, error=str(refused), status=400)
    if changed:
        messages.success(
            request,
            f"Provider approved: {changed} entr{'y' if changed == 1 else 'ies'} of RS/C received.",
        )
    else:
        messages.info(request, "This provider was already approved.")
    return redirect(f"{reverse('staff_renewals:reactivation', args=[pk])}#rsc")


@coordinator_only
@require_POST
def refuse_inactive_request(request: HttpRequest, pk: int) -> HttpResponse:
    asked = get_object_or_404(InactiveRequest, pk=pk)
    try:
        inactive.inactive_request_refuse(
            request=asked,
            reason=request.POST.get("reason", ""),
            actor=signed_in_person(request),
            today=timezone.localdate(),
        )
    except inactive.InactiveRefused as refused:
        messages.error(request, f"Not refused: {refused}")
    else:
        messages.success(request, "The request for inactive status is refused; the holder is told.")
    return redirect("staff:endorsement", pk=asked.endorsement_id)
