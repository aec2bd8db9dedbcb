"""Exceptions to the residency rule: the coordinator records that a person applies to this
association although they live elsewhere (`accounts.domain.residency_exception_record`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from endorse.accounts.access import signed_in_person
from endorse.accounts.domain import ResidencyExceptionError, residency_exception_record
from endorse.associations.models import Association

from .forms import ResidencyExceptionForm
from .queries import residency_exceptions
from .views import coordinator_only


@coordinator_only
def residency(request: HttpRequest) -> HttpResponse:
    """The exceptions recorded here; POST records one for a person found by their email."""
    association: Association = request.association  # type: ignore[attr-defined]
    form = ResidencyExceptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["email"]
        try:
            residency_exception_record(
                person=person,
                association=association,
                reason=form.cleaned_data["reason"],
                actor=signed_in_person(request),
            )
        except ResidencyExceptionError as error:
            form.add_error("email", f"{str(error)[:1].upper()}{str(error)[1:]}.")
        else:
            messages.success(
                request, f"{person.name or person.email} may apply here: the exception is recorded."
            )
            return redirect("staff:residency")
    context = {"exceptions": residency_exceptions(), "form": form, "association": association}
    return render(request, "review/residency.html", context, status=400 if form.errors else 200)
