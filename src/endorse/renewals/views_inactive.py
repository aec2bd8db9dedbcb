"""The endorsee's inactive status and reactivation, from the renewal page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person

from . import domain, inactive
from .forms import InactiveForm, ReactivationForm
from .views import _page


@login_required
@require_POST
def inactive_request(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = InactiveForm(request.POST)
    if form.is_valid():
        try:
            inactive.inactive_request(
                person=person, reason=form.cleaned_data["reason"], today=timezone.localdate()
            )
        except inactive.InactiveRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                "Your request for inactive status is sent. The association records it next.",
            )
            return redirect("renewals:page")
    return _page(request, person, status=400, inactive_form=form)


@login_required
@require_POST
def reactivate(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = ReactivationForm(request.POST)
    if not form.is_valid():
        return _page(request, person, status=400, reactivation_form=form)
    try:
        inactive.inactive_reactivation_submit(
            person=person, signed=domain.Signed(**form.cleaned_data), today=timezone.localdate()
        )
    except domain.RenewalRefused as refused:
        return _page(
            request,
            person,
            status=400,
            reactivation_form=form,
            reactivation_reasons=refused.reasons,
        )
    messages.success(request, "Your reactivation is submitted. The association checks it next.")
    return redirect("renewals:page")
