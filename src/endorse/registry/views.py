"""The public registry (those who agreed to be listed) and the verification page an employer
checks; the certificate for its holder and the coordinator; the person's choice to be listed."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from endorse.accounts.access import acting_as_staff, signed_in_person
from endorse.accounts.roles import Role
from endorse.applications.enums import Category
from endorse.associations.routing import association_of, table
from endorse.throttle import throttled

from .certificate import certificate_pdf
from .domain import registry_listing_set
from .models import STANDING_LABELS, Endorsement
from .queries import (
    endorsement_moves,
    endorsement_to_verify,
    issuing_association,
    registry_listed_ids,
    registry_rows,
    surname_matches,
)

PAGE_SIZE = 25


@require_GET
@throttled
def search(request: HttpRequest) -> HttpResponse:
    """Current endorsees who agreed to be listed, of every association: name, category, the
    issuing association, number, status; searched by name or number, and filtered by category
    and by association."""
    # The disclaimer of the association whose site this is (read first: its time zone is today's).
    disclaimer = request.association.registry_disclaimer  # type: ignore[attr-defined]
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    associations = table().by_slug
    chosen = associations.get(request.GET.get("association", ""))
    issuer = chosen.slug if chosen else ""
    # An endorsement records its category by its full name.
    label = Category(category).label if category else ""
    ids = registry_listed_ids(
        q=q, category_label=label, association_id=chosen.pk if chosen else None, today=today
    )
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {
        key: value
        for key, value in (("q", q), ("category", category), ("association", issuer))
        if value
    }
    context = {
        "page": page,
        "rows": registry_rows(ids=list(page.object_list), today=today),
        "q": q,
        "category": category,
        "categories": Category.choices,
        "category_label": Category(category).label if category else "",
        "issuer": issuer,
        "associations": sorted(associations.values(), key=lambda a: a.name),
        "issuer_name": chosen.name if chosen else "",
        "disclaimer": disclaimer,
        "query": urlencode(kept),
    }
    return render(request, "registry/search.html", context)


@require_GET
@throttled
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """What an employer checks: the endorsement's standing (active, renewal due, overdue, lapsed,
    inactive, revoked) with its renewed-through or lapse date, and whose it is.
    A listed endorsement shows to anyone; an unlisted one only to a visitor who gives the
    holder's surname, and otherwise answers exactly as a number never issued does."""
    surname = request.GET.get("surname", "").strip()[:200]
    endorsement = endorsement_to_verify(number=number, surname=surname)
    context: dict[str, object] = {"number": number, "surname": surname}
    if endorsement is None:
        return render(request, "registry/verify.html", context, status=404)
    moves = endorsement_moves(endorsement)
    standing = endorsement.standing_on(timezone.localdate())
    holder = association_of(endorsement.association_id)
    context |= {
        "endorsement": endorsement,
        "moves": moves,
        "holder": holder,
        # Whichever association's site this is, the page says which association issued it.
        "issuer": issuing_association(endorsement, moves),
        "standing": standing,
        "status": standing.word,
        "status_label": STANDING_LABELS[standing.word],
        "surname_differs": bool(surname) and not surname_matches(endorsement.name, surname),
    }
    return render(request, "registry/verify.html", context)


@login_required
@require_GET
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    person = signed_in_person(request)
    endorsement = get_object_or_404(Endorsement, number=number)
    if endorsement.person_id != person.pk and not acting_as_staff(request, Role.COORDINATOR):
        raise Http404("no such certificate")
    response = HttpResponse(certificate_pdf(endorsement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="endorsement-{endorsement.number}.pdf"'
    return response


@login_required
@require_POST
def listing(request: HttpRequest) -> HttpResponse:
    """The person's choice to be listed in the public registry (or not)."""
    listed = request.POST.get("listed") == "yes"
    registry_listing_set(person=signed_in_person(request), listed=listed)
    messages.success(
        request,
        "You will be listed in the public registry."
        if listed
        else "You are not listed in the public registry.",
    )
    return redirect("accounts:profile")
