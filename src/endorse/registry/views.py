"""The public registry (those who agreed to be listed) and the verification page an employer
checks; the certificate for its holder and the coordinator."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from endorse.accounts.access import acting_as_staff, signed_in_person
from endorse.accounts.roles import Role

from .certificate import certificate_pdf
from .models import Endorsement

PAGE_SIZE = 25


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Current endorsees who agreed to be listed: name, category, number, status."""
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()[:100]
    listed = Endorsement.objects.filter(listed=True, revoked_at__isnull=True, renew_by__gte=today)
    if q:
        listed = listed.filter(Q(name__icontains=q) | Q(number__iexact=q))
    page = Paginator(listed.order_by("name", "number"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "query": urlencode({"q": q}) if q else ""}
    return render(request, "registry/search.html", context)


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """What an employer checks: does this number exist, whose is it, is it active, expired or
    revoked. Shown whether or not the holder is listed (they gave the number out)."""
    endorsement = Endorsement.objects.filter(number__iexact=number.strip()).first()
    if endorsement is None:
        return render(request, "registry/verify.html", {"number": number}, status=404)
    status = endorsement.status_on(timezone.localdate())
    return render(request, "registry/verify.html", {"endorsement": endorsement, "status": status})


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
