from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import domain
from .access import signed_in_person
from .forms import MembershipForm, ProfileForm
from .models import Membership


def _get_own_membership(request: HttpRequest, pk: int) -> Membership:
    """A membership of the signed-in person; 404 for anyone else's (never revealing it exists)."""
    return get_object_or_404(Membership, pk=pk, person=signed_in_person(request))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        domain.profile_update(
            person=person,
            name=form.cleaned_data["name"],
            phone=form.cleaned_data["phone"],
            message_emails=form.cleaned_data["message_emails"] or None,
            # Left out of a post (an older form), where they live stays as it was.
            residence=form.cleaned_data["residence"] if "residence" in request.POST else None,
        )
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    context = {
        "form": form,
        "memberships": person.memberships.all(),
        "membership_form": MembershipForm(),
    }
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


@login_required
def membership_add(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        domain.membership_add(person=person, **form.cleaned_data)
        messages.success(request, "Membership added.")
        return redirect("accounts:profile")
    return render(
        request, "accounts/membership_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    domain.membership_delete(membership=_get_own_membership(request, pk))
    messages.success(request, "Membership removed.")
    return redirect("accounts:profile")
