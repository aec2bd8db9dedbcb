"""The coordinator's export page (request an archive, download it once) and a person's
"Download my data"."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from endorse.accounts.access import signed_in_person, staff_required
from endorse.accounts.roles import Role
from endorse.associations.models import Association

from .archive import person_data_write
from .domain import ExportRefused, audit, export_download, export_request
from .models import ArchiveExport

coordinator_only = staff_required(Role.COORDINATOR)


@coordinator_only
def exports(request: HttpRequest) -> HttpResponse:
    """GET: the association's exports and the button. POST: request a new archive."""
    association: Association = request.association  # type: ignore[attr-defined]
    if request.method == "POST":
        export_request(association=association, actor=signed_in_person(request))
        messages.success(
            request,
            "The archive is being built. Download it from this page when it is ready; "
            "it can be downloaded once.",
        )
        return redirect("staff_exports:exports")
    context = {
        "association": association,
        "exports": ArchiveExport.objects.select_related("requested_by", "downloaded_by")[:20],
    }
    return render(request, "exports/exports.html", context)


@coordinator_only
@require_POST
def download(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """The archive, once; a second request is refused with the reason, on the page."""
    export = get_object_or_404(ArchiveExport, pk=pk)
    try:
        chunks = export_download(export=export, actor=signed_in_person(request))
    except ExportRefused as refused:
        messages.error(request, str(refused))
        return redirect("staff_exports:exports")
    response = StreamingHttpResponse(chunks, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{export.association.slug}-archive-{export.pk}.zip"'
    )
    return response


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own data as a zip, built while they wait (docs/import.md)."""
    person = signed_in_person(request)
    out = io.BytesIO()
    # Their records in every association are theirs: the scopes are off, and every query of
    # `person_data_write` is filtered to this person.
    with scopes_disabled():
        person_data_write(person, out)
    audit.info("person %s downloaded their data", person.pk)
    response = HttpResponse(out.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.zip"'
    )
    return response
