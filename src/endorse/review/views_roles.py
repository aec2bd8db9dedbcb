"""Staff and their roles: the coordinator gives and takes the reviewer's and the exam
reviewer's roles here, through `accounts.domain.role_grant` / `role_remove`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person
from endorse.accounts.domain import RoleError, role_grant, role_remove
from endorse.accounts.models import User
from endorse.accounts.roles import Role
from endorse.associations.models import StaffRole

from .forms import GRANTABLE, RoleForm
from .queries import staff_people
from .views import coordinator_only

LABELS = dict(Role.choices)


@coordinator_only
def people(request: HttpRequest) -> HttpResponse:
    """Everyone with a staff role; POST gives a role to a person by their account's email."""
    form = RoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person, role = form.cleaned_data["email"], form.cleaned_data["role"]
        try:
            role_grant(person=person, role=role, actor=signed_in_person(request))
        except RoleError as error:
            form.add_error("email", f"{str(error)[:1].upper()}{str(error)[1:]}.")
        else:
            messages.success(request, f"{person.name or person.email} is now {LABELS[role]}.")
            return redirect("staff:people")
    rows = [
        {
            "person": p,
            "roles": [r for r in Role.values if r in {g.role for g in p.staff_roles.all()}],
            "two_factor": getattr(p, "two_factor", False),  # annotated by staff_people
        }
        for p in staff_people()
    ]
    context = {
        "rows": rows,
        "form": form,
        "labels": LABELS,
        "removable": [r.value for r in GRANTABLE],
    }
    return render(request, "review/people.html", context, status=400 if form.errors else 200)


@coordinator_only
@require_POST
def role_take(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    # Only someone holding the role in this association: anyone else is nobody here.
    person = get_object_or_404(
        User, pk=pk, pk__in=StaffRole.objects.filter(role=role).values("person")
    )
    if role not in [r.value for r in GRANTABLE]:
        messages.error(request, "Not done: that role is changed in the admin only.")
        return redirect("staff:people")
    role_remove(person=person, role=role, actor=signed_in_person(request))
    messages.success(request, f"{person.name or person.email} is no longer {LABELS[role]}.")
    return redirect("staff:people")
