"""The applicant's workspace pages: their applications, each application's sections and
verdict, entries added and changed, documents, the agreement, import/export and submission.

Every page fetches through `_get_own_application` (404 for anyone else's) and writes through
`applications.domain`.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person
from endorse.applications import domain
from endorse.applications.agreement import AGREEMENTS, CURRENT_VERSION
from endorse.applications.enums import Status
from endorse.applications.forms import DocumentForm, EthicsForm, ImportForm, StartForm
from endorse.applications.models import Application, Degree, Document
from endorse.applications.queries import (
    applications_of,
    applications_with_evidence,
    category_needs,
    portfolio_for,
    submission_blockers,
    verdict_and_blockers,
)
from endorse.eligibility import PortfolioError, portfolio_to_data
from endorse.notifications.queries import undelivered_to
from endorse.presenters import present_result
from endorse.registry.models import Endorsement
from endorse.uploads import pdf_filename

from .presenters import is_open, section_views
from .sections import SECTIONS, Section


def _get_own_application(
    request: HttpRequest, pk: int, *, with_evidence: bool = False
) -> Application:
    """The signed-in applicant's own application; 404 for anyone else's (never revealing it exists)."""
    queryset = applications_with_evidence() if with_evidence else Application.objects.all()
    return get_object_or_404(queryset, pk=pk, applicant=signed_in_person(request))


def _get_section(key: str) -> Section:
    try:
        return SECTIONS[key]
    except KeyError:
        raise Http404("no such section") from None


def _get_own_entry(application: Application, section: Section, entry_pk: int) -> Any:
    manager: models.Manager[Any] = section.model._default_manager
    return get_object_or_404(manager, pk=entry_pk, application=application)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = domain.application_start(
                applicant=person, category=form.cleaned_data["category"]
            )
        except domain.TransitionError as error:
            form.add_error("category", f"{str(error)[:1].upper()}{str(error)[1:]}.")
        else:
            return redirect("applications:workspace", pk=application.pk)
    context = {"applications": applications_of(person), "form": form, "import_form": ImportForm()}
    return render(request, "workspace/list.html", context, status=400 if form.errors else 200)


@login_required
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk, with_evidence=True)
    result, missing = verdict_and_blockers(application, today=timezone.localdate())
    sections = section_views(application, result, now=timezone.now())
    ethics_open = is_open(application, "ethics")
    context = {
        "application": application,
        "sections": sections,
        "open_titles": [s.section.title for s in sections if s.open]
        + (["Code of Ethics and Endorsement Agreement"] if ethics_open else []),
        "result": present_result(result),
        "signature": next(iter(application.signatures.all()), None),
        "membership": next(iter(application.applicant.memberships.all()), None),
        "missing": missing if application.is_editable else [],
        "undelivered": undelivered_to(application.applicant.email, application=application),
        "ethics_open": ethics_open,
        "endorsement": Endorsement.objects.filter(application=application).first(),
    }
    return render(request, "workspace/workspace.html", context)


def _entry_form(
    request: HttpRequest, application: Application, section: Section, entry: Any
) -> HttpResponse:
    form = section.form(request.POST or None, instance=entry, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            section.save(
                application=application,
                entry=form.save(commit=False),
                actor=signed_in_person(request),
            )
        except domain.PartlyDone as error:
            messages.warning(request, str(error))
        except domain.TransitionError as error:
            messages.error(request, f"Not saved: {error}.")
        else:
            messages.success(request, section.saved_message or f"The {section.noun} is saved.")
        return redirect("applications:workspace", pk=application.pk)
    context = {"application": application, "section": section, "form": form, "entry": entry}
    return render(request, "workspace/entry_form.html", context, status=400 if form.errors else 200)


@login_required
def entry_add(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    application = _get_own_application(request, pk)
    chosen = _get_section(section)
    if not chosen.shown(category_needs(application)):
        raise Http404("the category does not ask for this section")
    return _entry_form(request, application, chosen, chosen.model(application=application))


@login_required
def entry_edit(request: HttpRequest, pk: int, section: str, entry_pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    chosen = _get_section(section)
    return _entry_form(request, application, chosen, _get_own_entry(application, chosen, entry_pk))


@login_required
@require_POST
def entry_delete(request: HttpRequest, pk: int, section: str, entry_pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    chosen = _get_section(section)
    entry = _get_own_entry(application, chosen, entry_pk)
    try:
        chosen.remove(application=application, entry=entry, actor=signed_in_person(request))
    except domain.TransitionError as error:
        messages.error(request, f"Not removed: {error}.")
    else:
        messages.success(request, f"The {chosen.noun} is removed.")
    return redirect("applications:workspace", pk=application.pk)


@login_required
def ethics(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    form = EthicsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.ethics_sign(
                application=application,
                signed_name=form.cleaned_data["signed_name"],
                version=CURRENT_VERSION,
                actor=signed_in_person(request),
            )
        except domain.TransitionError as error:
            messages.error(request, f"Not signed: {error}.")
        else:
            messages.success(request, "Signed. Thank you.")
        return redirect("applications:workspace", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "version": CURRENT_VERSION,
        "paragraphs": AGREEMENTS[CURRENT_VERSION],
    }
    return render(request, "workspace/ethics.html", context, status=400 if form.errors else 200)


@login_required
def application_export(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk, with_evidence=True)
    data = portfolio_to_data(portfolio_for(application, as_of=timezone.localdate()))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="application-{application.pk}.json"'
    return response


def _import(request: HttpRequest, application: Application | None) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["portfolio_file"]
        try:
            imported = domain.application_import(
                applicant=signed_in_person(request), text=upload.read(), application=application
            )
        except PortfolioError as error:
            problems = error.problems
        else:
            messages.success(request, "The portfolio file is imported.")
            return redirect("applications:workspace", pk=imported.pk)
    context = {"application": application, "form": form, "problems": problems}
    status = 400 if form.errors or problems else 200
    return render(request, "workspace/import.html", context, status=status)


@login_required
def application_import_new(request: HttpRequest) -> HttpResponse:
    return _import(request, None)


@login_required
def application_import_into(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    if application.status != Status.DRAFT:
        raise Http404("only a draft can be replaced from a file")
    return _import(request, application)


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows what submitting means (or what is still missing); POST submits."""
    application = _get_own_application(request, pk, with_evidence=True)
    missing = submission_blockers(application, today=timezone.localdate())
    if request.method == "POST":
        try:
            domain.application_submit(application=application, actor=signed_in_person(request))
        except domain.NotReadyError as error:
            missing = error.missing
        except domain.TransitionError as error:
            messages.error(request, f"Not submitted: {error}.")
            return redirect("applications:workspace", pk=application.pk)
        else:
            messages.success(
                request, "Your application is submitted. A confirmation is on its way by email."
            )
            return redirect("applications:workspace", pk=application.pk)
    context = {"application": application, "missing": missing}
    return render(
        request,
        "workspace/submit.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _get_own_document(application: Application, document_pk: int) -> Document:
    return get_object_or_404(
        Document, pk=document_pk, application=application, removed_at__isnull=True
    )


@login_required
def transcript_upload(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    degree = get_object_or_404(Degree, pk=entry_pk, application=application)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.document_upload(
                application=application,
                degree=degree,
                upload=form.cleaned_data["file"],
                actor=signed_in_person(request),
            )
        except domain.DocumentError as error:
            form.add_error("file", str(error))
        except domain.TransitionError as error:
            messages.error(request, f"Not uploaded: {error}.")
            return redirect("applications:workspace", pk=application.pk)
        else:
            messages.success(request, "The transcript is uploaded. Staff will verify it.")
            return redirect("applications:workspace", pk=application.pk)
    context = {"application": application, "degree": degree, "form": form}
    return render(request, "workspace/upload.html", context, status=400 if form.errors else 200)


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """The document, to its owner only, always as a download (never displayed inline)."""
    application = _get_own_application(request, pk)
    return document_response(_get_own_document(application, document_pk))


def document_response(document: Document) -> FileResponse:
    """A stored document as a PDF download (never displayed inline), under its uploaded name made
    safe and ending in .pdf (rows stored before names were cleaned included)."""
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=pdf_filename(document.original_name),
        content_type="application/pdf",
    )


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    document = _get_own_document(application, document_pk)
    try:
        domain.document_remove(document=document, actor=signed_in_person(request))
    except domain.TransitionError as error:
        messages.error(request, f"Not removed: {error}.")
    else:
        messages.success(request, "The document is removed.")
    return redirect("applications:workspace", pk=application.pk)
