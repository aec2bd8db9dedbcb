"""The Django admin, behind the product's own sign-in and its second factor.

Django's admin has a sign-in form of its own that takes a password alone. Here it has none:
`/admin/login/` sends people to the product's sign-in (which asks for the authenticator code of
anyone who has one), and the admin opens only to active staff flagged for it whose session
completed the second factor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .access import second_factor_gate, second_factor_used, signed_in_person


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_used(request)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            wanted = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': wanted})}")
        person = signed_in_person(request)
        if not (person.is_active and person.is_staff):
            raise Http404("no such page")  # the admin is not theirs: nothing to set up for it
        gate = second_factor_gate(request, person)
        if gate is not None:
            return gate
        return redirect(wanted)
