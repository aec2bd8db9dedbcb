"""The association's settings page: its coordinator changes them through
`associations.domain.association_update`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from endorse.accounts.access import signed_in_person
from endorse.associations.domain import association_update
from endorse.associations.models import Association

from .forms import AssociationForm
from .views import coordinator_only


@coordinator_only
def settings_page(request: HttpRequest) -> HttpResponse:
    """GET shows this association's settings (the request's, never another's); POST saves."""
    current: Association = request.association  # type: ignore[attr-defined]
    association = Association.objects.get(pk=current.pk)  # a fresh copy for the form to change
    form = AssociationForm(request.POST if request.method == "POST" else None, instance=association)
    if request.method == "POST" and form.is_valid():
        try:
            association_update(
                association=association,
                changes=form.cleaned_data,
                actor_email=signed_in_person(request).email,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "The association's settings are saved.")
            return redirect("staff:association")
    context = {"form": form, "association": association}
    return render(request, "review/association.html", context, status=400 if form.errors else 200)
